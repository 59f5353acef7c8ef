"""Hội đồng thi đua – khen thưởng: councils, their seats, meetings with a quorum, secret ballots, results, minutes.

Writes (services) check access through thidua.core.permissions, refuse bad input with a Vietnamese
sentence before writing, run in one transaction and leave an audit row per record. Reads
(selectors) keep to the actor's part of the tree.

A council member votes because their account is the `user` of a seat attending the meeting, not
because of a role. The ballot is secret: `BallotCast` records only that a seat voted, the `Tally`
only the counts, and the electronic vote leaves no audit row of the tally. The quorum and the share
of votes a proposal needs are rules parameters (thidua/rules/data/params/council.yaml) read with
the administrators' corrections, on the meeting's date.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from thidua.core.audit import audit_record, snapshot
from thidua.core.db import prefix_q
from thidua.core.errors import NotFound, UserError
from thidua.core.models import AuditEntry, RoleGrant
from thidua.core.permissions import Action, path_in_scope, require, scope_paths, scope_q
from thidua.core.text import normalise
from thidua.nominations.models import BallotCast, Council, Dossier, Meeting, Proposal, Recusal, Seat, Tally
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Membership, Person
from thidua.rules import catalogue
from thidua.rules.params import NotInForce, Parameters, ParamValue

QUORUM = "council.quorum"
APPROVAL = "council.approval."
AGENDA_STATUSES = (Dossier.Status.SUBMITTED, Dossier.Status.ACCEPTED)
TEXT_MAX = 2000


def _fmt(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def _required(value, *, field: str, message: str, limit: int, label: str) -> str:
    text = normalise(value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise UserError(message, field=field)
    if len(text) > limit:
        raise UserError(f"{label} dài quá {limit} ký tự.", field=field)
    return text


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _aware(value, *, field: str, label: str) -> datetime:
    if not isinstance(value, datetime):
        raise UserError(f"{label} «{value}» không hợp lệ: hãy nhập ngày và giờ dạng dd/mm/yyyy HH:MM.", field=field)
    return value if timezone.is_aware(value) else timezone.make_aware(value)


# --- Thresholds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """A share of votes (or of members present), of all members or of those present, "at least" or "more than"."""

    share: Fraction
    of: str  # "members" | "present"
    strict: bool
    citation: str
    confidence: str

    def needed(self, base: int) -> int:
        """The fewest votes (or people) out of `base` that meet the threshold; never fewer than one."""
        exact = self.share * base
        count = int(exact) + 1 if self.strict else -(-exact.numerator // exact.denominator)
        return max(count, 1)

    @property
    def share_text(self) -> str:
        if self.share == Fraction(1, 2):
            return "một nửa"
        percent = self.share * 100
        if percent.denominator == 1:
            return f"{percent.numerator} %"
        return f"{self.share.numerator}/{self.share.denominator}"

    @property
    def text(self) -> str:
        whom = "tổng số thành viên Hội đồng" if self.of == "members" else "số thành viên có mặt tham gia biểu quyết"
        return f"{'quá' if self.strict else 'ít nhất'} {self.share_text} {whom}"


def _share(raw, param_id: str) -> Fraction:
    try:
        if isinstance(raw, bool):
            raise ValueError
        if isinstance(raw, (int, float)):
            share = Fraction(str(raw)) / 100
        elif isinstance(raw, str) and raw.count("/") == 1:
            top, bottom = (int(part.strip()) for part in raw.split("/"))
            share = Fraction(top, bottom)
        else:
            raise ValueError
    except (ValueError, ZeroDivisionError):
        raise UserError(f"Tham số «{param_id}» có tỷ lệ «{raw}» không hợp lệ: quản trị hệ thống cần sửa lại "
                        "(dạng «2/3» hoặc số phần trăm).", field="param") from None
    if not 0 < share <= 1:
        raise UserError(f"Tham số «{param_id}» có tỷ lệ «{raw}» không nằm trong khoảng từ 0 đến 100 %: "
                        "quản trị hệ thống cần sửa lại.", field="param")
    return share


def _threshold(value: ParamValue) -> Threshold:
    raw = value.value
    if not isinstance(raw, dict) or raw.get("of") not in ("members", "present") or not isinstance(raw.get("strict", False), bool):
        raise UserError(f"Tham số «{value.id}» không đúng dạng {{share, of, strict}} (of là members hoặc present): "
                        "quản trị hệ thống cần sửa lại.", field="param")
    return Threshold(_share(raw.get("share"), value.id), raw["of"], bool(raw.get("strict", False)), value.cited,
                     value.citation.confidence)


def _param(params: Parameters, param_id: str, on: date, what: str) -> Threshold:
    try:
        return _threshold(params.get(param_id, on))
    except NotInForce:
        raise UserError(f"Chưa có quy định về {what} có hiệu lực vào ngày {_fmt(on)} (tham số «{param_id}»): "
                        "quản trị hệ thống cần bổ sung tham số này.", field="starts_at") from None


def _params() -> Parameters:
    from thidua.commendations.selectors import parameters_in_force

    return parameters_in_force()


def quorum_threshold(*, on: date, params: Parameters | None = None) -> Threshold:
    return _param(params or _params(), QUORUM, on, "số thành viên tối thiểu của phiên họp Hội đồng")


def approval_threshold(*, award: str, on: date, params: Parameters | None = None) -> Threshold:
    """The threshold of `award` (its own parameter when it has one, else the default) in force on `on`."""
    params = params or _params()
    param_id = APPROVAL + award if APPROVAL + award in params.ids() else APPROVAL + "default"
    return _param(params, param_id, on, "tỷ lệ phiếu thông qua của Hội đồng")


# --- Councils and seats ----------------------------------------------------------------------------


def _linked_during(organisation: Organisation, person: Person, first: date, last: date | None) -> bool:
    """Whether `person` worked in or was a union member of `organisation`'s subtree at some time in [first, last]."""
    employed = Employment.objects.filter(prefix_q("organisation__path", organisation.path), person=person).filter(
        Q(end__isnull=True) | Q(end__gte=first))
    members = Membership.objects.filter(prefix_q("org_path", organisation.path), person=person).filter(
        Q(left__isnull=True) | Q(left__gte=first))
    if last is not None:
        employed, members = employed.filter(start__lte=last), members.filter(joined__lte=last)
    return employed.exists() or members.exists()


@transaction.atomic
def council_create(*, actor, organisation: Organisation, name: str, term_from: date, term_to: date | None = None,
                   reason: str = "") -> Council:
    """An organisation's Hội đồng thi đua – khen thưởng for a term (open-ended when `term_to` is None)."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    name = _required(name, field="name", message="Hãy nhập tên Hội đồng.", limit=255, label="Tên Hội đồng")
    if not isinstance(term_from, date):
        raise UserError(f"Ngày bắt đầu nhiệm kỳ «{term_from}» không hợp lệ: hãy nhập một ngày dạng dd/mm/yyyy.", field="term_from")
    if term_to is not None and (not isinstance(term_to, date) or term_to < term_from):
        raise UserError("Ngày kết thúc nhiệm kỳ phải là một ngày, không sớm hơn ngày bắt đầu.", field="term_to")
    if not organisation.is_active_on(term_from):
        raise UserError(f"«{organisation.name}» không hoạt động vào ngày {_fmt(term_from)}: không lập Hội đồng được.", field="term_from")
    council = Council.objects.create(organisation=organisation, name=name, term_from=term_from, term_to=term_to)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=council, before=None, after=snapshot(council), reason=reason,
                 org_path=organisation.path)
    return council


def _user_belongs(user, organisation: Organisation) -> bool:
    paths = RoleGrant.objects.filter(user=user).values_list("organisation__path", flat=True)
    return any(path.startswith(organisation.path) for path in paths)


@transaction.atomic
def seat_add(*, actor, council: Council, person: Person, role: str, user=None, reason: str = "") -> Seat:
    """A member of the council; `user` is the account that votes for the seat (none: paper ballots only)."""
    org = council.organisation
    require(actor, Action.MANAGE_COMMENDATIONS, org)
    if role not in Seat.Role.values:
        accepted = ", ".join(f"{value} ({label})" for value, label in Seat.Role.choices)
        raise UserError(f"Vai trò «{role}» không hợp lệ. Các vai trò được nhận: {accepted}.", field="role")
    if not isinstance(person, Person):
        raise UserError("Hãy chọn một người làm thành viên Hội đồng.", field="person")
    if council.meetings.exists():
        raise UserError(f"Hội đồng «{council.name}» đã họp: không bổ sung thành viên được vì kết quả các phiên đã họp tính "
                        "trên thành phần cũ. Hãy lập Hội đồng mới (kiện toàn Hội đồng) với thành phần mới.", field="person")
    if not _linked_during(org, person, council.term_from, council.term_to):
        raise UserError(f"«{person.full_name}» không công tác hoặc sinh hoạt công đoàn ở «{org.name}» trong nhiệm kỳ của "
                        "Hội đồng: chỉ người của tổ chức mới làm thành viên được.", field="person")
    if council.seats.filter(person=person).exists():
        raise UserError(f"«{person.full_name}» đã là thành viên Hội đồng «{council.name}».", field="person")
    if role == Seat.Role.CHAIR and council.seats.filter(role=Seat.Role.CHAIR).exists():
        raise UserError(f"Hội đồng «{council.name}» đã có Chủ tịch: mỗi Hội đồng chỉ có một Chủ tịch.", field="role")
    if user is not None:
        if council.seats.filter(user=user).exists():
            raise UserError(f"Tài khoản «{user.username}» đã gắn với một thành viên khác của Hội đồng: mỗi tài khoản "
                            "chỉ bỏ phiếu cho một thành viên.", field="user")
        if not _user_belongs(user, org):
            raise UserError(f"Tài khoản «{user.username}» không thuộc «{org.name}» hay đơn vị trực thuộc: không gắn vào "
                            "thành viên Hội đồng được.", field="user")
    try:
        with transaction.atomic():
            seat = Seat.objects.create(council=council, person=person, role=role, user=user)
    except IntegrityError:  # added by someone else a moment ago
        raise UserError(f"«{person.full_name}» đã là thành viên Hội đồng «{council.name}».", field="person") from None
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=seat, before=None, after=snapshot(seat), reason=reason,
                 org_path=org.path)
    return seat


# --- Meetings --------------------------------------------------------------------------------------


def agenda_candidates(*, council: Council) -> QuerySet[Proposal]:
    """Proposals the council may put on a meeting's agenda: still proposed, in a dossier its organisation
    holds (submitted to it or accepted by it) or its own dossier at home, and not on another open meeting."""
    org = council.organisation
    return (
        Proposal.objects.filter(status=Proposal.Status.PROPOSED, dossier__holder=org)
        .filter(Q(dossier__status__in=AGENDA_STATUSES) | Q(dossier__proposer=org, dossier__status=Dossier.Status.DRAFT))
        .exclude(meetings__closed=False)
        .select_related("dossier", "person", "organisation")
        .order_by("dossier_id", "organisation__path", "person__sort_key", "id")
    )


def _subject_name(proposal: Proposal) -> str:
    return proposal.person.full_name if proposal.person_id else proposal.organisation.name


def award_name(code: str) -> str:
    award = catalogue().get(code)
    return award.name if award else code


def _recusal_reason(seat: Seat, proposal: Proposal, on: date) -> str:
    if proposal.person_id and proposal.person_id == seat.person_id:
        return "Là người được đề nghị khen thưởng"
    if proposal.organisation_id and _linked_during(proposal.organisation, seat.person, on, on):
        return f"Công tác tại tập thể được đề nghị ({proposal.organisation.name})"
    return ""


@transaction.atomic
def meeting_open(*, actor, council: Council, starts_at: datetime, place: str, attendees: list[Seat],
                 proposals: list[Proposal], reason: str = "") -> Meeting:
    """A meeting of the council with the members present and the proposals on its agenda; a member who is
    a proposal's subject, or works in the proposed collective, is recused from it at once."""
    org = council.organisation
    require(actor, Action.MANAGE_COMMENDATIONS, org)
    starts_at = _aware(starts_at, field="starts_at", label="Thời gian bắt đầu")
    on = _day(starts_at)
    place = _required(place, field="place", message="Hãy nhập địa điểm họp.", limit=255, label="Địa điểm họp")
    if on < council.term_from or (council.term_to is not None and on > council.term_to):
        term = f"từ {_fmt(council.term_from)}" + (f" đến {_fmt(council.term_to)}" if council.term_to else "")
        raise UserError(f"Ngày họp {_fmt(on)} ngoài nhiệm kỳ của Hội đồng ({term}).", field="starts_at")
    attendees = list({seat.pk: seat for seat in attendees}.values())
    if any(seat.council_id != council.pk for seat in attendees):
        raise UserError("Chỉ chọn thành viên của Hội đồng này làm người có mặt.", field="attendees")
    proposals = list({p.pk: p for p in proposals}.values())
    if not proposals:
        raise UserError("Hãy chọn ít nhất một đề nghị để Hội đồng xét.", field="proposals")
    allowed = set(agenda_candidates(council=council).filter(pk__in=[p.pk for p in proposals]).values_list("pk", flat=True))
    strangers = [p for p in proposals if p.pk not in allowed]
    if strangers:
        # Name only the subjects the actor may see (a proposal from elsewhere in the tree stays anonymous).
        named = [f"«{_subject_name(p)}»" for p in strangers if path_in_scope(actor, p.dossier.proposer.path)]
        listed = ", ".join(named) if len(named) == len(strangers) else f"{len(strangers)} đề nghị đã chọn"
        raise UserError(f"Không đưa được đề nghị của {listed} vào phiên họp: Hội đồng chỉ xét các đề nghị còn chờ xét trong "
                        f"hồ sơ đã trình lên hoặc đang do «{org.name}» xử lý, chưa có trong một phiên họp khác.", field="proposals")
    params = _params()
    members = council.seats.count()
    quorum = quorum_threshold(on=on, params=params)
    needed = quorum.needed(members)
    if len(attendees) < needed:
        raise UserError(f"Chưa đủ số thành viên để họp: cần ít nhất {needed}/{members} thành viên có mặt ({quorum.text}, "
                        f"theo {quorum.citation}); mới có {len(attendees)}.", field="attendees")
    for proposal in proposals:
        approval_threshold(award=proposal.award, on=on, params=params)  # refused now rather than at the close
    meeting = Meeting.objects.create(council=council, starts_at=starts_at, place=place)
    meeting.attendees.set(attendees)
    meeting.agenda.set(proposals)
    Tally.objects.bulk_create([Tally(meeting=meeting, proposal=p) for p in proposals])
    after = {**snapshot(meeting), "attendees": sorted(s.pk for s in attendees), "agenda": sorted(p.pk for p in proposals)}
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=meeting, before=None, after=after, reason=reason, org_path=org.path)
    for proposal in proposals:
        for seat in attendees:
            why = _recusal_reason(seat, proposal, on)
            if why:
                recusal = Recusal.objects.create(meeting=meeting, proposal=proposal, seat=seat, reason=why)
                audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=recusal, before=None, after=snapshot(recusal),
                             reason=why, org_path=org.path)
    return meeting


def _locked_open(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("council__organisation").get(pk=meeting.pk)
    if meeting.closed:
        raise UserError("Phiên họp đã kết thúc bỏ phiếu: không thay đổi được kết quả.", field="meeting")
    return meeting


def _on_agenda(meeting: Meeting, proposal: Proposal) -> None:
    if not isinstance(proposal, Proposal) or not meeting.agenda.filter(pk=proposal.pk).exists():
        raise UserError("Đề nghị này không có trong chương trình của phiên họp.", field="proposal")


@transaction.atomic
def recuse(*, actor, meeting: Meeting, proposal: Proposal, seat: Seat, reason: str) -> Recusal:
    """A member present does not take part in the vote on one proposal (conflict of interest), with a reason."""
    require(actor, Action.MANAGE_COMMENDATIONS, meeting.council.organisation)
    meeting = _locked_open(meeting)
    _on_agenda(meeting, proposal)
    reason = _required(reason, field="reason", message="Hãy ghi lý do thành viên không tham gia biểu quyết.", limit=500,
                       label="Lý do")
    if not isinstance(seat, Seat) or not meeting.attendees.filter(pk=seat.pk).exists():
        raise UserError("Chỉ thành viên có mặt ở phiên họp mới cần ghi không tham gia biểu quyết.", field="seat")
    if Recusal.objects.filter(meeting=meeting, proposal=proposal, seat=seat).exists():
        raise UserError(f"«{seat.person.full_name}» đã không tham gia biểu quyết đề nghị này.", field="seat")
    if BallotCast.objects.filter(meeting=meeting, proposal=proposal, seat=seat).exists():
        raise UserError(f"«{seat.person.full_name}» đã bỏ phiếu cho đề nghị này: phiếu kín không rút lại được.", field="seat")
    recusal = Recusal.objects.create(meeting=meeting, proposal=proposal, seat=seat, reason=reason)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=recusal, before=None, after=snapshot(recusal), reason=reason,
                 org_path=meeting.council.organisation.path)
    return recusal


def _paper_counted(meeting: Meeting, proposal: Proposal, tally: Tally) -> bool:
    """Whether the tally holds a paper count (more votes than electronic ballots)."""
    return tally.votes_cast > BallotCast.objects.filter(meeting=meeting, proposal=proposal).count()


@transaction.atomic
def ballot_cast(*, actor, meeting: Meeting, proposal: Proposal, approve: bool) -> None:
    """The actor's secret vote on one proposal, as the member whose seat they hold. Only the count is kept."""
    meeting = _locked_open(meeting)
    _on_agenda(meeting, proposal)
    if not isinstance(approve, bool):
        raise UserError("Hãy chọn «Đồng ý» hoặc «Không đồng ý».", field="approve")
    seat = seat_of(actor=actor, meeting=meeting)
    if seat is None:
        raise UserError("Bạn không phải thành viên Hội đồng có mặt ở phiên họp này: không bỏ phiếu được.", field="meeting")
    if Recusal.objects.filter(meeting=meeting, proposal=proposal, seat=seat).exists():
        raise UserError("Bạn không tham gia biểu quyết đề nghị này (đã ghi không tham gia biểu quyết).", field="proposal")
    if BallotCast.objects.filter(meeting=meeting, proposal=proposal, seat=seat).exists():
        raise UserError("Bạn đã bỏ phiếu cho đề nghị này.", field="proposal")
    tally = Tally.objects.select_for_update().get(meeting=meeting, proposal=proposal)
    if _paper_counted(meeting, proposal, tally):
        raise UserError("Đề nghị này đã được Thư ký nhập kết quả kiểm phiếu giấy: không bỏ phiếu điện tử được.", field="proposal")
    try:
        with transaction.atomic():
            cast = BallotCast.objects.create(meeting=meeting, proposal=proposal, seat=seat)
    except IntegrityError:  # the same vote sent twice at once
        raise UserError("Bạn đã bỏ phiếu cho đề nghị này.", field="proposal") from None
    Tally.objects.filter(pk=tally.pk).update(**({"votes_for": F("votes_for") + 1} if approve else
                                                {"votes_against": F("votes_against") + 1}))
    # That the seat voted is history; how it voted is not (nothing about the tally is logged here).
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=cast, before=None, after=snapshot(cast),
                 org_path=meeting.council.organisation.path)


def _voters(meeting: Meeting, proposal: Proposal) -> int:
    """Members present who may vote on the proposal (not recused)."""
    recused = Recusal.objects.filter(meeting=meeting, proposal=proposal, seat__in=meeting.attendees.all()).count()
    return meeting.attendees.count() - recused


@transaction.atomic
def tally_record(*, actor, meeting: Meeting, proposal: Proposal, votes_for: int, votes_against: int, reason: str = "") -> Tally:
    """The secretary's count of a paper ballot on one proposal (replaces an earlier paper count)."""
    require(actor, Action.MANAGE_COMMENDATIONS, meeting.council.organisation)
    meeting = _locked_open(meeting)
    _on_agenda(meeting, proposal)
    for value, name, label in ((votes_for, "votes_for", "Số phiếu đồng ý"), (votes_against, "votes_against", "Số phiếu không đồng ý")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UserError(f"{label} «{value}» không hợp lệ: hãy nhập một số nguyên không âm.", field=name)
    voters = _voters(meeting, proposal)
    if votes_for + votes_against > voters:
        raise UserError(f"Tổng số phiếu ({votes_for + votes_against}) nhiều hơn số thành viên có mặt được biểu quyết ({voters}).",
                        field="votes_for")
    if BallotCast.objects.filter(meeting=meeting, proposal=proposal).exists():
        raise UserError("Đề nghị này đã có phiếu bỏ trên phần mềm: không nhập kết quả kiểm phiếu giấy được.", field="proposal")
    tally = Tally.objects.select_for_update().get(meeting=meeting, proposal=proposal)
    before = snapshot(tally)
    tally.votes_for, tally.votes_against = votes_for, votes_against
    tally.save(update_fields=["votes_for", "votes_against"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=tally, before=before, after=snapshot(tally),
                 reason=reason or "Kết quả kiểm phiếu giấy", org_path=meeting.council.organisation.path)
    return tally


@transaction.atomic
def meeting_close(*, actor, meeting: Meeting, ends_at: datetime, conclusion: str = "") -> Meeting:
    """End the vote: each proposal on the agenda is passed or not, against its threshold."""
    org = meeting.council.organisation
    require(actor, Action.MANAGE_COMMENDATIONS, org)
    meeting = _locked_open(meeting)
    ends_at = _aware(ends_at, field="ends_at", label="Thời gian kết thúc")
    if ends_at < meeting.starts_at:
        raise UserError("Thời gian kết thúc sớm hơn thời gian bắt đầu phiên họp.", field="ends_at")
    conclusion = normalise(conclusion or "").strip() if isinstance(conclusion, str) else ""
    if len(conclusion) > TEXT_MAX:
        raise UserError(f"Kết luận dài quá {TEXT_MAX} ký tự.", field="conclusion")
    result = meeting_result(meeting=meeting)
    before = snapshot(meeting)
    for line in result.lines:
        proposal = Proposal.objects.select_for_update().get(pk=line.proposal.pk)
        old = snapshot(proposal)
        proposal.status = Proposal.Status.PASSED if line.passed else Proposal.Status.FAILED
        proposal.save(update_fields=["status"])
        why = (f"Hội đồng «{meeting.council.name}» biểu quyết: {line.votes_for} đồng ý / {line.base} ({line.threshold.text}, "
               f"cần {line.needed}; {line.threshold.citation})")
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=proposal, before=old, after=snapshot(proposal),
                     reason=why, org_path=org.path)
    meeting.closed, meeting.ends_at, meeting.conclusion = True, ends_at, conclusion
    meeting.save(update_fields=["closed", "ends_at", "conclusion"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=meeting, before=before, after=snapshot(meeting),
                 reason="Kết thúc bỏ phiếu", org_path=org.path)
    return meeting


# --- Reads -----------------------------------------------------------------------------------------


def council_visible(*, actor) -> QuerySet[Council]:
    return Council.objects.filter(scope_q(actor, Action.VIEW, field="organisation__path")).select_related("organisation")


def council_get(*, actor, pk) -> Council:
    try:
        return council_visible(actor=actor).get(pk=pk)
    except (Council.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy Hội đồng thi đua – khen thưởng này trong phạm vi của bạn.") from None


def council_list(*, actor, organisation: Organisation | None = None) -> QuerySet[Council]:
    councils = council_visible(actor=actor)
    if organisation is not None:
        councils = councils.filter(organisation=organisation)
    return councils.order_by("organisation__path", "-term_from", "id")


def seats_of(*, council: Council) -> list[Seat]:
    order = {value: i for i, value in enumerate(Seat.Role.values)}
    seats = list(council.seats.select_related("person", "user"))
    return sorted(seats, key=lambda s: (order[s.role], s.person.sort_key, s.pk))


def seat_candidates(*, council: Council, limit: int = 500) -> list[Person]:
    """People of the council's organisation during its term who hold no seat yet, in name order."""
    org = council.organisation
    first = council.term_from
    employed = Employment.objects.filter(prefix_q("organisation__path", org.path)).filter(Q(end__isnull=True) | Q(end__gte=first))
    members = Membership.objects.filter(prefix_q("org_path", org.path)).filter(Q(left__isnull=True) | Q(left__gte=first))
    ids = set(employed.values_list("person_id", flat=True)) | set(members.values_list("person_id", flat=True))
    taken = council.seats.values_list("person_id", flat=True)
    return list(Person.objects.filter(pk__in=ids).exclude(pk__in=taken).order_by("sort_key", "id")[:limit])


def seat_users(*, council: Council) -> QuerySet:
    """Accounts that may be tied to a seat: holding a role in the council's organisation or below it."""
    user_ids = RoleGrant.objects.filter(prefix_q("organisation__path", council.organisation.path)).values_list("user_id", flat=True)
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("username")


def meeting_visible(*, actor) -> QuerySet[Meeting]:
    """Meetings of councils in the actor's scope, and those of a council where the actor holds a seat."""
    meetings = Meeting.objects.select_related("council", "council__organisation")
    if scope_paths(actor, Action.VIEW) is None:
        return meetings  # the whole tree (an empty Q would vanish from the "or" below)
    seated = Q(council__seats__user_id=actor.pk) if getattr(actor, "pk", None) else Q(pk__in=[])
    ids = Meeting.objects.filter(scope_q(actor, Action.VIEW, field="council__organisation__path") | seated).values("pk")
    return meetings.filter(pk__in=ids)


def meeting_get(*, actor, pk) -> Meeting:
    try:
        return meeting_visible(actor=actor).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy phiên họp Hội đồng này trong phạm vi của bạn.") from None


def meeting_list(*, actor, council: Council) -> QuerySet[Meeting]:
    return meeting_visible(actor=actor).filter(council=council).order_by("-starts_at", "-id")


def meetings_awaiting_vote(*, actor) -> QuerySet[Meeting]:
    """Open meetings where the actor sits among the members present: where their vote is awaited."""
    if not getattr(actor, "pk", None):
        return Meeting.objects.none()
    return (Meeting.objects.filter(closed=False, attendees__user_id=actor.pk).distinct()
            .select_related("council", "council__organisation").order_by("starts_at", "id"))


def seat_of(*, actor, meeting: Meeting) -> Seat | None:
    """The actor's seat among the members present at the meeting, if any."""
    if not getattr(actor, "pk", None):
        return None
    return meeting.attendees.filter(user_id=actor.pk).select_related("person").first()


def voted_by(*, seat: Seat, meeting: Meeting) -> set[int]:
    """Ids of the proposals this seat has voted on (never how)."""
    return set(BallotCast.objects.filter(meeting=meeting, seat=seat).values_list("proposal_id", flat=True))


@dataclass
class ResultLine:
    proposal: Proposal
    name: str
    award_name: str
    votes_for: int
    votes_against: int
    votes_cast: int
    ballots: int  # of those, cast on the software (the rest: a paper count)
    voters: int  # members present and not recused
    base: int  # what the share is taken of: all members or the voters
    needed: int
    threshold: Threshold
    passed: bool
    recused: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)

    @property
    def percent(self) -> str:
        if not self.base:
            return "–"
        return f"{self.votes_for * 100 / self.base:.1f}".replace(".", ",").removesuffix(",0") + " %"


@dataclass
class MeetingResult:
    meeting: Meeting
    members: int
    present: int
    quorum: Threshold
    quorum_needed: int
    lines: list[ResultLine]

    @property
    def quorate(self) -> bool:
        return self.present >= self.quorum_needed


def meeting_result(*, meeting: Meeting) -> MeetingResult:
    """Per proposal on the agenda: votes for, against and cast, the share, the threshold with its citation,
    and whether it passes (provisional while the meeting is open; as decided at the close afterwards)."""
    on = _day(meeting.starts_at)
    params = _params()
    members = meeting.council.seats.count()
    present = meeting.attendees.count()
    quorum = quorum_threshold(on=on, params=params)
    tallies = {t.proposal_id: t for t in meeting.tallies.all()}
    ballots: dict[int, int] = {}
    for proposal_id in BallotCast.objects.filter(meeting=meeting).values_list("proposal_id", flat=True):
        ballots[proposal_id] = ballots.get(proposal_id, 0) + 1
    recusals: dict[int, list[tuple[str, str]]] = {}
    for recusal in Recusal.objects.filter(meeting=meeting).select_related("seat__person").order_by("id"):
        recusals.setdefault(recusal.proposal_id, []).append((recusal.seat.person.full_name, recusal.reason))
    lines = []
    agenda = meeting.agenda.select_related("person", "organisation", "dossier").order_by("dossier_id", "organisation__path",
                                                                                        "person__sort_key", "id")
    for proposal in agenda:
        tally = tallies.get(proposal.pk) or Tally(votes_for=0, votes_against=0)
        threshold = approval_threshold(award=proposal.award, on=on, params=params)
        voters = present - len(recusals.get(proposal.pk, []))
        base = members if threshold.of == "members" else voters
        needed = threshold.needed(base)
        if meeting.closed:
            passed = proposal.status not in (Proposal.Status.FAILED, Proposal.Status.PROPOSED)
        else:
            passed = present >= quorum.needed(members) and tally.votes_for >= needed
        lines.append(ResultLine(
            proposal=proposal, name=_subject_name(proposal), award_name=award_name(proposal.award), votes_for=tally.votes_for,
            votes_against=tally.votes_against, votes_cast=tally.votes_cast, ballots=ballots.get(proposal.pk, 0), voters=voters,
            base=base, needed=needed, threshold=threshold, passed=passed, recused=recusals.get(proposal.pk, []),
        ))
    return MeetingResult(meeting=meeting, members=members, present=present, quorum=quorum,
                         quorum_needed=quorum.needed(members), lines=lines)


# --- Minutes ---------------------------------------------------------------------------------------


def _presiding(attending: list[Seat]) -> tuple[str, str]:
    """(who presides, who keeps the minutes) among the members present."""
    by_role = {}
    for seat in attending:
        by_role.setdefault(seat.role, seat.person.full_name)
    chair = by_role.get(Seat.Role.CHAIR) or by_role.get(Seat.Role.VICE_CHAIR) or (attending[0].person.full_name if attending else "")
    return chair, by_role.get(Seat.Role.SECRETARY, "")


def minutes_doc(*, meeting: Meeting):
    """The meeting's minutes as data for thidua.documents.word.minutes_docx (after the vote has ended)."""
    from thidua.documents.data import BallotLine, Letterhead, MinutesDoc

    if not meeting.closed or meeting.ends_at is None:
        raise UserError("Phiên họp chưa kết thúc bỏ phiếu: biên bản được lập sau khi kết thúc.", field="meeting")
    council = meeting.council
    org = council.organisation
    result = meeting_result(meeting=meeting)
    seats = seats_of(council=council)
    present_ids = set(meeting.attendees.values_list("pk", flat=True))
    attending = [s for s in seats if s.pk in present_ids]
    chair, secretary = _presiding(attending)
    letterhead = Letterhead(
        parent_body=org.parent.name.upper() if org.parent_id else "", issuer=org.name.upper(), symbol=org.code,
        place=org.province_name or "", signer_authority="", signer_title="CHỦ TỌA", signer_name=chair,
    )
    thresholds = sorted({f"«{line.award_name}»: {line.threshold.text} ({line.threshold.citation})" for line in result.lines})
    conclusion = " ".join(filter(None, [
        meeting.conclusion,
        "Ngưỡng thông qua: " + "; ".join(thresholds) + "." if thresholds else "",
    ]))
    return MinutesDoc(
        letterhead=letterhead, number=None, date=_day(meeting.starts_at),
        subject=f"Họp {council.name} xét, đề nghị khen thưởng",
        started_at=timezone.localtime(meeting.starts_at), ended_at=timezone.localtime(meeting.ends_at), place=meeting.place,
        chair=chair, secretary=secretary, members_total=result.members,
        present=[f"{s.person.full_name} – {s.get_role_display()}" for s in attending],
        absent=[f"{s.person.full_name} – {s.get_role_display()}" for s in seats if s.pk not in present_ids],
        agenda=f"Xét, bỏ phiếu kín đối với {len(result.lines)} đề nghị khen thưởng",
        results=[BallotLine(index=i, name=line.name, award_name=line.award_name, votes_for=line.votes_for,
                            votes_cast=line.votes_cast, passed=line.passed) for i, line in enumerate(result.lines, start=1)],
        conclusion=conclusion,
    )


def minutes_docx_bytes(*, meeting: Meeting) -> bytes:
    from thidua.documents.word import minutes_docx

    return minutes_docx(minutes_doc(meeting=meeting))
