"""Pages of the spreadsheet round-trip on a unit: upload → preview → confirm → result, the problems
sheet, the empty template and the export of the subtree's members.

An uploaded file waits in a private folder (settings.THIDUA_UPLOAD_DIR, under var/, never served)
in a folder named by a random token; the token is tied to the user and the unit that uploaded it.
The file goes through the same checks and the same import function as the command line; the
preview is a dry run, the confirmation the real import (one transaction), after which the file is
deleted (the outcome, as JSON beside it, stays for the result page until purged after a day).
A file above settings.THIDUA_IMPORT_BACKGROUND_BYTES is previewed and imported by the huey worker
(thidua/imports/tasks.py) while the page polls a progress bar (htmx); a smaller one in the request.
The job reports its stage and percent into status.json as it goes (`thidua import status TOKEN
--follow` reads the same file). `thidua import members --background` stashes its file here too,
owned by the system actor (owner id 0), which alone may follow any job, whoever started it.
"""
from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate

from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import SYSTEM, Action, require
from thidua.core.templatetags.vn import so
from thidua.core.views import page
from thidua.imports.export import members_export, members_template, problems_report
from thidua.imports.members import members_import
from thidua.imports.reading import MAX_BYTES, SPREADSHEET_SUFFIXES
from thidua.imports.results import SHOWN_PLAIN_ROWS
from thidua.organisations.selectors import org_ancestors, org_get

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPT = ".xlsx,.xls,.ods,.csv"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STASH_HOURS = 24
STATUS_LABELS = {
    "create": "Thêm mới", "update": "Cập nhật", "unchanged": "Không đổi", "duplicate": "Trùng", "error": "Lỗi",
}
SYSTEM_OWNER = 0  # the owner id of a file stashed by the command line; no user has the primary key 0


# --- The private stash of uploaded files ------------------------------------------------------------

def _root() -> Path:
    return Path(settings.THIDUA_UPLOAD_DIR)


def _purge_old() -> None:
    """Uploads left unconfirmed for a day are removed."""
    root = _root()
    if not root.is_dir():
        return
    limit = time.time() - STASH_HOURS * 3600
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def _owner_id(user) -> int:
    return SYSTEM_OWNER if user is SYSTEM else user.pk


def stash_upload(*, user, org, name: str, chunks, kind: str = "members") -> str:
    """Keep an uploaded file of a `kind` of list for `user` (or the system actor: the command line) on `org`; returns its token."""
    _purge_old()
    token = secrets.token_urlsafe(24)
    while token.startswith("-"):  # the command line would take it for an option (thidua import status TOKEN)
        token = secrets.token_urlsafe(24)
    folder = _root() / token
    folder.mkdir(parents=True, mode=0o700)
    suffix = Path(name).suffix.lower()
    with (folder / f"tep{suffix}").open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    meta = {"user": _owner_id(user), "org": org.code, "name": (Path(name).stem[:150] or "danh-sach") + suffix, "suffix": suffix,
            "list": kind}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return token


def stash_folder(token: str, *, user, org, kind: str = "members") -> tuple[Path, dict]:
    """The stash folder of this user's `kind` of list on this unit; any other token is missing (404).

    The system actor (the command line) may pass org=None: it follows any job, whoever started it.
    """
    gone = NotFound("Không tìm thấy tệp đã tải lên: có thể tệp đã được nhập hoặc đã quá hạn. Hãy tải tệp lên lại.")
    if not TOKEN.match(token or ""):
        raise gone
    folder = _root() / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise gone from None
    if meta.get("list", "members") != kind:
        raise gone
    if user is SYSTEM:
        if org is not None and meta.get("org") != org.code:
            raise gone
    elif org is None or meta.get("user") != user.pk or meta.get("org") != org.code:
        raise gone
    return folder, meta


def _stashed(token: str, *, user, org) -> tuple[Path, dict]:
    """The stashed file itself (404 once it has been imported)."""
    folder, meta = stash_folder(token, user=user, org=org)
    path = folder / f"tep{meta['suffix']}"
    if not path.exists():
        raise NotFound("Tệp đã được nhập nên không còn lưu: hãy tải tệp lên lại nếu cần.")
    return path, meta


def named_copy(path: Path, meta: dict) -> Path:
    """The import names the file in its messages: give it the user's own file name."""
    named = path.parent / "ten" / meta["name"]
    if not named.exists():
        named.parent.mkdir(exist_ok=True)
        try:
            named.hardlink_to(path)
        except OSError:
            shutil.copyfile(path, named)
    return named


def _discard(token: str) -> None:
    if TOKEN.match(token or ""):
        shutil.rmtree(_root() / token, ignore_errors=True)


def _discard_file(folder: Path, meta: dict, *, keep_report: bool = False) -> None:
    """After the import the spreadsheet goes; what the result page shows stays until purged."""
    (folder / f"tep{meta['suffix']}").unlink(missing_ok=True)
    shutil.rmtree(folder / "ten", ignore_errors=True)
    if not keep_report:
        (folder / "loi.xlsx").unlink(missing_ok=True)


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    tmp.replace(path)


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# --- Jobs: one run of the import over a stashed file, in the request or in the worker -----------------



def _rows(result) -> list[dict]:
    """Every row with something to say, and the first rows of the rest, as the pages show them."""
    rows = []
    plain = 0
    for r in result.rows:
        if not (r.problems or r.suggestion):
            plain += 1
            if plain > SHOWN_PLAIN_ROWS:
                continue
        rows.append({
            "number": r.number, "status": r.status, "label": STATUS_LABELS.get(r.status, r.status),
            "name": r.full_name, "born": f"{r.born:%d/%m/%Y}" if r.born else "", "unit": r.unit_name, "suggestion": r.suggestion,
            "problems": [{"column": p.column, "value": p.value, "message": p.message} for p in r.problems],
            "changes": ", ".join(r.changes),
        })
    return rows


class ProgressWriter:
    """The `progress` callback of members_import: writes the stage and percent into status.json.

    A new stage (the message with its numbers left out) is written at once, so a long stage is never
    hidden behind the one before it; further steps of the same stage ("Đang kiểm tra dòng …", every
    10.000 rows) at most once per `interval` seconds. The percent never goes back; 100 is left to the
    job, which says it once the outcome is kept.
    """

    interval = 0.25

    def __init__(self, path: Path, *, mode: str, clock: Callable[[], float] = time.monotonic):
        self.path, self.mode, self.clock = path, mode, clock
        self.percent, self.stage, self.written_at = 0, None, None

    @staticmethod
    def _stage(message: str) -> str:
        return " ".join(re.sub(r"[\d.,/–-]+", " ", message).split())

    def __call__(self, percent: int, message: str) -> None:
        if percent >= 100:  # the import's own "done": the job says it, once its outcome is kept
            return
        self.percent = max(self.percent, int(percent))
        stage, now = self._stage(message), self.clock()
        if stage == self.stage and self.written_at is not None and now - self.written_at < self.interval:
            return
        self.stage, self.written_at = stage, now
        self.write("running", message)

    def write(self, state: str, message: str, *, percent: int | None = None) -> None:
        if percent is not None:
            self.percent = max(self.percent, percent)
        _write_json(self.path, {"mode": self.mode, "state": state, "percent": self.percent, "message": message})


DONE_MESSAGES = {"preview": "Đã kiểm tra xong", "import": "Đã nhập xong", "confirm": "Đã nhập xong"}
UNEXPECTED = "Có lỗi ngoài dự kiến khi nhập tệp; chưa có gì được ghi. Hãy thử lại hoặc báo quản trị hệ thống."


def run_job(token: str, *, user, org_code: str, mode: str, skip_invalid: bool, on, sheet: str | None = None,
            report: bool = False) -> dict:
    """Preview (a dry run) or import the stashed file; the outcome is kept beside it as JSON.

    `mode`: "preview" (dry run), "confirm" (the web page's import) or "import" (the command line's
    import). `report`: also keep the problems sheet (loi.xlsx) after an import, even an empty one
    (`thidua import members --background --report`).
    """
    org = org_get(actor=user, code=org_code)
    folder, meta = stash_folder(token, user=user, org=org)
    status = ProgressWriter(folder / "status.json", mode=mode)
    status.write("running", "Bắt đầu xử lý")
    origin = "dòng lệnh" if user is SYSTEM else "trang web"
    try:
        path, meta = _stashed(token, user=user, org=org)
        result = members_import(
            actor=user, path=named_copy(path, meta), org=org, on=on, dry_run=(mode == "preview"),
            skip_invalid=skip_invalid, sheet=sheet, reason=f"Nhập từ tệp {meta['name']} ({origin})", progress=status,
        )
        if report or (result.problems and (mode == "preview" or result.committed)):
            status.write("running", "Đang lập bảng các dòng cần sửa")
            problems_report(result, folder / "loi.xlsx")
        summary = result.summary()
        outcome = {"mode": mode, "state": "done", "percent": 100, "committed": result.committed,
                   "summary": {k: v for k, v in summary.items() if k not in ("problems", "suggestions")},
                   "has_errors": result.has_errors, "has_problems": bool(result.problems), "rows": _rows(result),
                   "skipped": result.count("error") if result.committed else 0, "on": f"{on:%d/%m/%Y}",
                   "skip_invalid": skip_invalid}
        if result.has_errors and not result.committed:
            message = f"Đã kiểm tra xong: {so(summary['errors'])} dòng lỗi, chưa ghi gì"
        else:
            message = DONE_MESSAGES.get(mode, "Đã xong")
    except UserError as exc:
        outcome = {"mode": mode, "state": "failed", "percent": 100, "message": exc.message, "failure": "input"}
        message = exc.message
    except Exception:
        failed = {"mode": mode, "state": "failed", "percent": 100, "message": UNEXPECTED, "failure": "unexpected"}
        _write_json(folder / f"{mode}.json", failed)
        status.write("failed", UNEXPECTED, percent=100)
        raise
    _write_json(folder / f"{mode}.json", outcome)
    status.write(outcome["state"], message, percent=100)
    if outcome.get("committed"):
        # The rows left out (skipped errors, duplicates) stay downloadable from the result page.
        _discard_file(folder, meta, keep_report=report or bool(result.problems))
    return outcome


def job_queue(token: str, *, user, org_code: str, mode: str, skip_invalid: bool, on, sheet: str | None = None,
              report: bool = False) -> None:
    """Hand the job to the huey worker (in tests, huey's immediate mode runs it at once)."""
    from thidua.imports.tasks import import_job

    folder = _root() / token
    (folder / f"{mode}.json").unlink(missing_ok=True)
    _write_json(folder / "status.json", {"mode": mode, "state": "queued", "percent": 0, "message": "Đang chờ đến lượt xử lý"})
    extra = {"sheet": sheet, "report": report} if (sheet or report) else {}
    import_job(token, _owner_id(user), org_code, mode, skip_invalid, on.isoformat(), **extra)


def job_read(token: str, *, user=SYSTEM) -> dict:
    """Where a job stands, for the command line: its status and, once over, its outcome.

    {"token", "org", "name", "mode", "state", "percent", "message"}, plus "outcome" (the JSON
    run_job kept) when the state is "done" or "failed", and "problems_sheet" (a path) when one is kept.
    """
    folder, meta = stash_folder(token, user=user, org=None)
    status = read_json(folder / "status.json") or {}
    state = status.get("state") or "uploaded"
    job = {"token": token, "org": meta.get("org"), "name": meta.get("name"), "mode": status.get("mode"),
           "state": state, "percent": status.get("percent", 0), "message": status.get("message", "")}
    if state in ("done", "failed"):
        outcome = read_json(folder / f"{status.get('mode')}.json")
        if outcome is None:  # the worker stopped between its two writes: report it as it stands
            job["state"] = "running"
        else:
            job["outcome"] = outcome
    if (folder / "loi.xlsx").exists():
        job["problems_sheet"] = str(folder / "loi.xlsx")
    return job


def job_summary(outcome: dict) -> dict:
    """The outcome of a finished job as `thidua import members --json` prints it (the same keys)."""
    problems, suggestions = [], []
    for row in outcome.get("rows", []):
        for p in row["problems"]:
            problems.append({"row": row["number"], "column": p["column"], "value": p["value"], "message": p["message"]})
        if row.get("suggestion"):
            suggestions.append({"row": row["number"], "message": row["suggestion"]})
    return {**outcome["summary"], "committed": outcome["committed"], "problems": problems, "suggestions": suggestions}


def _start(request, org, token: str, *, mode: str, skip_invalid: bool = False, size: int) -> dict | None:
    """Run the job here when the file is small; otherwise hand it to the worker (None: not finished)."""
    folder = _root() / token
    (folder / f"{mode}.json").unlink(missing_ok=True)
    on = localdate()
    if size <= int(getattr(settings, "THIDUA_IMPORT_BACKGROUND_BYTES", 256 * 1024)):
        return run_job(token, user=request.user, org_code=org.code, mode=mode, skip_invalid=skip_invalid, on=on)
    job_queue(token, user=request.user, org_code=org.code, mode=mode, skip_invalid=skip_invalid, on=on)
    return read_json(folder / f"{mode}.json")  # immediate mode (tests): already done


# --- Helpers (the training list's pages use them too) ----------------------------------------------------

def check_upload(upload) -> None:
    """An uploaded list must be there, be a spreadsheet and not be too big: else a Vietnamese `UserError`."""
    if upload is None:
        raise UserError("Hãy chọn một tệp bảng tính (.xlsx, .xls, .ods hoặc .csv) để tải lên.", field="tep")
    suffix = Path(upload.name).suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise UserError(f"Tệp «{upload.name}» không phải bảng tính: chỉ nhận .xlsx, .xls, .ods hoặc .csv.", field="tep")
    max_bytes = int(getattr(settings, "THIDUA_IMPORT_MAX_BYTES", MAX_BYTES))
    if upload.size > max_bytes:
        raise UserError(
            f"Tệp «{upload.name}» quá lớn ({upload.size // (1024 * 1024)} MB): tối đa {max_bytes // (1024 * 1024)} MB.",
            field="tep",
        )


def not_written(errors: int) -> str:
    """What the preview says when a confirmation wrote nothing because of rows with errors."""
    return (f"Tệp có {errors} dòng lỗi nên chưa ghi gì. Hãy tải bảng lỗi về, sửa rồi tải lên lại, "
            "hoặc chọn bỏ qua các dòng lỗi.")


def managed_org(request, code: str):
    """The unit, in the user's scope (404 otherwise), which the user may manage people of (403 otherwise)."""
    org = org_get(actor=request.user, code=code)
    require(request.user, Action.MANAGE_PEOPLE, org)
    return org


def xlsx_response(write, filename: str) -> FileResponse:
    """Write a workbook with `write(path)` to a temporary file and send it as a download."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    path = Path(handle.name)
    try:
        write(path)
        stream = path.open("rb")
    finally:
        path.unlink(missing_ok=True)  # the open stream keeps the data until it is sent
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=XLSX)


_xlsx_response = xlsx_response  # the name other pages still import


def unit_context(request, org, **extra) -> dict:
    return {"org": org, "ancestors": org_ancestors(actor=request.user, org=org), "accept": ACCEPT, **extra}


# --- Pages -------------------------------------------------------------------------------------------

@page
def import_upload(request, code: str):
    org = managed_org(request, code)
    if request.method != "POST":
        return render(request, "imports/upload.html", unit_context(request, org))
    upload = request.FILES.get("tep")
    try:
        check_upload(upload)
        token = stash_upload(user=request.user, org=org, name=upload.name, chunks=upload.chunks())
        # A small file is checked and read here, by the same functions as the command line; a large
        # one by the worker, while the preview page shows the progress.
        outcome = _start(request, org, token, mode="preview", size=upload.size)
        if outcome and outcome["state"] == "failed":
            _discard(token)
            raise UserError(outcome["message"])
    except UserError as exc:
        return render(request, "imports/upload.html", unit_context(request, org, error=exc.message), status=400)
    return redirect("import-preview", org.code, token)


def _progress(request, org, token: str, status: dict, name: str):
    return render(request, "imports/progress.html", unit_context(
        request, org, token=token, name=name, status=status,
        confirming=status.get("mode") == "confirm",
    ))


@page
def import_preview(request, code: str, token: str):
    """The dry run of the stashed file (GET), or its real import (POST: the confirmation)."""
    org = managed_org(request, code)
    folder, meta = stash_folder(token, user=request.user, org=org)
    if request.method == "POST":
        path, meta = _stashed(token, user=request.user, org=org)
        _start(request, org, token, mode="confirm", skip_invalid=request.POST.get("bo_qua_loi") == "1",
               size=path.stat().st_size)
    status = read_json(folder / "status.json") or {}
    if status.get("state") in ("queued", "running"):
        return _progress(request, org, token, status, meta["name"])
    confirm = read_json(folder / "confirm.json")
    preview = read_json(folder / "preview.json")
    if status.get("mode") == "confirm" and confirm:
        if confirm["state"] == "failed":
            return render(request, "imports/upload.html", unit_context(request, org, error=confirm["message"]), status=400)
        if confirm["committed"]:
            return render(request, "imports/result.html", unit_context(request, org, name=meta["name"], token=token, **confirm))
        error = not_written(confirm["summary"]["errors"])
        return render(request, "imports/preview.html", unit_context(
            request, org, token=token, name=meta["name"], error=error, **(preview or confirm)), status=400)
    if not preview:
        path, meta = _stashed(token, user=request.user, org=org)
        preview = _start(request, org, token, mode="preview", size=path.stat().st_size)
        if preview is None:
            return _progress(request, org, token, read_json(folder / "status.json") or {}, meta["name"])
    if preview["state"] == "failed":
        _discard(token)
        return render(request, "imports/upload.html", unit_context(request, org, error=preview["message"]), status=400)
    return render(request, "imports/preview.html", unit_context(request, org, token=token, name=meta["name"], **preview))


@page
def import_progress(request, code: str, token: str):
    """The progress bar the page polls (htmx); when the job is over, the page reloads itself."""
    org = managed_org(request, code)
    folder, meta = stash_folder(token, user=request.user, org=org)
    status = read_json(folder / "status.json") or {}
    if status.get("state") not in ("queued", "running"):
        response = render(request, "imports/_progress.html", unit_context(request, org, token=token, status=status, done=True))
        response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/_progress.html", unit_context(request, org, token=token, status=status))


@page
def import_problems(request, code: str, token: str):
    """The rows with problems, as read, with a "Lỗi" column: fix them and upload again."""
    org = managed_org(request, code)
    folder, meta = stash_folder(token, user=request.user, org=org)
    sheet = folder / "loi.xlsx"
    if not sheet.exists():
        raise NotFound("Tệp này không có dòng nào cần sửa, hoặc đã được nhập.")
    stem = Path(meta["name"]).stem or "danh-sach"
    return FileResponse(sheet.open("rb"), as_attachment=True, filename=f"{stem}-loi.xlsx", content_type=XLSX)


@page
def import_template(request, code: str):
    """An empty members sheet with the Vietnamese headers."""
    org = managed_org(request, code)
    return xlsx_response(members_template, f"mau-danh-sach-doan-vien-{org.code}.xlsx")


@page
def members_export_view(request, code: str):
    """The members of the unit and its subtree on the day (today unless ?ngay=dd/mm/yyyy)."""
    from thidua.core.views import date_param

    org = org_get(actor=request.user, code=code)
    on, _ = date_param(request)
    return xlsx_response(
        lambda out: members_export(actor=request.user, org=org, on=on, out=out),
        f"doan-vien-{org.code}-{on:%d-%m-%Y}.xlsx",
    )

