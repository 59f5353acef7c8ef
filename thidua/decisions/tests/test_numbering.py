"""Two officers issuing decisions of the same organisation and year at the same moment get different,
consecutive numbers; a refused issue leaves no gap."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from thidua.core.errors import UserError
from thidua.core.permissions import SYSTEM
from thidua.decisions.models import Decision, NumberSequence
from thidua.decisions.services import decision_issue
from thidua.decisions.tests.conftest import hanoi_draft, issue

THREADS = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_consecutive_numbers(tree):
    drafts = [hanoi_draft(tree, people=[tree.hoa if i % 2 else tree.duc]) for i in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    numbers: dict[int, int] = {}
    errors: list[BaseException] = []

    def officer(draft):
        try:
            barrier.wait(timeout=30)
            numbers[draft.pk] = decision_issue(actor=SYSTEM, decision=draft, on=date(2026, 1, 8), signer_name="Nguyễn Văn Chủ").number
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=officer, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(numbers.values()) == list(range(1, THREADS + 1))
    assert sorted(Decision.objects.values_list("number_text", flat=True)) == [f"0{n}/QĐ-CDN-HN" for n in range(1, THREADS + 1)]
    assert NumberSequence.objects.get(issuer=tree.hanoi, year=2026).last == THREADS


@pytest.mark.django_db(transaction=True)
def test_a_refused_issue_gives_its_number_back(tree):
    empty = hanoi_draft(tree, people=[])
    with pytest.raises(UserError):
        issue(empty)
    assert issue(hanoi_draft(tree, people=[tree.hoa])).number == 1
    with pytest.raises(UserError):
        issue(empty)
    assert issue(hanoi_draft(tree, people=[tree.duc])).number == 2
