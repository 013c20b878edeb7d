import datetime as dt

import pytest

from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import config, services
from patentbridge.pool.models import Assessment, ConfigKind, PoolEntry, PoolState, TierChange
from patentbridge.pool.tests.factories import PoolEntryFactory


@pytest.fixture
def office(make_member):
    return make_member(Role.TECH_TRANSFER_MANAGER)


def _patents(org, n=6):
    return [PatentFactory(owner=org, ipc_main=f"G06F{i}/00", ipc_codes=[f"G06F{i}/00", "H04L9/32"][: 1 + i % 2],
                          application_date=dt.date(2015 + i, 1, 1)) for i in range(n)]


def test_the_register_is_scored_and_institution_patents_inventoried(office):
    user, org = office
    patents = _patents(org)
    services.inventory_add_owned([p.pk for p in patents])
    summary = services.assess_register()
    assert summary.assessed == len(patents)
    assert Assessment.objects.count() == len(patents)
    assert set(PoolEntry.objects.values_list("state", flat=True)) == {PoolState.ASSESSED}
    assessment = Assessment.objects.first()
    assert 0 <= assessment.score <= 100 and assessment.tier in "ABCD"
    assert set(assessment.indicator_values()) >= {"follow_on", "remaining_term", "legal_status"}


def test_enterprise_patents_are_not_put_on_an_inventory(make_member):
    _, company = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    patent = PatentFactory(owner=company)
    assert services.inventory_add_owned([patent.pk]) == 0


def test_a_patent_no_longer_in_force_is_tier_d(office):
    _, org = office
    dead = PatentFactory(owner=org, legal_status=LegalStatus.LAPSED_FEES)
    services.assess_register()
    assert Assessment.objects.get(patent=dead).tier == "D"


def test_a_new_configuration_re_tiers_and_records_why(office):
    _, org = office
    patents = _patents(org)
    services.assess_register()
    data = config.default_assessment_data()
    data["tiers"] = {"A": 3, "B": 2, "C": 1}
    config.config_publish(actor=None, kind=ConfigKind.ASSESSMENT, data=data)
    summary = services.assess_register()
    assert summary.tier_counts["A"] == len(patents)
    change = TierChange.objects.filter(new_tier="A").first()
    assert change is not None and "v2" in change.reason


def test_a_re_score_that_changes_nothing_rewrites_nothing(office):
    _, org = office
    _patents(org)
    services.assess_register()
    before = dict(Assessment.objects.values_list("patent_id", "computed_at"))
    summary = services.assess_register()
    assert (summary.assessed, summary.rewritten) == (6, 0)
    assert dict(Assessment.objects.values_list("patent_id", "computed_at")) == before


def test_a_new_patent_rewrites_only_its_cohort(office):
    _, org = office
    patents = _patents(org)
    services.assess_register()
    before = dict(Assessment.objects.values_list("patent_id", "computed_at"))
    newcomer = PatentFactory(owner=org, ipc_main="G06F9/00", ipc_codes=["G06F9/00"],
                             application_date=dt.date(2015, 6, 1))
    summary = services.assess_register()
    after = dict(Assessment.objects.values_list("patent_id", "computed_at"))
    rewritten = {pid for pid, at in after.items() if before.get(pid) != at}
    assert newcomer.pk in rewritten and patents[5].pk not in rewritten
    assert summary.rewritten == len(rewritten) < len(after)


def test_a_lapsed_patent_is_re_tiered_alone_with_its_change_recorded(office):
    _, org = office
    patents = _patents(org)
    services.assess_register()
    lapsing = patents[3]
    old_tier = Assessment.objects.get(patent=lapsing).tier
    assert old_tier != "D"
    type(lapsing).objects.filter(pk=lapsing.pk).update(legal_status=LegalStatus.LAPSED_FEES)
    summary = services.assess_register()
    assert Assessment.objects.get(patent=lapsing).tier == "D"
    assert summary.rewritten < len(patents)
    assert TierChange.objects.filter(patent=lapsing, old_tier=old_tier, new_tier="D").exists()


def test_an_override_survives_re_assessment(office):
    user, org = office
    patent = _patents(org, 1)[0]
    services.inventory_add_owned([patent.pk])
    services.assess_register()
    entry = PoolEntry.objects.get(patent=patent)
    services.tier_override(actor=user, entry=entry, tier="A", comment="已有企业洽谈 / a company is negotiating")
    services.assess_register()
    entry.refresh_from_db()
    assert entry.tier_override == "A"
    assert TierChange.objects.filter(patent=patent, new_tier="A", changed_by=user).exists()


def test_an_override_needs_a_reason(office):
    user, org = office
    entry = PoolEntryFactory(patent=PatentFactory(owner=org), organisation=org)
    with pytest.raises(ValidationFailed):
        services.tier_override(actor=user, entry=entry, tier="A", comment="")


def test_only_the_owning_office_overrides(office, make_member):
    _, org = office
    stranger, _ = make_member(Role.TECH_TRANSFER_MANAGER)
    entry = PoolEntryFactory(patent=PatentFactory(owner=org), organisation=org)
    with pytest.raises(PermissionDenied):
        services.tier_override(actor=stranger, entry=entry, tier="A", comment="why not")


def test_enterprise_feedback_raises_the_score(office, make_member):
    _, org = office
    patent = _patents(org, 1)[0]
    services.assess_register()
    before = Assessment.objects.get(patent=patent).score
    buyer, company = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    services.feedback_give(actor=buyer, organisation=company, patent=patent, prospects=5, willingness=5,
                           improvement_needs="需要提高耐温性")
    after = Assessment.objects.get(patent=patent)
    assert after.score > before
    assert after.indicator_values()["market_feedback"] == (1.0, 1.0)


def test_progress_counts_each_institution_apart(make_member):
    from patentbridge.pool.selectors import progress_for
    from patentbridge.push.models import Notification, PatentEvent, Subscription

    user, first = make_member(Role.TECH_TRANSFER_MANAGER)
    _, second = make_member(Role.TECH_TRANSFER_MANAGER)
    ours, theirs = _patents(first, 3), _patents(second, 1)
    services.inventory_add_owned([p.pk for p in ours + theirs])
    services.assess_register()
    PoolEntry.objects.filter(patent=ours[0]).update(state=PoolState.POOLED)
    PoolEntry.objects.filter(patent=ours[1]).update(state=PoolState.CONVERTED)
    subscription = Subscription.objects.create(user=user, kind=Subscription.Kind.PROFILE, name="all")
    event = PatentEvent.objects.create(patent=ours[0], kind=PatentEvent.Kind.POOLED)
    Notification.objects.create(user=user, subscription=subscription, event=event, patent=ours[0])
    mine, other = progress_for(type(first).objects.filter(pk__in=[first.pk, second.pk]).order_by("pk"))
    assert (mine.inventoried, mine.assessed, mine.pooled, mine.pushed, mine.converted) == (3, 3, 2, 1, 1)
    assert sum(mine.tiers.values()) == 3
    assert (other.inventoried, other.pooled, other.pushed, sum(other.tiers.values())) == (1, 0, 0, 1)
