"""Territory becomes a coded region (with its code interval copied for PostgreSQL's exclusion constraint), deals get
a negotiation round and the parties' confirmations. Existing free-text territories are read as regions (中国 /
中华人民共和国 / "中国 " alike); one that names no known region becomes 中国, noted in the deal's terms."""

import csv
import unicodedata
from pathlib import Path

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from patentbridge.orgs.regions import parent_code, span

DROP_OLD = "ALTER TABLE deals_deal DROP CONSTRAINT IF EXISTS deal_no_overlapping_exclusive;"
CREATE_NEW = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE deals_deal ADD CONSTRAINT deal_no_overlapping_exclusive EXCLUDE USING gist (
    patent_id WITH =,
    int4range(territory_lo, territory_hi, '[]') WITH &&,
    daterange(starts_on, ends_on, '[]') WITH &&
) WHERE (kind IN ('sole_licence', 'exclusive_licence') AND status IN ('signed', 'recorded', 'performing'));
"""
CREATE_OLD = """
ALTER TABLE deals_deal ADD CONSTRAINT deal_no_overlapping_exclusive EXCLUDE USING gist (
    patent_id WITH =, territory WITH =, daterange(starts_on, ends_on, '[]') WITH &&
) WHERE (kind IN ('sole_licence', 'exclusive_licence') AND status IN ('signed', 'recorded', 'performing'));
"""


def _key(text):
    return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def _load_regions(Region, City):
    path = Path(settings.DATA_DIR) / "reference" / "regions" / "regions.csv"
    rows = [(r["code"], r["name_zh"], r["name_en"], [a for a in r["aliases"].split("|") if a])
            for r in csv.DictReader(path.open(encoding="utf-8"))]
    rows += [(c.code, c.name_zh, c.name_en, [c.name_zh.removesuffix("市")]) for c in City.objects.all()]
    for code, name_zh, name_en, aliases in sorted(rows, key=lambda r: span(r[0])[1] - span(r[0])[0], reverse=True):
        lo, hi = span(code)
        Region.objects.update_or_create(code=code, defaults={"name_zh": name_zh, "name_en": name_en,
                                                             "aliases": aliases, "lo": lo, "hi": hi,
                                                             "parent_id": parent_code(code)})


def forwards(apps, schema_editor):
    Region, City, Deal = apps.get_model("orgs", "Region"), apps.get_model("orgs", "City"), apps.get_model("deals", "Deal")
    if not Deal.objects.exists():
        return
    _load_regions(Region, City)
    names = {}
    for region in Region.objects.all():
        for name in (region.code, region.name_zh, region.name_en, *region.aliases):
            names[_key(name)] = region
    china = Region.objects.get(code="CN")
    for deal in Deal.objects.all():
        region = names.get(_key(deal.territory))
        if region is None:
            deal.terms = (deal.terms + f"\n[原地域：{deal.territory}]").strip()
        region = region or china
        deal.territory_region, deal.territory_lo, deal.territory_hi = region, region.lo, region.hi
        deal.save(update_fields=["territory_region", "territory_lo", "territory_hi", "terms"])


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_OLD)


def create_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_NEW)


def restore_old_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0002_exclusive_overlap_constraint"),
        ("orgs", "0003_regions_roles_identity_changes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.RunPython(drop_constraint, restore_old_constraint),
        migrations.AddField("deal", "territory_region", models.ForeignKey(
            null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.region")),
        migrations.AddField("deal", "territory_lo", models.PositiveIntegerField(editable=False, null=True)),
        migrations.AddField("deal", "territory_hi", models.PositiveIntegerField(editable=False, null=True)),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField("deal", "territory"),
        migrations.RenameField("deal", "territory_region", "territory"),
        migrations.AlterField("deal", "territory", models.ForeignKey(
            on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.region",
            verbose_name="territory")),
        migrations.AlterField("deal", "territory_lo", models.PositiveIntegerField(editable=False)),
        migrations.AlterField("deal", "territory_hi", models.PositiveIntegerField(editable=False)),
        migrations.AddField("deal", "round", models.PositiveIntegerField(default=1, editable=False)),
        migrations.AddConstraint("deal", models.CheckConstraint(
            condition=models.Q(territory_lo__lte=models.F("territory_hi")), name="deal_territory_span")),
        migrations.CreateModel(
            name="DealConsent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("round", models.PositiveIntegerField()),
                ("step", models.CharField(choices=[("draft", "Draft"), ("negotiating", "Negotiating"),
                                                   ("agreed", "Agreed"), ("signed", "Signed"),
                                                   ("recorded", "Recorded / registered"),
                                                   ("performing", "Performing"), ("completed", "Completed"),
                                                   ("terminated", "Terminated")], max_length=12)),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("deal", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="consents",
                                           to="deals.deal")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                   to="orgs.organisation")),
                ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                           to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["at", "pk"]},
        ),
        migrations.AddConstraint("dealconsent", models.UniqueConstraint(
            fields=("deal", "round", "step", "organisation"), name="one_consent_per_org_step_round")),
        migrations.RunPython(create_constraint, drop_constraint),
    ]
