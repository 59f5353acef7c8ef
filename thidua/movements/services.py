"""Writes about initiatives (sáng kiến), research topics (đề tài) and the science councils reviewing them.

The workflow: `initiative_register` (registered) → a council (`council_create`) meets
(`meeting_record`), its members present vote or score (`reviews_record`), and the result
(`initiative_decide`) approves or rejects → `initiative_start` (in progress) → `initiative_accept`
(accepted at a scope, by a numbered, dated decision). `initiative_record` records in one step an
initiative known from paper (the eligibility tests and data loading use it).

Each service takes `actor=`, checks access through thidua.core.permissions, refuses bad input with a
Vietnamese sentence before writing anything, writes in one transaction and leaves audit rows.
"""
from __future__ import annotations

from datetime import date

from django.db import transaction

from thidua.core.audit import audit_record, snapshot
from thidua.core.db import prefix_q
from thidua.core.errors import UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, require
from thidua.core.scales import Scope, clean_choice, clean_year
from thidua.core.text import normalise
from thidua.movements.models import Council, CouncilMeeting, CouncilMember, Initiative, InitiativeStep, Review
from thidua.movements.selectors import (
    MIN_MEMBERS,
    PASS_SCORE,
    SCORE_MAX,
    SCORE_MIN,
    quorum_needed,
    recusals,
    review_tally,
)
from thidua.organisations.models import Organisation
from thidua.people.models import Person
from thidua.people.selectors import person_visible

Status = Initiative.Status
TEXT_MAX = 2000


# --- input ------------------------------------------------------------------------------------------


def _title(value) -> str:
    title = normalise(value or "")
    if not title:
        raise UserError("Hãy nhập tên sáng kiến hoặc đề tài.", field="title")
    if len(title) > 500:
        raise UserError("Tên sáng kiến, đề tài dài quá 500 ký tự.", field="title")
    return title


def _date(value, *, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise UserError(f"Hãy nhập {label} (dd/mm/yyyy).", field=field)
    return value


def _note(value, *, field: str = "reason") -> str:
    text = normalise(value or "")
    if len(text) > TEXT_MAX:
        raise UserError(f"Ghi chú dài quá {TEXT_MAX} ký tự.", field=field)
    return text


def _people_in_scope(actor, people, *, field: str, who: str) -> list[Person]:
    people = list(dict.fromkeys(people or []))
    visible = set(person_visible(actor=actor).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    missing = [p for p in people if p.pk not in visible]
    if missing:
        raise UserError(f"Không tìm thấy {who} «{missing[0]}» trong phạm vi của bạn.", field=field)
    return people


def _authors(actor, authors) -> list[Person]:
    people = list(dict.fromkeys(authors or []))
    if not people:
        raise UserError("Hãy chọn ít nhất một tác giả.", field="authors")
    return _people_in_scope(actor, people, field="authors", who="tác giả")


def _step(initiative: Initiative, *, actor, on: date, note: str = "", meeting: CouncilMeeting | None = None) -> InitiativeStep:
    return InitiativeStep.objects.create(initiative=initiative, status=initiative.status, on=on, meeting=meeting, note=note,
                                         actor_name=getattr(actor, "username", "") or "hệ thống")


def _initiative_snapshot(initiative: Initiative) -> dict:
    return {**snapshot(initiative), "authors": sorted(initiative.authors.values_list("pk", flat=True))}


def _change(initiative: Initiative, *, actor, before: dict, reason: str) -> None:
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=initiative, before=before,
                 after=_initiative_snapshot(initiative), reason=reason, org_path=initiative.organisation.path)


# --- initiatives ------------------------------------------------------------------------------------


@transaction.atomic
def initiative_register(
    *,
    actor,
    kind: str,
    title: str,
    year: int,
    organisation: Organisation,
    authors: list[Person],
    on: date,
    reason: str = "",
) -> Initiative:
    """Register an initiative or a research topic of `authors` in `organisation` for `year` (status "registered")."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    kind = clean_choice(kind, Initiative.Kind, field="kind", label="Loại")
    title = _title(title)
    year = clean_year(year)
    on = _date(on, field="registered_on", label="ngày đăng ký")
    people = _authors(actor, authors)
    reason = _note(reason)
    initiative = Initiative.objects.create(kind=kind, title=title, year=year, organisation=organisation, registered_on=on)
    initiative.authors.set(people)
    _step(initiative, actor=actor, on=on, note=reason)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=initiative, before=None,
                 after=_initiative_snapshot(initiative), reason=reason, org_path=organisation.path)
    return initiative


@transaction.atomic
def initiative_record(
    *,
    actor,
    kind: str,
    title: str,
    year: int,
    organisation: Organisation,
    authors: list[Person],
    scope: str | None = None,
    accepted: bool = False,
    decision_number: str = "",
    decision_date: date | None = None,
    reason: str = "",
) -> Initiative:
    """Record in one step an initiative (sáng kiến) or research topic (đề tài) known from paper.

    An initiative `accepted` (recognised) must say at which scope; a topic may be recorded before
    it is accepted (nghiệm thu) and its scope known. The record enters the workflow as "accepted"
    or "registered"; councils of the platform go through `initiative_register` and the steps after.
    """
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    kind = clean_choice(kind, Initiative.Kind, field="kind", label="Loại")
    title = _title(title)
    year = clean_year(year)
    scope = clean_choice(scope, Scope, field="scope", label="Phạm vi công nhận", blank=True) or None
    if not isinstance(accepted, bool):
        raise UserError("«Đã công nhận, nghiệm thu» chỉ nhận có hoặc không.", field="accepted")
    if kind == Initiative.Kind.INITIATIVE and accepted and scope is None:
        raise UserError("Sáng kiến đã được công nhận phải ghi phạm vi công nhận (cấp cơ sở, cấp bộ, ngành, tỉnh hoặc toàn quốc).", field="scope")
    if decision_date is not None and decision_date.year < year:
        raise UserError(f"Ngày quyết định {decision_date:%d/%m/%Y} sớm hơn năm {year} của sáng kiến, đề tài.", field="decision_date")
    people = _authors(actor, authors)
    initiative = Initiative.objects.create(
        kind=kind, title=title, year=year, organisation=organisation, scope=scope, accepted=accepted,
        status=Status.ACCEPTED if accepted else Status.REGISTERED,
        decision_number=normalise(decision_number or ""), decision_date=decision_date,
    )
    initiative.authors.set(people)
    _step(initiative, actor=actor, on=decision_date or date(year, 12, 31), note=_note(reason))
    after = {**snapshot(initiative), "authors": sorted(p.pk for p in people)}
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=initiative, before=None, after=after, reason=reason, org_path=organisation.path)
    return initiative


def _status_is(initiative: Initiative, allowed: tuple, doing: str) -> None:
    if initiative.status not in allowed:
        raise UserError(f"Không thể {doing}: {initiative.get_kind_display().lower()} «{initiative.title}» đang ở trạng thái "
                        f"«{initiative.get_status_display()}».", field="status")


@transaction.atomic
def initiative_start(*, actor, initiative: Initiative, on: date, reason: str = "") -> Initiative:
    """An approved initiative or topic starts being carried out (in progress)."""
    initiative = Initiative.objects.select_for_update().select_related("organisation").get(pk=initiative.pk)
    require(actor, Action.MANAGE_COMMENDATIONS, initiative.organisation)
    _status_is(initiative, (Status.APPROVED,), "chuyển sang triển khai")
    on = _date(on, field="on", label="ngày bắt đầu triển khai")
    reason = _note(reason)
    before = _initiative_snapshot(initiative)
    initiative.status = Status.IN_PROGRESS
    initiative.save(update_fields=["status"])
    _step(initiative, actor=actor, on=on, note=reason)
    _change(initiative, actor=actor, before=before, reason=reason)
    return initiative


@transaction.atomic
def initiative_accept(*, actor, initiative: Initiative, scope: str, decision_number: str, decision_date: date | None,
                      reason: str = "") -> Initiative:
    """Accept (nghiệm thu, công nhận) an approved or in-progress initiative or topic at `scope`, by a decision.

    An initiative already applied when the council approved it may be accepted straight away; a
    rejected or merely registered one may not. No decision (number and date), no acceptance.
    """
    initiative = Initiative.objects.select_for_update().select_related("organisation").get(pk=initiative.pk)
    require(actor, Action.MANAGE_COMMENDATIONS, initiative.organisation)
    _status_is(initiative, (Status.APPROVED, Status.IN_PROGRESS), "công nhận, nghiệm thu")
    scope = clean_choice(scope, Scope, field="scope", label="Phạm vi công nhận")
    number = normalise(decision_number or "")
    if not number:
        raise UserError("Chưa có quyết định công nhận, nghiệm thu: hãy nhập số quyết định (ví dụ 12/QĐ-BV) và ngày quyết định.",
                        field="decision_number")
    if len(number) > 64:
        raise UserError("Số quyết định dài quá 64 ký tự.", field="decision_number")
    if not isinstance(decision_date, date):
        raise UserError("Chưa có ngày của quyết định công nhận, nghiệm thu: hãy nhập ngày quyết định (dd/mm/yyyy).",
                        field="decision_date")
    if decision_date.year < initiative.year:
        raise UserError(f"Ngày quyết định {decision_date:%d/%m/%Y} sớm hơn năm {initiative.year} của sáng kiến, đề tài.",
                        field="decision_date")
    approved_on = initiative.steps.filter(status=Status.APPROVED).order_by("-on").values_list("on", flat=True).first()
    if approved_on and decision_date < approved_on:
        raise UserError(f"Ngày quyết định {decision_date:%d/%m/%Y} sớm hơn ngày hội đồng duyệt ({approved_on:%d/%m/%Y}).",
                        field="decision_date")
    reason = _note(reason)
    before = _initiative_snapshot(initiative)
    initiative.status, initiative.accepted = Status.ACCEPTED, True
    initiative.scope, initiative.decision_number, initiative.decision_date = scope, number, decision_date
    initiative.save(update_fields=["status", "accepted", "scope", "decision_number", "decision_date"])
    _step(initiative, actor=actor, on=decision_date, note=reason or f"Quyết định số {number}")
    _change(initiative, actor=actor, before=before, reason=reason)
    return initiative


# --- councils -----------------------------------------------------------------------------------------


@transaction.atomic
def council_create(
    *,
    actor,
    organisation: Organisation,
    year: int,
    name: str,
    members: list[tuple[Person, str]],
    method: str = Council.Method.VOTE,
    reason: str = "",
) -> Council:
    """Set up a science council of `organisation` for `year`: its members (person, role), one chair, one secretary."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    year = clean_year(year)
    name = normalise(name or "")
    if not name:
        raise UserError("Hãy nhập tên hội đồng (ví dụ «Hội đồng sáng kiến Bệnh viện Bạch Mai năm 2025»).", field="name")
    if len(name) > 255:
        raise UserError("Tên hội đồng dài quá 255 ký tự.", field="name")
    method = clean_choice(method, Council.Method, field="method", label="Cách đánh giá")
    seats: dict[int, tuple[Person, str]] = {}
    for person, role in members or []:
        role = clean_choice(role, CouncilMember.Role, field="members", label="Vai trò trong hội đồng")
        if person.pk in seats:
            raise UserError(f"«{person.full_name}» có tên hai lần trong danh sách thành viên hội đồng.", field="members")
        seats[person.pk] = (person, role)
    if len(seats) < MIN_MEMBERS:
        raise UserError(f"Hội đồng cần ít nhất {MIN_MEMBERS} thành viên (chủ tịch, thư ký và ít nhất một ủy viên).", field="members")
    roles = [role for _, role in seats.values()]
    for role, label in ((CouncilMember.Role.CHAIR, "chủ tịch"), (CouncilMember.Role.SECRETARY, "thư ký")):
        if roles.count(role) != 1:
            raise UserError(f"Hội đồng cần đúng một {label} (đang có {roles.count(role)}).", field="members")
    _people_in_scope(actor, [p for p, _ in seats.values()], field="members", who="thành viên")
    if Council.objects.filter(organisation=organisation, year=year, name=name).exists():
        raise UserError(f"{organisation.name} đã có hội đồng «{name}» năm {year}: hãy đặt tên khác.", field="name")
    council = Council.objects.create(organisation=organisation, year=year, name=name, method=method)
    CouncilMember.objects.bulk_create([CouncilMember(council=council, person=p, role=r) for p, r in seats.values()])
    after = {**snapshot(council), "members": sorted([p.pk, r] for p, r in seats.values())}
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=council, before=None, after=after, reason=_note(reason),
                 org_path=organisation.path)
    return council


@transaction.atomic
def meeting_record(
    *,
    actor,
    council: Council,
    held_on: date,
    attendees: list[Person],
    agenda: list[Initiative],
    minutes: str = "",
    reason: str = "",
) -> CouncilMeeting:
    """Record a meeting of `council`: its date, the members present, the initiatives and topics it reviews.

    A meeting below the quorum may be recorded (the minutes say it met), but it gives no result.
    """
    require(actor, Action.MANAGE_COMMENDATIONS, council.organisation)
    held_on = _date(held_on, field="held_on", label="ngày họp")
    if not council.year - 1 <= held_on.year <= council.year + 1:
        raise UserError(f"Ngày họp {held_on:%d/%m/%Y} không thuộc năm {council.year} của hội đồng (hoặc năm liền trước, liền sau).",
                        field="held_on")
    seats = {m.person_id: m for m in council.members.select_related("person")}
    people = list(dict.fromkeys(attendees or []))
    if not people:
        raise UserError("Hãy chọn các thành viên có mặt tại phiên họp.", field="attendees")
    strangers = [p for p in people if p.pk not in seats]
    if strangers:
        raise UserError(f"«{strangers[0]}» không phải thành viên {council.name}: chỉ ghi thành viên hội đồng vào danh sách có mặt.",
                        field="attendees")
    items = list(dict.fromkeys(agenda or []))
    if not items:
        raise UserError("Hãy chọn ít nhất một sáng kiến, đề tài để hội đồng xét.", field="agenda")
    allowed = set(Initiative.objects.filter(prefix_q("organisation__path", council.organisation.path), year=council.year)
                  .filter(pk__in=[i.pk for i in items]).values_list("pk", flat=True))
    for item in items:
        if item.pk not in allowed:
            raise UserError(f"«{item.title}» không thuộc {council.organisation.name} năm {council.year}: hội đồng này không xét được.",
                            field="agenda")
        if item.status != Status.REGISTERED:
            raise UserError(f"«{item.title}» đã có kết quả («{item.get_status_display()}»): không đưa vào phiên họp mới.", field="agenda")
    minutes = normalise(minutes or "") if len(minutes or "") <= 20000 else None
    if minutes is None:
        raise UserError("Biên bản tóm tắt dài quá 20.000 ký tự.", field="minutes")
    meeting = CouncilMeeting.objects.create(council=council, held_on=held_on, minutes=minutes)
    meeting.attendees.set([seats[p.pk] for p in people])
    meeting.agenda.set(items)
    after = {**snapshot(meeting), "attendees": sorted(p.pk for p in people), "agenda": sorted(i.pk for i in items)}
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=meeting, before=None, after=after, reason=_note(reason),
                 org_path=council.organisation.path)
    return meeting


def _clean_review(meeting: CouncilMeeting, initiative: Initiative, person: Person, vote, score, reasons: dict[int, str],
                  seats: dict[int, CouncilMember], present: set[int]) -> tuple[CouncilMember, str, int | None]:
    council = meeting.council
    member = seats.get(getattr(person, "pk", None))
    if member is None:
        raise UserError(f"«{person}» không phải thành viên {council.name}: chỉ thành viên hội đồng mới được biểu quyết, chấm điểm. "
                        "Không có ý kiến nào được ghi.", field="member")
    if member.pk not in present:
        raise UserError(f"«{person}» không có mặt tại phiên họp ngày {meeting.held_on:%d/%m/%Y}: chỉ thành viên có mặt mới được "
                        "biểu quyết, chấm điểm. Không có ý kiến nào được ghi.", field="member")
    if member.pk in reasons:
        raise UserError(f"«{person}» phải rút khỏi việc xét «{initiative.title}» vì {reasons[member.pk]}: không được biểu quyết, "
                        "chấm điểm. Không có ý kiến nào được ghi.", field="member")
    if council.method == Council.Method.VOTE:
        if score not in (None, ""):
            raise UserError(f"{council.name} biểu quyết tán thành hoặc không tán thành, không chấm điểm.", field="score")
        if vote not in Review.Vote.values:
            raise UserError(f"Biểu quyết của «{person}» «{vote or ''}» không hợp lệ: hãy chọn «Tán thành» hoặc «Không tán thành».",
                            field="vote")
        return member, vote, None
    if vote not in (None, ""):
        raise UserError(f"{council.name} chấm điểm, không biểu quyết: hãy nhập điểm từ {SCORE_MIN} đến {SCORE_MAX}.", field="vote")
    if isinstance(score, bool) or not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
        raise UserError(f"Điểm của «{person}» «{score if score is not None else ''}» không hợp lệ: hãy nhập một số nguyên từ "
                        f"{SCORE_MIN} đến {SCORE_MAX}.", field="score")
    return member, "", score


@transaction.atomic
def reviews_record(
    *,
    actor,
    meeting: CouncilMeeting,
    initiative: Initiative,
    reviews: list[tuple[Person, str | None, int | None]],
    reason: str = "",
) -> list[Review]:
    """Record the votes or scores of members present at `meeting` on `initiative`: (person, vote, score) each.

    All or nothing: a vote or score by someone not on the council, absent, or who must recuse
    (an author, or from an author's department), or a score outside 0–100, refuses the whole list.
    A member who already spoke may correct their vote or score until the council's result.
    """
    council = meeting.council
    require(actor, Action.MANAGE_COMMENDATIONS, council.organisation)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not meeting.agenda.filter(pk=initiative.pk).exists():
        raise UserError(f"«{initiative.title}» không có trong danh sách xét của phiên họp ngày {meeting.held_on:%d/%m/%Y}.",
                        field="initiative")
    if initiative.status != Status.REGISTERED:
        raise UserError(f"Hội đồng đã có kết quả về «{initiative.title}» («{initiative.get_status_display()}»): "
                        "không ghi thêm biểu quyết, điểm.", field="initiative")
    if not reviews:
        raise UserError("Hãy nhập biểu quyết hoặc điểm của ít nhất một thành viên.", field="reviews")
    seats = {m.person_id: m for m in council.members.all()}
    present = set(meeting.attendees.values_list("pk", flat=True))
    reasons = recusals(meeting=meeting, initiative=initiative)
    cleaned: dict[int, tuple[CouncilMember, str, int | None]] = {}
    for person, vote, score in reviews:
        member, vote, score = _clean_review(meeting, initiative, person, vote, score, reasons, seats, present)
        if member.pk in cleaned:
            raise UserError(f"«{person}» có hai ý kiến trong cùng danh sách: mỗi thành viên một ý kiến.", field="member")
        cleaned[member.pk] = (member, vote, score)
    note = _note(reason)
    saved = []
    for member, vote, score in cleaned.values():
        review = Review.objects.filter(meeting=meeting, initiative=initiative, member=member).first()
        before = snapshot(review) if review else None
        if review is None:
            review = Review.objects.create(meeting=meeting, initiative=initiative, member=member, vote=vote, score=score)
        else:
            review.vote, review.score = vote, score
            review.save(update_fields=["vote", "score"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE, obj=review,
                     before=before, after=snapshot(review), reason=note, org_path=council.organisation.path)
        saved.append(review)
    return saved


@transaction.atomic
def initiative_decide(*, actor, meeting: CouncilMeeting, initiative: Initiative, reason: str = "") -> Initiative:
    """The council's result on `initiative` at `meeting`: approved or rejected, from the votes or scores.

    Refused without a quorum (two thirds of the members present), with no member able to judge, or
    while a member present and not recused has not voted or scored.
    """
    council = meeting.council
    require(actor, Action.MANAGE_COMMENDATIONS, council.organisation)
    initiative = Initiative.objects.select_for_update().select_related("organisation").get(pk=initiative.pk)
    if not meeting.agenda.filter(pk=initiative.pk).exists():
        raise UserError(f"«{initiative.title}» không có trong danh sách xét của phiên họp ngày {meeting.held_on:%d/%m/%Y}.",
                        field="initiative")
    _status_is(initiative, (Status.REGISTERED,), "ghi kết quả của hội đồng")
    tally = review_tally(meeting=meeting, initiative=initiative)
    if not tally.quorum:
        raise UserError(f"Phiên họp chỉ có {tally.present}/{tally.members} thành viên có mặt, chưa đủ {quorum_needed(tally.members)} "
                        "(hai phần ba số thành viên hội đồng): chưa thể ra kết quả. Hãy họp lại khi đủ thành viên.", field="meeting")
    if not tally.voters:
        raise UserError("Mọi thành viên có mặt đều phải rút khỏi việc xét: hội đồng không thể ra kết quả về sáng kiến, đề tài này.",
                        field="meeting")
    if tally.missing:
        names = ", ".join(line.member.person.full_name for line in tally.missing)
        raise UserError(f"Còn thành viên có mặt chưa biểu quyết, chấm điểm: {names}. Hãy nhập đủ rồi ghi kết quả.", field="reviews")
    approved = tally.approved
    before = _initiative_snapshot(initiative)
    initiative.status = Status.APPROVED if approved else Status.REJECTED
    initiative.save(update_fields=["status"])
    if council.method == Council.Method.VOTE:
        summary = f"{tally.approvals}/{len(tally.voters)} thành viên tán thành"
    else:
        summary = f"điểm trung bình {tally.mean_score:g}/{SCORE_MAX} (đạt từ {PASS_SCORE})"
    note = _note(reason)
    _step(initiative, actor=actor, on=meeting.held_on, meeting=meeting,
          note=f"{council.name}: {summary}; {tally.present}/{tally.members} thành viên có mặt." + (f" {note}" if note else ""))
    _change(initiative, actor=actor, before=before, reason=note or summary)
    return initiative
