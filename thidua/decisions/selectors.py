"""Reads of commendation decisions, always within the actor's scope, and the counts of awards for reports.

A decision belongs to the organisation that issued it, or, for a decision of a higher level recorded
here, to the organisation that recorded it; its officers (and those above them) see it. Outside, a
decision is simply not found. A person's awards are shown wherever the person is visible.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from thidua.core.db import prefix_q
from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, require, scope_q
from thidua.decisions.models import Decision, DecisionItem, DocumentSettings
from thidua.nominations.models import Dossier
from thidua.organisations.models import Organisation
from thidua.people.models import Person
from thidua.rules import catalogue
from thidua.rules.catalogue import LEVELS

LEVEL_ORDER = list(LEVELS)


def decision_visible(*, actor, action: Action = Action.VIEW) -> QuerySet[Decision]:
    return Decision.objects.filter(
        scope_q(actor, action, field="issuer__path") | scope_q(actor, action, field="received_by__path")
    ).select_related("issuer", "received_by", "refers_to")


def decision_get(*, actor, pk) -> Decision:
    try:
        return decision_visible(actor=actor).get(pk=pk)
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy quyết định này trong phạm vi của bạn.") from None


def decision_list(
    *,
    actor,
    organisation: Organisation | None = None,
    year: int | None = None,
    status: str | None = None,
    kind: str | None = None,
) -> QuerySet[Decision]:
    """Visible decisions; with `organisation`, those issued or recorded anywhere in its subtree."""
    decisions = decision_visible(actor=actor)
    if organisation is not None:
        decisions = decisions.filter(prefix_q("issuer__path", organisation.path) | prefix_q("received_by__path", organisation.path))
    if year is not None:
        decisions = decisions.filter(Q(year=year) | Q(year__isnull=True, created_at__year=year))
    if status:
        decisions = decisions.filter(status=status)
    if kind:
        decisions = decisions.filter(kind=kind)
    return decisions.order_by("status", "-issued_on", "-number", "-id")


def list_order(entry) -> tuple:
    """The order of a decision's list (and of a dossier's): collectives first, then people, each as added."""
    return (entry.person_id is not None, entry.pk)


def decision_items(*, decision: Decision) -> list[DecisionItem]:
    """The list attached to a decision: collectives first, then people, each in the order added."""
    if "items" in getattr(decision, "_prefetched_objects_cache", {}):
        items = decision.items.all()
    else:
        items = decision.items.select_related("person", "organisation", "award_record", "target", "target__decision")
    return sorted(items, key=list_order)


def decision_item_get(*, actor, pk) -> DecisionItem:
    try:
        return DecisionItem.objects.select_related("decision", "decision__issuer", "decision__received_by", "person",
                                                   "organisation", "award_record").get(
            pk=pk, decision__in=decision_visible(actor=actor))
    except (DecisionItem.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy dòng này của quyết định trong phạm vi của bạn.") from None


def amendments_of(*, actor, decision: Decision) -> list[Decision]:
    return list(decision_visible(actor=actor).filter(refers_to=decision).order_by("issued_on", "id"))


def dossier_for_decision(*, actor, pk) -> Dossier:
    """A dossier held by (or proposed by) an organisation in the actor's scope."""
    try:
        return Dossier.objects.select_related("holder", "proposer", "round").filter(
            scope_q(actor, Action.VIEW, field="holder__path") | scope_q(actor, Action.VIEW, field="proposer__path")).get(pk=pk)
    except (Dossier.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy hồ sơ đề nghị này trong phạm vi của bạn.") from None


def document_settings_of(*, actor, organisation: Organisation) -> DocumentSettings | None:
    require(actor, Action.VIEW, organisation)
    return DocumentSettings.objects.filter(organisation=organisation).first()


def award_items_of_person(*, person: Person) -> list[DecisionItem]:
    """The person's awards from issued (or recorded) decisions, newest first; revoked ones included."""
    items = DecisionItem.objects.filter(person=person, decision__status=Decision.Status.ISSUED,
                                        award_record__isnull=False).select_related(
        "decision", "decision__issuer", "decision__received_by", "award_record")
    return sorted(items, key=lambda i: (i.decision.issued_on, i.pk), reverse=True)


# --- Counts for reports ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardCountRow:
    level: str
    level_name: str
    award: str
    award_name: str
    recipient_kind: str  # "collective" | "individual"
    recipient_kind_name: str  # "tập thể" | "cá nhân"
    issuer_name: str
    count: int


KIND_NAMES = {"collective": "tập thể", "individual": "cá nhân"}


def award_counts(*, actor, organisation: Organisation, date_from: date, date_to: date) -> list[AwardCountRow]:
    """Awards conferred by decisions issued (or recorded) in [date_from, date_to] within `organisation`'s
    subtree, not counting revoked ones, by level, form, recipient kind and issuing body."""
    require(actor, Action.VIEW, organisation)
    if date_from > date_to:
        raise UserError(f"Khoảng thời gian không hợp lệ: {date_from:%d/%m/%Y} sau {date_to:%d/%m/%Y}.", field="date_from")
    items = DecisionItem.objects.filter(
        prefix_q("decision__issuer__path", organisation.path) | prefix_q("decision__received_by__path", organisation.path),
        decision__status=Decision.Status.ISSUED, decision__issued_on__gte=date_from, decision__issued_on__lte=date_to,
        award_record__isnull=False, award_record__revoked_on__isnull=True,
    )
    grouped = (items.order_by().values_list("award", "decision__issuer_name")
               .annotate(people=Count("person_id"), collectives=Count("organisation_id")))
    names = catalogue()
    rows = []
    for award, issuer_name, people, collectives in grouped:
        entry = names.get(award)
        level = entry.level if entry else ""
        for kind, count in (("collective", collectives), ("individual", people)):
            if count:
                rows.append(AwardCountRow(level=level, level_name=LEVELS.get(level, ""), award=award,
                                          award_name=entry.name if entry else award, recipient_kind=kind,
                                          recipient_kind_name=KIND_NAMES[kind], issuer_name=issuer_name, count=count))
    order = {code: i for i, code in enumerate(names)}
    rows.sort(key=lambda r: (LEVEL_ORDER.index(r.level) if r.level in LEVEL_ORDER else 99, order.get(r.award, 999),
                             r.issuer_name, r.recipient_kind))
    return rows


def award_sentence(*, issuer_name: str, award_name: str, collectives: int, individuals: int) -> str:
    """'Công đoàn ngành Y tế Hà Nội tặng Giấy khen cho 11 tập thể và 42 cá nhân.'"""
    parts = [f"{collectives} tập thể"] if collectives else []
    if individuals:
        parts.append(f"{individuals} cá nhân")
    return f"{issuer_name} tặng {award_name} cho {' và '.join(parts) or '0 cá nhân'}."


def award_sentences(rows: list[AwardCountRow]) -> list[str]:
    """One sentence per issuing body and form, in the order of the rows."""
    totals: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"collective": 0, "individual": 0})
    for row in rows:
        totals[(row.issuer_name, row.award_name)][row.recipient_kind] += row.count
    return [award_sentence(issuer_name=issuer, award_name=award, collectives=t["collective"], individuals=t["individual"])
            for (issuer, award), t in totals.items()]


def decisions_issued_by(*, actor, organisation: Organisation, limit: int = 20) -> list[Decision]:
    require(actor, Action.VIEW, organisation)
    decisions = Decision.objects.filter(Q(issuer=organisation) | Q(received_by=organisation)).select_related("issuer", "received_by")
    return list(decisions.order_by("status", "-issued_on", "-number", "-id")[:limit])


# --- The Word document of a decision ----------------------------------------------------------------


def _symbol_of(decision: Decision, fallback: str) -> str:
    """The symbol printed in the number the decision was issued with (the settings may have changed since)."""
    marker = "/QĐ-"
    return decision.number_text.split(marker, 1)[1] if marker in decision.number_text else fallback


def decision_doc(*, decision: Decision, on: date):
    """The decision as `thidua.documents.word.decision_docx` prints it; a draft gets `on` and a blank number."""
    from dataclasses import replace

    from thidua.decisions.services import decision_letterhead
    from thidua.documents.data import DecisionDoc, Recipient

    issuer = decision.issuer
    letterhead = decision_letterhead(decision)
    letterhead = replace(letterhead, symbol=_symbol_of(decision, letterhead.symbol))
    entry = catalogue().get(decision.award)
    award_name = entry.name if entry else decision.award
    recipients = []
    for index, item in enumerate(decision_items(decision=decision), start=1):
        recipients.append(Recipient(
            index=index, name=item.person.full_name if item.person_id else item.organisation.name,
            kind="individual" if item.person_id else "collective", gender=item.person.gender if item.person_id else "",
            position_unit=item.position_unit, award_name=award_name, amount=item.amount,
        ))
    proposers = sorted({i.proposal.dossier.proposer.name for i in decision.items.select_related("proposal__dossier__proposer")
                        if i.proposal_id})
    proposer = ", ".join(proposers) or f"Hội đồng Thi đua – Khen thưởng {issuer.name}"
    refers_to = ""
    if decision.refers_to_id:
        verb = "thu hồi" if decision.kind == Decision.Kind.REVOCATION else "sửa đổi"
        refers_to = f"{verb} Quyết định số {decision.refers_to.number_text} ngày {decision.refers_to.issued_on:%d/%m/%Y}"
    return DecisionDoc(
        letterhead=letterhead, number=decision.number, date=decision.issued_on or on, subject=decision.subject,
        authority_line=f"BAN CHẤP HÀNH {issuer.name.upper()}", grounds=[g for g in decision.grounds.splitlines() if g.strip()],
        proposer=proposer, award_name=award_name, recipients=recipients, refers_to=refers_to,
        revocation=decision.kind == Decision.Kind.REVOCATION, authority_name=f"Ban Chấp hành {issuer.name}",
    )
