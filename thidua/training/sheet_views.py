"""Pages of the training list in spreadsheets: upload → preview → confirm → result, the problems
sheet, the empty template, and the export of a unit's courses.

The uploaded file waits in the import machinery's private stash (thidua.imports.views.stash_upload:
a folder named by a random token, tied to the user and the unit); the preview is a dry run of
`training_import`, the confirmation the real import (one transaction), after which the file goes.
A training list is small (hundreds of rows): it is read in the request, never in the worker.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods

from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, require
from thidua.core.views import page
from thidua.imports.export import problems_report
from thidua.imports.reading import MAX_BYTES, SPREADSHEET_SUFFIXES
from thidua.imports.views import TOKEN, stash_upload
from thidua.organisations.selectors import org_ancestors, org_get
from thidua.training.spreadsheets import STATUS_LABELS, training_export, training_import, training_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPT = ".xlsx,.xls,.ods,.csv"
GONE = "Không tìm thấy tệp đã tải lên: có thể tệp đã được nhập hoặc đã quá hạn. Hãy tải tệp lên lại."
SHOWN_ROWS = 1000


def _managed_org(request, code: str):
    org = org_get(actor=request.user, code=code)
    require(request.user, Action.MANAGE_PEOPLE, org)
    return org


def _folder(token: str, *, user, org) -> tuple[Path, dict]:
    """This user's stash folder of a training list on this unit; any other token is missing (404)."""
    if not TOKEN.match(token or ""):
        raise NotFound(GONE)
    folder = Path(settings.THIDUA_UPLOAD_DIR) / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotFound(GONE) from None
    if meta.get("user") != user.pk or meta.get("org") != org.code or meta.get("list") != "training":
        raise NotFound(GONE)
    return folder, meta


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _named_copy(folder: Path, meta: dict) -> Path:
    """The import names the file in its messages: the user's own file name, in a folder of its own."""
    named = folder / "ten" / meta["name"]
    if not named.exists():
        named.parent.mkdir(exist_ok=True)
        shutil.copyfile(folder / f"tep{meta['suffix']}", named)
    return named


def _rows(result) -> list[dict]:
    rows, plain = [], 0
    for r in result.rows:
        if not r.problems:
            plain += 1
            if plain > SHOWN_ROWS:
                continue
        d = r.data
        rows.append({
            "number": r.number, "status": r.status, "label": STATUS_LABELS.get(r.status, r.status),
            "name": d.get("full_name") or "", "person": r.person.pk if r.person else None,
            "kind": dict(_kind_labels()).get(d.get("kind"), ""), "start": f"{d['start']:%d/%m/%Y}" if d.get("start") else "",
            "unit": r.unit.name if r.unit else "",
            "problems": [{"column": p.column, "value": p.value, "message": p.message} for p in r.problems],
        })
    return rows


def _kind_labels():
    from thidua.training.models import TrainingKind

    return TrainingKind.choices


def _run(request, org, folder: Path, meta: dict, *, dry_run: bool, skip_invalid: bool = False) -> dict:
    """Preview or import the stashed list; the outcome is kept beside it as JSON (and the problems sheet)."""
    source = folder / f"tep{meta['suffix']}"
    if not source.exists():
        raise NotFound("Tệp đã được nhập nên không còn lưu: hãy tải tệp lên lại nếu cần.")
    result = training_import(actor=request.user, path=_named_copy(folder, meta), org=org, dry_run=dry_run,
                             skip_invalid=skip_invalid, reason=f"Nhập danh sách đào tạo từ tệp {meta['name']} (trang web)")
    if result.problems:
        problems_report(result, folder / "loi.xlsx")
    else:
        (folder / "loi.xlsx").unlink(missing_ok=True)
    summary = result.summary()
    outcome = {"committed": result.committed, "summary": {k: v for k, v in summary.items() if k != "problems"},
               "has_errors": result.has_errors, "has_problems": bool(result.problems), "rows": _rows(result),
               "skipped": result.count("error") if result.committed else 0}
    (folder / ("confirm.json" if not dry_run else "preview.json")).write_text(json.dumps(outcome, ensure_ascii=False),
                                                                              encoding="utf-8")
    if result.committed:
        source.unlink(missing_ok=True)
        shutil.rmtree(folder / "ten", ignore_errors=True)
    return outcome


def _context(request, org, **extra) -> dict:
    return {"org": org, "ancestors": org_ancestors(actor=request.user, org=org), "accept": ACCEPT, **extra}


@require_http_methods(["GET", "POST"])
@page
def training_import_upload(request, code: str):
    org = _managed_org(request, code)
    if request.method != "POST":
        return render(request, "training/import_upload.html", _context(request, org))
    upload = request.FILES.get("tep")
    token = None
    try:
        if upload is None:
            raise UserError("Hãy chọn một tệp bảng tính (.xlsx, .xls, .ods hoặc .csv) để tải lên.", field="tep")
        suffix = Path(upload.name).suffix.lower()
        if suffix not in SPREADSHEET_SUFFIXES:
            raise UserError(f"Tệp «{upload.name}» không phải bảng tính: chỉ nhận .xlsx, .xls, .ods hoặc .csv.", field="tep")
        max_bytes = int(getattr(settings, "THIDUA_IMPORT_MAX_BYTES", MAX_BYTES))
        if upload.size > max_bytes:
            raise UserError(f"Tệp «{upload.name}» quá lớn: tối đa {max_bytes // (1024 * 1024)} MB.", field="tep")
        token = stash_upload(user=request.user, org=org, name=upload.name, chunks=upload.chunks())
        folder = Path(settings.THIDUA_UPLOAD_DIR) / token
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        meta["list"] = "training"  # this stash is a training list, not a members roster
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        _run(request, org, folder, meta, dry_run=True)
    except UserError as exc:
        if token:
            shutil.rmtree(Path(settings.THIDUA_UPLOAD_DIR) / token, ignore_errors=True)
        if isinstance(exc, NotFound):
            raise
        return render(request, "training/import_upload.html", _context(request, org, error=exc.message), status=400)
    return redirect("training-import-preview", org.code, token)


@require_http_methods(["GET", "POST"])
@page
def training_import_preview(request, code: str, token: str):
    """The dry run of the stashed list (GET), or its real import (POST: the confirmation)."""
    org = _managed_org(request, code)
    folder, meta = _folder(token, user=request.user, org=org)
    if request.method == "POST":
        try:
            outcome = _run(request, org, folder, meta, dry_run=False, skip_invalid=request.POST.get("bo_qua_loi") == "1")
        except UserError as exc:
            if isinstance(exc, NotFound):
                raise
            return render(request, "training/import_upload.html", _context(request, org, error=exc.message), status=400)
        if outcome["committed"]:
            return render(request, "training/import_result.html", _context(request, org, token=token, name=meta["name"], **outcome))
        error = (f"Tệp có {outcome['summary']['errors']} dòng lỗi nên chưa ghi gì. Hãy tải bảng lỗi về, sửa rồi tải lên lại, "
                 "hoặc chọn bỏ qua các dòng lỗi.")
        return render(request, "training/import_preview.html", _context(
            request, org, token=token, name=meta["name"], error=error, **outcome), status=400)
    done = _read(folder / "confirm.json")
    if done and done.get("committed"):
        return render(request, "training/import_result.html", _context(request, org, token=token, name=meta["name"], **done))
    preview = _read(folder / "preview.json")
    if preview is None:
        try:
            preview = _run(request, org, folder, meta, dry_run=True)
        except UserError as exc:
            if isinstance(exc, NotFound):
                raise
            return render(request, "training/import_upload.html", _context(request, org, error=exc.message), status=400)
    return render(request, "training/import_preview.html", _context(request, org, token=token, name=meta["name"], **preview))


@page
def training_import_problems(request, code: str, token: str):
    """The rows with problems, as read, with a "Lỗi" column: fix them and upload again."""
    org = _managed_org(request, code)
    folder, meta = _folder(token, user=request.user, org=org)
    sheet = folder / "loi.xlsx"
    if not sheet.exists():
        raise NotFound("Tệp này không có dòng nào cần sửa.")
    stem = Path(meta["name"]).stem or "danh-sach"
    return FileResponse(sheet.open("rb"), as_attachment=True, filename=f"{stem}-loi.xlsx", content_type=XLSX)


def _xlsx_response(write, filename: str) -> FileResponse:
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    path = Path(handle.name)
    try:
        write(path)
        stream = path.open("rb")
    finally:
        path.unlink(missing_ok=True)  # the open stream keeps the data until it is sent
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=XLSX)


@page
def training_import_template(request, code: str):
    org = _managed_org(request, code)
    return _xlsx_response(training_template, f"mau-danh-sach-dao-tao-{org.code}.xlsx")


@page
def training_export_view(request, code: str):
    """The unit's courses, filtered as its list page is (?nam=&loai=&tinh_trang=)."""
    from thidua.training.views import _filters

    org = org_get(actor=request.user, code=code)
    filters = _filters(request, default_year=None)
    suffix = f"-{filters['year']}" if filters["year"] else ""
    today = localdate()
    return _xlsx_response(lambda out: training_export(actor=request.user, org=org, out=out, **filters),
                          f"dao-tao-{org.code}{suffix}-{today:%d-%m-%Y}.xlsx")
