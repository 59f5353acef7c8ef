"""An initiative accepted through the council workflow feeds the rules: its author's verdicts change
and the reasons name it (the eligibility selectors and the person page's eligibility section)."""
from __future__ import annotations

import html
from datetime import date

import pytest

from thidua.commendations.selectors import eligibility_for_person
from thidua.commendations.tests.conftest import record_years
from thidua.core.permissions import SYSTEM
from thidua.movements.services import (
    council_create,
    initiative_accept,
    initiative_decide,
    initiative_register,
    initiative_start,
    meeting_record,
    reviews_record,
)
from thidua.people.services import person_create

CSTDCS = "chien_si_thi_dua_co_so"
PROPOSED = date(2024, 1, 15)  # the 2023 titles are proposed in January 2024 (Law 2003: an initiative is needed)


def _cstdcs(actor, person):
    return {r.award: r for r in eligibility_for_person(actor=actor, person=person, year=2023, on=PROPOSED)}[CSTDCS]


@pytest.fixture
def approved_2023(tree):
    """Đức's 2023 initiative, approved by a council of Bạch Mai (three members outside his department)."""
    members = [person_create(actor=SYSTEM, full_name=name, unit=tree.bach_mai, start=date(2020, 1, 1))
               for name in ("Phan Văn Nam", "Đỗ Thị Mai", "Hồ Quang Hiếu")]
    council = council_create(actor=SYSTEM, organisation=tree.bach_mai, year=2023, name="Hội đồng sáng kiến 2023",
                             members=list(zip(members, ["chair", "secretary", "member"])))
    item = initiative_register(actor=SYSTEM, kind="initiative", title="Rút ngắn thời gian chờ khám tim mạch", year=2023,
                               organisation=tree.bach_mai, authors=[tree.duc], on=date(2023, 1, 10))
    meeting = meeting_record(actor=SYSTEM, council=council, held_on=date(2023, 3, 15), attendees=members, agenda=[item])
    reviews_record(actor=SYSTEM, meeting=meeting, initiative=item, reviews=[(m, "approve", None) for m in members])
    return initiative_decide(actor=SYSTEM, meeting=meeting, initiative=item)


def test_the_author_becomes_a_grassroots_emulation_fighter_once_the_initiative_is_accepted(tree, approved_2023, hanoi_officer):
    record_years(tree.duc, {2023: "HTXSNV"})
    before = _cstdcs(hanoi_officer, tree.duc)
    assert before.verdict.value == "ineligible"  # approved by the council is not yet recognised
    initiative_start(actor=hanoi_officer, initiative=approved_2023, on=date(2023, 4, 1))
    assert _cstdcs(hanoi_officer, tree.duc).verdict.value == "ineligible"
    initiative_accept(actor=hanoi_officer, initiative=approved_2023, scope="co_so", decision_number="125/QĐ-BV",
                      decision_date=date(2023, 12, 20))
    after = _cstdcs(hanoi_officer, tree.duc)
    assert after.verdict.value == "eligible", [c.as_dict() for c in after.criteria]
    route = {c.id: c for c in after.criteria}["excellent_or_initiative"]
    assert route.met is True and "sáng kiến" in route.explanation


def test_the_person_page_shows_the_recognised_initiative_and_the_eligible_verdict(tree, approved_2023, hanoi_officer, client,
                                                                                     monkeypatch):
    monkeypatch.setattr("thidua.people.views.localdate", lambda: PROPOSED)
    record_years(tree.duc, {2023: "HTXSNV"})
    client.force_login(hanoi_officer)

    def page():
        return html.unescape(client.get(f"/nguoi/{tree.duc.pk}/?nam=2023").content.decode())

    def cstdcs_block(text):
        block = [b for b in text.split('<details class="verdict ')[1:] if "Chiến sĩ thi đua cơ sở</span>" in b][0]
        return block.split("</details>")[0]

    text = page()
    assert "Rút ngắn thời gian chờ khám tim mạch" in text and "Được hội đồng duyệt" in text
    assert "badge-ineligible" in cstdcs_block(text)
    initiative_accept(actor=hanoi_officer, initiative=approved_2023, scope="co_so", decision_number="125/QĐ-BV",
                      decision_date=date(2023, 12, 20))
    text = page()
    assert "Đã công nhận" in text and "Cấp cơ sở" in text and "125/QĐ-BV" in text
    block = cstdcs_block(text)
    assert "badge-eligible" in block and "sáng kiến" in block
