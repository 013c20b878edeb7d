"""SPC interpretation Art 25 in the database: on PostgreSQL a binding ordinary licence and a binding sole or exclusive
licence of one patent cannot overlap in territory and period (ordinary licences may overlap each other; sole and
exclusive ones are already kept apart by deal_no_overlapping_exclusive). `<>` on the exclusivity flag pairs an
exclusive row only with an ordinary one."""

from django.db import migrations

CREATE = """
ALTER TABLE deals_deal ADD CONSTRAINT deal_no_ordinary_under_exclusive EXCLUDE USING gist (
    patent_id WITH =,
    int4range(territory_lo, territory_hi, '[]') WITH &&,
    daterange(starts_on, ends_on, '[]') WITH &&,
    (kind IN ('sole_licence', 'exclusive_licence')) WITH <>
) WHERE (kind IN ('ordinary_licence', 'sole_licence', 'exclusive_licence')
         AND status IN ('signed', 'recorded', 'performing'));
"""
DROP = "ALTER TABLE deals_deal DROP CONSTRAINT IF EXISTS deal_no_ordinary_under_exclusive;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("deals", "0003_coded_territory_and_consents")]
    operations = [migrations.RunPython(forwards, backwards)]
