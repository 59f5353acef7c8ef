"""Memberships carry their unit's path (see Membership.org_path), filled from the organisations."""
from django.db import migrations, models

from thidua.core.migrations_util import binary_collation


def fill(apps, schema_editor):
    schema_editor.execute(
        "UPDATE people_membership SET org_path = "
        "(SELECT path FROM organisations_organisation WHERE organisations_organisation.id = people_membership.organisation_id)"
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0005_person_key_indexes"), ("organisations", "0002_binary_collation")]

    operations = [
        migrations.AddField(
            model_name="membership", name="org_path",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        binary_collation("people_membership", {"org_path": 255}),
        migrations.RemoveIndex(model_name="membership", name="membership_org_active_idx"),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["org_path", "left", "joined"], name="membership_subtree_idx"),
        ),
    ]
