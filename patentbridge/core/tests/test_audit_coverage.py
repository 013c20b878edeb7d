"""Every legal or financial record is change-logged with the person who changed it, the trail is kept at least
six months, and the admin shows it without letting anyone edit or delete it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import transaction
from django.test import Client
from django.utils import timezone

from patentbridge.core.models import SecurityEvent
from patentbridge.core.services import AUDIT_RETENTION_MINIMUM_DAYS, audit_purge
from patentbridge.core.tests.factories import LogEntryFactory, SecurityEventFactory
from patentbridge.orgs import services as org_services
from patentbridge.orgs.models import IdentityChange, Membership, OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of
from patentbridge.patents.models import PatentApplicant
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.rights import services as rights_services
from patentbridge.rights.models import GrantKind
from patentbridge.rights.tests.factories import GrantFactory

# The records that bind or pay someone: whoever changes one must be on the trail.
LEGAL_OR_FINANCIAL = (
    # who an organisation is, who acts for it, and a requested change of its identity
    "orgs.Organisation", "orgs.Membership", "orgs.IdentityChange",
    # the register entry, its owners and its legal events
    "patents.Patent", "patents.PatentApplicant", "patents.LegalEvent",
    # pool: maintenance decisions and fee reductions (PoolEntry), fee payments, the fee schedule, standard
    # declarations, state-funded projects and their implementation reports
    "pool.PoolEntry", "pool.FeePayment", "pool.ConfigVersion", "pool.StandardDeclaration", "pool.FundedProject",
    "pool.ImplementationReport",
    # open licensing: declarations, the licences taken under them, their payments
    "licensing.OpenLicenceDeclaration", "licensing.OpenLicence", "licensing.Payment",
    # negotiated deals and each party's consent to a binding step
    "deals.Deal", "deals.DealConsent",
    # recordation and technology-contract registration
    "recordation.Recordation", "recordation.TechContractRegistration",
    # inventor revenue: statutory floors, policies, incomes, shares, payments
    "revenue.JurisdictionFloor", "revenue.RewardPolicy", "revenue.Income", "revenue.InventorShare",
    "revenue.RewardPayment",
    # patent products, their recognition and sales-based rewards; the regulator's entered figures; an
    # organisation's declared industries; published typical cases
    "products.Product", "products.ProductPatent", "products.ProductYear", "recognition.Recognition",
    "recognition.Criterion", "recognition.RecognitionSettings", "recognition.Objection", "rewards.SalesRewardPolicy",
    "rewards.RewardApplication", "monitoring.Account", "monitoring.RegionalGdp", "monitoring.InclusionWeight",
    "kpi.RecordationBaseline", "industries.DeclaredIndustry", "typical_cases.TypicalCase",
    # agency tendering: an agency's practice licence, the tenders, the bids and the award
    "tendering.AgencyRegistration", "tendering.Tender", "tendering.Bid",
    # expert committee: its members, policy, meetings, the conflicts and votes, and each decision
    "committee.ReviewRequest", "committee.CommitteeMember", "committee.CommitteePolicy", "committee.Meeting",
    "committee.AgendaItem", "committee.Attendance", "committee.Opinion",
    # technology managers: the grade and certificate an organisation records, and the training counted for it
    "managers.ManagerProfile", "managers.TrainingRecord",
    # matchmaker rewards: each city's policy, and the applications, approvals and payments
    "matchmaker_rewards.MatchmakerPolicy", "matchmaker_rewards.MatchmakerApplication",
    # casework: the disclosure (an institution's service invention), its inventors' shares, the decision on it
    "casework.Disclosure", "casework.DisclosureInventor", "casework.TechnologyCase", "casework.CaseAssessment",
    # listings: a listing (its price, period, approval), the expressions of interest, its steps; the calendar
    "listings.Listing", "listings.ExpressionOfInterest", "listings.ListingStep", "core.CalendarDay",
    # auctions: the auctioneer's licence and officers, lots and their items, registrations and deposits, bids (kept
    # irrevocable), each step of a lot, and the sale confirmation (refused bids are their own append-only log)
    "auctions.AuctioneerLicence", "auctions.AuctionOfficer", "auctions.Lot", "auctions.LotItem",
    "auctions.Registration", "auctions.Bid", "auctions.LotStep", "auctions.Confirmation",
    # finance: a pledge disposal (the default, the right to dispose, the settlement statement, the release)
    "finance.PledgeDisposal", "finance.DisposalStep",
    # events: the event, its registrations (capacity), meetings with their outcomes and linked deals
    "events.Event", "events.Registration", "events.Meeting",
    # privacy: a person's request about their personal information, its verification, refusal or answer (PIPL Art 50)
    "privacy.PrivacyRequest",
)
# Apps every model of which is a legal record (grants, pledges, suspensions, fee status): covered as they come.
ALL_MODELS_OF = ("rights",)


def required_labels() -> list[str]:
    labels = list(LEGAL_OR_FINANCIAL)
    for label in ALL_MODELS_OF:
        if apps.is_installed(f"patentbridge.{label}"):
            labels += [model._meta.label for model in apps.get_app_config(label).get_models()]
    return labels


def test_every_legal_or_financial_model_is_change_logged():
    missing = []
    for label in required_labels():
        try:
            model = apps.get_model(label)
        except LookupError:
            missing.append(f"{label} (no such model: update LEGAL_OR_FINANCIAL)")
            continue
        if not auditlog.contains(model):
            missing.append(label)
    assert missing == [], f"register these with auditlog in their app's apps.py: {missing}"


def test_the_change_log_keeps_the_fee_reduction_of_a_pool_entry():
    excluded = auditlog.get_model_fields(apps.get_model("pool.PoolEntry"))["exclude_fields"]
    assert "fee_reduction" not in excluded


# --- the actor ----------------------------------------------------------------------------------------------

def _entries(instance, action):
    content_type = ContentType.objects.get_for_model(type(instance))
    return LogEntry.objects.filter(content_type=content_type, object_pk=str(instance.pk), action=action)


@pytest.fixture
def university(db):
    return OrganisationFactory(kind=OrgKind.UNIVERSITY)


def test_a_requested_identity_change_names_the_member_who_asked(university):
    member = member_of(university)
    org_services.organisation_update(actor=member, organisation=university, name="测试大学改名")
    change = IdentityChange.objects.get(organisation=university)
    assert _entries(change, LogEntry.Action.CREATE).get().actor == member


def test_reviewing_an_identity_change_names_the_reviewer(university):
    org_services.organisation_update(actor=member_of(university), organisation=university, name="测试大学改名")
    reviewer = UserFactory(is_superuser=True)
    change = org_services.identity_change_review(actor=reviewer, change=university.identity_changes.get(),
                                                 approve=True)
    assert _entries(change, LogEntry.Action.UPDATE).get().actor == reviewer
    assert _entries(university, LogEntry.Action.UPDATE).get().actor == reviewer


def test_a_membership_given_through_the_service_names_who_gave_it(university):
    granter = UserFactory(is_superuser=True)
    membership = org_services.membership_add(user=UserFactory(), organisation=university,
                                             role=Role.TECH_TRANSFER_MANAGER, actor=granter)
    assert isinstance(membership, Membership)
    assert _entries(membership, LogEntry.Action.CREATE).get().actor == granter


def test_a_registered_transfer_logs_the_change_of_owner_with_who_registered_it(university):
    patent = PatentFactory(owner=university)
    grant = GrantFactory(patent=patent, kind=GrantKind.TRANSFER, ends_on=None)
    registrar = member_of(university)
    rights_services.grant_recorded_on(actor=registrar, grant=grant, on=dt.date(2026, 12, 1))
    link = PatentApplicant.objects.get(patent=patent)
    entry = _entries(link, LogEntry.Action.UPDATE).get()
    assert entry.actor == registrar and entry.changes["name"] == [university.name, grant.grantee.name]


# --- retention ----------------------------------------------------------------------------------------------

def test_a_retention_below_six_months_is_refused_with_a_message_naming_the_minimum(settings):
    settings.AUDIT_RETENTION_DAYS = AUDIT_RETENTION_MINIMUM_DAYS - 1
    [error] = [message for message in run_checks() if message.id == "core.E001"]
    assert "AUDIT_RETENTION_DAYS=182" in error.msg and "183" in error.msg and "183" in error.hint


def test_the_check_command_refuses_to_pass_with_a_retention_below_six_months(settings):
    settings.AUDIT_RETENTION_DAYS = 90
    with pytest.raises(SystemCheckError, match="AUDIT_RETENTION_DAYS"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())


def test_six_months_exactly_passes_the_check(settings):
    settings.AUDIT_RETENTION_DAYS = AUDIT_RETENTION_MINIMUM_DAYS
    assert "core.E001" not in {message.id for message in run_checks()}


def _aged(days: float):
    moment = timezone.now() - dt.timedelta(days=days)
    return SecurityEventFactory(created_at=moment), LogEntryFactory(timestamp=moment)


def test_the_purge_keeps_everything_younger_than_six_months(settings, db):
    settings.AUDIT_RETENTION_DAYS = AUDIT_RETENTION_MINIMUM_DAYS
    kept_event, kept_entry = _aged(AUDIT_RETENTION_MINIMUM_DAYS - 1)
    _aged(AUDIT_RETENTION_MINIMUM_DAYS + 1)
    call_command("purge_audit", stdout=io.StringIO())
    assert SecurityEvent.objects.filter(pk=kept_event.pk).exists() and LogEntry.objects.filter(pk=kept_entry.pk)
    assert LogEntry.objects.count() == 1


def test_the_purge_refuses_a_retention_below_six_months_and_deletes_nothing(settings, db):
    settings.AUDIT_RETENTION_DAYS = AUDIT_RETENTION_MINIMUM_DAYS - 1
    _aged(AUDIT_RETENTION_MINIMUM_DAYS - 0.5)
    with pytest.raises(CommandError, match="183"):
        call_command("purge_audit", stdout=io.StringIO())
    assert (SecurityEvent.objects.count(), LogEntry.objects.count()) == (1, 1)


def test_a_purge_dated_in_the_future_still_keeps_the_last_six_months(settings, db):
    settings.AUDIT_RETENTION_DAYS = AUDIT_RETENTION_MINIMUM_DAYS
    event, entry = _aged(30)
    with transaction.atomic():
        audit_purge(by="test", now=timezone.now() + dt.timedelta(days=365))
    assert SecurityEvent.objects.filter(pk=event.pk).exists() and LogEntry.objects.filter(pk=entry.pk).exists()


# --- the admin shows, never edits ---------------------------------------------------------------------------

@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def entry(db):
    return LogEntryFactory()


def test_the_admin_shows_a_change_log_entry_to_a_superuser(superuser_client, entry):
    assert superuser_client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").status_code == 200


def test_the_admin_refuses_a_superuser_changing_a_change_log_entry(superuser_client, entry):
    response = superuser_client.post(f"/admin/auditlog/logentry/{entry.pk}/change/",
                                     {"object_repr": "rewritten", "cid": "x"})
    assert response.status_code == 403 and LogEntry.objects.get(pk=entry.pk).object_repr == entry.object_repr


def test_the_admin_refuses_a_superuser_deleting_a_change_log_entry(superuser_client, entry):
    assert superuser_client.get(f"/admin/auditlog/logentry/{entry.pk}/delete/").status_code == 403
    assert superuser_client.post(f"/admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_refuses_a_superuser_adding_a_change_log_entry(superuser_client):
    assert superuser_client.get("/admin/auditlog/logentry/add/").status_code == 403


def test_the_admin_bulk_delete_action_cannot_remove_change_log_entries(superuser_client, entry):
    superuser_client.post("/admin/auditlog/logentry/", {"action": "delete_selected", "_selected_action": [entry.pk],
                                                        "post": "yes"})
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_refuses_a_superuser_changing_or_deleting_a_security_event(superuser_client, db):
    event = SecurityEventFactory()
    assert superuser_client.post(f"/admin/core/securityevent/{event.pk}/change/", {"kind": "logout"}).status_code \
        == 403
    assert superuser_client.post(f"/admin/core/securityevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SecurityEvent.objects.get(pk=event.pk).kind == SecurityEvent.Kind.LOGIN
