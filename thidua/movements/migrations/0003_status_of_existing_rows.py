"""Initiatives recorded before the council workflow get a status and a first step of history."""
from django.db import migrations


def status_from_accepted(apps, schema_editor):
    """Rows recorded before the council workflow: accepted ones become "accepted", the rest "registered";
    each gets one step in its history saying so, dated by its decision (or the end of its year)."""
    import datetime

    Initiative = apps.get_model("movements", "Initiative")
    Step = apps.get_model("movements", "InitiativeStep")
    Initiative.objects.filter(accepted=True).update(status="accepted")
    Initiative.objects.filter(accepted=False).update(status="registered")
    steps = [
        Step(initiative_id=pk, status=status, on=decided or datetime.date(year, 12, 31),
             note="Ghi nhận trước khi có quy trình hội đồng khoa học trên hệ thống.", actor_name="hệ thống")
        for pk, status, decided, year in Initiative.objects.values_list("pk", "status", "decision_date", "year").iterator()
    ]
    Step.objects.bulk_create(steps, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [("movements", "0002_councils_and_status")]

    operations = [migrations.RunPython(status_from_accepted, migrations.RunPython.noop)]
