"""A recordation and a technology contract point at the grant they record (rights app) instead of the deal or the
open licence; a recorded one marks its grant recorded."""

import django.db.models.deletion
from django.db import migrations, models

from patentbridge.rights.migration_support import china, create_grant


def _grant(record, Grant, Region):
    source = record.deal or record.open_licence
    if source is not None and source.grant_id:
        return source.grant
    # A record whose deal or licence has no grant (never bound): kept, with an ended grant of its own.
    cn = china(Region)
    day = getattr(record, "contract_effective_on", None) or record.registered_on or record.patent.application_date
    kind = {"ordinary": "ordinary_licence", "sole": "sole_licence", "exclusive": "exclusive_licence",
            "open": "open_licence"}.get(getattr(record, "licence_type", ""), "transfer")
    return create_grant(Grant, patent_id=record.patent_id, kind=kind,
                        grantor_id=getattr(record, "licensor_id", None) or record.seller_id,
                        grantee_id=getattr(record, "licensee_id", None) or record.buyer_id,
                        territory_id=cn.pk, territory_lo=cn.lo, territory_hi=cn.hi, starts_on=day,
                        ends_on=max(getattr(record, "ends_on", None) or day, day), signed_on=day, status="ended",
                        ended_on=day)


def forwards(apps, schema_editor):
    Recordation, Contract = apps.get_model("recordation", "Recordation"), apps.get_model("recordation",
                                                                                          "TechContractRegistration")
    Grant, Region = apps.get_model("rights", "Grant"), apps.get_model("orgs", "Region")
    for recordation in Recordation.objects.select_related("deal", "open_licence", "patent").order_by("pk"):
        recordation.grant = _grant(recordation, Grant, Region)
        recordation.save(update_fields=["grant"])
        if recordation.status == "recorded" and recordation.grant.recorded_on is None:
            Grant.objects.filter(pk=recordation.grant_id).update(recorded_on=recordation.filed_on)
    for contract in Contract.objects.select_related("deal", "open_licence", "patent").order_by("pk"):
        if contract.deal_id or contract.open_licence_id:
            contract.grant = _grant(contract, Grant, Region)
            contract.save(update_fields=["grant"])


class Migration(migrations.Migration):
    dependencies = [
        ("recordation", "0004_days_late"),
        ("deals", "0005_grants"),
        ("licensing", "0002_grants"),
        ("rights", "0002_grant_exclusion_constraints"),
    ]
    operations = [
        migrations.AddField(
            model_name="recordation", name="grant",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT,
                                       related_name="recordation", to="rights.grant")),
        migrations.AddField(
            model_name="techcontractregistration", name="grant",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                       related_name="tech_contract", to="rights.grant")),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="recordation", name="deal"),
        migrations.RemoveField(model_name="recordation", name="open_licence"),
        migrations.RemoveField(model_name="techcontractregistration", name="deal"),
        migrations.RemoveField(model_name="techcontractregistration", name="open_licence"),
        migrations.AlterField(
            model_name="recordation", name="grant",
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="recordation",
                                       to="rights.grant")),
    ]
