"""Pages of the councils (Hội đồng thi đua – khen thưởng): an organisation's councils, a council and its
members, opening a meeting, the meeting page (agenda, secret vote, paper count, recusal, close, results)
and its minutes (.docx).

Thin: reads and writes through thidua.nominations.councils. A refused form is shown again with the
service's Vietnamese sentence (status 400); nothing is written. Dates are read dd/mm/yyyy, moments
dd/mm/yyyy HH:MM.
"""
from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.errors import UserError
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.views import form_date, form_text, page, refused_message
from thidua.nominations import councils
from thidua.nominations.models import Meeting, Seat
from thidua.organisations.selectors import org_ancestors, org_get
from thidua.people.selectors import person_visible

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def form_moment(raw: str, *, label: str, field: str) -> datetime:
    """A "dd/mm/yyyy HH:MM" form field as an aware moment in Việt Nam's time."""
    text = (raw or "").strip()
    if not text:
        raise UserError(f"Hãy nhập {label} (dd/mm/yyyy HH:MM).", field=field)
    try:
        parsed = datetime.strptime(text, "%d/%m/%Y %H:%M")
    except ValueError:
        raise UserError(f"{label.capitalize()} «{text[:30]}» không hợp lệ: hãy nhập dạng dd/mm/yyyy HH:MM, ví dụ 10/03/2025 08:00.",
                        field=field) from None
    return timezone.make_aware(parsed)


def _int(raw, *, field: str, label: str) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise UserError(f"{label} «{str(raw)[:20]}» không hợp lệ: hãy chọn trong danh sách.", field=field) from None
    if not 0 < value < 2**63:
        raise UserError(f"{label} «{value}» không hợp lệ: hãy chọn trong danh sách.", field=field)
    return value


def _ids(values, *, field: str, label: str) -> list[int]:
    return [_int(v, field=field, label=label) for v in values]


# --- Councils of an organisation --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def org_councils(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    can_manage = path_in_scope(actor, org.path, Action.MANAGE_COMMENDATIONS)
    form = {"ten": f"Hội đồng thi đua – khen thưởng {org.name}", "tu_ngay": "", "den_ngay": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        require(actor, Action.MANAGE_COMMENDATIONS, org)
        form = {name: form_text(request, name).strip() for name in form}
        try:
            council = councils.council_create(
                actor=actor, organisation=org, name=form["ten"],
                term_from=form_date(form["tu_ngay"], label="ngày bắt đầu nhiệm kỳ", field="term_from"),
                term_to=form_date(form["den_ngay"], label="ngày kết thúc nhiệm kỳ", field="term_to", required=False),
            )
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã lập «{council.name}». Hãy thêm các thành viên.")
            return redirect("councils-detail", council.pk)
    return render(request, "nominations/council_list.html", {
        "org": org, "ancestors": org_ancestors(actor=actor, org=org), "councils": councils.council_list(actor=actor, organisation=org),
        "can_manage": can_manage, "form": form, "error": error, "error_field": error_field,
    }, status=status)


# --- One council -------------------------------------------------------------------------------------


def _council_page(request, council, *, form=None, error="", error_field="", status=200):
    actor = request.user
    can_manage = path_in_scope(actor, council.organisation.path, Action.MANAGE_COMMENDATIONS)
    meetings = list(councils.meeting_list(actor=actor, council=council))
    return render(request, "nominations/council_detail.html", {
        "council": council, "seats": councils.seats_of(council=council), "meetings": meetings, "can_manage": can_manage,
        "can_add_seats": can_manage and not meetings,
        "candidates": councils.seat_candidates(council=council) if can_manage and not meetings else [],
        "users": councils.seat_users(council=council) if can_manage and not meetings else [],
        "roles": Seat.Role.choices, "form": form or {"nguoi": "", "vai_tro": Seat.Role.MEMBER, "tai_khoan": ""},
        "error": error, "error_field": error_field,
    }, status=status)


@page
def council_detail(request, pk: int):
    return _council_page(request, councils.council_get(actor=request.user, pk=pk))


@require_POST
@page
def seat_add(request, pk: int):
    actor = request.user
    council = councils.council_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, council.organisation)
    form = {name: form_text(request, name).strip() for name in ("nguoi", "vai_tro", "tai_khoan")}
    try:
        person = person_visible(actor=actor).filter(pk=_int(form["nguoi"], field="person", label="Thành viên")).first()
        if person is None:
            raise UserError("Hãy chọn một người trong danh sách làm thành viên Hội đồng.", field="person")
        user = None
        if form["tai_khoan"]:
            user = get_user_model().objects.filter(username=form["tai_khoan"], is_active=True).first()
            if user is None:
                raise UserError(f"Không có tài khoản «{form['tai_khoan'][:150]}»: hãy chọn trong danh sách.", field="user")
        seat = councils.seat_add(actor=actor, council=council, person=person, role=form["vai_tro"], user=user)
    except UserError as exc:
        return _council_page(request, council, form=form, error=refused_message(exc), error_field=exc.field or "", status=400)
    messages.success(request, f"Đã thêm «{seat.person.full_name}» ({seat.get_role_display()}) vào Hội đồng.")
    return redirect("councils-detail", council.pk)


# --- Opening a meeting --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def meeting_open(request, pk: int):
    actor = request.user
    council = councils.council_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, council.organisation)
    seats = councils.seats_of(council=council)
    candidates = list(councils.agenda_candidates(council=council))
    form = {"bat_dau": "", "dia_diem": "", "co_mat": [str(s.pk) for s in seats], "de_nghi": []}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {"bat_dau": form_text(request, "bat_dau").strip(), "dia_diem": form_text(request, "dia_diem").strip(),
                "co_mat": request.POST.getlist("co_mat"), "de_nghi": request.POST.getlist("de_nghi")}
        try:
            starts_at = form_moment(form["bat_dau"], label="thời gian bắt đầu", field="starts_at")
            seat_ids = set(_ids(form["co_mat"], field="attendees", label="Thành viên"))
            proposal_ids = set(_ids(form["de_nghi"], field="proposals", label="Đề nghị"))
            attendees = [s for s in seats if s.pk in seat_ids]
            proposals = [p for p in candidates if p.pk in proposal_ids]
            if len(attendees) != len(seat_ids):
                raise UserError("Chỉ chọn thành viên của Hội đồng này làm người có mặt.", field="attendees")
            if len(proposals) != len(proposal_ids):
                raise UserError("Chỉ chọn các đề nghị trong danh sách chờ Hội đồng xét.", field="proposals")
            meeting = councils.meeting_open(actor=actor, council=council, starts_at=starts_at, place=form["dia_diem"],
                                            attendees=attendees, proposals=proposals)
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, "Đã mở phiên họp. Các thành viên có tài khoản có thể bỏ phiếu trên trang phiên họp.")
            return redirect("councils-meeting", meeting.pk)
    return render(request, "nominations/council_meeting_new.html", {
        "council": council, "seats": seats, "candidates": [(p, councils.award_name(p.award)) for p in candidates], "form": form, "error": error, "error_field": error_field,
    }, status=status)


# --- The meeting page ---------------------------------------------------------------------------------


def _meeting_page(request, meeting: Meeting, *, error="", error_field="", status=200):
    actor = request.user
    can_manage = path_in_scope(actor, meeting.council.organisation.path, Action.MANAGE_COMMENDATIONS)
    result = councils.meeting_result(meeting=meeting)
    seat = councils.seat_of(actor=actor, meeting=meeting)
    voted = councils.voted_by(seat=seat, meeting=meeting) if seat else set()
    recused_from = set(meeting.recusals.filter(seat=seat).values_list("proposal_id", flat=True)) if seat else set()
    seats = councils.seats_of(council=meeting.council)
    present = set(meeting.attendees.values_list("pk", flat=True))
    return render(request, "nominations/council_meeting.html", {
        "meeting": meeting, "council": meeting.council, "result": result, "can_manage": can_manage and not meeting.closed,
        "seat": seat, "voted": voted, "recused_from": recused_from,
        "present": [s for s in seats if s.pk in present], "absent": [s for s in seats if s.pk not in present],
        "now": timezone.localtime().strftime("%d/%m/%Y %H:%M"), "error": error, "error_field": error_field,
    }, status=status)


@page
def meeting_detail(request, pk: int):
    return _meeting_page(request, councils.meeting_get(actor=request.user, pk=pk))


def _agenda_item(meeting: Meeting, request):
    pk = _int(form_text(request, "de_nghi"), field="proposal", label="Đề nghị")
    proposal = meeting.agenda.filter(pk=pk).first()
    if proposal is None:
        raise UserError("Đề nghị này không có trong chương trình của phiên họp.", field="proposal")
    return proposal


@require_POST
@page
def vote(request, pk: int):
    actor = request.user
    meeting = councils.meeting_get(actor=actor, pk=pk)
    choice = form_text(request, "phieu")
    try:
        if choice not in ("dong_y", "khong_dong_y"):
            raise UserError("Hãy chọn «Đồng ý» hoặc «Không đồng ý».", field="approve")
        councils.ballot_cast(actor=actor, meeting=meeting, proposal=_agenda_item(meeting, request), approve=choice == "dong_y")
    except UserError as exc:
        return _meeting_page(request, meeting, error=refused_message(exc), error_field=exc.field or "", status=400)
    messages.success(request, "Đã ghi nhận phiếu của bạn.")
    return redirect("councils-meeting", meeting.pk)


@require_POST
@page
def tally(request, pk: int):
    actor = request.user
    meeting = councils.meeting_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, meeting.council.organisation)
    try:
        proposal = _agenda_item(meeting, request)
        votes = [_int_count(form_text(request, name), label) for name, label in
                 (("dong_y", "Số phiếu đồng ý"), ("khong_dong_y", "Số phiếu không đồng ý"))]
        councils.tally_record(actor=actor, meeting=meeting, proposal=proposal, votes_for=votes[0], votes_against=votes[1])
    except UserError as exc:
        return _meeting_page(request, meeting, error=refused_message(exc), error_field=exc.field or "", status=400)
    messages.success(request, "Đã ghi kết quả kiểm phiếu.")
    return redirect("councils-meeting", meeting.pk)


def _int_count(raw: str, label: str) -> int:
    text = (raw or "").strip()
    if not text.isdigit() or len(text) > 6:
        raise UserError(f"{label} «{text[:20]}» không hợp lệ: hãy nhập một số nguyên không âm.", field="votes_for")
    return int(text)


@require_POST
@page
def recuse(request, pk: int):
    actor = request.user
    meeting = councils.meeting_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, meeting.council.organisation)
    try:
        proposal = _agenda_item(meeting, request)
        seat = meeting.attendees.filter(pk=_int(form_text(request, "thanh_vien"), field="seat", label="Thành viên")).first()
        if seat is None:
            raise UserError("Chỉ thành viên có mặt ở phiên họp mới cần ghi không tham gia biểu quyết.", field="seat")
        councils.recuse(actor=actor, meeting=meeting, proposal=proposal, seat=seat, reason=form_text(request, "ly_do", 500))
    except UserError as exc:
        return _meeting_page(request, meeting, error=refused_message(exc), error_field=exc.field or "", status=400)
    messages.success(request, f"Đã ghi «{seat.person.full_name}» không tham gia biểu quyết đề nghị này.")
    return redirect("councils-meeting", meeting.pk)


@require_POST
@page
def close(request, pk: int):
    actor = request.user
    meeting = councils.meeting_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, meeting.council.organisation)
    try:
        ends_at = form_moment(form_text(request, "ket_thuc"), label="thời gian kết thúc", field="ends_at")
        councils.meeting_close(actor=actor, meeting=meeting, ends_at=ends_at, conclusion=form_text(request, "ket_luan"))
    except UserError as exc:
        return _meeting_page(request, meeting, error=refused_message(exc), error_field=exc.field or "", status=400)
    messages.success(request, "Đã kết thúc bỏ phiếu. Kết quả của từng đề nghị đã được ghi.")
    return redirect("councils-meeting", meeting.pk)


@page
def minutes(request, pk: int):
    meeting = councils.meeting_get(actor=request.user, pk=pk)
    content = councils.minutes_docx_bytes(meeting=meeting)
    response = HttpResponse(content, content_type=DOCX)
    day = localdate(meeting.starts_at).strftime("%d-%m-%Y")
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hoi-dong-{meeting.council.organisation.code}-{day}.docx"'
    return response
