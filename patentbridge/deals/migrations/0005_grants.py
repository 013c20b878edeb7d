"""Deals hold their right as a grant of the rights app, from signing: existing signed deals get theirs, and the
overlap constraints move from deals_deal to rights_grant (rights migration 0002)."""

import django.db.models.deletion
from django.db import migrations, models

from patentbridge.rights.migration_support import create_grant

SIGNED_ONCE = ("signed", "recorded", "performing", "completed")
BINDING = ("signed", "recorded", "performing")
DROP = """
ALTER TABLE deals_deal DROP CONSTRAINT IF EXISTS deal_no_overlapping_exclusive;
ALTER TABLE deals_deal DROP CONSTRAINT IF EXISTS deal_no_ordinary_under_exclusive;
"""


def forwards(apps, schema_editor):
    Deal, Grant = apps.get_model("deals", "Deal"), apps.get_model("rights", "Grant")
    Transition = apps.get_model("deals", "DealTransition")
    for deal in Deal.objects.order_by("pk"):
        signed = Transition.objects.filter(deal=deal, to_status="signed").order_by("at").first()
        if deal.status not in SIGNED_ONCE and signed is None:
            continue
        signed_on = signed.at.date() if signed else deal.updated_at.date()
        ended = None if deal.status in BINDING else deal.updated_at.date()
        deal.grant = create_grant(
            Grant, patent_id=deal.patent_id, kind=deal.kind, grantor_id=deal.owner_id,
            grantee_id=deal.counterparty_id, territory_id=deal.territory_id, territory_lo=deal.territory_lo,
            territory_hi=deal.territory_hi, starts_on=deal.starts_on or signed_on,
            ends_on=deal.ends_on, signed_on=signed_on, recorded_on=deal.registered_on,
            status="binding" if ended is None else "ended", ended_on=ended, pledgee_consent=deal.pledgee_consent,
            co_owners_consent=True)
        deal.save(update_fields=["grant"])


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0004_ordinary_exclusive_exclusion"),
        ("rights", "0002_grant_exclusion_constraints"),
    ]
    operations = [
        migrations.AddField(
            model_name="deal", name="grant",
            field=models.OneToOneField(blank=True, editable=False, null=True,
                                       on_delete=django.db.models.deletion.PROTECT, related_name="deal",
                                       to="rights.grant")),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunPython(drop_constraints, migrations.RunPython.noop),
    ]
