"""Who may confer an award, seen from a unit of the union tree: where a dossier goes when it is submitted.

The catalogue says which kinds of organisation may confer each award (`conferred_by`). The authority
for a unit is the unit itself or its nearest ancestor, active on the day, of one of those kinds.
State awards (Thầy thuốc ưu tú, Chiến sĩ thi đua toàn quốc…) and the Prime Minister's and
ministries' forms have no conferring kind in the union tree: no one in the tree may confer them,
`authority_for` answers None, and such a dossier goes to the top of the tree (the national sector
union or the confederation), which sends it on to the state process outside this system.

A dossier belongs to a round: the round decides whose award is meant. A hospital proposing Giấy khen
in its sector union's round asks for the sector union's Giấy khen, so the search starts at the round's
organisation; only when nobody from there up may confer the award (Lao động tiên tiến in a sector
union's round: a grassroots union's own title) does it start at the proposing unit. A dossier climbs
no further than the round's organisation at first: when the authority is above it, that organisation's
council votes first and it forwards (trình tiếp) what passed (`first_holder`, `next_holder`).
"""
from __future__ import annotations

from datetime import date

from thidua.core.db import path_chain
from thidua.core.errors import UserError
from thidua.organisations.models import Organisation
from thidua.rules import catalogue

HIGH_LEVELS = ("nha_nuoc", "trung_uong")  # awards whose dossiers are put to public comment


def award_entry(code: str):
    award = catalogue().get(code) if isinstance(code, str) else None
    if award is None:
        raise UserError(f"Danh hiệu, hình thức «{code}» không có trong danh mục thi đua, khen thưởng: "
                        "hãy chọn một danh hiệu trong danh sách.", field="award")
    return award


def chain_up(unit: Organisation) -> list[Organisation]:
    """`unit`, its parent, …, the top of its tree (nearest first)."""
    ids = path_chain(unit.path)
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    return [found[i] for i in reversed(ids) if i in found]


def authority_for(award: str, unit: Organisation, on: date) -> Organisation | None:
    """The unit itself or its nearest ancestor active on `on` whose kind may confer `award`; None if nobody in the tree may."""
    kinds = set(award_entry(award).conferred_by)
    if not kinds:
        return None
    for org in chain_up(unit):
        if org.kind in kinds and org.is_active_on(on):
            return org
    return None


def top_of_tree(unit: Organisation) -> Organisation:
    return chain_up(unit)[-1]


def _at_or_below(org: Organisation, top: Organisation) -> bool:
    return org.path.startswith(top.path)


def first_holder(award: str, *, round_org: Organisation, proposer: Organisation, on: date) -> Organisation:
    """Where a dossier of `proposer` in a round of `round_org` goes when submitted; `proposer` itself means decided at home.

    The authority (see the module) when it lies between the proposer and the round's organisation; when it lies
    above the round's organisation, that organisation first (its council votes, then it forwards what passed); when
    nobody in the tree may confer the award, the round's organisation too (and from there the top of the tree).
    """
    authority = authority_for(award, round_org, on) or authority_for(award, proposer, on)
    if authority is not None and (authority == proposer or _at_or_below(authority, round_org)):
        return authority
    if proposer == round_org:
        return authority or top_of_tree(proposer)
    return round_org


def next_holder(award: str, holder: Organisation, on: date) -> Organisation | None:
    """Where `holder`, without authority for `award`, forwards it: the authority above it, or the top of the tree
    for an award nobody in the tree may confer; None when `holder` has the authority or is the top itself."""
    authority = authority_for(award, holder, on)
    if authority == holder:
        return None
    target = authority or top_of_tree(holder)
    return None if target == holder else target


def is_high_level(award: str) -> bool:
    return award_entry(award).level in HIGH_LEVELS
