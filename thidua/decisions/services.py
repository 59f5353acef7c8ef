"""Writes of commendation decisions (quyết định khen thưởng): drafting, issuing under a gap-free number,
recording decisions of higher levels, revoking and correcting, and each organisation's document settings.

Every function checks access through thidua.core.permissions, refuses bad input with a Vietnamese
sentence before writing anything, runs in one transaction and leaves an audit row per record.
An issued decision never changes: a correction or a revocation is a new decision referring to it.

Numbers come from `NumberSequence`, one row per issuer and year, incremented by an UPDATE that is
the lock: two officers issuing at once wait for each other and get consecutive numbers, and a
refused or rolled-back issue gives its number back with the transaction (no gaps).
"""
from __future__ import annotations

import re
import secrets
import threading
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from thidua.commendations.models import AwardRecord
from thidua.commendations.services import award_revoke
from thidua.core.audit import audit_record, snapshot
from thidua.core.db import prefix_q
from thidua.core.errors import UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, require
from thidua.core.scales import clean_year
from thidua.core.text import normalise
from thidua.decisions.models import Decision, DecisionItem, DocumentSettings, NumberSequence
from thidua.documents.data import Letterhead
from thidua.nominations.models import Dossier, Proposal, Round
from thidua.nominations.services import record_step
from thidua.organisations.models import Organisation, OrgKind
from thidua.people.models import Employment, Membership, Person
from thidua.rules import catalogue

TYPE_CODE = "QĐ"
TEXT_MAX = 2000
# Verification codes: no 0/O, 1/I/L, so a code read off paper is typed back right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16
_SQLITE_WRITER = threading.Lock()
DEFAULT_SIGNER_TITLE = "CHỦ TỊCH"
DEFAULT_SIGNER_AUTHORITY = "TM. BAN CHẤP HÀNH"


@dataclass(frozen=True)
class ItemInput:
    """One recipient to put on a draft by hand: a person or a collective, with the year of the achievement."""

    person: Person | None = None
    organisation: Organisation | None = None
    year: int | None = None  # the decision's year when left out
    achievement: str = ""
    amount: int = 0


@dataclass(frozen=True)
class Correction:
    """What a correcting decision changes in one item of an issued decision; None keeps the old value."""

    item: DecisionItem
    award: str | None = None
    year: int | None = None
    person: Person | None = None
    organisation: Organisation | None = None
    achievement: str | None = None
    amount: int | None = None


# --- small helpers -------------------------------------------------------------------------------


def _fmt(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def _stamp(actor):
    return actor if getattr(actor, "pk", None) else None


def _check_date(value, *, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise UserError(f"{label} «{value}» không hợp lệ: hãy nhập một ngày dạng dd/mm/yyyy.", field=field)
    return value


def _text(value, *, field: str, label: str, limit: int = TEXT_MAX, required: str = "") -> str:
    text = normalise(value or "")
    if required and not text:
        raise UserError(required, field=field)
    if len(text) > limit:
        raise UserError(f"{label} dài quá {limit} ký tự.", field=field)
    return text


def _amount(value, *, field: str = "amount") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 10**12:
        raise UserError(f"Tiền thưởng «{value}» không hợp lệ: hãy nhập số đồng (số nguyên, không âm).", field=field)
    return value


def _subject_name(person: Person | None, organisation: Organisation | None) -> str:
    return person.full_name if person is not None else organisation.name


def _immutable(decision: Decision) -> UserError:
    return UserError(f"{decision} đã ban hành nên không sửa được nữa: muốn thay đổi, hãy ban hành quyết định "
                     "đính chính hoặc quyết định thu hồi.", field="decision")


def _lock_draft(decision: Decision) -> Decision:
    decision = Decision.objects.select_for_update(of=("self",)).select_related("issuer", "received_by").get(pk=decision.pk)
    if decision.status != Decision.Status.DRAFT:
        raise _immutable(decision)
    return decision


def clean_award_for(code, *, issuer: Organisation | None = None, on: date | None = None):
    """The catalogue entry `code`, in force on `on`, that `issuer`'s kind of organisation may confer."""
    entry = catalogue().get(code) if isinstance(code, str) else None
    if entry is None:
        raise UserError(f"Danh hiệu, hình thức «{code}» không có trong danh mục thi đua, khen thưởng: hãy chọn trong danh sách.",
                        field="award")
    if on is not None and not entry.in_force_on(on):
        raise UserError(f"«{entry.name}» không có hiệu lực vào ngày {_fmt(on)}.", field="award")
    if issuer is not None and issuer.kind not in entry.conferred_by:
        allowed = ", ".join(OrgKind(k).label for k in entry.conferred_by if k in OrgKind.values) or "cấp có thẩm quyền ngoài Công đoàn"
        raise UserError(f"«{issuer.name}» không có thẩm quyền tặng «{entry.name}»: hình thức này do {allowed} tặng. "
                        "Hãy trình lên cấp có thẩm quyền.", field="award")
    return entry


def _check_subject_kind(entry, *, person: Person | None, organisation: Organisation | None) -> None:
    subject = "individual" if person is not None else "collective"
    if entry.subject not in (subject, "both"):
        who, other = ("cá nhân", "tập thể") if subject == "individual" else ("tập thể", "cá nhân")
        raise UserError(f"«{entry.name}» dành cho {other}, không tặng cho {who} «{_subject_name(person, organisation)}» được.",
                        field="person" if person is not None else "organisation")


def _linked_to(person: Person, org: Organisation) -> bool:
    """Was the person ever employed in, or a member of, `org`'s subtree?"""
    condition = prefix_q("organisation__path", org.path)
    return (Employment.objects.filter(condition, person=person).exists()
            or Membership.objects.filter(condition, person=person).exists())


def _check_in_subtree(org: Organisation, *, person: Person | None, organisation: Organisation | None) -> None:
    if person is not None and not _linked_to(person, org):
        raise UserError(f"«{person.full_name}» không công tác, sinh hoạt công đoàn ở «{org.name}» hay đơn vị trực thuộc: "
                        "chỉ khen thưởng được người trong phạm vi của đơn vị mình.", field="person")
    if organisation is not None and not organisation.path.startswith(org.path):
        raise UserError(f"«{organisation.name}» không phải «{org.name}» hay đơn vị trực thuộc: chỉ khen thưởng được "
                        "tập thể trong phạm vi của đơn vị mình.", field="organisation")


def position_unit(*, person: Person | None = None, organisation: Organisation | None = None, on: date) -> str:
    """'Điều dưỡng, Công đoàn Bệnh viện Bạch Mai' from the employment on `on`; a collective's parent."""
    if organisation is not None:
        return organisation.parent.name if organisation.parent_id else ""
    employment = (Employment.objects.filter(person=person, start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))
                  .select_related("organisation").order_by("-start", "-id").first())
    if employment is None:
        employment = Employment.objects.filter(person=person).select_related("organisation").order_by("-start", "-id").first()
    if employment is None:
        return ""
    return f"{employment.position}, {employment.organisation.name}" if employment.position else employment.organisation.name


def default_grounds(issuer: Organisation) -> str:
    return "\n".join([
        "Căn cứ Điều lệ Công đoàn Việt Nam",
        "Căn cứ Quy chế thi đua, khen thưởng của tổ chức Công đoàn",
        f"Căn cứ Biên bản họp Hội đồng Thi đua – Khen thưởng {issuer.name}",
    ])


def default_symbol(org: Organisation) -> str:
    """The issuer's code in decision numbers when it set none: its code without spaces, upper case."""
    return re.sub(r"\s+", "", org.code).upper()


def letterhead_for(org: Organisation, *, signer_name: str = "", signer_title: str = "", signer_authority: str = "") -> Letterhead:
    """The issuer's document settings, or defaults from the tree (its parent above, its own name)."""
    settings = DocumentSettings.objects.filter(organisation=org).first()
    if settings is not None:
        return Letterhead(parent_body=settings.parent_body, issuer=settings.issuer, symbol=settings.symbol, place=settings.place,
                          signer_authority=signer_authority or settings.signer_authority,
                          signer_title=signer_title or settings.signer_title, signer_name=signer_name or settings.signer_name)
    return Letterhead(parent_body=org.parent.name.upper() if org.parent_id else "", issuer=org.name.upper(),
                      symbol=default_symbol(org), place=org.province_name or "",
                      signer_authority=signer_authority or DEFAULT_SIGNER_AUTHORITY,
                      signer_title=signer_title or DEFAULT_SIGNER_TITLE, signer_name=signer_name)


def decision_letterhead(decision: Decision) -> Letterhead:
    """The issuer's letterhead with the decision's own signer, as its documents and certificates print it."""
    return letterhead_for(decision.issuer, signer_name=decision.signer_name, signer_title=decision.signer_title,
                          signer_authority=decision.signer_authority)


def number_text_for(number: int, symbol: str) -> str:
    """'05/QĐ-CĐYT': numbers below 10 get a leading zero (NĐ 30/2020)."""
    return f"{number:02d}/{TYPE_CODE}-{symbol}"


# --- verification codes --------------------------------------------------------------------------


def format_verification_code(raw: str) -> str:
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalise_verification_code(text) -> str | None:
    """A code as typed (any case, with or without dashes or spaces) in its stored form; None if malformed."""
    raw = re.sub(r"[\s\-–]+", "", str(text or "")[:100]).upper()  # the cap: whatever is pasted in
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return format_verification_code(raw)


def _new_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        wanted = count - len(codes)
        fresh = {format_verification_code("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))) for _ in range(wanted)}
        taken = set(DecisionItem.objects.filter(verification_code__in=fresh).values_list("verification_code", flat=True))
        codes |= fresh - taken
    return list(codes)[:count]


# --- numbering -----------------------------------------------------------------------------------


def _take_number(issuer: Organisation, year: int) -> int:
    """The next number of (issuer, year). The UPDATE comes first: it takes the row (PostgreSQL) or the
    write lock (SQLite) before anything is read, so a concurrent issue waits and then counts on."""
    sequences = NumberSequence.objects.filter(issuer=issuer, year=year)
    if not sequences.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                NumberSequence.objects.create(issuer=issuer, year=year, last=1)
            return 1
        except IntegrityError:  # another officer created the year's row a moment ago
            sequences.update(last=F("last") + 1)
    return sequences.select_for_update().values_list("last", flat=True).get()


def _one_writer_at_a_time(function):
    """Numbering writes of this process queue on a lock when the database is SQLite.

    SQLite has one writer at a time. A database file makes the others wait for it (busy_timeout, see
    config/env.py); the in-memory database the tests share between threads answers "locked" at once
    instead, so this process's issuing threads take turns here first. PostgreSQL needs nothing: the
    sequence row's lock orders them. Only as the outermost transaction (inside another one the lock
    would come too late)."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return function(*args, **kwargs)
        with _SQLITE_WRITER:
            return function(*args, **kwargs)

    return wrapper


# --- drafting ------------------------------------------------------------------------------------


def _proposal_items(issuer: Organisation, dossiers: Iterable[Dossier], award: str) -> list[Proposal]:
    proposals: list[Proposal] = []
    for dossier in dossiers:
        dossier = Dossier.objects.select_related("holder", "proposer").get(pk=dossier.pk)
        if issuer.pk not in (dossier.holder_id, dossier.proposer_id):
            raise UserError(f"Hồ sơ «{dossier.title}» đang ở «{dossier.holder.name}», không phải của «{issuer.name}»: "
                            "chỉ ra quyết định cho hồ sơ mình đang giữ.", field="dossiers")
        if dossier.status == Dossier.Status.DECIDED:
            raise UserError(f"Hồ sơ «{dossier.title}» đã có quyết định khen thưởng.", field="dossiers")
        passed = list(dossier.proposals.filter(status=Proposal.Status.PASSED, award=award).select_related("person", "organisation").order_by("id"))
        if not passed:
            raise UserError(f"Hồ sơ «{dossier.title}» chưa có đề nghị «{catalogue()[award].name}» nào được Hội đồng thông qua: "
                            "chưa ra quyết định được.", field="dossiers")
        drafted = DecisionItem.objects.filter(proposal__in=passed).select_related("decision").first()
        if drafted is not None:
            raise UserError(f"«{drafted.proposal.subject}» của hồ sơ «{dossier.title}» đã có trong {drafted.decision}.", field="dossiers")
        proposals += passed
    return proposals


def _refuse_twice(decision: Decision, person: Person | None, organisation: Organisation | None) -> None:
    same = decision.items.filter(person=person) if person is not None else decision.items.filter(organisation=organisation)
    if same.exists():
        raise UserError(f"«{_subject_name(person, organisation)}» đã có trong danh sách của quyết định này.",
                        field="person" if person is not None else "organisation")


def _add_item(actor, decision: Decision, *, person, organisation, year, achievement, amount, on, proposal=None) -> DecisionItem:
    item = DecisionItem.objects.create(
        decision=decision, person=person, organisation=organisation, award=decision.award, year=year,
        position_unit=position_unit(person=person, organisation=organisation, on=on)[:500], achievement=achievement,
        amount=amount, proposal=proposal,
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=item, before=None, after=snapshot(item),
                 org_path=decision.owner.path)
    return item


def _clean_item(decision_year: int, entry, issuer: Organisation, item: ItemInput, seen: set) -> tuple:
    if (item.person is None) == (item.organisation is None):
        raise UserError("Mỗi dòng của danh sách là một cá nhân hoặc một tập thể (chỉ một).", field="person")
    _check_subject_kind(entry, person=item.person, organisation=item.organisation)
    _check_in_subtree(issuer, person=item.person, organisation=item.organisation)
    key = ("p", item.person.pk) if item.person is not None else ("o", item.organisation.pk)
    if key in seen:
        raise UserError(f"«{_subject_name(item.person, item.organisation)}» có hai lần trong danh sách.", field="items")
    seen.add(key)
    year = clean_year(item.year if item.year is not None else decision_year, label="Năm thành tích")
    if year > decision_year:
        raise UserError(f"Năm thành tích {year} muộn hơn năm của quyết định ({decision_year}).", field="year")
    achievement = _text(item.achievement, field="achievement", label="Thành tích")
    return year, achievement, _amount(item.amount)


@transaction.atomic
def decision_draft(
    *,
    actor,
    issuer: Organisation,
    award: str,
    subject: str,
    on: date,
    dossiers: Iterable[Dossier] = (),
    items: Iterable[ItemInput] = (),
    round: Round | None = None,
    grounds: str | None = None,
    reason: str = "",
) -> Decision:
    """A draft decision of `issuer` conferring `award`: the passed proposals of `dossiers` it holds, plus
    hand-added people and collectives of its subtree. The draft has no number until it is issued."""
    require(actor, Action.MANAGE_COMMENDATIONS, issuer)
    on = _check_date(on, field="on", label="Ngày lập dự thảo")
    entry = clean_award_for(award, issuer=issuer, on=on)
    subject = _text(subject, field="subject", label="Trích yếu", limit=500) or f"Về việc tặng {entry.name}"
    grounds = _text(grounds, field="grounds", label="Căn cứ", limit=5000) if grounds is not None else default_grounds(issuer)
    dossiers = list(dossiers)
    proposals = _proposal_items(issuer, dossiers, entry.code)
    seen: set = set()
    cleaned = []
    for proposal in proposals:
        key = ("p", proposal.person_id) if proposal.person_id else ("o", proposal.organisation_id)
        if key in seen:
            raise UserError(f"«{proposal.subject}» có trong hai hồ sơ đã chọn: hãy chọn một.", field="dossiers")
        seen.add(key)
    for item in items:
        cleaned.append((item, *_clean_item(on.year, entry, issuer, item, seen)))
    if round is None and dossiers:
        round = dossiers[0].round
    decision = Decision.objects.create(
        kind=Decision.Kind.AWARD, issuer=issuer, issuer_name=issuer.name, subject=subject, award=entry.code, grounds=grounds,
        round=round, actor=_stamp(actor),
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=decision, before=None, after=snapshot(decision),
                 reason=reason, org_path=issuer.path)
    for proposal in proposals:
        _add_item(actor, decision, person=proposal.person, organisation=proposal.organisation, year=proposal.year,
                  achievement=proposal.achievement, amount=proposal.amount, on=on, proposal=proposal)
    for item, year, achievement, amount in cleaned:
        _add_item(actor, decision, person=item.person, organisation=item.organisation, year=year, achievement=achievement,
                  amount=amount, on=on)
    return decision


@transaction.atomic
def decision_item_add(*, actor, decision: Decision, item: ItemInput, on: date) -> DecisionItem:
    """Put one more person or collective of the issuer's subtree on a draft."""
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    decision = _lock_draft(decision)
    on = _check_date(on, field="on", label="Ngày")
    entry = clean_award_for(decision.award, issuer=decision.issuer)
    year, achievement, amount = _clean_item(on.year, entry, decision.issuer, item, set())
    _refuse_twice(decision, item.person, item.organisation)
    return _add_item(actor, decision, person=item.person, organisation=item.organisation, year=year, achievement=achievement,
                     amount=amount, on=on)


@transaction.atomic
def decision_item_remove(*, actor, item: DecisionItem, reason: str = "") -> Decision:
    """Take a person or collective off a draft (their proposal stays passed, ready for another decision)."""
    decision = item.decision
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    decision = _lock_draft(decision)
    before = snapshot(item)
    pk = item.pk
    item.delete()
    item.pk = pk
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=item, before=before, after=None, reason=reason,
                 org_path=decision.owner.path)
    return decision


@transaction.atomic
def decision_draft_update(*, actor, decision: Decision, subject: str, grounds: str, reason: str = "") -> Decision:
    """Change a draft's subject line and grounds (one per line)."""
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    decision = _lock_draft(decision)
    before = snapshot(decision)
    decision.subject = _text(subject, field="subject", label="Trích yếu", limit=500, required="Hãy ghi trích yếu của quyết định.")
    decision.grounds = _text(grounds, field="grounds", label="Căn cứ", limit=5000)
    decision.save(update_fields=["subject", "grounds"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=decision, before=before, after=snapshot(decision),
                 reason=reason, org_path=decision.owner.path)
    return decision


# --- issuing -------------------------------------------------------------------------------------


def _signer(signer_name, signer_title, signer_authority) -> tuple[str, str, str]:
    name = _text(signer_name, field="signer_name", label="Họ tên người ký", limit=150, required="Hãy ghi họ tên người ký quyết định.")
    title = _text(signer_title, field="signer_title", label="Chức vụ người ký", limit=100) or DEFAULT_SIGNER_TITLE
    authority = _text(signer_authority, field="signer_authority", label="Thẩm quyền ký", limit=100)
    return name, title, authority


def _refuse_titles_held(entry, rows: list[tuple[Person | None, Organisation | None, int]]) -> None:
    """A title (danh hiệu) is held once a year: refuse one already recorded and not revoked."""
    if entry.category != "title":
        return
    for person, organisation, year in rows:
        held = AwardRecord.objects.filter(award=entry.code, year=year, revoked_on__isnull=True)
        held = held.filter(person=person) if person is not None else held.filter(organisation=organisation)
        if held.exists():
            raise UserError(f"«{_subject_name(person, organisation)}» đã có danh hiệu «{entry.name}» năm {year}: "
                            "hãy bỏ khỏi danh sách.", field="items")


def _record(actor, item: DecisionItem, decision: Decision, code: str | None) -> DecisionItem:
    record = AwardRecord.objects.create(
        award=item.award, year=item.year, person=item.person, organisation=item.organisation,
        decision_number=decision.number_text, decision_date=decision.issued_on, issuing_body=decision.issuer_name,
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=record, before=None, after=snapshot(record),
                 reason=f"Theo {decision}", org_path=decision.owner.path)
    before = snapshot(item)
    item.award_record, item.verification_code = record, code
    item.save(update_fields=["award_record", "verification_code"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=item, before=before, after=snapshot(item),
                 org_path=decision.owner.path)
    return item


def _number(decision: Decision, on: date) -> None:
    letterhead = letterhead_for(decision.issuer)
    decision.year = on.year
    decision.number = _take_number(decision.issuer, on.year)
    decision.number_text = number_text_for(decision.number, letterhead.symbol)
    decision.issued_on = on


def _close_dossiers(actor, decision: Decision, on: date) -> None:
    """The proposals the decision grants are decided, and so are the lower levels' proposals they
    carried up (`source`), and every dossier that held them, each with its step on the slip."""
    proposals = list(Proposal.objects.filter(decision_items__decision=decision).select_related("dossier"))
    below = [p.source_id for p in proposals if p.source_id]
    while below:
        lower = list(Proposal.objects.filter(pk__in=below).select_related("dossier"))
        proposals += lower
        below = [p.source_id for p in lower if p.source_id]
    dossiers = {p.dossier_id: p.dossier for p in proposals}
    for proposal in proposals:
        before = snapshot(proposal)
        proposal.status = Proposal.Status.DECIDED
        proposal.save(update_fields=["status"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=proposal, before=before, after=snapshot(proposal),
                     reason=f"Khen thưởng theo {decision}", org_path=decision.owner.path)
    for dossier in dossiers.values():
        before = snapshot(dossier)
        dossier.status = Dossier.Status.DECIDED
        dossier.save(update_fields=["status"])
        record_step(actor, dossier, Dossier.Status.DECIDED, decision.issuer, on, reason=str(decision))
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=dossier, before=before, after=snapshot(dossier),
                     reason=f"Đã có {decision}", org_path=decision.owner.path)


@_one_writer_at_a_time
@transaction.atomic
def decision_issue(
    *,
    actor,
    decision: Decision,
    on: date,
    signer_name: str,
    signer_title: str = DEFAULT_SIGNER_TITLE,
    signer_authority: str = DEFAULT_SIGNER_AUTHORITY,
    reason: str = "",
) -> Decision:
    """Issue a draft: the next number of the issuer's year, an award record and a verification code per
    item, the proposals and their dossiers marked decided. From then on the decision never changes."""
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    decision = _lock_draft(decision)
    on = _check_date(on, field="on", label="Ngày ban hành")
    name, title, authority = _signer(signer_name, signer_title, signer_authority)
    items = list(decision.items.select_related("person", "organisation"))
    if not items:
        raise UserError("Danh sách kèm quyết định chưa có ai: hãy thêm cá nhân, tập thể trước khi ban hành.", field="items")
    entry = clean_award_for(decision.award, issuer=decision.issuer, on=on)
    late = [i.year for i in items if i.year > on.year]
    if late:
        raise UserError(f"Ngày ban hành {_fmt(on)} sớm hơn năm thành tích {max(late)} trong danh sách.", field="on")
    _refuse_titles_held(entry, [(i.person, i.organisation, i.year) for i in items])
    before = snapshot(decision)
    _number(decision, on)
    decision.status = Decision.Status.ISSUED
    decision.signer_name, decision.signer_title, decision.signer_authority = name, title, authority
    decision.actor = _stamp(actor) or decision.actor
    decision.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=decision, before=before, after=snapshot(decision),
                 reason=reason or "Ban hành quyết định", org_path=decision.owner.path)
    for item, code in zip(items, _new_codes(len(items))):
        _record(actor, item, decision, code)
    _close_dossiers(actor, decision, on)
    return decision


# --- decisions of higher levels ------------------------------------------------------------------


@transaction.atomic
def decision_record_received(
    *,
    actor,
    received_by: Organisation,
    issuer_name: str,
    number_text: str,
    issued_on: date,
    award: str,
    subject: str,
    items: Iterable[ItemInput],
    signer_name: str = "",
    reason: str = "",
) -> Decision:
    """Record a decision of a higher level (the federation, the national union, the state) that awards people
    or collectives of `received_by`'s subtree; their award records enter the history the rules read."""
    require(actor, Action.MANAGE_COMMENDATIONS, received_by)
    issuer_name = _text(issuer_name, field="issuer_name", label="Cơ quan ban hành", limit=255,
                        required="Hãy ghi cơ quan ban hành quyết định.")
    number_text = _text(number_text, field="number_text", label="Số, ký hiệu", limit=64,
                        required="Hãy ghi số, ký hiệu của quyết định (ví dụ 125/QĐ-TLĐ).")
    issued_on = _check_date(issued_on, field="issued_on", label="Ngày ban hành")
    entry = clean_award_for(award)
    subject = _text(subject, field="subject", label="Trích yếu", limit=500) or f"Về việc tặng {entry.name}"
    signer = _text(signer_name, field="signer_name", label="Người ký", limit=150)
    if Decision.objects.filter(received_by=received_by, issuer_name=issuer_name, number_text=number_text,
                               issued_on__year=issued_on.year).exists():
        raise UserError(f"Quyết định số {number_text} của {issuer_name} đã được ghi nhận ở «{received_by.name}».", field="number_text")
    seen: set = set()
    cleaned = []
    for item in items:
        cleaned.append((item, *_clean_item(issued_on.year, entry, received_by, item, seen)))
    if not cleaned:
        raise UserError("Hãy chọn ít nhất một cá nhân hoặc tập thể được khen thưởng theo quyết định này.", field="items")
    _refuse_titles_held(entry, [(i.person, i.organisation, year) for i, year, _, _ in cleaned])
    decision = Decision.objects.create(
        kind=Decision.Kind.AWARD, status=Decision.Status.ISSUED, received_by=received_by, issuer_name=issuer_name,
        year=issued_on.year, number_text=number_text, issued_on=issued_on, subject=subject, award=entry.code,
        signer_name=signer, reason=_text(reason, field="reason", label="Ghi chú"), actor=_stamp(actor),
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=decision, before=None, after=snapshot(decision),
                 reason=reason or "Ghi nhận quyết định của cấp trên", org_path=received_by.path)
    for item, year, achievement, amount in cleaned:
        made = _add_item(actor, decision, person=item.person, organisation=item.organisation, year=year,
                         achievement=achievement, amount=amount, on=issued_on)
        _record(actor, made, decision, None)  # the higher level prints its own certificates
    return decision


# --- revocations and corrections -----------------------------------------------------------------


def _lock_issued(decision: Decision) -> Decision:
    decision = Decision.objects.select_for_update(of=("self",)).select_related("issuer", "received_by").get(pk=decision.pk)
    if decision.status != Decision.Status.ISSUED:
        raise UserError("Quyết định này mới là dự thảo: hãy sửa trực tiếp dự thảo.", field="decision")
    if decision.issuer_id is None:
        raise UserError(f"{decision} do {decision.issuer_name} ban hành: chỉ cơ quan đó sửa đổi, thu hồi được. "
                        "Khi nhận quyết định thu hồi của cấp trên, hãy ghi nhận việc thu hồi trên từng khen thưởng.",
                        field="decision")
    if decision.kind == Decision.Kind.REVOCATION:
        raise UserError("Không thu hồi, đính chính một quyết định thu hồi: hãy ban hành quyết định khen thưởng mới.", field="decision")
    return decision


def _live_items(decision: Decision) -> list[DecisionItem]:
    return list(decision.items.filter(award_record__isnull=False, award_record__revoked_on__isnull=True)
                .select_related("person", "organisation", "award_record"))


def _amending(actor, original: Decision, *, kind: str, on: date, subject: str, reason: str, signer) -> Decision:
    name, title, authority = signer
    decision = Decision(
        kind=kind, status=Decision.Status.ISSUED, issuer=original.issuer, issuer_name=original.issuer_name, subject=subject,
        award=original.award, grounds=f"{default_grounds(original.issuer)}\nCăn cứ {original}", signer_name=name,
        signer_title=title, signer_authority=authority, refers_to=original, reason=reason, round=original.round,
        actor=_stamp(actor),
    )
    _number(decision, on)
    decision.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=decision, before=None, after=snapshot(decision),
                 reason=reason, org_path=original.issuer.path)
    return decision


def _copy_item(actor, decision: Decision, target: DecisionItem, **changes) -> DecisionItem:
    fields = {"person": target.person, "organisation": target.organisation, "award": target.award, "year": target.year,
              "position_unit": target.position_unit, "achievement": target.achievement, "amount": target.amount}
    fields.update(changes)
    item = DecisionItem.objects.create(decision=decision, target=target, proposal=target.proposal, **fields)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=item, before=None, after=snapshot(item),
                 org_path=decision.owner.path)
    return item


def _check_amend_date(original: Decision, on: date) -> date:
    on = _check_date(on, field="on", label="Ngày ban hành")
    if on < original.issued_on:
        raise UserError(f"Ngày ban hành {_fmt(on)} sớm hơn ngày của {original}.", field="on")
    return on


@_one_writer_at_a_time
@transaction.atomic
def decision_revoke(
    *,
    actor,
    decision: Decision,
    on: date,
    signer_name: str,
    reason: str,
    items: Iterable[DecisionItem] | None = None,
    signer_title: str = DEFAULT_SIGNER_TITLE,
    signer_authority: str = DEFAULT_SIGNER_AUTHORITY,
    subject: str = "",
) -> Decision:
    """A revocation decision of the same issuer (numbered from the same sequence) referring to `decision`;
    the award records of the revoked items (all by default) are revoked and eligibility re-evaluated."""
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    original = _lock_issued(decision)
    on = _check_amend_date(original, on)
    reason = _text(reason, field="reason", label="Lý do thu hồi", required="Hãy ghi lý do thu hồi.")
    signer = _signer(signer_name, signer_title, signer_authority)
    live = {i.pk: i for i in _live_items(original)}
    if items is None:
        targets = list(live.values())
    else:
        targets = []
        for item in items:
            if item.decision_id != original.pk:
                raise UserError(f"«{item.subject}» không có trong {original}.", field="items")
            if item.pk not in live:
                raise UserError(f"Khen thưởng của «{item.subject}» theo {original} đã bị thu hồi hoặc đính chính.", field="items")
            targets.append(live[item.pk])
    if not targets:
        raise UserError(f"Không còn khen thưởng nào của {original} để thu hồi.", field="items")
    entry = catalogue().get(original.award)
    award_name = entry.name if entry else original.award
    subject = _text(subject, field="subject", label="Trích yếu", limit=500) or f"Về việc thu hồi {award_name} đã tặng tại {original}"
    revocation = _amending(actor, original, kind=Decision.Kind.REVOCATION, on=on, subject=subject, reason=reason, signer=signer)
    for target in targets:
        _copy_item(actor, revocation, target)
        award_revoke(actor=actor, record=target.award_record, on=on, reason=f"{revocation}: {reason}")
    return revocation


@_one_writer_at_a_time
@transaction.atomic
def decision_correct(
    *,
    actor,
    decision: Decision,
    on: date,
    signer_name: str,
    reason: str,
    corrections: Iterable[Correction],
    signer_title: str = DEFAULT_SIGNER_TITLE,
    signer_authority: str = DEFAULT_SIGNER_AUTHORITY,
    subject: str = "",
) -> Decision:
    """A correcting decision referring to `decision`: each corrected item's award record is revoked and the
    corrected one (new award, year, recipient, achievement or amount) recorded with a new verification code."""
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    original = _lock_issued(decision)
    on = _check_amend_date(original, on)
    reason = _text(reason, field="reason", label="Lý do đính chính", required="Hãy ghi lý do đính chính, sửa đổi.")
    signer = _signer(signer_name, signer_title, signer_authority)
    live = {i.pk: i for i in _live_items(original)}
    planned = []
    seen: set[int] = set()
    for correction in corrections:
        item = correction.item
        if item.decision_id != original.pk:
            raise UserError(f"«{item.subject}» không có trong {original}.", field="corrections")
        if item.pk not in live:
            raise UserError(f"Khen thưởng của «{item.subject}» theo {original} đã bị thu hồi hoặc đính chính.", field="corrections")
        if item.pk in seen:
            raise UserError(f"«{item.subject}» được đính chính hai lần.", field="corrections")
        seen.add(item.pk)
        target = live[item.pk]
        award = correction.award if correction.award is not None else target.award
        entry = clean_award_for(award, issuer=original.issuer, on=on)
        person, organisation = target.person, target.organisation
        if correction.person is not None or correction.organisation is not None:
            if correction.person is not None and correction.organisation is not None:
                raise UserError("Người, tập thể được khen thưởng là một cá nhân hoặc một tập thể (chỉ một).", field="person")
            person, organisation = correction.person, correction.organisation
            _check_in_subtree(original.issuer, person=person, organisation=organisation)
        _check_subject_kind(entry, person=person, organisation=organisation)
        year = clean_year(correction.year, label="Năm thành tích") if correction.year is not None else target.year
        if year > on.year:
            raise UserError(f"Năm thành tích {year} muộn hơn ngày ban hành {_fmt(on)}.", field="year")
        achievement = (_text(correction.achievement, field="achievement", label="Thành tích")
                       if correction.achievement is not None else target.achievement)
        amount = _amount(correction.amount) if correction.amount is not None else target.amount
        changes = {"award": entry.code, "year": year, "person": person, "organisation": organisation,
                   "achievement": achievement, "amount": amount}
        if all(getattr(target, k) == v for k, v in changes.items()):
            raise UserError(f"Dòng của «{target.subject}» không có gì thay đổi: hãy ghi nội dung đính chính.", field="corrections")
        if person != target.person or organisation != target.organisation:
            changes["position_unit"] = position_unit(person=person, organisation=organisation, on=original.issued_on)[:500]
        planned.append((target, entry, changes))
    if not planned:
        raise UserError("Hãy chọn ít nhất một dòng cần đính chính.", field="corrections")
    for target, entry, changes in planned:
        others = [(changes["person"], changes["organisation"], changes["year"])]
        if entry.category == "title" and (target.award, target.year, target.person, target.organisation) != (
                entry.code, changes["year"], changes["person"], changes["organisation"]):
            _refuse_titles_held(entry, others)
    subject = _text(subject, field="subject", label="Trích yếu", limit=500) or f"Về việc đính chính, sửa đổi {original}"
    correcting = _amending(actor, original, kind=Decision.Kind.CORRECTION, on=on, subject=subject, reason=reason, signer=signer)
    codes = _new_codes(len(planned))
    for (target, _entry, changes), code in zip(planned, codes):
        award_revoke(actor=actor, record=target.award_record, on=on, reason=f"Đính chính theo {correcting}: {reason}")
        item = _copy_item(actor, correcting, target, **changes)
        _record(actor, item, correcting, code)
    return correcting


# --- document settings ---------------------------------------------------------------------------


@transaction.atomic
def document_settings_save(
    *,
    actor,
    organisation: Organisation,
    issuer: str,
    symbol: str,
    place: str,
    parent_body: str = "",
    signer_authority: str = DEFAULT_SIGNER_AUTHORITY,
    signer_title: str = DEFAULT_SIGNER_TITLE,
    signer_name: str = "",
    reason: str = "",
) -> DocumentSettings:
    """What `organisation` prints at the top and bottom of its decisions (NĐ 30/2020 leaves these to it)."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    values = {
        "parent_body": _text(parent_body, field="parent_body", label="Tên cơ quan chủ quản", limit=255).upper(),
        "issuer": _text(issuer, field="issuer", label="Tên cơ quan ban hành", limit=255,
                        required="Hãy ghi tên cơ quan ban hành (in hoa), ví dụ CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI.").upper(),
        "symbol": _text(symbol, field="symbol", label="Chữ viết tắt", limit=32,
                        required="Hãy ghi chữ viết tắt dùng trong số ký hiệu, ví dụ CĐYT."),
        "place": _text(place, field="place", label="Địa danh", limit=100, required="Hãy ghi địa danh, ví dụ Hà Nội."),
        "signer_authority": _text(signer_authority, field="signer_authority", label="Thẩm quyền ký", limit=100).upper(),
        "signer_title": _text(signer_title, field="signer_title", label="Chức vụ người ký", limit=100,
                              required="Hãy ghi chức vụ người ký, ví dụ CHỦ TỊCH.").upper(),
        "signer_name": _text(signer_name, field="signer_name", label="Họ tên người ký", limit=150),
    }
    if not re.fullmatch(r"[0-9A-ZĐ]+(?:-[0-9A-ZĐ]+)*", values["symbol"].upper()):
        raise UserError(f"Chữ viết tắt «{values['symbol']}» không hợp lệ: chỉ gồm chữ in hoa, chữ số và dấu gạch nối, "
                        "không có dấu cách (ví dụ CĐYT hoặc CĐN-YT).", field="symbol")
    values["symbol"] = values["symbol"].upper()
    settings = DocumentSettings.objects.select_for_update().filter(organisation=organisation).first()
    if settings is None:
        settings = DocumentSettings.objects.create(organisation=organisation, **values)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=settings, before=None, after=snapshot(settings),
                     reason=reason, org_path=organisation.path)
        return settings
    before = snapshot(settings)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=settings, before=before, after=snapshot(settings),
                 reason=reason, org_path=organisation.path)
    return settings
