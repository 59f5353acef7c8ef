"""The `thidua` command: everything an officer does in the pages, scriptable (contracts/cli.md).

Exit status: 0 success; 2 bad input (a Vietnamese sentence on stderr, nothing written); 1 anything else.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from datetime import date

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2

_ARGPARSE_MESSAGES = [
    (re.compile(r"the following arguments are required: (.*)"), "Thiếu tham số bắt buộc: {0}."),
    (re.compile(r"unrecognized arguments: (.*)"), "Tham số không được nhận: {0}."),
    (re.compile(r"argument (\S+): invalid choice: '([^']*)'.*"), "Lựa chọn «{1}» không hợp lệ cho {0}."),
    (re.compile(r"argument (\S+): invalid int value: '([^']*)'"), "Giá trị «{1}» của {0} phải là một số nguyên."),
    (re.compile(r"argument (\S+): expected one argument"), "Tham số {0} cần một giá trị."),
]


class BadInput(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse, answering in Vietnamese and with exit status 2."""

    def error(self, message: str):
        for pattern, template in _ARGPARSE_MESSAGES:
            match = pattern.match(message)
            if match:
                raise BadInput(template.format(*match.groups()))
        raise BadInput(f"Câu lệnh không hợp lệ. Xem «{self.prog} --help».")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    import django

    django.setup()


def _iso_date(value: str, field: str) -> date:
    from thidua.core.dates import parse_iso_date

    return parse_iso_date(value, field=field)


def cmd_migrate(args) -> int:
    from django.core.management import call_command

    from config.env import VAR_DIR

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0 if args.quiet else 1)
    return EXIT_OK


def cmd_orgs_add(args) -> int:
    from thidua.core.permissions import SYSTEM
    from thidua.organisations.selectors import org_get
    from thidua.organisations.services import org_create

    parent = org_get(actor=SYSTEM, code=args.parent) if args.parent else None
    valid_from = _iso_date(args.valid_from, "ngày hiệu lực") if args.valid_from else date.today()
    org = org_create(
        actor=SYSTEM, code=args.code, name=args.name, kind=args.kind, parent=parent, valid_from=valid_from,
        province_code=args.province, reason=args.reason or "",
    )
    print(f"Đã thêm tổ chức {org.code}: {org.name}.")
    return EXIT_OK


def cmd_orgs_list(args) -> int:
    from thidua.core.permissions import SYSTEM
    from thidua.organisations.selectors import org_get, org_list

    under = org_get(actor=SYSTEM, code=args.under) if args.under else None
    on = _iso_date(args.on, "ngày") if args.on else None
    orgs = list(org_list(actor=SYSTEM, under=under, on=on).select_related("parent"))
    if args.json:
        rows = [
            {
                "code": o.code, "name": o.name, "kind": o.kind,
                "parent": o.parent.code if o.parent else None,
                "valid_from": o.valid_from.isoformat(),
                "valid_to": o.valid_to.isoformat() if o.valid_to else None,
            }
            for o in orgs
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    base = orgs[0].depth if orgs else 0
    for o in orgs:
        closed = f"  (đến {o.valid_to:%d/%m/%Y})" if o.valid_to else ""
        print(f"{'  ' * (o.depth - base)}{o.code}  {o.name}  [{o.get_kind_display()}]{closed}")
    return EXIT_OK


def cmd_orgs_rename(args) -> int:
    from thidua.core.permissions import SYSTEM
    from thidua.organisations.selectors import org_get
    from thidua.organisations.services import org_rename

    org = org_get(actor=SYSTEM, code=args.code)
    org_rename(actor=SYSTEM, org=org, name=args.name, on=_iso_date(args.on, "ngày hiệu lực"), reason=args.reason or "")
    print(f"Đã đổi tên {org.code} thành «{org.name}» từ ngày {args.on}.")
    return EXIT_OK


def cmd_orgs_move(args) -> int:
    from thidua.core.permissions import SYSTEM
    from thidua.organisations.selectors import org_get
    from thidua.organisations.services import org_move

    org, parent = org_get(actor=SYSTEM, code=args.code), org_get(actor=SYSTEM, code=args.parent)
    org_move(actor=SYSTEM, org=org, new_parent=parent, on=_iso_date(args.on, "ngày hiệu lực"), reason=args.reason or "")
    print(f"Đã chuyển {org.code} về trực thuộc {parent.code} từ ngày {args.on}.")
    return EXIT_OK


def cmd_orgs_merge(args) -> int:
    from thidua.core.permissions import SYSTEM
    from thidua.organisations.selectors import org_get
    from thidua.organisations.services import org_merge

    into = org_get(actor=SYSTEM, code=args.into)
    sources = [org_get(actor=SYSTEM, code=code) for code in args.sources]
    org_merge(actor=SYSTEM, sources=sources, into=into, on=_iso_date(args.on, "ngày hiệu lực"), reason=args.reason or "")
    print(f"Đã hợp nhất {', '.join(args.sources)} vào {into.code} từ ngày {args.on}.")
    return EXIT_OK


def cmd_users_add(args) -> int:
    from thidua.core.services import user_create_with_role
    from thidua.core.permissions import SYSTEM
    from thidua.organisations.selectors import org_get

    org = org_get(actor=SYSTEM, code=args.org)
    password = args.password or os.environ.get("THIDUA_PASSWORD")
    if not password:
        raise BadInput("Cần mật khẩu: dùng --password hoặc biến môi trường THIDUA_PASSWORD.")
    user = user_create_with_role(actor=SYSTEM, username=args.username, password=password, role=args.role, organisation=org)
    print(f"Đã tạo tài khoản {user.username} ({args.role} tại {org.code}).")
    return EXIT_OK


def cmd_demo(args) -> int:
    from thidua.demo import demo_load

    result = demo_load(members=args.members, seed=args.seed, on=date.today(), progress=not args.quiet)
    print(result.summary())
    return EXIT_OK


def cmd_rules_check(args) -> int:
    """One case in (a file or standard input), its verdict out as JSON: no database involved."""
    from thidua.rules import CaseError, evaluate, parse_case

    try:
        text = sys.stdin.read() if args.case == "-" else open(args.case, encoding="utf-8-sig").read()
    except OSError:
        raise BadInput(f"Không đọc được tệp «{args.case}».") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"Hồ sơ xét không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}).") from None
    try:
        situation = parse_case(raw)
    except CaseError as exc:
        raise BadInput(str(exc)) from None
    print(json.dumps(evaluate(situation).as_dict(), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_rules_list(args) -> int:
    from thidua.rules import awards_in_force, catalogue

    awards = awards_in_force(_iso_date(args.on, "ngày")) if args.on else list(catalogue().values())
    print(json.dumps([a.as_dict() for a in awards], ensure_ascii=False, indent=2))
    return EXIT_OK


def _print_import_summary(summary: dict, *, as_json: bool) -> None:
    """The summary of an import, as `thidua import members` prints it (directly or after a background job)."""
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    print(
        f"{summary['rows']} dòng: {summary['created']} thêm mới, {summary['updated']} cập nhật, "
        f"{summary['unchanged']} không đổi, {summary['duplicates']} trùng, {summary['errors']} lỗi."
    )
    for p in summary["problems"]:
        print(f"  Dòng {p['row']}, cột «{p['column']}» ({p['value']}): {p['message']}")
    for s in summary["suggestions"]:
        print(f"  Dòng {s['row']}: {s['message']}")
    print("Đã ghi vào cơ sở dữ liệu." if summary["committed"] else "Chưa ghi gì vào cơ sở dữ liệu.")


def _refuse_errors(summary: dict, *, skip_invalid: bool) -> int:
    if summary["errors"] and not summary["committed"] and not skip_invalid:
        print(f"Lỗi: tệp có {summary['errors']} dòng lỗi, chưa ghi gì. Sửa rồi nhập lại, hoặc dùng --skip-invalid.", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_import_members(args) -> int:
    from thidua.core.permissions import SYSTEM
    from thidua.imports.export import problems_report
    from thidua.imports.members import members_import
    from thidua.organisations.selectors import org_get

    org = org_get(actor=SYSTEM, code=args.org)
    on = _iso_date(args.on, "ngày nhập") if args.on else date.today()
    if args.no_wait and not args.background:
        raise BadInput("--no-wait chỉ dùng cùng --background.")
    if args.background:
        return _import_members_background(args, org=org, on=on)
    result = members_import(
        actor=SYSTEM, path=args.file, org=org, on=on, dry_run=args.dry_run, skip_invalid=args.skip_invalid, sheet=args.sheet,
    )
    if args.report:
        problems_report(result, args.report)
    summary = result.summary()
    _print_import_summary(summary, as_json=args.json)
    if result.has_errors and not args.skip_invalid:
        print(f"Lỗi: tệp có {summary['errors']} dòng lỗi, chưa ghi gì. Sửa rồi nhập lại, hoặc dùng --skip-invalid.", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _import_members_background(args, *, org, on: date) -> int:
    """Stash the file as the web upload does (owned by the system actor), queue the job, follow it."""
    from pathlib import Path

    from thidua.core.permissions import SYSTEM
    from thidua.imports.reading import SPREADSHEET_SUFFIXES
    from thidua.imports.views import job_queue, stash_upload

    if args.report and args.no_wait:
        raise BadInput("--report cần chờ việc nhập xong: bỏ --no-wait, hoặc nhập lại không chạy nền.")
    path = Path(args.file)
    if not path.is_file():
        raise BadInput(f"Không tìm thấy tệp «{args.file}».")
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise BadInput(f"Tệp «{path.name}» không phải bảng tính: chỉ nhận .xlsx, .xls, .ods hoặc .csv.")
    with path.open("rb") as handle:
        token = stash_upload(user=SYSTEM, org=org, name=path.name, chunks=iter(lambda: handle.read(1024 * 1024), b""))
    mode = "preview" if args.dry_run else "import"
    if args.no_wait:
        # Queued before anything is printed: the token printed is always a job that exists.
        job_queue(token, user=SYSTEM, org_code=org.code, mode=mode, skip_invalid=args.skip_invalid, on=on, sheet=args.sheet)
        if args.json:
            print(json.dumps({"token": token, "state": "queued"}, ensure_ascii=False))
        else:
            print(token)
        print(f"Đã xếp việc nhập vào hàng chờ. Theo dõi: thidua import status {token} --follow", file=sys.stderr)
        return EXIT_OK
    print(f"Mã việc nhập: {token} (xem lại: thidua import status {token} --follow)", file=sys.stderr)
    job_queue(token, user=SYSTEM, org_code=org.code, mode=mode, skip_invalid=args.skip_invalid, on=on,
              sheet=args.sheet, report=bool(args.report))
    return _follow_job(token, as_json=args.json, report=args.report)


JOB_STATES = {"uploaded": "đã tải lên, chưa xử lý", "queued": "đang chờ", "running": "đang chạy", "done": "đã xong",
              "failed": "thất bại"}
POLL_SECONDS = 0.5
QUEUED_HINT_SECONDS = 10


def _wait(seconds: float) -> None:
    time.sleep(seconds)


def _read_job(token: str) -> dict:
    from thidua.core.errors import NotFound
    from thidua.imports.views import job_read

    try:
        return job_read(token)
    except NotFound:
        raise BadInput(f"Không tìm thấy việc nhập có mã «{token}»: mã sai, hoặc việc đã quá hạn lưu (một ngày).") from None


def _progress_line(job: dict) -> str:
    message = job["message"] or JOB_STATES.get(job["state"], job["state"])
    return f"[{job['percent']:>3}%] {message}"


def _finish(job: dict, *, as_json: bool, report: str | None = None) -> int:
    """The outcome of a finished job, printed as `import members` prints it, with the same exit status."""
    import shutil

    from thidua.imports.views import job_summary

    outcome = job["outcome"]
    if outcome["state"] == "failed":
        if outcome.get("failure") == "input":
            print(f"Lỗi: {outcome['message']}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"Lỗi hệ thống: {outcome['message']}", file=sys.stderr)
        return EXIT_ERROR
    summary = job_summary(outcome)
    if report and job.get("problems_sheet"):
        shutil.copyfile(job["problems_sheet"], report)
    _print_import_summary(summary, as_json=as_json)
    return _refuse_errors(summary, skip_invalid=bool(outcome.get("skip_invalid")))


def _follow_job(token: str, *, as_json: bool, report: str | None = None) -> int:
    """Poll the job until it is over, each new progress line on stderr; then its outcome."""
    job, last, waited = _read_job(token), None, 0.0
    try:
        while True:
            line = _progress_line(job)
            if line != last:
                print(line, file=sys.stderr, flush=True)
                last = line
            if "outcome" in job:
                return _finish(job, as_json=as_json, report=report)
            if job["state"] in ("uploaded", "queued") and waited < QUEUED_HINT_SECONDS <= waited + POLL_SECONDS:
                print("Việc vẫn đang chờ: hãy kiểm tra bộ xử lý nền đang chạy (python manage.py run_huey).",
                      file=sys.stderr, flush=True)
            _wait(POLL_SECONDS)
            waited += POLL_SECONDS
            job = _read_job(token)
    except KeyboardInterrupt:
        print(f"\nĐã ngừng theo dõi; việc vẫn chạy nền. Xem lại: thidua import status {token} --follow", file=sys.stderr)
        return EXIT_ERROR


def cmd_import_status(args) -> int:
    """Where a job stands (any job, started here or in the web pages); with --follow, until it is over."""
    from thidua.imports.views import job_summary

    if args.follow:
        return _follow_job(args.token, as_json=args.json)
    job = _read_job(args.token)
    if args.json:
        shown = {k: job[k] for k in ("token", "org", "name", "mode", "state", "percent", "message")}
        if "outcome" in job:
            outcome = job["outcome"]
            shown["summary"] = None if outcome["state"] == "failed" else job_summary(outcome)
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Việc nhập {job['token']}: tệp «{job['name']}» vào {job['org']}")
    print(f"Trạng thái: {JOB_STATES.get(job['state'], job['state'])}, {job['percent']}%"
          + (f" – {job['message']}" if job["message"] else ""))
    return EXIT_OK


def cmd_export_members(args) -> int:
    from thidua.core.permissions import SYSTEM
    from thidua.imports.export import members_export
    from thidua.organisations.selectors import org_get

    org = org_get(actor=SYSTEM, code=args.org)
    on = _iso_date(args.on, "ngày") if args.on else date.today()
    if not args.out.lower().endswith(".xlsx"):
        raise BadInput(f"Tệp xuất «{args.out}» phải có đuôi .xlsx.")
    count = members_export(actor=SYSTEM, org=org, on=on, out=args.out)
    print(f"Đã xuất {count} người của {org.code} vào {args.out}.")
    return EXIT_OK


def cmd_serve(args) -> int:
    """The web server (gunicorn) and, beside it, the worker that runs large imports in the background."""
    import signal
    import subprocess

    from django.core.management import call_command

    from thidua.demo import DEMO_LOGINS_TEXT

    call_command("collectstatic", interactive=False, verbosity=0)
    address = f"http://{args.host}:{args.port}/"
    print(f"thidua đang chạy tại {address}")
    print(DEMO_LOGINS_TEXT)
    sys.stdout.flush()
    worker = None
    if not args.no_worker:
        worker = subprocess.Popen([sys.executable, "-m", "django", "run_huey", "--workers", "1"])
    server = subprocess.Popen([
        sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers), "--access-logfile", "-",
    ])
    # Ctrl-C or a plain `kill` of this process stops the server and the worker with it.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return server.wait()
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait()


def build_parser() -> Parser:
    parser = Parser(prog="thidua", description="Thi đua – khen thưởng công đoàn ngành Y tế")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    p = sub.add_parser("migrate", help="tạo hoặc nâng cấp cơ sở dữ liệu")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_migrate)

    orgs = sub.add_parser("orgs", help="tổ chức công đoàn").add_subparsers(dest="orgs_command", required=True, parser_class=Parser)
    p = orgs.add_parser("add", help="thêm tổ chức")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--kind", required=True)
    p.add_argument("--parent")
    p.add_argument("--from", dest="valid_from")
    p.add_argument("--province", type=int)
    p.add_argument("--reason")
    p.set_defaults(func=cmd_orgs_add)
    p = orgs.add_parser("list", help="liệt kê tổ chức")
    p.add_argument("--under")
    p.add_argument("--on", help="chỉ các tổ chức hoạt động vào ngày này (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_orgs_list)

    p = orgs.add_parser("rename", help="đổi tên tổ chức từ một ngày")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--on", required=True)
    p.add_argument("--reason")
    p.set_defaults(func=cmd_orgs_rename)
    p = orgs.add_parser("move", help="chuyển tổ chức sang trực thuộc tổ chức khác từ một ngày")
    p.add_argument("code")
    p.add_argument("--parent", required=True)
    p.add_argument("--on", required=True)
    p.add_argument("--reason")
    p.set_defaults(func=cmd_orgs_move)
    p = orgs.add_parser("merge", help="hợp nhất các tổ chức vào một tổ chức kế thừa từ một ngày")
    p.add_argument("into")
    p.add_argument("sources", nargs="+")
    p.add_argument("--on", required=True)
    p.add_argument("--reason")
    p.set_defaults(func=cmd_orgs_merge)

    users = sub.add_parser("users", help="tài khoản").add_subparsers(dest="users_command", required=True, parser_class=Parser)
    p = users.add_parser("add", help="tạo tài khoản với một vai trò trên một tổ chức")
    p.add_argument("username")
    p.add_argument("--role", required=True)
    p.add_argument("--org", required=True)
    p.add_argument("--password")
    p.set_defaults(func=cmd_users_add)

    rules = sub.add_parser("rules", help="xét điều kiện danh hiệu, hình thức khen thưởng").add_subparsers(
        dest="rules_command", required=True, parser_class=Parser)
    p = rules.add_parser("check", help="xét một hồ sơ (JSON) và in kết luận kèm lý do")
    p.add_argument("case", help="tệp JSON, hoặc - để đọc từ đầu vào chuẩn")
    p.set_defaults(func=cmd_rules_check, needs_django=False)
    p = rules.add_parser("list", help="danh mục danh hiệu, hình thức khen thưởng kèm căn cứ")
    p.add_argument("--on", help="chỉ những gì có hiệu lực vào ngày này (YYYY-MM-DD)")
    p.set_defaults(func=cmd_rules_list, needs_django=False)

    imports = sub.add_parser("import", help="nhập danh sách từ bảng tính").add_subparsers(
        dest="import_command", required=True, parser_class=Parser)
    p = imports.add_parser("members", help="nhập danh sách đoàn viên (.xlsx, .xls, .ods, .csv)")
    p.add_argument("file")
    p.add_argument("--org", required=True)
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    p.add_argument("--report", help="ghi các dòng có vấn đề ra tệp .xlsx để sửa và nhập lại")
    p.add_argument("--json", action="store_true")
    p.add_argument("--skip-invalid", action="store_true", help="ghi các dòng hợp lệ, bỏ qua dòng lỗi")
    p.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu)")
    p.add_argument("--on", help="ngày bắt đầu công tác ghi cho người mới (YYYY-MM-DD, mặc định hôm nay)")
    p.add_argument("--background", action="store_true",
                   help="giao cho bộ xử lý nền (như tải lên trên trang web), in mã việc rồi theo dõi tiến độ")
    p.add_argument("--no-wait", action="store_true", help="cùng --background: chỉ in mã việc, không chờ kết quả")
    p.set_defaults(func=cmd_import_members)
    p = imports.add_parser("status", help="xem tiến độ, kết quả một việc nhập chạy nền (từ dòng lệnh hoặc trang web)")
    p.add_argument("token", help="mã việc nhập")
    p.add_argument("--follow", action="store_true", help="theo dõi đến khi xong rồi in kết quả như import members")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import_status)
    exports = sub.add_parser("export", help="xuất danh sách ra bảng tính").add_subparsers(
        dest="export_command", required=True, parser_class=Parser)
    p = exports.add_parser("members", help="xuất danh sách đoàn viên ra .xlsx")
    p.add_argument("--org", required=True)
    p.add_argument("out")
    p.add_argument("--on", help="danh sách tại ngày này (YYYY-MM-DD, mặc định hôm nay)")
    p.set_defaults(func=cmd_export_members)

    p = sub.add_parser("demo", help="nạp dữ liệu mẫu (chỉ một lần)")
    p.add_argument("--members", type=int, default=2000)
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="chạy máy chủ web")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--no-worker", action="store_true", help="không chạy bộ xử lý nền (nhập tệp lớn) cùng máy chủ")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except BadInput as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if getattr(args, "needs_django", True):
        _setup_django()
    from thidua.core.errors import UserError

    try:
        return args.func(args)
    except (UserError, BadInput) as exc:
        print(f"Lỗi: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # the contract: never a traceback at the user
        print(f"Lỗi hệ thống: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
