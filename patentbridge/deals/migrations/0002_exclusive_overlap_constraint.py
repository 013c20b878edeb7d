"""On PostgreSQL the database itself refuses two binding sole/exclusive licences of one patent whose territory
matches and whose periods overlap (an exclusion constraint); SQLite relies on the service check, whose writers
are serialised anyway."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE deals_deal ADD CONSTRAINT deal_no_overlapping_exclusive EXCLUDE USING gist (
    patent_id WITH =, territory WITH =, daterange(starts_on, ends_on, '[]') WITH &&
) WHERE (kind IN ('sole_licence', 'exclusive_licence') AND status IN ('signed', 'recorded', 'performing'));
"""
DROP = "ALTER TABLE deals_deal DROP CONSTRAINT IF EXISTS deal_no_overlapping_exclusive;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("deals", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
