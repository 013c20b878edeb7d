"""Each demand and match step is kept with its actor and time; the match's sent_by / answered_by move into that
history (the demand's earlier steps stay in the audit log)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def match_history_from_actors(apps, schema_editor):
    Match = apps.get_model("demands", "Match")
    MatchTransition = apps.get_model("demands", "MatchTransition")
    rows = []
    for match in Match.objects.order_by("pk").iterator():
        sent = match.sent_by_id is not None or match.status == "sent"
        if sent:
            rows.append(MatchTransition(match=match, from_status="", to_status="sent", actor_id=match.sent_by_id,
                                        at=match.created_at, comment=match.note))
        if match.status != "sent":
            rows.append(MatchTransition(match=match, from_status="sent" if sent else "", to_status=match.status,
                                        actor_id=match.answered_by_id, at=match.updated_at, comment=match.reason))
    MatchTransition.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('demands', '0003_search_tokens_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DemandTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('matched', 'Matched'), ('closed', 'Closed')], max_length=10)),
                ('to_status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('matched', 'Matched'), ('closed', 'Closed')], max_length=10)),
                ('comment', models.TextField(blank=True)),
                ('at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('demand', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='demands.demand')),
            ],
            options={
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='MatchTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(blank=True, choices=[('shortlisted', 'Shortlisted'), ('sent', 'Sent to the enterprise'), ('interested', 'Interesting'), ('not_relevant', 'Not relevant')], max_length=14)),
                ('to_status', models.CharField(choices=[('shortlisted', 'Shortlisted'), ('sent', 'Sent to the enterprise'), ('interested', 'Interesting'), ('not_relevant', 'Not relevant')], max_length=14)),
                ('comment', models.TextField(blank=True)),
                ('at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('match', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='demands.match')),
            ],
            options={
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.RunPython(match_history_from_actors, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='match',
            name='answered_by',
        ),
        migrations.RemoveField(
            model_name='match',
            name='sent_by',
        ),
    ]
