"""Run a command against a throwaway PostgreSQL cluster: initdb in a temporary folder, start it on
a loopback port, export DATABASE_URL, run the command, stop the cluster and remove the folder.

    python scripts/with_postgres.py pytest -x
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile


def _pg_bin() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(initdb)
    sys.exit("PostgreSQL không có trên máy này: cài bằng «apt-get install -y postgresql».")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    # initdb refuses to run as root; run the server as the postgres system user then.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def main(command: list[str]) -> int:
    bindir = _pg_bin()
    folder = tempfile.mkdtemp(prefix="thidua-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, log, port = os.path.join(folder, "data"), os.path.join(folder, "log"), _free_port()
    subprocess.run(_as_postgres([f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, stdout=subprocess.DEVNULL)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(_as_postgres([f"{bindir}/pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start"]), check=True, stdout=subprocess.DEVNULL)
    try:
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/postgres"}
        print(f"PostgreSQL tạm thời tại 127.0.0.1:{port}", flush=True)
        return subprocess.call(command, env=env)
    finally:
        subprocess.run(_as_postgres([f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]), stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
