"""The `thidua` command as contracts/cli.md fixes it: orgs add, orgs list, exit statuses."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from thidua.cli import main
from thidua.organisations.models import Organisation


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_orgs_add_and_list_json(db, capsys):
    assert run(capsys, "orgs", "add", "CDYTVN", "Công đoàn Y tế Việt Nam", "--kind", "national_sector_union", "--from", "2010-01-01")[0] == 0
    assert run(capsys, "orgs", "add", "CDN-HN", "Công đoàn ngành Y tế Hà Nội", "--kind", "provincial_sector_union", "--parent", "CDYTVN")[0] == 0
    assert run(capsys, "orgs", "add", "BV-BM", "Công đoàn Bệnh viện Bạch Mai", "--kind", "grassroots_public", "--parent", "CDN-HN")[0] == 0
    status, out, _ = run(capsys, "orgs", "list", "--under", "CDN-HN", "--json")
    assert status == 0
    rows = json.loads(out)
    assert [(r["code"], r["parent"], r["kind"]) for r in rows] == [
        ("CDN-HN", "CDYTVN", "provincial_sector_union"), ("BV-BM", "CDN-HN", "grassroots_public"),
    ]
    assert rows[0]["name"] == "Công đoàn ngành Y tế Hà Nội"
    status, out, _ = run(capsys, "orgs", "list")
    assert status == 0 and "  CDN-HN  Công đoàn ngành Y tế Hà Nội" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["orgs", "add", "X1", "Tên", "--kind", "hospital"], "Loại tổ chức «hospital» không hợp lệ"),
        (["orgs", "add", "X1", "Tên", "--kind", "partner", "--parent", "KHONG-CO"], "Không tìm thấy tổ chức có mã «KHONG-CO»"),
        (["orgs", "add", "X1", "Tên", "--kind", "partner", "--from", "01/07/2025"], "YYYY-MM-DD"),
        (["orgs", "add", "X1", "Tên"], "Thiếu tham số bắt buộc: --kind"),
        (["orgs", "list", "--under", "KHONG-CO"], "Không tìm thấy tổ chức"),
        (["orgs", "remove"], "không hợp lệ"),
    ],
)
def test_bad_input_exits_2_with_a_vietnamese_message_and_writes_nothing(db, capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert message in err and "Traceback" not in err
    assert Organisation.objects.count() == 0


def test_duplicate_code_exits_2(db, capsys):
    assert run(capsys, "orgs", "add", "A1", "Tổ chức A", "--kind", "partner")[0] == 0
    status, _, err = run(capsys, "orgs", "add", "a1", "Tổ chức khác", "--kind", "partner")
    assert status == 2 and "đã được dùng" in err
    assert Organisation.objects.count() == 1


def test_a_move_that_makes_a_cycle_exits_2_and_changes_nothing(db, capsys):
    run(capsys, "orgs", "add", "A", "Tổ chức A", "--kind", "partner", "--from", "2020-01-01")
    run(capsys, "orgs", "add", "B", "Tổ chức B", "--kind", "partner", "--parent", "A", "--from", "2020-01-01")
    status, _, err = run(capsys, "orgs", "move", "A", "--parent", "B", "--on", "2024-01-01")
    assert status == 2 and "vòng lặp" in err
    assert Organisation.objects.get(code="A").parent is None


def test_rename_and_merge_from_the_command_line(db, capsys):
    run(capsys, "orgs", "add", "NB", "Công đoàn ngành Y tế Ninh Bình", "--kind", "provincial_sector_union", "--from", "2010-01-01")
    run(capsys, "orgs", "add", "ND", "Công đoàn ngành Y tế Nam Định", "--kind", "provincial_sector_union", "--from", "2010-01-01")
    assert run(capsys, "orgs", "merge", "NB", "ND", "--on", "2025-07-01")[0] == 0
    assert run(capsys, "orgs", "rename", "NB", "Công đoàn ngành Y tế tỉnh Ninh Bình", "--on", "2025-07-01")[0] == 0
    status, out, _ = run(capsys, "orgs", "list", "--on", "2025-07-01", "--json")
    assert [(r["code"], r["name"]) for r in json.loads(out)] == [("NB", "Công đoàn ngành Y tế tỉnh Ninh Bình")]
    status, out, _ = run(capsys, "orgs", "list", "--on", "2025-06-30", "--json")
    assert sorted(r["code"] for r in json.loads(out)) == ["NB", "ND"]


def test_the_installed_command_uses_database_url(tmp_path):
    """The real console script, in a fresh process, against the database DATABASE_URL names."""
    exe = Path(sys.executable).with_name("thidua")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "DJANGO_SETTINGS_MODULE": "config.django.local"}
    assert subprocess.run([exe, "migrate", "--quiet"], env=env, capture_output=True).returncode == 0
    ok = subprocess.run([exe, "orgs", "add", "CDYTVN", "Công đoàn Y tế Việt Nam", "--kind", "national_sector_union"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([exe, "orgs", "add", "CDYTVN", "Trùng mã", "--kind", "national_sector_union"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "đã được dùng" in bad.stderr and "Traceback" not in bad.stderr
    listed = subprocess.run([exe, "orgs", "list", "--json"], env=env, capture_output=True, text=True)
    assert [row["code"] for row in json.loads(listed.stdout)] == ["CDYTVN"]


def test_serve_runs_the_background_worker_beside_the_web_server_and_stops_it_after(monkeypatch, capsys, db):
    """`make run` serves through `thidua serve`: without the worker a large upload would wait forever."""
    import subprocess

    from thidua.cli import main

    started = []

    class Process:
        def __init__(self, command):
            self.command, self.terminated = command, False
            started.append(self)

        def wait(self):
            return 0

        def terminate(self):
            self.terminated = True

    monkeypatch.setattr(subprocess, "Popen", Process)
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: None)
    monkeypatch.setattr("signal.signal", lambda *a: None)  # the test process keeps its own handlers
    assert main(["serve", "--port", "8123"]) == 0
    worker, server = started
    assert worker.command[-4:] == ["django", "run_huey", "--workers", "1"]
    assert "gunicorn" in server.command and "127.0.0.1:8123" in server.command
    assert worker.terminated and "http://127.0.0.1:8123/" in capsys.readouterr().out

    started.clear()
    assert main(["serve", "--no-worker"]) == 0
    assert len(started) == 1 and "gunicorn" in started[0].command
