from django.db import migrations

from thidua.core.migrations_util import binary_collation


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [binary_collation("people_person", {"search_full": 150, "search_given_first": 150, "sort_key": 400})]
