"""The audit trail (security events and the change log) is append-only for everyone, kept for the retention
period, purged only by the purge command, and exported for auditors through the spreadsheet helper."""

import csv
import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from patentbridge.core.errors import AuditAppendOnly
from patentbridge.core.models import SecurityEvent
from patentbridge.core.services import audit_purge
from patentbridge.core.tests.factories import LogEntryFactory, SecurityEventFactory
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory

LONG_AGO = timezone.now() - dt.timedelta(days=800)
HOSTILE = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def event(db):
    return SecurityEventFactory()


@pytest.fixture
def entry(db):
    return LogEntryFactory()


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's; SQLite relies on the ORM guards")


# --- the admin shows, never edits ---------------------------------------------------------------------------

def test_admin_offers_no_delete_action_for_security_events(admin_client, event):
    response = admin_client.get("/admin/core/securityevent/")
    assert response.status_code == 200 and "delete_selected" not in response.content.decode()


def test_admin_refuses_to_delete_a_security_event(admin_client, event):
    assert admin_client.post(f"/admin/core/securityevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_admin_refuses_to_change_a_security_event(admin_client, event):
    response = admin_client.post(f"/admin/core/securityevent/{event.pk}/change/", {"kind": "logout"})
    assert response.status_code == 403 and SecurityEvent.objects.get(pk=event.pk).kind == "login"


def test_admin_offers_no_delete_action_for_change_log_entries(admin_client, entry):
    response = admin_client.get("/admin/auditlog/logentry/")
    assert response.status_code == 200 and "delete_selected" not in response.content.decode()


def test_admin_refuses_to_delete_a_change_log_entry(admin_client, entry):
    assert admin_client.post(f"/admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


# --- the ORM refuses ----------------------------------------------------------------------------------------

def test_saving_an_existing_security_event_is_refused(event):
    event.detail = "rewritten"
    with pytest.raises(AuditAppendOnly):
        event.save()


def test_deleting_a_security_event_is_refused(event):
    with pytest.raises(AuditAppendOnly):
        event.delete()


def test_bulk_update_of_security_events_is_refused(event):
    with pytest.raises(AuditAppendOnly):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="rewritten")


def test_bulk_delete_of_security_events_is_refused(event):
    with pytest.raises(AuditAppendOnly):
        SecurityEvent.objects.all().delete()


def test_a_new_event_cannot_overwrite_an_existing_one_by_reusing_its_id(event):
    with pytest.raises(AuditAppendOnly):
        SecurityEvent(pk=event.pk, kind="logout").save()


def test_saving_an_existing_change_log_entry_is_refused(entry):
    entry.object_repr = "rewritten"
    with pytest.raises(AuditAppendOnly):
        entry.save()


def test_deleting_a_change_log_entry_is_refused(entry):
    with pytest.raises(AuditAppendOnly):
        entry.delete()


def test_bulk_delete_of_change_log_entries_is_refused(entry):
    with pytest.raises(AuditAppendOnly):
        LogEntry.objects.all().delete()


def test_deleting_a_user_keeps_their_events_with_the_username(db):
    user = UserFactory()
    kept = SecurityEventFactory(user=user, username=user.username)
    user.delete()
    kept = SecurityEvent.objects.get(pk=kept.pk)
    assert (kept.user_id, kept.username) == (None, user.username)


# --- PostgreSQL itself refuses ------------------------------------------------------------------------------

@pytest.mark.parametrize("sql", ["UPDATE core_securityevent SET detail = 'x'", "DELETE FROM core_securityevent",
                                 "UPDATE auditlog_logentry SET object_repr = 'x'", "DELETE FROM auditlog_logentry"])
def test_postgresql_refuses_raw_updates_and_deletes_of_the_audit_trail(event, entry, sql):
    postgresql_only()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_postgresql_refuses_deleting_even_old_rows_outside_the_purge(db):
    postgresql_only()
    SecurityEventFactory(created_at=LONG_AGO)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_securityevent")


def test_postgresql_refuses_a_purge_of_rows_younger_than_six_months(db):
    postgresql_only()
    SecurityEventFactory(created_at=timezone.now() - dt.timedelta(days=100))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL patentbridge.audit_purge = 'on'")
        cursor.execute("DELETE FROM core_securityevent")


# --- retention and purge ------------------------------------------------------------------------------------

def test_purge_deletes_only_rows_older_than_the_retention(settings, db):
    settings.AUDIT_RETENTION_DAYS = 365
    old_event, old_entry = SecurityEventFactory(created_at=LONG_AGO), LogEntryFactory(timestamp=LONG_AGO)
    recent_event = SecurityEventFactory(created_at=timezone.now() - dt.timedelta(days=300))
    recent_entry = LogEntryFactory(timestamp=timezone.now() - dt.timedelta(days=300))
    assert audit_purge(by="test") == {"security_events": 1, "change_log_entries": 1}
    assert not SecurityEvent.objects.filter(pk=old_event.pk).exists()
    assert not LogEntry.objects.filter(pk=old_entry.pk).exists()
    assert SecurityEvent.objects.filter(pk=recent_event.pk).exists()
    assert LogEntry.objects.filter(pk=recent_entry.pk).exists()


def test_purge_keeps_an_app_s_change_log_for_its_own_longer_period(settings, db):
    """An auction's record is kept 10 years (Auction Law Art 54: at least 5) while the rest goes after two."""
    settings.AUDIT_RETENTION_DAYS_BY_APP = {"orgs": 3660}
    kept = LogEntryFactory(timestamp=LONG_AGO)  # an organisation's change, here standing for a longer-kept app's
    gone = LogEntryFactory(timestamp=LONG_AGO, content_type=ContentType.objects.get_for_model(SecurityEvent))
    audit_purge(by="test")
    assert (LogEntry.objects.filter(pk=kept.pk).exists(), LogEntry.objects.filter(pk=gone.pk).exists()) == (True, False)


def test_a_longer_kept_app_s_change_log_goes_after_its_own_period(settings, db):
    settings.AUDIT_RETENTION_DAYS_BY_APP = {"orgs": 760}
    LogEntryFactory(timestamp=LONG_AGO)
    assert audit_purge(by="test")["change_log_entries"] == 1


def test_auction_records_are_kept_ten_years_by_default(settings):
    assert settings.AUDIT_RETENTION_DAYS_BY_APP["auctions"] >= 10 * 365


def test_purge_leaves_a_security_event_saying_what_it_deleted(settings, db):
    settings.AUDIT_RETENTION_DAYS = 365
    SecurityEventFactory(created_at=LONG_AGO)
    call_command("purge_audit", stdout=io.StringIO())
    assert "1" in SecurityEvent.objects.get(kind=SecurityEvent.Kind.AUDIT_PURGED).detail


def test_purge_refuses_a_retention_below_six_months(settings, db):
    settings.AUDIT_RETENTION_DAYS = 90
    SecurityEventFactory(created_at=LONG_AGO)
    with pytest.raises(CommandError):
        call_command("purge_audit", stdout=io.StringIO())
    assert SecurityEvent.objects.count() == 1


def test_a_retention_below_six_months_fails_the_system_check(settings):
    settings.AUDIT_RETENTION_DAYS = 90
    assert "core.E001" in {message.id for message in run_checks()}


def test_the_retention_default_is_two_years(settings):
    from patentbridge.core.services import audit_retention_days

    assert audit_retention_days() == 730


def test_audit_purge_refuses_a_short_retention_outside_the_command(settings, db):
    settings.AUDIT_RETENTION_DAYS = 30
    with pytest.raises(ImproperlyConfigured):
        audit_purge(by="test")


# --- export for auditors ------------------------------------------------------------------------------------

@pytest.fixture
def trail(db):
    user = UserFactory(username="=cmd|' /C calc'!A0")
    SecurityEventFactory(user=user, username=user.username, kind=SecurityEvent.Kind.PERMISSION_DENIED,
                         detail="org.change", ip_address="203.0.113.7")
    LogEntryFactory(object_repr=HOSTILE, actor=user, remote_addr="198.51.100.9")
    SecurityEventFactory(created_at=LONG_AGO, username="too-old")
    return user


def export(tmp_path, fmt):
    output = tmp_path / f"audit.{fmt}"
    today = timezone.localdate()
    call_command("export_audit", "--since", str(today - dt.timedelta(days=1)), "--until", str(today),
                 "--format", fmt, "--output", str(output), stdout=io.StringIO())
    return output


def test_csv_export_holds_the_events_and_changes_of_the_period(trail, tmp_path):
    rows = list(csv.reader(export(tmp_path, "csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 3  # header, the security event, the change; not the old event
    text = "\n".join(",".join(row) for row in rows)
    assert "203.0.113.7" in text and "198.51.100.9" in text and "org.change" in text and "新名" in text
    assert "too-old" not in text


def test_csv_export_neutralises_formula_like_text(trail, tmp_path):
    rows = list(csv.reader(export(tmp_path, "csv").read_text(encoding="utf-8-sig").splitlines()))
    cells = [cell for row in rows[1:] for cell in row if "=" in cell and ("cmd" in cell or "HYPERLINK" in cell)]
    assert cells and all(cell.startswith("'") for cell in cells)


def test_xlsx_export_has_no_formula_cells(trail, tmp_path):
    sheet = load_workbook(export(tmp_path, "xlsx")).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert sheet.max_row == 3 and not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(isinstance(c.value, str) and c.value.startswith("'=cmd") for c in cells)


def test_export_refuses_a_period_that_ends_before_it_starts(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_audit", "--since", "2026-02-01", "--until", "2026-01-01", "--output",
                     str(tmp_path / "a.csv"), stdout=io.StringIO())


# --- the audit page -----------------------------------------------------------------------------------------

@pytest.fixture
def regulator(logged_in_client):
    return logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)[0]


def test_the_audit_page_lists_the_trail_for_a_regulator(regulator, trail):
    page = regulator.get("/audit/").content.decode()
    assert "org.change" in page and "too-old" not in page


@pytest.mark.parametrize("role, kind", [(Role.TECH_TRANSFER_MANAGER, OrgKind.UNIVERSITY),
                                        (Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)])
def test_the_audit_page_is_refused_to_other_roles(logged_in_client, role, kind):
    client, user, _ = logged_in_client(role, kind)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/?format=csv").status_code == 403
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERMISSION_DENIED, user=user).exists()


def test_the_audit_page_downloads_a_neutralised_csv(regulator, trail):
    response = regulator.get("/audit/?format=csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and "'=HYPERLINK" in text and "\n=" not in text


def test_the_audit_page_downloads_an_xlsx_without_formulas(regulator, trail):
    sheet = load_workbook(io.BytesIO(regulator.get("/audit/?format=xlsx").content)).active
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_downloading_the_audit_trail_is_itself_recorded(regulator, trail):
    regulator.get("/audit/?format=xlsx")
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.AUDIT_EXPORTED).exists()


def test_a_bad_date_on_the_audit_page_is_explained_not_a_crash(regulator, db):
    response = regulator.get("/audit/?since=2026-02-30")
    assert response.status_code == 200 and "flash-error" in response.content.decode()


def test_an_organisation_with_a_formula_name_is_exported_as_text(regulator, db):
    OrganisationFactory(name="@SUM(A1)")  # auditlog records its creation
    assert "'@SUM(A1)" in regulator.get("/audit/?format=csv").content.decode("utf-8-sig")


def test_the_audit_page_names_changed_fields_and_choices_in_words(regulator, db):
    organisation = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    organisation.kind = OrgKind.ENTERPRISE
    organisation.save()
    regulator.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = regulator.get("/audit/").content.decode()
    assert "Type: University → Private enterprise" in page and "orgs.organisation" not in page
    assert "Recordations_as_licensor" not in page and "Created at" not in page


def test_a_refused_act_reads_as_words_on_the_audit_page(regulator, logged_in_client):
    client, user, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    client.get("/audit/")
    detail = SecurityEvent.objects.get(user=user, kind=SecurityEvent.Kind.PERMISSION_DENIED).detail
    assert detail == "查看审计日志"
