"""Each filing of a recordation is kept with its outcome; the never-set status “filed” goes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def filed_is_a_draft(apps, schema_editor):
    """"filed" was never set by the service; any row holding it is a draft not yet decided."""
    apps.get_model("recordation", "Recordation").objects.filter(status="filed").update(status="draft")


class Migration(migrations.Migration):

    dependencies = [
        ('recordation', '0005_grants'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(filed_is_a_draft, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='recordation',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('recorded', 'Recorded'), ('refused', 'Refused')], default='draft', max_length=10),
        ),
        migrations.CreateModel(
            name='RecordationFiling',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(choices=[('draft', 'Draft'), ('recorded', 'Recorded'), ('refused', 'Refused')], max_length=10)),
                ('to_status', models.CharField(choices=[('draft', 'Draft'), ('recorded', 'Recorded'), ('refused', 'Refused')], max_length=10)),
                ('refusals', models.JSONField(blank=True, default=list)),
                ('filed_on', models.DateField()),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recordation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='filings', to='recordation.recordation')),
            ],
            options={
                'ordering': ['at', 'pk'],
            },
        ),
    ]
