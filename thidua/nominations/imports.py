"""Proposals of a dossier imported from a spreadsheet: upload → preview → confirm, and the empty template.

Reading uses the project's list-import machinery (thidua.imports.reading, thidua.imports.people):
the header may sit below title rows and use the usual synonyms; each row names a person of the
proposing unit (CCCD, or the unaccented name and the date of birth). The preview is a dry run that
also runs the rules engine's pre-check: a row whose person is not eligible and that gives no reason
is a problem, listed with its row number. The confirmation adds every valid row through
`proposal_add` in one transaction. The uploaded file waits in the private upload folder, in a
folder named by a random token tied to the user and the dossier.
"""
from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods

from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, require
from thidua.core.views import page
from thidua.imports import results
from thidua.imports.export import Sheet
from thidua.imports.people import NoMatch, PeopleOf
from thidua.imports.reading import (
    MAX_BYTES,
    SPREADSHEET_SUFFIXES,
    CellError,
    Column,
    Mapping,
    parse_cccd,
    parse_date,
    parse_text,
    read_table,
)
from thidua.imports.results import Problem
from thidua.nominations import selectors, services
from thidua.nominations.models import Dossier, Proposal
from thidua.people.models import Person

PROPOSALS = Mapping(
    name="proposals",
    columns=(
        Column("full_name", "Họ và tên", ("Họ tên", "Họ, tên", "Tên cá nhân"), required=True),
        Column("date_of_birth", "Ngày sinh", ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Sinh ngày"), parse_date),
        Column("cccd", "CCCD", ("Số CCCD", "Căn cước", "Số căn cước công dân", "Số định danh", "CCCD/CMND"), parse_cccd),
        Column("year", "Năm thành tích", ("Năm", "Năm xét")),
        Column("achievement", "Tóm tắt thành tích", ("Thành tích", "Tóm tắt thành tích chủ yếu")),
        Column("override_reason", "Lý do đề nghị dù chưa đủ điều kiện", ("Lý do đề nghị", "Lý do vẫn đề nghị")),
    ),
)
ACCEPT = ".xlsx,.xls,.ods,.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
META = "de-nghi.json"
GONE = "Không tìm thấy tệp đã tải lên: có thể tệp đã được nhập hoặc đã quá hạn. Hãy tải tệp lên lại."


@dataclass
class ImportRow:
    number: int
    full_name: str = ""
    person: Person | None = None
    year: int | None = None
    achievement: str = ""
    override_reason: str = ""
    verdict: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        return "create" if self.ok else "error"

    @property
    def verdict_text(self) -> str:
        return services.VERDICT_TEXT.get(self.verdict, "")


@dataclass
class ImportResult(results.ImportResult):
    created: int = 0

    @property
    def valid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]


def proposals_import(*, actor, path: str | Path, dossier: Dossier, on: date, dry_run: bool = True) -> ImportResult:
    """Read a dossier's list of people; with dry_run=False, add every valid row (all or none)."""
    services._require_proposer(actor, dossier)
    entry = services.award_entry(dossier.award)
    if entry.subject == "collective":
        raise UserError(f"«{entry.name}» dành cho tập thể: danh sách nhập từ bảng tính chỉ gồm cá nhân.", field="file")
    table = read_table(path, PROPOSALS)
    people = PeopleOf(dossier.proposer, year=dossier.round.year)
    labels = table.labels
    taken = set(Proposal.objects.filter(dossier=dossier, person__isnull=False).exclude(status=Proposal.Status.WITHDRAWN)
                .values_list("person_id", flat=True))
    rows: list[ImportRow] = []
    seen: dict[int, int] = {}
    for raw in table.rows:
        row = ImportRow(raw.number)
        rows.append(row)

        def problem(key: str, value, message: str):
            column = labels.get(key) or PROPOSALS.column(key).label
            row.problems.append(Problem(raw.number, column, parse_text(value), message))

        row.full_name = parse_text(raw.values.get("full_name"))
        try:
            born = parse_date(raw.values.get("date_of_birth"))
        except CellError as exc:
            problem("date_of_birth", raw.values.get("date_of_birth"), str(exc))
            born = None
        cccd = parse_cccd(raw.values.get("cccd")) if raw.values.get("cccd") not in (None, "") else ""
        year_text = parse_text(raw.values.get("year"))
        try:
            row.year = int(float(year_text)) if year_text else dossier.round.year
        except ValueError:
            problem("year", year_text, "Năm thành tích không hợp lệ: hãy ghi một năm, ví dụ 2024")
        row.achievement = parse_text(raw.values.get("achievement"))[:4000]
        row.override_reason = parse_text(raw.values.get("override_reason"))[:2000]
        try:
            row.person = people.find(cccd=cccd, name=row.full_name, born=born)
        except NoMatch as exc:
            problem(exc.field, {"cccd": cccd, "date_of_birth": born}.get(exc.field, row.full_name) or "", exc.message)
        if row.person is None or row.problems:
            continue
        if row.person.pk in seen:
            problem("full_name", row.full_name, f"Trùng với dòng {seen[row.person.pk]}")
            continue
        seen[row.person.pk] = raw.number
        if row.person.pk in taken:
            problem("full_name", row.full_name, "Người này đã có trong hồ sơ")
            continue
        try:
            services.check_subject(dossier, person=row.person, organisation=None, on=on)
            row.verdict, reasons = services.precheck(actor=actor, award=entry.code, year=row.year, on=on, person=row.person)
        except UserError as exc:
            problem("full_name" if exc.field != "year" else "year", row.full_name, exc.message)
            continue
        if row.verdict != "eligible" and not row.override_reason:
            failed = [r["explanation"] for r in reasons if r["met"] is not True and not r.get("for_council")]
            problem("override_reason", "", f"{services.VERDICT_TEXT.get(row.verdict, row.verdict).capitalize()} cho «{entry.name}»"
                    f"{': ' + '; '.join(failed[:2]) if failed else ''}. Hãy ghi lý do đề nghị dù chưa đủ điều kiện")
    result = ImportResult(rows, table)
    if dry_run:
        return result
    with transaction.atomic():
        for row in result.valid:
            services.proposal_add(actor=actor, dossier=dossier, person=row.person, year=row.year, achievement=row.achievement,
                                  override_reason=row.override_reason, on=on)
            result.created += 1
    result.committed = True
    return result


def proposals_template(out: str | Path) -> None:
    sheet = Sheet(Path(out), "Đề nghị khen thưởng")
    sheet.header(["STT"] + [c.label for c in PROPOSALS.columns])
    sheet.close()


# --- Pages --------------------------------------------------------------------------------------


def _managed(request, pk: int) -> Dossier:
    actor = request.user
    dossier = selectors.dossier_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, dossier.proposer)
    return dossier


def _folder(token: str, *, user, dossier: Dossier) -> tuple[Path, dict]:
    if not TOKEN.match(token or ""):
        raise NotFound(GONE)
    folder = Path(settings.THIDUA_UPLOAD_DIR) / token
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotFound(GONE) from None
    if meta.get("user") != user.pk or meta.get("dossier") != dossier.pk:
        raise NotFound(GONE)
    return folder, meta


def stash(*, user, dossier: Dossier, name: str, chunks) -> str:
    """Keep an uploaded list for `user` on `dossier`; returns its token."""
    token = secrets.token_urlsafe(24)
    while token.startswith("-"):
        token = secrets.token_urlsafe(24)
    folder = Path(settings.THIDUA_UPLOAD_DIR) / token
    folder.mkdir(parents=True, mode=0o700)
    stored = (Path(name).stem[:150] or "danh-sach") + Path(name).suffix.lower()
    with (folder / stored).open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    (folder / META).write_text(json.dumps({"user": user.pk, "dossier": dossier.pk, "name": stored}, ensure_ascii=False),
                               encoding="utf-8")
    return token


@require_http_methods(["GET", "POST"])
@page
def upload(request, pk: int):
    dossier = _managed(request, pk)
    context = {"dossier": dossier, "accept": ACCEPT, "error": ""}
    if request.method == "GET":
        return render(request, "nominations/import_upload.html", context)
    file = request.FILES.get("tep")
    error = ""
    if dossier.status not in services.EDITABLE:
        error = f"Hồ sơ đang ở trạng thái «{dossier.get_status_display()}»: chỉ nhập được vào hồ sơ đang lập hoặc bị trả lại."
    elif file is None:
        error = "Hãy chọn một tệp bảng tính (.xlsx, .xls, .ods hoặc .csv) để tải lên."
    elif Path(file.name).suffix.lower() not in SPREADSHEET_SUFFIXES - {".xlsm"}:
        error = f"Tệp «{file.name}» không phải bảng tính: chỉ nhận .xlsx, .xls, .ods hoặc .csv."
    elif file.size > getattr(settings, "THIDUA_IMPORT_MAX_BYTES", MAX_BYTES):
        error = f"Tệp «{file.name}» quá lớn."
    if error:
        return render(request, "nominations/import_upload.html", {**context, "error": error}, status=400)
    token = stash(user=request.user, dossier=dossier, name=file.name, chunks=file.chunks())
    return redirect("nominations-import-preview", dossier.pk, token)


@require_http_methods(["GET", "POST"])
@page
def preview(request, pk: int, token: str):
    dossier = _managed(request, pk)
    folder, meta = _folder(token, user=request.user, dossier=dossier)
    path = folder / meta["name"]
    today = localdate()
    context = {"dossier": dossier, "accept": ACCEPT, "token": token, "meta": meta, "error": ""}
    try:
        result = proposals_import(actor=request.user, path=path, dossier=dossier, on=today, dry_run=True)
    except UserError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return render(request, "nominations/import_upload.html", {**context, "error": exc.message}, status=400)
    status, error = 200, ""
    if request.method == "POST":
        if result.problems and not request.POST.get("bo_qua_loi"):
            error = ("Danh sách còn dòng lỗi: hãy sửa tệp rồi tải lên lại, hoặc đánh dấu «bỏ qua các dòng lỗi» "
                     "để chỉ thêm các dòng hợp lệ.")
        elif not result.valid:
            error = "Không có dòng hợp lệ nào để thêm vào hồ sơ."
        else:
            try:
                done = proposals_import(actor=request.user, path=path, dossier=dossier, on=today, dry_run=False)
            except UserError as exc:
                error = exc.message
            else:
                shutil.rmtree(folder, ignore_errors=True)
                messages.success(request, f"Đã thêm {done.created} đề nghị từ tệp «{meta['name']}».")
                return redirect("nominations-dossier", dossier.pk)
        status = 400
    return render(request, "nominations/import_preview.html", {**context, "result": result, "error": error}, status=status)


@page
def template(request, pk: int):
    _managed(request, pk)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    path = Path(handle.name)
    proposals_template(path)
    stream = path.open("rb")
    path.unlink()
    return FileResponse(stream, as_attachment=True, filename="mau-de-nghi-khen-thuong.xlsx", content_type=XLSX)
