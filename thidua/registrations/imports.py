"""Pages of a unit's registration list imported from a spreadsheet: upload → preview → confirm, the
problems sheet and the empty template.

The uploaded file waits in the private upload folder (settings.THIDUA_UPLOAD_DIR, never served), in
a folder named by a random token and tied to the user, the round and the unit; the members import
purges such folders after a day. The preview is a dry run of `registrations_import`, the
confirmation the real one (one transaction), after which the file goes and its problems sheet stays.
"""
from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods

from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, require
from thidua.core.views import page
from thidua.imports.reading import MAX_BYTES, SPREADSHEET_SUFFIXES
from thidua.organisations.selectors import org_ancestors, org_get
from thidua.registrations import selectors
from thidua.registrations.spreadsheets import problems_report, registrations_import, registrations_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPT = ".xlsx,.xls,.ods,.csv"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
META = "dang-ky.json"
GONE = "Không tìm thấy tệp đã tải lên: có thể tệp đã được nhập hoặc đã quá hạn. Hãy tải tệp lên lại."


def _managed(request, pk: int, code: str):
    actor = request.user
    round_ = selectors.round_get(actor=actor, pk=pk)
    unit = org_get(actor=actor, code=code)
    if not unit.path.startswith(round_.organisation.path):
        raise NotFound("Đơn vị này không thuộc phạm vi của đợt đăng ký.")
    require(actor, Action.MANAGE_COMMENDATIONS, unit)
    return round_, unit


def stash(*, user, round, unit, name: str, chunks) -> str:
    """Keep an uploaded list for `user` on (`round`, `unit`); returns its token."""
    token = secrets.token_urlsafe(24)
    while token.startswith("-"):
        token = secrets.token_urlsafe(24)
    folder = Path(settings.THIDUA_UPLOAD_DIR) / token
    folder.mkdir(parents=True, mode=0o700)
    suffix = Path(name).suffix.lower()
    # The file keeps the user's own name: the reading names it in its messages.
    stored = (Path(name).stem[:150] or "danh-sach") + suffix
    with (folder / stored).open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    meta = {"user": user.pk, "round": round.pk, "unit": unit.code, "name": stored}
    (folder / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return token


def _folder(token: str, *, user, round, unit) -> tuple[Path, dict]:
    if not TOKEN.match(token or ""):
        raise NotFound(GONE)
    folder = Path(settings.THIDUA_UPLOAD_DIR) / token
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotFound(GONE) from None
    if meta.get("user") != user.pk or meta.get("round") != round.pk or meta.get("unit") != unit.code:
        raise NotFound(GONE)
    return folder, meta


def _context(request, round_, unit, **extra) -> dict:
    today = localdate()
    return {"round": round_, "org": unit, "ancestors": org_ancestors(actor=request.user, org=unit), "accept": ACCEPT,
            "past_deadline": today > round_.deadline, "error": "", **extra}


@require_http_methods(["GET", "POST"])
@page
def upload(request, pk: int, code: str):
    round_, unit = _managed(request, pk, code)
    if request.method == "GET":
        return render(request, "registrations/import_upload.html", _context(request, round_, unit))
    upload_ = request.FILES.get("tep")
    error = ""
    if upload_ is None:
        error = "Hãy chọn một tệp bảng tính (.xlsx, .xls, .ods hoặc .csv) để tải lên."
    elif Path(upload_.name).suffix.lower() not in SPREADSHEET_SUFFIXES - {".xlsm"}:
        error = f"Tệp «{upload_.name}» không phải bảng tính: chỉ nhận .xlsx, .xls, .ods hoặc .csv."
    elif upload_.size > getattr(settings, "THIDUA_IMPORT_MAX_BYTES", MAX_BYTES):
        error = f"Tệp «{upload_.name}» quá lớn."
    if error:
        return render(request, "registrations/import_upload.html", _context(request, round_, unit, error=error), status=400)
    token = stash(user=request.user, round=round_, unit=unit, name=upload_.name, chunks=upload_.chunks())
    return redirect("registrations-import-preview", round_.pk, unit.code, token)


@require_http_methods(["GET", "POST"])
@page
def preview(request, pk: int, code: str, token: str):
    round_, unit = _managed(request, pk, code)
    folder, meta = _folder(token, user=request.user, round=round_, unit=unit)
    path = folder / meta["name"]
    if meta.get("done"):
        return render(request, "registrations/import_done.html", _context(request, round_, unit, token=token, meta=meta))
    today = localdate()
    late, late_reason = bool(request.POST.get("muon")), (request.POST.get("ly_do_muon") or "")[:2000].strip()
    try:
        result = registrations_import(actor=request.user, path=path, round=round_, unit=unit, on=today, dry_run=True)
    except UserError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return render(request, "registrations/import_upload.html", _context(request, round_, unit, error=exc.message), status=400)
    status = 200
    error = ""
    if request.method == "POST":
        if result.problems and not request.POST.get("bo_qua_loi"):
            error = ("Danh sách còn dòng lỗi: hãy sửa tệp rồi tải lên lại, hoặc đánh dấu «bỏ qua các dòng lỗi» "
                     "để chỉ đăng ký các dòng hợp lệ.")
        elif not result.valid:
            error = "Không có dòng hợp lệ nào để đăng ký."
        else:
            try:
                done = registrations_import(actor=request.user, path=path, round=round_, unit=unit, on=today, dry_run=False,
                                            late=late, late_reason=late_reason)
            except UserError as exc:
                error = exc.message
            else:
                problems_report(done, folder / "loi.xlsx")
                path.unlink(missing_ok=True)
                meta.update({"done": True, "created": done.created, "problems": len(done.problems)})
                (folder / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
                messages.success(request, f"Đã đăng ký {done.created} cá nhân từ tệp «{meta['name']}».")
                return redirect("registrations-unit", round_.pk, unit.code)
        status = 400
    return render(request, "registrations/import_preview.html", _context(
        request, round_, unit, token=token, meta=meta, result=result, error=error, late=late, late_reason=late_reason,
    ), status=status)


@page
def problems(request, pk: int, code: str, token: str):
    round_, unit = _managed(request, pk, code)
    folder, meta = _folder(token, user=request.user, round=round_, unit=unit)
    report = folder / "loi.xlsx"
    if not meta.get("done"):
        result = registrations_import(actor=request.user, path=folder / meta["name"], round=round_, unit=unit, on=localdate())
        problems_report(result, report)
    return FileResponse(report.open("rb"), as_attachment=True, filename="loi-dang-ky-thi-dua.xlsx", content_type=XLSX)


@page
def template(request, pk: int, code: str):
    _managed(request, pk, code)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    path = Path(handle.name)
    registrations_template(path)
    stream = path.open("rb")
    path.unlink()
    return FileResponse(stream, as_attachment=True, filename="mau-dang-ky-thi-dua.xlsx", content_type=XLSX)
