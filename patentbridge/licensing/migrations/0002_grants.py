"""Declarations and the licences taken under them hold their right as a grant of the rights app."""

import django.db.models.deletion
from django.db import migrations, models

from patentbridge.rights.migration_support import china, create_grant


def forwards(apps, schema_editor):
    Declaration, Licence = apps.get_model("licensing", "OpenLicenceDeclaration"), apps.get_model("licensing",
                                                                                                  "OpenLicence")
    Grant, Region = apps.get_model("rights", "Grant"), apps.get_model("orgs", "Region")
    if not Declaration.objects.exists():
        return
    cn = china(Region)
    territory = {"territory_id": cn.pk, "territory_lo": cn.lo, "territory_hi": cn.hi}
    for declaration in Declaration.objects.order_by("pk"):
        standing = declaration.status == "standing"
        declaration.grant = create_grant(
            Grant, patent_id=declaration.patent_id, kind="open_declaration", grantor_id=declaration.organisation_id,
            starts_on=declaration.declared_on, signed_on=declaration.declared_on,
            ends_on=None if standing else max(declaration.withdrawn_on or declaration.declared_on,
                                              declaration.declared_on),
            status="binding" if standing else "ended",
            ended_on=None if standing else (declaration.withdrawn_on or declaration.declared_on),
            pledgee_consent=declaration.pledgee_consent, co_owners_consent=declaration.co_owners_consent, **territory)
        declaration.save(update_fields=["grant"])
    for licence in Licence.objects.filter(starts_on__isnull=False, ends_on__isnull=False).select_related(
            "declaration").order_by("pk"):
        active = licence.status == "active"
        licence.grant = create_grant(
            Grant, patent_id=licence.declaration.patent_id, kind="open_licence",
            grantor_id=licence.declaration.organisation_id, grantee_id=licence.licensee_id,
            starts_on=licence.starts_on, ends_on=licence.ends_on, signed_on=licence.starts_on,
            status="binding" if active else "ended", ended_on=None if active else licence.ends_on,
            pledgee_consent=licence.declaration.pledgee_consent,
            co_owners_consent=licence.declaration.co_owners_consent, **territory)
        licence.save(update_fields=["grant"])


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0001_initial"),
        ("orgs", "0004_organisation_city_label"),
        ("rights", "0002_grant_exclusion_constraints"),
    ]
    operations = [
        migrations.AddField(
            model_name="openlicence", name="grant",
            field=models.OneToOneField(blank=True, editable=False, null=True,
                                       on_delete=django.db.models.deletion.PROTECT, related_name="open_licence",
                                       to="rights.grant")),
        migrations.AddField(
            model_name="openlicencedeclaration", name="grant",
            field=models.OneToOneField(blank=True, editable=False, null=True,
                                       on_delete=django.db.models.deletion.PROTECT, related_name="declaration",
                                       to="rights.grant")),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
