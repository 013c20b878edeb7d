"""Proposals: patents on offer ranked by the platform's search against the theme and explained like its hits;
enterprises by their public demands and their IPC profile, each with its reasons."""

from __future__ import annotations

import pytest
from django.utils import translation

from patentbridge.auctions.tests import factories as auctions
from patentbridge.demands.models import Demand, DemandStatus, Visibility
from patentbridge.events import selectors
from patentbridge.events.tests.factories import EventFactory
from patentbridge.listings.models import Listing, ListingStatus
from patentbridge.listings.signals import listing_needs_bidding
from patentbridge.listings.tests import factories as listings
from patentbridge.orgs.models import City, OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.models import PoolState
from patentbridge.pool.tests.factories import PoolEntryFactory
from patentbridge.rights.models import GrantKind
from patentbridge.rights.tests.factories import GrantFactory
from patentbridge.search import indexes, services


@pytest.fixture(autouse=True)
def _fresh_indexes():
    indexes.forget()
    with translation.override("en"):  # the reasons are read in English below
        yield
    indexes.forget()


def _offered(**fields):
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    patent = PatentFactory(owner=uni, **fields)
    PoolEntryFactory(patent=patent, organisation=uni, state=PoolState.POOLED)
    return patent


@pytest.mark.django_db
def test_a_pooled_patent_matching_the_theme_words_is_proposed_with_its_matched_words():
    robot = _offered(title="一种工业机器人视觉检测装置", abstract="工业机器人通过视觉检测定位工件。",
                     ipc_main="B25J9/16", ipc_codes=["B25J9/16"])
    PatentFactory(title="一种工业机器人视觉检测方法", abstract="工业机器人视觉检测。")  # not on offer
    services.documents_refresh()
    services.indexes_rebuild()
    proposals = selectors.proposed_patents(EventFactory(theme_words="工业机器人 视觉检测", ipc_areas=["B25J"]))
    assert [p.patent for p in proposals] == [robot]
    assert {"工业机器人"} <= set(proposals[0].matched_terms) or {"机器人"} <= set(proposals[0].matched_terms)
    assert proposals[0].sources == ["In the convertible-patent pool"]
    assert [s["code"] for s in proposals[0].shared_ipc] == ["B25J"]


@pytest.mark.django_db
def test_a_standing_open_licence_in_the_ipc_area_is_proposed_without_an_index():
    patent = PatentFactory(owner=OrganisationFactory(kind=OrgKind.UNIVERSITY), ipc_main="B25J9/16",
                           ipc_codes=["B25J9/16"])
    GrantFactory(patent=patent, kind=GrantKind.OPEN_DECLARATION)
    proposals = selectors.proposed_patents(EventFactory(theme_words="", title="对接会", ipc_areas=["B25J"]))
    assert [(p.patent, p.sources) for p in proposals] == [(patent, ["Standing open licence"])]


@pytest.mark.django_db
def test_nothing_on_offer_proposes_nothing():
    PatentFactory(ipc_main="B25J9/16", ipc_codes=["B25J9/16"])
    assert selectors.proposed_patents(EventFactory(ipc_areas=["B25J"])) == []


@pytest.mark.django_db
def test_an_enterprise_with_a_fitting_public_demand_is_proposed_with_the_words_it_shares():
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    Demand.objects.create(organisation=firm, title="寻求工业机器人视觉检测技术", problem="工业机器人 视觉检测 精度不足",
                          status=DemandStatus.PUBLISHED, visibility=Visibility.PUBLIC, ipc_hints=["B25J"])
    Demand.objects.create(organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE),
                          title="机器人视觉（不公开）", problem="工业机器人 视觉检测", status=DemandStatus.PUBLISHED,
                          visibility=Visibility.INVITED)
    proposals = selectors.proposed_enterprises(EventFactory(theme_words="工业机器人 视觉检测", ipc_areas=["B25J"]))
    assert [p.organisation for p in proposals] == [firm]
    demand = proposals[0].demands[0]
    assert demand["matched_terms"] and demand["shared_ipc"] == ["B25J"]
    assert proposals[0].strength_label == "Strong match"


@pytest.mark.django_db
def test_a_local_enterprise_holding_patents_in_the_ipc_area_is_proposed_by_its_profile():
    guangzhou, shenzhen = City.objects.get(pk="440100"), City.objects.get(pk="440300")
    local = OrganisationFactory(kind=OrgKind.ENTERPRISE, city=guangzhou)
    far = OrganisationFactory(kind=OrgKind.ENTERPRISE, city=shenzhen)
    for owner in (local, local, far):
        PatentFactory(owner=owner, ipc_main="B25J9/16", ipc_codes=["B25J9/16"])
    proposals = selectors.proposed_enterprises(EventFactory(ipc_areas=["B25J"], city=guangzhou))
    assert [(p.organisation, p.patents_in_areas, p.subclasses) for p in proposals] == [(local, 2, ["B25J"])]


@pytest.mark.django_db
def test_the_public_page_reads_its_proposals_from_the_cache():
    patent = PatentFactory(owner=OrganisationFactory(kind=OrgKind.UNIVERSITY), ipc_main="B25J9/16",
                           ipc_codes=["B25J9/16"])
    GrantFactory(patent=patent, kind=GrantKind.OPEN_DECLARATION)
    event = EventFactory(theme_words="", title="对接会", ipc_areas=["B25J"])
    assert [p.patent for p in selectors.public_proposals(event)] == [patent]
    later = PatentFactory(owner=OrganisationFactory(kind=OrgKind.UNIVERSITY), ipc_main="B25J9/16",
                          ipc_codes=["B25J9/16"])
    GrantFactory(patent=later, kind=GrantKind.OPEN_DECLARATION)
    assert [p.patent for p in selectors.public_proposals(event)] == [patent]
    assert len(selectors.proposed_patents(event)) == 2


@pytest.mark.django_db
def test_listed_and_auctioned_patents_are_on_offer_but_not_a_withdrawn_listing():
    listing = listings.listed()
    withdrawn = listings.listed(status=ListingStatus.WITHDRAWN)
    auction = auctions.world()
    auctions.consign_and_announce(auction)
    sources = selectors.candidate_sources(EventFactory())
    assert sources[listing.patent_id] == ["Listed for transfer (挂牌)"]
    assert sources[auction.patents[0].pk] == ["In an auction open now"]
    assert withdrawn.patent_id not in sources


@pytest.mark.django_db
def test_a_listing_in_bidding_is_on_offer_while_its_lot_is_open_and_not_once_the_bidding_has_ended():
    listing = listings.listed(status=ListingStatus.BIDDING)
    assert listing.patent_id not in selectors.candidate_sources(EventFactory())  # its bidding is over (no open lot)
    listing_needs_bidding.send(sender=Listing, listing=listing,
                               bidders=[OrganisationFactory(kind=OrgKind.ENTERPRISE) for _ in range(2)])
    assert selectors.candidate_sources(EventFactory())[listing.patent_id] == ["In an auction open now"]
