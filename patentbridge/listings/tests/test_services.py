"""Creating, publishing, withdrawing, expressing interest and relisting: the rules of rules-round2 §2.2."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.core.workdays import add_working_days
from patentbridge.listings import services
from patentbridge.listings.models import ListingStatus
from patentbridge.listings.tests.factories import interested, listed, seller_world, terms
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.models import LegalStatus
from patentbridge.rights.models import Pledge, Suspension

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return seller_world()


def test_a_listing_is_created_as_a_numbered_draft(world):
    listing = services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent, data=terms(world))
    assert listing.status == ListingStatus.DRAFT
    assert listing.number == f"GP-{timezone.localdate().year}-0001"


def test_numbers_follow_each_other(world):
    services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent, data=terms(world))
    other = seller_world()
    second = services.listing_create(actor=other.signer, seller=other.seller, patent=other.patent, data=terms(other))
    assert second.number.endswith("-0002")


def test_soe_first_listing_below_the_appraisal_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent,
                                data=terms(world, price=Decimal("1199999.99")))
    assert "price" in exc.value.details


def test_soe_listing_needs_its_appraisal_report_and_approval_number(world):
    with pytest.raises(ValidationFailed) as exc:
        services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent,
                                data=terms(world, appraisal_report="", approval_number=""))
    assert {"appraisal_report", "approval_number"} <= set(exc.value.details)


def test_a_university_may_list_without_an_appraisal():
    uni = seller_world(OrgKind.UNIVERSITY)
    listing = services.listing_create(actor=uni.signer, seller=uni.seller, patent=uni.patent,
                                      data={"venue": uni.venue, "price": "500000"})
    assert listing.appraisal_value is None and listing.period_days == 10


def test_the_period_is_twenty_working_days_above_ten_million(world):
    listing = services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent,
                                      data=terms(world, price="10000000.01", appraisal_value="10000000"))
    assert listing.period_days == 20


def test_ten_million_exactly_keeps_ten_working_days(world):
    listing = services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent,
                                      data=terms(world, price="10000000", appraisal_value="10000000"))
    assert listing.period_days == 10


def test_a_period_shorter_than_the_minimum_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent,
                                data=terms(world, period_days=9))
    assert "period_days" in exc.value.details


@override_settings(LISTING_PERIOD_WORKING_DAYS=15)
def test_the_period_follows_the_setting(world):
    listing = services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent, data=terms(world))
    assert listing.period_days == 15


def test_a_patent_not_in_force_cannot_be_listed(world):
    world.patent.legal_status = LegalStatus.LAPSED_FEES
    world.patent.save()
    with pytest.raises(ValidationFailed) as exc:
        services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent, data=terms(world))
    assert "patent" in exc.value.details


def test_another_organisations_patent_cannot_be_listed(world):
    other = seller_world()
    with pytest.raises(ValidationFailed):
        services.listing_create(actor=world.signer, seller=world.seller, patent=other.patent, data=terms(world))


def test_a_suspended_patent_cannot_be_listed(world):
    Suspension.objects.create(patent=world.patent, ground="ownership_dispute", reference="(2026)粤73民初1号",
                              started_on=timezone.localdate() - dt.timedelta(days=3))
    with pytest.raises(ValidationFailed):
        services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent, data=terms(world))


def _pledge(world):
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL)
    return Pledge.objects.create(patent=world.patent, pledgor=world.seller, pledgee=bank, pledgee_name=bank.name,
                                 amount=Decimal("800000"), registration_number="Y2026440000123",
                                 registered_on=timezone.localdate() - dt.timedelta(days=30))


def test_a_pledged_patent_needs_the_pledgees_consent(world):
    _pledge(world)
    with pytest.raises(ValidationFailed) as exc:
        services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent, data=terms(world))
    assert "pledgee_consent" in exc.value.details


def test_a_pledged_patent_lists_with_the_consent_recorded(world):
    _pledge(world)
    listing = services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent,
                                      data=terms(world, pledgee_consent=True))
    assert listing.pledgee_consent


def test_an_authority_from_a_higher_app_replaces_the_sellers_commitment(world):
    pledge = _pledge(world)
    banker = member_of(pledge.pledgee, Role.BANK_OFFICER)
    listing = services.listing_create(actor=banker, seller=world.seller, patent=world.patent,
                                      data=terms(world, agent=pledge.pledgee),
                                      authority="质押处置协议 ZY-2026-7")
    assert listing.authority == "质押处置协议 ZY-2026-7" and listing.agent == pledge.pledgee


def test_an_enterprise_cannot_list_for_the_university():
    uni = seller_world(OrgKind.UNIVERSITY)
    firm_signer = signer_of(OrganisationFactory(kind=OrgKind.ENTERPRISE))
    with pytest.raises(PermissionDenied):
        services.listing_create(actor=firm_signer, seller=uni.seller, patent=uni.patent,
                                data={"venue": uni.venue, "price": "500000"})


def test_an_enterprise_user_who_does_not_sign_cannot_list(world):
    with pytest.raises(PermissionDenied):
        services.listing_create(actor=member_of(world.seller, Role.ENTERPRISE_USER), seller=world.seller,
                                patent=world.patent, data=terms(world))


def test_the_seller_cannot_be_its_own_venue(world):
    with pytest.raises(ValidationFailed) as exc:
        services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent,
                                data=terms(world, venue=world.seller))
    assert "venue" in exc.value.details


def test_a_licence_listing_needs_its_kind_and_dates(world):
    with pytest.raises(ValidationFailed) as exc:
        services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent,
                                data=terms(world, kind="licence"))
    assert {"licence_kind", "licence_ends_on"} <= set(exc.value.details)


def test_publishing_runs_the_period_in_working_days(world):
    draft = services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent, data=terms(world))
    listing = services.listing_publish(actor=world.signer, listing=draft, today=dt.date(2026, 9, 29))
    assert (listing.status, listing.starts_on, listing.ends_on) == (
        ListingStatus.LISTED, dt.date(2026, 9, 30), dt.date(2026, 10, 19))
    assert listing.ends_on == add_working_days(dt.date(2026, 9, 30), 9)


def test_a_patent_already_listed_cannot_be_listed_twice(world):
    listed(world)
    draft = services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent, data=terms(world))
    with pytest.raises(Conflict):
        services.listing_publish(actor=world.signer, listing=draft)


def test_withdrawal_needs_a_reason(world):
    with pytest.raises(ValidationFailed):
        services.listing_withdraw(actor=world.signer, listing=listed(world), reason=" ")


def test_withdrawal_before_any_interest(world):
    listing = services.listing_withdraw(actor=world.signer, listing=listed(world), reason="经营调整")
    assert listing.status == ListingStatus.WITHDRAWN and listing.withdraw_reason == "经营调整"


def test_no_withdrawal_after_an_expression_of_interest(world):
    listing = listed(world)
    interested(listing)
    with pytest.raises(Conflict) as exc:
        services.listing_withdraw(actor=world.signer, listing=listing, reason="经营调整")
    assert exc.value.code == "has_interest"


def test_nobody_but_the_seller_withdraws(world):
    listing = listed(world)
    for outsider in (member_of(world.venue, Role.AGENCY_BROKER), signer_of(OrganisationFactory(kind=OrgKind.SOE))):
        with pytest.raises(PermissionDenied):
            services.listing_withdraw(actor=outsider, listing=listing, reason="x")


# interest ---------------------------------------------------------------------------------------------------------
def _firm():
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    return firm, member_of(firm, Role.ENTERPRISE_USER)


def test_an_enterprise_expresses_interest_during_the_period(world):
    firm, user = _firm()
    interest = services.interest_register(actor=user, listing=listed(world), organisation=firm, statement="资格齐全")
    assert interest.organisation == firm


def test_the_seller_is_told_of_an_interest(world):
    firm, user = _firm()
    services.interest_register(actor=user, listing=listed(world), organisation=firm, statement="资格齐全")
    assert world.signer.notices.filter(params__variant="listing_interest").exists()


def test_one_interest_per_organisation(world):
    firm, user = _firm()
    listing = listed(world)
    services.interest_register(actor=user, listing=listing, organisation=firm, statement="资格齐全")
    with pytest.raises(Conflict) as exc:
        services.interest_register(actor=user, listing=listing, organisation=firm, statement="再次")
    assert exc.value.code == "already_interested"


def test_interest_after_the_period_is_refused(world):
    firm, user = _firm()
    with pytest.raises(Conflict) as exc:
        services.interest_register(actor=user, listing=listed(world, days_left=-1), organisation=firm,
                                   statement="资格齐全")
    assert exc.value.code == "listing_not_open"


def test_the_seller_cannot_express_interest_in_its_own_listing(world):
    with pytest.raises(Conflict) as exc:
        services.interest_register(actor=world.signer, listing=listed(world), organisation=world.seller,
                                   statement="自己")
    assert exc.value.code == "own_listing"


def test_interest_needs_a_qualification_statement(world):
    firm, user = _firm()
    with pytest.raises(ValidationFailed):
        services.interest_register(actor=user, listing=listed(world), organisation=firm, statement="")


# relisting --------------------------------------------------------------------------------------------------------
def _approval(**overrides):
    return {"approved_by": "广东省国资委", "approval_document": "粤国资函〔2026〕88号",
            "approved_on": timezone.localdate(),
            "approval_file": SimpleUploadedFile("批复.pdf", b"%PDF-1.4 approval", content_type="application/pdf"),
            **overrides}


def test_relisting_at_ninety_percent_needs_no_approval(world):
    relisting = services.listing_relist(actor=world.signer, listing=listed(world, status=ListingStatus.NO_INTEREST),
                                        data={"price": "1080000"})
    assert relisting.relist_of is not None and relisting.status == ListingStatus.DRAFT


def test_relisting_below_ninety_percent_without_approval_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        services.listing_relist(actor=world.signer, listing=listed(world, status=ListingStatus.NO_INTEREST),
                                data={"price": "1079999.99"})
    assert {"approved_by", "approval_document", "approved_on", "approval_file"} <= set(exc.value.details)


def test_relisting_below_ninety_percent_with_the_approval_recorded(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    relisting = services.listing_relist(actor=world.signer, listing=listed(world, status=ListingStatus.NO_INTEREST),
                                        data={"price": "900000", **_approval()})
    assert relisting.approval_document == "粤国资函〔2026〕88号" and relisting.approval_file.name


@override_settings(LISTING_RELIST_APPROVAL_SHARE="0.8")
def test_the_relisting_share_follows_the_setting(world):
    relisting = services.listing_relist(actor=world.signer, listing=listed(world, status=ListingStatus.NO_INTEREST),
                                        data={"price": "960000"})
    assert relisting.price == Decimal("960000")


def test_only_a_listing_without_interest_is_relisted(world):
    with pytest.raises(Conflict):
        services.listing_relist(actor=world.signer, listing=listed(world), data={"price": "1200000"})


def test_a_listing_is_relisted_once(world):
    original = listed(world, status=ListingStatus.NO_INTEREST)
    services.listing_relist(actor=world.signer, listing=original, data={"price": "1200000"})
    with pytest.raises(Conflict):
        services.listing_relist(actor=world.signer, listing=original, data={"price": "1200000"})
