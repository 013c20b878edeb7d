"""The overlap rule of rights.rules in PostgreSQL, on binding grants: no two sole or exclusive licences of one patent
overlap in territory and period; no sole or exclusive licence overlaps an ordinary licence, a licence taken under an
open licence or a standing declaration (`<>` on the exclusivity flag pairs an excluding grant only with a
non-excluding one). A standing declaration's period is open-ended (NULL end: unbounded range)."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE rights_grant ADD CONSTRAINT grant_no_overlapping_exclusive EXCLUDE USING gist (
    patent_id WITH =,
    int4range(territory_lo, territory_hi, '[]') WITH &&,
    daterange(starts_on, ends_on, '[]') WITH &&
) WHERE (kind IN ('sole_licence', 'exclusive_licence') AND status = 'binding');
ALTER TABLE rights_grant ADD CONSTRAINT grant_nothing_beside_exclusive EXCLUDE USING gist (
    patent_id WITH =,
    int4range(territory_lo, territory_hi, '[]') WITH &&,
    daterange(starts_on, ends_on, '[]') WITH &&,
    (kind IN ('sole_licence', 'exclusive_licence')) WITH <>
) WHERE (kind IN ('open_declaration', 'open_licence', 'ordinary_licence', 'sole_licence', 'exclusive_licence')
         AND status = 'binding');
"""
DROP = """
ALTER TABLE rights_grant DROP CONSTRAINT IF EXISTS grant_no_overlapping_exclusive;
ALTER TABLE rights_grant DROP CONSTRAINT IF EXISTS grant_nothing_beside_exclusive;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("rights", "0001_grants_pledges_suspensions_fees")]
    operations = [migrations.RunPython(forwards, backwards)]
