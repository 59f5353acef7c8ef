from django.db import migrations

from thidua.core.migrations_util import binary_collation


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [binary_collation("organisations_organisation", {"path": 255, "search_name": 255})]
