"""Initiatives recorded before the council workflow keep their meaning: accepted ones become "accepted"."""
from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_a_status_and_a_first_step():
    executor = MigrationExecutor(connection)
    executor.migrate([("movements", "0001_initial")])
    old = executor.loader.project_state([("movements", "0001_initial")]).apps
    org = old.get_model("organisations", "Organisation").objects.create(
        code="BV-CU", name="Bệnh viện cũ", kind="grassroots_public", path="/1/", depth=0, valid_from=date(2020, 1, 1),
        search_name="benh vien cu")
    Initiative = old.get_model("movements", "Initiative")
    done = Initiative.objects.create(kind="initiative", title="Đã công nhận", year=2022, organisation=org, scope="co_so", accepted=True,
                                     decision_date=date(2022, 12, 1))
    waiting = Initiative.objects.create(kind="topic", title="Chưa nghiệm thu", year=2023, organisation=org)
    executor = MigrationExecutor(connection)
    executor.migrate([("movements", "0004_accepted_mirrors_status")])
    new = executor.loader.project_state([("movements", "0004_accepted_mirrors_status")]).apps
    New = new.get_model("movements", "Initiative")
    Step = new.get_model("movements", "InitiativeStep")
    assert New.objects.get(pk=done.pk).status == "accepted" and New.objects.get(pk=waiting.pk).status == "registered"
    assert list(Step.objects.filter(initiative_id=done.pk).values_list("status", "on")) == [("accepted", date(2022, 12, 1))]
    assert list(Step.objects.filter(initiative_id=waiting.pk).values_list("status", "on")) == [("registered", date(2023, 12, 31))]
    call_command("migrate", verbosity=0)
