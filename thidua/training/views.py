"""Pages of training (đào tạo, bồi dưỡng): the courses in the user's scope, a unit's list with the
year's counts, one course, and the forms that record, correct and end a course.

Thin: reads through thidua.training.selectors, writes through thidua.training.services (access,
audit, one transaction). A form the service refuses is shown again with its Vietnamese sentence
(status 400) and nothing written. The spreadsheet pages live in thidua.training.sheet_views.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods

from thidua.core.dates import format_date
from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, path_in_scope, require, scope_paths
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.core.views import PAGE_SIZE, form_date, form_text, page, page_param, refused_message
from thidua.organisations.models import Organisation
from thidua.organisations.selectors import org_ancestors, org_get, org_visible
from thidua.people.models import Person
from thidua.people.selectors import person_get
from thidua.training.models import Training, TrainingKind, TrainingStatus
from thidua.training.selectors import (
    has_scan,
    training_counts,
    training_get,
    training_list,
    training_scan,
    training_scan_info,
)
from thidua.training.services import (
    file_max_bytes,
    training_attach_file,
    training_end,
    training_record,
    training_remove_file,
    training_update,
)

TEXT_MAX = 2000


# --- Small helpers -----------------------------------------------------------------------------------


def _year_filter(request, default: int | None) -> int | None:
    raw = (request.GET.get("nam") or "").strip()
    if not raw:
        return default
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise UserError(f"Năm «{raw[:20]}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field="year")
    return year


def _filters(request, *, default_year: int | None) -> dict:
    return {
        "year": _year_filter(request, default_year),
        "kind": (request.GET.get("loai") or "").strip()[:40],
        "status": (request.GET.get("tinh_trang") or "").strip()[:40],
    }


def _paged(request, query, what: str) -> tuple[list, int, int, int]:
    number = page_param(request)
    total = query.count()
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        raise UserError(f"Không có trang {number}: danh sách {what} chỉ có {pages} trang.")
    return list(query[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]), number, pages, total


def _rows(actor, trainings: list[Training]) -> list[tuple[Training, bool]]:
    """Each course with whether its person's page is open to the actor (it is, when the course is)."""
    scans = has_scan(trainings)
    return [(t, t.pk in scans) for t in trainings]


def _filter_context(filters: dict) -> dict:
    query = {k: v for k, v in (("nam", filters["year"] or ""), ("loai", filters["kind"]), ("tinh_trang", filters["status"])) if v}
    return {"filters": filters, "filter_query": urlencode(query), "kind_choices": TrainingKind.choices,
            "status_choices": TrainingStatus.choices}


# --- Lists -------------------------------------------------------------------------------------------


@page
def index(request):
    """Every course in the user's scope, newest first, with the units they may open."""
    actor = request.user
    filters = _filters(request, default_year=None)
    trainings, number, pages, total = _paged(request, training_list(actor=actor, **filters), "khóa đào tạo")
    roots = scope_paths(actor, Action.VIEW)
    units = list(org_visible(actor=actor).filter(path__in=roots).order_by("path")) if roots else []
    if roots is None:
        units = list(Organisation.objects.filter(parent__isnull=True).order_by("path"))
    return render(request, "training/index.html", {
        "current": "training-index", "rows": _rows(actor, trainings), "total": total, "page_number": number,
        "pages": pages, "units": units, **_filter_context(filters),
    })


@page
def org_trainings(request, code: str):
    """A unit's courses (those sent by it or any unit under it) and the counts of a year."""
    actor = request.user
    org = org_get(actor=actor, code=code)
    today = localdate()
    filters = _filters(request, default_year=None)
    counts_year = filters["year"] or today.year
    trainings, number, pages, total = _paged(request, training_list(actor=actor, organisation=org, **filters), "khóa đào tạo")
    return render(request, "training/org_list.html", {
        "org": org, "ancestors": org_ancestors(actor=actor, org=org), "rows": _rows(actor, trainings), "total": total,
        "page_number": number, "pages": pages, "counts": training_counts(actor=actor, organisation=org, year=counts_year),
        "can_manage": path_in_scope(actor, org.path, Action.MANAGE_PEOPLE), **_filter_context(filters),
    })


@page
def training_detail(request, pk: int):
    actor = request.user
    training = training_get(actor=actor, pk=pk)
    return render(request, "training/detail.html", {
        "training": training, "scan": training_scan_info(training=training),
        "can_manage": path_in_scope(actor, training.sending_unit.path, Action.MANAGE_PEOPLE),
        "unit_link": path_in_scope(actor, training.sending_unit.path),
    })


@page
def training_file(request, pk: int):
    """The scanned certificate, to open in the browser (PDF or image)."""
    training = training_get(actor=request.user, pk=pk)
    scan = training_scan(actor=request.user, training=training)
    response = HttpResponse(bytes(scan.data), content_type=scan.content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote(scan.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


# --- Forms -------------------------------------------------------------------------------------------

FORM_FIELDS = ("kind", "speciality", "institution", "start", "end", "status", "unit", "certificate_number",
               "certificate_date", "note", "reason")


def _form_from(training: Training | None, org: Organisation | None = None) -> dict:
    if training is None:
        return {name: "" for name in FORM_FIELDS} | {"status": TrainingStatus.STUDYING, "unit": org.code if org else "",
                                                     "person": ""}
    return {
        "kind": training.kind, "speciality": training.speciality, "institution": training.institution,
        "start": format_date(training.start), "end": format_date(training.end), "status": training.status,
        "unit": training.sending_unit.code, "certificate_number": training.certificate_number,
        "certificate_date": format_date(training.certificate_date), "note": training.note, "reason": "",
    }


def _values(form: dict, *, actor) -> dict:
    """The course's fields from the form, as the services take them."""
    unit_code = form["unit"].strip()
    if not unit_code:
        raise UserError("Hãy nhập mã đơn vị cử đi học.", field="sending_unit")
    try:
        unit = org_get(actor=actor, code=unit_code)
    except NotFound:
        raise UserError(f"Không tìm thấy đơn vị có mã «{unit_code[:40]}» trong phạm vi của bạn.", field="sending_unit") from None
    return {
        "kind": form["kind"], "speciality": form["speciality"], "institution": form["institution"],
        "start": form_date(form["start"], label="ngày bắt đầu", field="start", required=True),
        "end": form_date(form["end"], label="ngày kết thúc", field="end", required=False),
        "status": form["status"] or TrainingStatus.STUDYING, "sending_unit": unit,
        "certificate_number": form["certificate_number"],
        "certificate_date": form_date(form["certificate_date"], label="ngày cấp văn bằng", field="certificate_date", required=False),
        "note": form["note"],
    }


def _person_from(raw: str, *, actor) -> Person:
    """The person named in the form: by the number on their page, or by their CCCD."""
    text = "".join((raw or "").split())
    if not text:
        raise UserError("Hãy nhập mã người (số trên trang cá nhân) hoặc số CCCD của người được cử đi học.", field="person")
    if not text.isdigit():
        raise UserError(f"Mã người «{text[:20]}» không hợp lệ: hãy nhập mã số trên trang cá nhân hoặc số CCCD (12 chữ số).",
                        field="person")
    try:
        if len(text) == 12:
            found = Person.objects.filter(cccd=text).values_list("pk", flat=True).first()
            return person_get(actor=actor, pk=found)
        return person_get(actor=actor, pk=int(text))
    except NotFound:
        raise UserError(f"Không tìm thấy người có mã hoặc số CCCD «{text}» trong phạm vi của bạn.", field="person") from None


def _attach(request, *, actor, training: Training, reason: str) -> None:
    upload = request.FILES.get("tep")
    if upload is None:
        return
    limit = file_max_bytes()
    if upload.size > limit:
        raise UserError(f"Tệp đính kèm quá lớn: tối đa {limit // (1024 * 1024)} MB.", field="file")
    training_attach_file(actor=actor, training=training, name=upload.name, content=upload.read(), reason=reason)


def _form_context(**extra) -> dict:
    return {"kind_choices": TrainingKind.choices, "status_choices": TrainingStatus.choices,
            "file_max_mb": file_max_bytes() // (1024 * 1024), **extra}


@require_http_methods(["GET", "POST"])
@page
def training_create(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    require(actor, Action.MANAGE_PEOPLE, org)
    form = _form_from(None, org)
    form["person"] = (request.GET.get("nguoi") or "").strip()[:20]
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {name: form_text(request, name) for name in (*FORM_FIELDS, "person")}
        try:
            with transaction.atomic():
                person = _person_from(form["person"], actor=actor)
                training = training_record(actor=actor, person=person, reason=form["reason"], **_values(form, actor=actor))
                _attach(request, actor=actor, training=training, reason=form["reason"])
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã ghi khóa {training.get_kind_display().lower()} của {person.full_name}.")
            return redirect("training-detail", training.pk)
    person = None
    if form.get("person", "").isdigit() and len(form["person"]) < 12:
        person = person_in_scope(actor, int(form["person"]))
    return render(request, "training/form.html", _form_context(
        org=org, ancestors=org_ancestors(actor=actor, org=org), form=form, error=error, error_field=error_field,
        creating=True, person=person,
    ), status=status)


def person_in_scope(actor, pk: int) -> Person | None:
    try:
        return person_get(actor=actor, pk=pk)
    except NotFound:
        return None


@require_http_methods(["GET", "POST"])
@page
def training_edit(request, pk: int):
    actor = request.user
    training = training_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_PEOPLE, training.sending_unit)
    form = _form_from(training)
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {name: form_text(request, name) for name in FORM_FIELDS}
        try:
            with transaction.atomic():
                training = training_update(actor=actor, training=training, reason=form["reason"], **_values(form, actor=actor))
                if request.POST.get("xoa_tep") == "1":
                    training_remove_file(actor=actor, training=training, reason=form["reason"])
                _attach(request, actor=actor, training=training, reason=form["reason"])
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
            training = training_get(actor=actor, pk=pk)
        else:
            messages.success(request, "Đã lưu thay đổi của khóa đào tạo.")
            return redirect("training-detail", training.pk)
    return render(request, "training/form.html", _form_context(
        org=training.sending_unit, training=training, form=form, error=error, error_field=error_field, creating=False,
        person=training.person, has_scan=bool(has_scan([training])),
    ), status=status)


@require_http_methods(["GET", "POST"])
@page
def training_finish(request, pk: int):
    actor = request.user
    training = training_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_PEOPLE, training.sending_unit)
    form = {"status": TrainingStatus.GRADUATED, "end": format_date(training.end), "certificate_number": "",
            "certificate_date": "", "reason": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {name: form_text(request, name) for name in form}
        try:
            with transaction.atomic():
                training = training_end(
                    actor=actor, training=training, status=form["status"],
                    end=form_date(form["end"], label="ngày kết thúc", field="end", required=True),
                    certificate_number=form["certificate_number"],
                    certificate_date=form_date(form["certificate_date"], label="ngày cấp văn bằng", field="certificate_date", required=False),
                    reason=form["reason"],
                )
                _attach(request, actor=actor, training=training, reason=form["reason"])
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
            training = training_get(actor=actor, pk=pk)
        else:
            messages.success(request, f"Đã ghi kết thúc khóa học: {training.get_status_display().lower()}.")
            return redirect("training-detail", training.pk)
    return render(request, "training/finish.html", _form_context(
        training=training, form=form, error=error, error_field=error_field,
        end_choices=[(v, l) for v, l in TrainingStatus.choices if v != TrainingStatus.STUDYING],
    ), status=status)
