"""Pages of the training list in spreadsheets: upload → preview → confirm → result, the problems
sheet, the empty template, and the export of a unit's courses.

The uploaded file is checked and waits in the import machinery's private stash (thidua.imports.views:
`check_upload`, `stash_upload`, a folder named by a random token, tied to the user, the unit and the
kind of list); the preview is a dry run of `training_import`, the confirmation the real import (one
transaction), after which the file goes.
A training list is small (hundreds of rows): it is read in the request, never in the worker.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods

from thidua.core.errors import NotFound, UserError
from thidua.core.views import page
from thidua.imports.export import problems_report
from thidua.imports.views import (
    XLSX, check_upload, managed_org, named_copy, not_written, read_json, stash_folder, stash_upload, unit_context,
    xlsx_response,
)
from thidua.organisations.selectors import org_get
from thidua.training.spreadsheets import STATUS_LABELS, training_export, training_import, training_template

SHOWN_ROWS = 1000


def _folder(token: str, *, user, org) -> tuple[Path, dict]:
    """This user's stash folder of a training list on this unit; any other token is missing (404)."""
    return stash_folder(token, user=user, org=org, kind="training")


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
    result = training_import(actor=request.user, path=named_copy(source, meta), org=org, dry_run=dry_run,
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


@require_http_methods(["GET", "POST"])
@page
def training_import_upload(request, code: str):
    org = managed_org(request, code)
    if request.method != "POST":
        return render(request, "training/import_upload.html", unit_context(request, org))
    upload = request.FILES.get("tep")
    token = None
    try:
        check_upload(upload)
        token = stash_upload(user=request.user, org=org, name=upload.name, chunks=upload.chunks(), kind="training")
        folder, meta = _folder(token, user=request.user, org=org)
        _run(request, org, folder, meta, dry_run=True)
    except UserError as exc:
        if token:
            shutil.rmtree(Path(settings.THIDUA_UPLOAD_DIR) / token, ignore_errors=True)
        if isinstance(exc, NotFound):
            raise
        return render(request, "training/import_upload.html", unit_context(request, org, error=exc.message), status=400)
    return redirect("training-import-preview", org.code, token)


@require_http_methods(["GET", "POST"])
@page
def training_import_preview(request, code: str, token: str):
    """The dry run of the stashed list (GET), or its real import (POST: the confirmation)."""
    org = managed_org(request, code)
    folder, meta = _folder(token, user=request.user, org=org)
    if request.method == "POST":
        try:
            outcome = _run(request, org, folder, meta, dry_run=False, skip_invalid=request.POST.get("bo_qua_loi") == "1")
        except UserError as exc:
            if isinstance(exc, NotFound):
                raise
            return render(request, "training/import_upload.html", unit_context(request, org, error=exc.message), status=400)
        if outcome["committed"]:
            return render(request, "training/import_result.html", unit_context(request, org, token=token, name=meta["name"], **outcome))
        error = not_written(outcome["summary"]["errors"])
        return render(request, "training/import_preview.html", unit_context(
            request, org, token=token, name=meta["name"], error=error, **outcome), status=400)
    done = read_json(folder / "confirm.json")
    if done and done.get("committed"):
        return render(request, "training/import_result.html", unit_context(request, org, token=token, name=meta["name"], **done))
    preview = read_json(folder / "preview.json")
    if preview is None:
        try:
            preview = _run(request, org, folder, meta, dry_run=True)
        except UserError as exc:
            if isinstance(exc, NotFound):
                raise
            return render(request, "training/import_upload.html", unit_context(request, org, error=exc.message), status=400)
    return render(request, "training/import_preview.html", unit_context(request, org, token=token, name=meta["name"], **preview))


@page
def training_import_problems(request, code: str, token: str):
    """The rows with problems, as read, with a "Lỗi" column: fix them and upload again."""
    org = managed_org(request, code)
    folder, meta = _folder(token, user=request.user, org=org)
    sheet = folder / "loi.xlsx"
    if not sheet.exists():
        raise NotFound("Tệp này không có dòng nào cần sửa.")
    stem = Path(meta["name"]).stem or "danh-sach"
    return FileResponse(sheet.open("rb"), as_attachment=True, filename=f"{stem}-loi.xlsx", content_type=XLSX)


@page
def training_import_template(request, code: str):
    org = managed_org(request, code)
    return xlsx_response(training_template, f"mau-danh-sach-dao-tao-{org.code}.xlsx")


@page
def training_export_view(request, code: str):
    """The unit's courses, filtered as its list page is (?nam=&loai=&tinh_trang=)."""
    from thidua.training.views import _filters

    org = org_get(actor=request.user, code=code)
    filters = _filters(request, default_year=None)
    suffix = f"-{filters['year']}" if filters["year"] else ""
    today = localdate()
    return xlsx_response(lambda out: training_export(actor=request.user, org=org, out=out, **filters),
                          f"dao-tao-{org.code}{suffix}-{today:%d-%m-%Y}.xlsx")
