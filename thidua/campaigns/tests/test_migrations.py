"""Files attached before they moved into the database are carried into their rows, and back on reversal."""
from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from thidua.campaigns.tests.conftest import PDF, PNG

BEFORE = [("campaigns", "0001_initial")]
AFTER = [("campaigns", "0002_attached_files_in_database")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _old_world(apps):
    org = apps.get_model("organisations", "Organisation").objects.create(
        code="CD-CU", name="Công đoàn cũ", kind="grassroots_public", path="/1/", depth=0, valid_from=date(2020, 1, 1),
        search_name="cong doan cu")
    movement = apps.get_model("campaigns", "Movement").objects.create(
        name="Phong trào cũ", organisation=org, launched_on=date(2024, 1, 1), start=date(2024, 1, 1), end=date(2024, 12, 31))
    return org, movement


@pytest.mark.django_db(transaction=True)
def test_files_on_disk_move_into_their_rows_and_back(settings, tmp_path):
    settings.THIDUA_UPLOAD_DIR = tmp_path
    try:
        old = _migrate(BEFORE)
        org, movement = _old_world(old)
        document = old.get_model("campaigns", "MovementDocument")(
            movement=movement, title="Quyết định phát động", content_type="application/pdf", size=len(PDF))
        document.file.save("quyet-dinh.pdf", ContentFile(PDF), save=True)
        response = old.get_model("campaigns", "MovementResponse")(
            movement=movement, organisation=org, responded_on=date(2024, 2, 1), plan="Kế hoạch")
        response.plan_file.save("ke-hoach.png", ContentFile(PNG), save=True)
        empty = old.get_model("campaigns", "MovementResponse").objects.create(
            movement=movement, organisation=old.get_model("organisations", "Organisation").objects.create(
                code="CD-2", name="Công đoàn hai", kind="grassroots_public", path="/1/2/", depth=1,
                valid_from=date(2020, 1, 1), search_name="cong doan hai"),
            responded_on=date(2024, 2, 2), plan="Không có tệp")

        new = _migrate(AFTER)
        moved = new.get_model("campaigns", "MovementDocument").objects.get(pk=document.pk)
        assert (moved.name, moved.content_type, moved.size, bytes(moved.data)) == ("quyet-dinh.pdf", "application/pdf", len(PDF), PDF)
        plans = new.get_model("campaigns", "ResponsePlanFile").objects.all()
        assert [(p.response_id, p.name, p.content_type, p.size, bytes(p.data)) for p in plans] == [
            (response.pk, "ke-hoach.png", "image/png", len(PNG), PNG)]
        assert empty.pk not in [p.response_id for p in plans]

        back = _migrate(BEFORE)
        restored = back.get_model("campaigns", "MovementDocument").objects.get(pk=document.pk)
        assert restored.file.read() == PDF
        assert back.get_model("campaigns", "MovementResponse").objects.get(pk=response.pk).plan_file.read() == PNG
        assert not back.get_model("campaigns", "MovementResponse").objects.get(pk=empty.pk).plan_file
    finally:
        call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_record_whose_file_is_missing_stops_the_migration(settings, tmp_path):
    settings.THIDUA_UPLOAD_DIR = tmp_path
    try:
        old = _migrate(BEFORE)
        _, movement = _old_world(old)
        old.get_model("campaigns", "MovementDocument").objects.create(
            movement=movement, title="Mất tệp", file="van-ban/2024/mat.pdf", content_type="application/pdf", size=10)
        with pytest.raises(RuntimeError, match="mat.pdf"):
            _migrate(AFTER)
        old.get_model("campaigns", "MovementDocument").objects.all().delete()
    finally:
        call_command("migrate", verbosity=0)
