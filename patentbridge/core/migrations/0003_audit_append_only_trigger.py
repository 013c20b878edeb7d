"""On PostgreSQL the database itself keeps the audit trail append-only: UPDATE and DELETE of security events and
change-log entries raise, whoever connects (the Django admin, a shell, psql with the application's role).

Two exceptions, both narrow:
- DELETE only inside a transaction that set `SET LOCAL patentbridge.audit_purge = 'on'` (what `patentbridge
  purge-audit` does), and even then only of rows older than 183 days, the legal minimum for logs. The variable
  keeps every other code path (auditlog's own flush command, a stray queryset) from deleting old rows; the age
  floor keeps the purge itself, or anyone setting the variable by hand, from deleting recent evidence.
- UPDATE that only clears the link to a deleted user (Django's ON DELETE SET NULL); the username or e-mail stays.

A table owner or superuser can still drop the trigger or TRUNCATE: the application's database role should not be
the tables' owner in production (docs/settings.md). SQLite has no such trigger; the ORM guards apply there.
"""

from django.db import migrations

MINIMUM_AGE = "183 days"
TABLES = (("core", "SecurityEvent", "created_at", "user_id"), ("auditlog", "LogEntry", "timestamp", "actor_id"))

FUNCTION = f"""
CREATE OR REPLACE FUNCTION patentbridge_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stamp_column text := TG_ARGV[0];
    user_column text := TG_ARGV[1];
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('patentbridge.audit_purge', true) = 'on'
           AND (to_jsonb(OLD) ->> stamp_column)::timestamptz < now() - interval '{MINIMUM_AGE}' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit trail %: entries are append-only and cannot be deleted', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(NEW) - user_column) = (to_jsonb(OLD) - user_column) AND (to_jsonb(NEW) -> user_column) = 'null' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit trail %: entries are append-only and cannot be changed', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;
"""


def _trigger(table: str) -> str:
    return f"{table}_append_only"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # RAISE uses % placeholders of its own
    for app_label, model_name, stamp, user in TABLES:
        table = apps.get_model(app_label, model_name)._meta.db_table
        schema_editor.execute(
            f"CREATE TRIGGER {_trigger(table)} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION patentbridge_audit_append_only('{stamp}', '{user}')"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, _stamp, _user in TABLES:
        table = apps.get_model(app_label, model_name)._meta.db_table
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table)} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS patentbridge_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_security_event_audit_kinds"), ("auditlog", "0017_add_actor_email")]
    operations = [migrations.RunPython(forwards, backwards)]
