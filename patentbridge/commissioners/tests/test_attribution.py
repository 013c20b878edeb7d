"""A deal's attribution: claimed once per deal, only for a real link, confirmed or refused by a party of the deal."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import IntegrityError

from patentbridge.commissioners import services
from patentbridge.commissioners.models import Attribution, AttributionStatus, Recommendation, RequestStatus
from patentbridge.commissioners.services import ATTRIBUTION_STEPS
from patentbridge.commissioners.tests.factories import designated, enterprise, service_request
from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.tests.factories import OrganisationFactory, signer_of
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db
A = AttributionStatus


@pytest.fixture
def served():
    """An accepted request of an enterprise, a university's patent recommended in it, and the deal that followed."""
    designation = designated()
    firm = enterprise()
    service = service_request(firm, designation, status=RequestStatus.ACCEPTED,
                              opened_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    patent = PatentFactory(owner=OrganisationFactory())
    recommendation = Recommendation.objects.create(request=service, patent=patent)
    deal = DealFactory(patent=patent, counterparty=firm)
    return designation, service, recommendation, deal


def _claim(served, **overrides):
    designation, service, recommendation, deal = served
    args = {"actor": designation.commissioner, "deal": deal, "service": service, "recommendation": recommendation,
            **overrides}
    return services.attribution_claim(**args)


def test_a_deal_of_the_recommended_patent_is_attributed(served):
    assert _claim(served).status == A.CLAIMED


def test_a_deal_after_the_request_is_attributed_to_the_request(served):
    assert _claim(served, recommendation=None).recommendation is None


def test_claiming_twice_is_refused(served):
    _claim(served)
    with pytest.raises(Conflict) as caught:
        _claim(served, recommendation=None)
    assert caught.value.code == "already_claimed"


def test_the_database_holds_one_attribution_per_deal(served):
    designation, service, _, deal = served
    Attribution.objects.create(deal=deal, designation=designation, request=service)
    with pytest.raises(IntegrityError):
        Attribution.objects.create(deal=deal, designation=designation, request=service)


def test_a_deal_between_other_parties_is_not_attributed(served):
    patent = PatentFactory(owner=OrganisationFactory())
    with pytest.raises(Conflict) as caught:
        _claim(served, deal=DealFactory(patent=patent), recommendation=None)
    assert caught.value.code == "not_linked"


def test_a_patent_never_recommended_is_not_attributed_to_a_recommendation(served):
    _, _, recommendation, _ = served
    firm = served[1].enterprise
    other = DealFactory(patent=PatentFactory(owner=OrganisationFactory()), counterparty=firm)
    with pytest.raises(Conflict) as caught:
        _claim(served, deal=other)
    assert caught.value.code == "not_recommended"


def test_a_deal_made_before_the_request_is_not_attributed(served):
    designation, service, recommendation, deal = served
    service.opened_at = deal.created_at + dt.timedelta(days=1)
    service.save()
    with pytest.raises(Conflict):
        _claim(served)


def test_a_request_never_accepted_leads_to_no_attribution(served):
    served[1].status = RequestStatus.OPEN
    with pytest.raises(Conflict) as caught:
        _claim(served)
    assert caught.value.code == "not_served"


def test_another_commissioner_cannot_claim(served):
    with pytest.raises(PermissionDenied):
        _claim(served, actor=designated().commissioner)


def test_a_party_of_the_deal_confirms(served):
    attribution = _claim(served)
    deal = served[3]
    confirmed = services.attribution_confirm(actor=signer_of(deal.counterparty), attribution=attribution)
    assert (confirmed.status, confirmed.decided_for) == (A.CONFIRMED, deal.counterparty)


def test_the_patent_owners_office_confirms(served):
    attribution = _claim(served)
    confirmed = services.attribution_confirm(actor=signer_of(served[3].owner), attribution=attribution)
    assert confirmed.decided_for == served[3].owner


def test_someone_outside_the_deal_cannot_confirm(served):
    attribution = _claim(served)
    with pytest.raises(PermissionDenied):
        services.attribution_confirm(actor=signer_of(enterprise()), attribution=attribution)


def test_the_commissioner_cannot_confirm_their_own_claim(served):
    attribution = _claim(served)
    with pytest.raises(PermissionDenied):
        services.attribution_confirm(actor=served[0].commissioner, attribution=attribution)


def test_attribution_table_is_claimed_to_confirmed_or_refused():
    assert ATTRIBUTION_STEPS == {(A.CLAIMED, A.CONFIRMED), (A.CLAIMED, A.REFUSED)}


@pytest.mark.parametrize(("came_from", "to"), [p for p in itertools.product(A.values, [A.CONFIRMED, A.REFUSED])
                                               if p not in ATTRIBUTION_STEPS])
def test_forbidden_attribution_step(served, came_from, to):
    attribution = _claim(served)
    Attribution.objects.filter(pk=attribution.pk).update(status=came_from)
    signer = signer_of(served[3].counterparty)
    with pytest.raises(Conflict) as caught:
        if to == A.CONFIRMED:
            services.attribution_confirm(actor=signer, attribution=attribution)
        else:
            services.attribution_refuse(actor=signer, attribution=attribution, reason="并非特派员促成")
    assert caught.value.code == "invalid_transition"


def test_refusing_needs_a_reason(served):
    with pytest.raises(ValidationFailed):
        services.attribution_refuse(actor=signer_of(served[3].counterparty), attribution=_claim(served), reason=" ")
