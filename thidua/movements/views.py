"""Pages of initiatives (sáng kiến), research topics (đề tài) and science councils.

The list of a year (filters: status, kind, unit) with its counts, an initiative's page (authors,
status history, the councils' reviews, the decision, and the forms to move it on), the councils'
pages (members, meetings, votes or scores, quorum) and the forms to register, set up a council,
record a meeting, its votes or scores and its result, plus the spreadsheet export and import.

Thin: reads through thidua.movements.selectors, writes through thidua.movements.services. A form
the service refuses is shown again with its Vietnamese sentence (status 400); nothing is written.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.dates import format_date
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.permissions import Action, path_in_scope, require, scope_paths, scope_q
from thidua.core.scales import YEAR_MAX, YEAR_MIN, Scope
from thidua.core.views import PAGE_SIZE, form_date, form_text, page, page_param, refused_message
from thidua.movements import selectors as s
from thidua.movements import services
from thidua.movements.authors import find_people, find_person
from thidua.movements.models import Council, CouncilMember, Initiative, Review
from thidua.organisations.models import Organisation, OrgKind
from thidua.organisations.selectors import org_get, org_list

TEXT_MAX = 2000


# --- small helpers ---------------------------------------------------------------------------------


def _year(raw: str, *, field: str = "year", label: str = "Năm") -> int:
    text = (raw or "").strip()
    try:
        value = int(text)
    except ValueError:
        raise UserError(f"{label} «{text[:20]}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field=field) from None
    return value


def _unit(actor, code: str, *, field: str = "unit") -> Organisation:
    code = (code or "").strip()
    if not code:
        raise UserError("Hãy chọn đơn vị.", field=field)
    try:
        return org_get(actor=actor, code=code)
    except NotFound:
        raise UserError(f"Không tìm thấy đơn vị có mã «{code[:32]}» trong phạm vi của bạn.", field=field) from None


def _units(actor):
    """Units the actor may manage emulation work in, for the forms' choices (the first thousand in tree order)."""
    if scope_paths(actor, Action.MANAGE_COMMENDATIONS) == []:
        return []
    return list(Organisation.objects.filter(scope_q(actor, Action.MANAGE_COMMENDATIONS)).exclude(kind=OrgKind.PARTNER)
                .order_by("path")[:1000])


def _may_manage(actor) -> bool:
    return scope_paths(actor, Action.MANAGE_COMMENDATIONS) != []


def _year_filter(request, default: int) -> int:
    raw = (request.GET.get("nam") or "").strip()
    if not raw:
        return default
    year = _year(raw, label="Năm")
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise UserError(f"Năm «{year}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.")
    return year


# --- the list ---------------------------------------------------------------------------------------


@page
def index(request):
    actor = request.user
    year = _year_filter(request, localdate().year)
    status = (request.GET.get("trang_thai") or "").strip()
    kind = (request.GET.get("loai") or "").strip()
    unit_code = (request.GET.get("don_vi") or "").strip()
    if status and status not in Initiative.Status.values:
        raise UserError(f"Trạng thái «{status[:32]}» không hợp lệ: hãy chọn trong danh sách.")
    if kind and kind not in Initiative.Kind.values:
        raise UserError(f"Loại «{kind[:32]}» không hợp lệ: hãy chọn sáng kiến hoặc đề tài.")
    unit = org_get(actor=actor, code=unit_code) if unit_code else None
    items = s.initiative_list(actor=actor, year=year, status=status or None, kind=kind or None, unit=unit)
    number = page_param(request)
    total = items.count()
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        raise UserError(f"Không có trang {number}: danh sách chỉ có {pages} trang.")
    counts = s.initiative_counts(actor=actor, organisation=unit, year=year) if unit else None
    return render(request, "movements/index.html", {
        "current": "movements-index",
        "year": year, "status": status, "kind": kind, "unit": unit, "unit_code": unit_code,
        "items": items[(number - 1) * PAGE_SIZE:number * PAGE_SIZE], "total": total, "page_number": number, "pages": pages,
        "statuses": Initiative.Status.choices, "kinds": Initiative.Kind.choices,
        "units": org_list(actor=actor).filter(kind__in=["grassroots_public", "grassroots_business", "provincial_sector_union",
                                                          "national_sector_union", "union_group"])[:500],
        "counts": _count_rows(counts) if counts else None,
        "can_manage": _may_manage(actor),
        "query": request.GET.urlencode(),
    })


def _count_rows(counts: dict) -> list[tuple[str, object]]:
    return [(label, counts[kind]) for kind, label in Initiative.Kind.choices]


# --- registering ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def register(request):
    actor = request.user
    units = _units(actor)
    if not units:
        raise Forbidden()
    today = localdate()
    form = {"unit": request.GET.get("don_vi", ""), "kind": "initiative", "title": "", "year": str(today.year),
            "authors": "", "on": format_date(today), "reason": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {k: form_text(request, k) for k in form}
        try:
            unit = _unit(actor, form["unit"])
            require(actor, Action.MANAGE_COMMENDATIONS, unit)
            authors = find_people(actor=actor, unit=unit, lines=form["authors"])
            item = services.initiative_register(
                actor=actor, kind=form["kind"], title=form["title"], year=_year(form["year"]), organisation=unit,
                authors=authors, on=form_date(form["on"], label="ngày đăng ký", field="on"), reason=form["reason"])
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã đăng ký {item.get_kind_display().lower()} «{item.title}».")
            return redirect("movements-detail", item.pk)
    return render(request, "movements/register.html", {
        "form": form, "units": units, "kinds": Initiative.Kind.choices, "error": error, "error_field": error_field,
    }, status=status)


# --- one initiative ---------------------------------------------------------------------------------


def _detail(request, item: Initiative, *, error: str = "", error_field: str = "", form: dict | None = None, status: int = 200):
    actor = request.user
    can_manage = path_in_scope(actor, item.organisation.path, Action.MANAGE_COMMENDATIONS)
    return render(request, "movements/detail.html", {
        "item": item,
        "authors": list(item.authors.order_by("sort_key", "id")),
        "steps": s.initiative_steps(initiative=item),
        "meetings": s.initiative_meetings(initiative=item),
        "can_manage": can_manage,
        "scopes": Scope.choices,
        "form": form or {"on": format_date(localdate()), "scope": "", "decision_number": "", "decision_date": "", "reason": ""},
        "error": error, "error_field": error_field,
        "can_start": can_manage and item.status == Initiative.Status.APPROVED,
        "can_accept": can_manage and item.status in (Initiative.Status.APPROVED, Initiative.Status.IN_PROGRESS),
    }, status=status)


@page
def detail(request, pk: int):
    return _detail(request, s.initiative_get(actor=request.user, pk=pk))


@require_POST
@page
def start(request, pk: int):
    actor = request.user
    item = s.initiative_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, item.organisation)
    form = {"on": form_text(request, "on"), "reason": form_text(request, "reason")}
    try:
        services.initiative_start(actor=actor, initiative=item, on=form_date(form["on"], label="ngày bắt đầu triển khai", field="on"),
                                  reason=form["reason"])
    except UserError as exc:
        return _detail(request, item, error=refused_message(exc), error_field=exc.field or "", status=400,
                       form={**form, "scope": "", "decision_number": "", "decision_date": ""})
    messages.success(request, "Đã chuyển sang đang triển khai.")
    return redirect("movements-detail", item.pk)


@require_POST
@page
def accept(request, pk: int):
    actor = request.user
    item = s.initiative_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, item.organisation)
    form = {k: form_text(request, k) for k in ("scope", "decision_number", "decision_date", "reason")}
    try:
        services.initiative_accept(
            actor=actor, initiative=item, scope=form["scope"], decision_number=form["decision_number"],
            decision_date=form_date(form["decision_date"], label="ngày quyết định", field="decision_date", required=False),
            reason=form["reason"])
    except UserError as exc:
        return _detail(request, item, error=refused_message(exc), error_field=exc.field or "", status=400,
                       form={**form, "on": format_date(localdate())})
    messages.success(request, "Đã ghi quyết định công nhận, nghiệm thu.")
    return redirect("movements-detail", item.pk)


# --- councils ---------------------------------------------------------------------------------------


@page
def councils(request):
    actor = request.user
    year = _year_filter(request, localdate().year)
    return render(request, "movements/councils.html", {
        "year": year, "councils": s.council_list(actor=actor, year=year)[:500], "can_manage": _may_manage(actor),
    })


@require_http_methods(["GET", "POST"])
@page
def council_new(request):
    actor = request.user
    units = _units(actor)
    if not units:
        raise Forbidden()
    form = {"unit": request.GET.get("don_vi", ""), "year": str(localdate().year), "name": "", "method": Council.Method.VOTE,
            "chair": "", "secretary": "", "members": "", "reason": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {k: form_text(request, k) for k in form}
        try:
            unit = _unit(actor, form["unit"])
            require(actor, Action.MANAGE_COMMENDATIONS, unit)
            seats = []
            if form["chair"].strip():
                seats.append((find_person(actor=actor, unit=unit, text=form["chair"], field="chair"), CouncilMember.Role.CHAIR))
            if form["secretary"].strip():
                seats.append((find_person(actor=actor, unit=unit, text=form["secretary"], field="secretary"),
                              CouncilMember.Role.SECRETARY))
            seats += [(p, CouncilMember.Role.MEMBER) for p in find_people(actor=actor, unit=unit, lines=form["members"], field="members")]
            council = services.council_create(actor=actor, organisation=unit, year=_year(form["year"]), name=form["name"],
                                              method=form["method"], members=seats, reason=form["reason"])
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã lập {council.name}.")
            return redirect("movements-council", council.pk)
    return render(request, "movements/council_new.html", {
        "form": form, "units": units, "methods": Council.Method.choices, "error": error, "error_field": error_field,
    }, status=status)


def _council_page(request, council: Council, *, error: str = "", error_field: str = "", form: dict | None = None, status: int = 200):
    actor = request.user
    members = s.council_members(council=council)
    meetings = []
    for meeting in council.meetings.order_by("held_on", "id").prefetch_related("attendees", "agenda"):
        meetings.append((meeting, [(item, s.review_tally(meeting=meeting, initiative=item)) for item in meeting.agenda.order_by("id")]))
    return render(request, "movements/council.html", {
        "council": council, "members": members, "meetings": meetings,
        "needed": s.quorum_needed(len(members)), "rule": s.quorum_rule(),
        "candidates": s.council_candidates(council=council)[:300],
        "can_manage": path_in_scope(actor, council.organisation.path, Action.MANAGE_COMMENDATIONS),
        "form": form or {"held_on": format_date(localdate()), "attendees": [str(m.pk) for m in members], "agenda": [], "minutes": ""},
        "error": error, "error_field": error_field,
    }, status=status)


@page
def council(request, pk: int):
    return _council_page(request, s.council_get(actor=request.user, pk=pk))


@require_POST
@page
def meeting_new(request, pk: int):
    actor = request.user
    council = s.council_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, council.organisation)
    form = {"held_on": form_text(request, "held_on"), "attendees": request.POST.getlist("attendees"),
            "agenda": request.POST.getlist("agenda"), "minutes": form_text(request, "minutes", 20000)}
    seats = {str(m.pk): m.person for m in council.members.select_related("person")}
    try:
        unknown = [v for v in form["attendees"] if v not in seats]
        if unknown:
            raise UserError("Danh sách có mặt có người không phải thành viên hội đồng.", field="attendees")
        agenda = list(s.initiative_visible(actor=actor).filter(pk__in=[v for v in form["agenda"] if v.isdigit()]))
        if len(agenda) != len(set(form["agenda"])):
            raise UserError("Có sáng kiến, đề tài được chọn không tìm thấy trong phạm vi của bạn.", field="agenda")
        meeting = services.meeting_record(actor=actor, council=council, held_on=form_date(form["held_on"], label="ngày họp", field="held_on"),
                                          attendees=[seats[v] for v in form["attendees"]], agenda=agenda, minutes=form["minutes"])
    except UserError as exc:
        return _council_page(request, council, error=refused_message(exc), error_field=exc.field or "", form=form, status=400)
    messages.success(request, f"Đã ghi phiên họp ngày {meeting.held_on:%d/%m/%Y}.")
    return redirect("movements-meeting", meeting.pk)


# --- a meeting: votes or scores, and the result --------------------------------------------------------


def _meeting_page(request, meeting, *, error: str = "", error_field: str = "", error_item: int | None = None,
                  entered: dict | None = None, status: int = 200):
    actor = request.user
    rows = [(item, s.review_tally(meeting=meeting, initiative=item)) for item in meeting.agenda.order_by("id")]
    return render(request, "movements/meeting.html", {
        "meeting": meeting, "council": meeting.council, "rows": rows, "rule": s.quorum_rule(),
        "members": meeting.council.members.count(), "present": meeting.attendees.count(),
        "needed": s.quorum_needed(meeting.council.members.count()),
        "can_manage": path_in_scope(actor, meeting.council.organisation.path, Action.MANAGE_COMMENDATIONS),
        "votes": Review.Vote.choices, "scoring": meeting.council.method == Council.Method.SCORE,
        "error": error, "error_field": error_field, "error_item": error_item, "entered": entered or {},
    }, status=status)


@page
def meeting(request, pk: int):
    return _meeting_page(request, s.meeting_get(actor=request.user, pk=pk))


def _agenda_item(request, meeting) -> Initiative:
    raw = (request.POST.get("initiative") or "").strip()
    item = meeting.agenda.filter(pk=int(raw)).first() if raw.isdigit() else None
    if item is None:
        raise UserError("Sáng kiến, đề tài này không có trong danh sách xét của phiên họp.", field="initiative")
    return item


@require_POST
@page
def meeting_reviews(request, pk: int):
    """Votes or scores of the members present on one agenda item: parallel lists `member` (member id) and `value`."""
    actor = request.user
    meeting = s.meeting_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, meeting.council.organisation)
    item = _agenda_item(request, meeting)
    scoring = meeting.council.method == Council.Method.SCORE
    seats = {str(m.pk): m for m in meeting.council.members.select_related("person")}
    entered = {}
    reviews = []
    try:
        ids, values = request.POST.getlist("member"), request.POST.getlist("value")
        if len(ids) != len(values):
            raise UserError("Biểu mẫu gửi lên không đủ: hãy tải lại trang rồi nhập lại.", field="reviews")
        for raw_id, raw in zip(ids, values):
            member = seats.get(raw_id)
            if member is None:
                raise UserError("Có ý kiến của người không phải thành viên hội đồng: không có ý kiến nào được ghi.", field="member")
            raw = raw.strip()[:20]
            if not raw:
                continue
            entered[member.pk] = raw
            if scoring:
                try:
                    score = int(raw)
                except ValueError:
                    raise UserError(f"Điểm của «{member.person}» «{raw}» không hợp lệ: hãy nhập một số nguyên từ "
                                    f"{s.SCORE_MIN} đến {s.SCORE_MAX}.", field="score") from None
                reviews.append((member.person, "", score))
            else:
                reviews.append((member.person, raw, None))
        services.reviews_record(actor=actor, meeting=meeting, initiative=item, reviews=reviews)
    except UserError as exc:
        return _meeting_page(request, meeting, error=refused_message(exc), error_field=exc.field or "", error_item=item.pk,
                             entered=entered, status=400)
    messages.success(request, f"Đã ghi {len(reviews)} ý kiến về «{item.title}».")
    return redirect("movements-meeting", meeting.pk)


@require_POST
@page
def meeting_decide(request, pk: int):
    actor = request.user
    meeting = s.meeting_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, meeting.council.organisation)
    try:
        item = _agenda_item(request, meeting)
        item = services.initiative_decide(actor=actor, meeting=meeting, initiative=item, reason=form_text(request, "reason"))
    except UserError as exc:
        return _meeting_page(request, meeting, error=refused_message(exc), error_field=exc.field or "",
                             error_item=int(request.POST.get("initiative", "0")) if (request.POST.get("initiative") or "").isdigit() else None,
                             status=400)
    messages.success(request, f"Kết quả của hội đồng: «{item.title}» — {item.get_status_display().lower()}.")
    return redirect("movements-meeting", meeting.pk)


# --- spreadsheets -------------------------------------------------------------------------------------


@page
def export(request):
    from thidua.movements.spreadsheets import initiatives_export

    actor = request.user
    year = _year_filter(request, localdate().year)
    unit_code = (request.GET.get("don_vi") or "").strip()
    unit = org_get(actor=actor, code=unit_code) if unit_code else None
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    initiatives_export(actor=actor, year=year, unit=unit, out=handle.name)
    name = f"sang-kien-de-tai-{year}{'-' + unit.code if unit else ''}.xlsx"
    response = FileResponse(open(handle.name, "rb"), as_attachment=True, filename=name,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    Path(handle.name).unlink(missing_ok=True)  # the open handle keeps the data until the response is sent
    return response


@require_http_methods(["GET", "POST"])
@page
def import_list(request):
    from thidua.movements.spreadsheets import registrations_import

    actor = request.user
    units = _units(actor)
    if not units:
        raise Forbidden()
    form = {"unit": request.GET.get("don_vi", "") or request.POST.get("unit", ""), "on": format_date(localdate())}
    result = None
    error = ""
    status = 200
    if request.method == "POST":
        form = {"unit": form_text(request, "unit"), "on": form_text(request, "on")}
        upload = request.FILES.get("tep")
        try:
            unit = _unit(actor, form["unit"])
            require(actor, Action.MANAGE_COMMENDATIONS, unit)
            on = form_date(form["on"], label="ngày đăng ký", field="on")
            if upload is None:
                raise UserError("Hãy chọn tệp danh sách (.xlsx, .xls, .ods hoặc .csv).", field="tep")
            suffix = Path(upload.name or "ds.xlsx").suffix.lower()[:6] or ".xlsx"
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"danh-sach{suffix}"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                result = registrations_import(actor=actor, unit=unit, path=path, on=on, commit=request.POST.get("bo_qua_loi") == "1")
        except UserError as exc:
            error, status = refused_message(exc), 400
        else:
            if result.created:
                messages.success(request, f"Đã đăng ký {len(result.created)} sáng kiến, đề tài từ tệp.")
                return redirect(f"/sang-kien/?nam={result.created[0].year}&don_vi={unit.code}")
            status = 400 if result.problems else 200
    return render(request, "movements/import.html", {"form": form, "units": units, "result": result, "error": error}, status=status)
