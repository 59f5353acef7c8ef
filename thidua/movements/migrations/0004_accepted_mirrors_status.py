"""`accepted` and `status` agree, checked by the database (apart from the data migration, so that
PostgreSQL does not alter a table with pending trigger events in the same transaction)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("movements", "0003_status_of_existing_rows")]

    operations = [
        migrations.AddConstraint(
            model_name='initiative',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('accepted', True), ('status', 'accepted')), models.Q(models.Q(('status', 'accepted'), _negated=True), ('accepted', False)), _connector='OR'), name='initiative_accepted_mirrors_status'),
        ),
    ]
