"""A payment is written settled or failed (the provider answers at once): the never-set "pending" goes."""

from django.db import migrations, models


def pending_failed(apps, schema_editor):
    apps.get_model("licensing", "Payment").objects.filter(status="pending").update(status="failed")


class Migration(migrations.Migration):

    dependencies = [
        ('licensing', '0003_licence_end'),
    ]

    operations = [
        migrations.RunPython(pending_failed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='payment',
            name='status',
            field=models.CharField(choices=[('succeeded', 'Paid'), ('failed', 'Failed')], max_length=10),
        ),
    ]
