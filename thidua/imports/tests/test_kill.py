"""A `thidua import` killed half-way leaves the database exactly as it was (one transaction)."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 60000


def _roster(path: Path) -> None:
    lines = ["STT,Họ và tên,Ngày sinh,Giới tính,Điện thoại"]
    for i in range(ROWS):
        lines.append(f"{i + 1},Nguyễn Văn Thử {i:06d},{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40},Nam,09{i:08d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_killing_an_import_mid_write_leaves_the_database_as_it_was(tmp_path):
    exe = Path(sys.executable).with_name("thidua")
    db = tmp_path / "kill.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "config.django.local"}
    assert subprocess.run([exe, "migrate", "--quiet"], env=env, capture_output=True).returncode == 0
    assert subprocess.run([exe, "orgs", "add", "BV", "Bệnh viện thử", "--kind", "grassroots_public"], env=env, capture_output=True).returncode == 0
    roster = tmp_path / "lon.csv"
    _roster(roster)
    wal = Path(f"{db}-wal")
    baseline = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen([exe, "import", "members", str(roster), "--org", "BV"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    killed = False
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > baseline + 256 * 1024:  # rows are being written
            process.send_signal(signal.SIGKILL)
            killed = True
            break
        try:  # wait on the process itself between looks at the log file
            process.wait(timeout=0.005)
        except subprocess.TimeoutExpired:
            pass
    process.wait()
    if not killed:
        pytest.fail("the import ended before it could be killed while writing")
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as connection:
        assert connection.execute("select count(*) from people_person").fetchone()[0] == 0
        assert connection.execute("select count(*) from people_employment").fetchone()[0] == 0
        assert connection.execute("select count(*) from core_auditentry where model like 'people.%'").fetchone()[0] == 0
