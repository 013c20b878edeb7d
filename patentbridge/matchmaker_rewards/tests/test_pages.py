"""The pages: public policies with examples labelled, the commissioner's eligible deals, applying with the rules and
the calculation shown first, a refused form shown again, the policy form's examples, and the ledger's exports."""

import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from patentbridge.matchmaker_rewards.models import ApplicationStatus, MatchmakerApplication
from patentbridge.matchmaker_rewards.services import reward_apply, reward_approve
from patentbridge.matchmaker_rewards.tests.factories import GUANGZHOU, YEAR, PolicyFactory, attributed, regulator_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _client(user, lang="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def test_anyone_reads_the_policies_with_examples_labelled():
    PolicyFactory(title="龙岗示例", is_example=True)
    page = Client().get("/matchmaker-rewards/").content.decode()
    assert "龙岗示例" in page and "示例" in page


def test_the_commissioner_sees_the_eligible_deal_with_its_amount():
    attribution = attributed("400000.00")
    PolicyFactory()
    page = _client(attribution.designation.commissioner).get("/matchmaker-rewards/mine/").content.decode()
    assert "20,000.00" in page and f"/matchmaker-rewards/apply/{attribution.pk}/" in page


def test_a_deal_already_applied_for_is_no_longer_listed_as_eligible():
    attribution = attributed()
    reward_apply(actor=attribution.designation.commissioner, attribution=attribution, policy=PolicyFactory(),
                 year=YEAR)
    page = _client(attribution.designation.commissioner).get("/matchmaker-rewards/mine/").content.decode()
    assert 'data-testid="eligible-row"' not in page


def test_the_apply_page_shows_the_rules_and_the_calculation_before_applying():
    attribution, policy = attributed(registered=False), PolicyFactory()
    page = _client(attribution.designation.commissioner).get(
        f"/matchmaker-rewards/apply/{attribution.pk}/?policy={policy.pk}&year={YEAR}").content.decode()
    assert 'data-testid="calculation"' in page and "✗" in page and 'data-testid="apply"' not in page


def test_an_ineligible_post_is_shown_again_with_the_unmet_rules():
    attribution, policy = attributed(registered=False), PolicyFactory()
    response = _client(attribution.designation.commissioner).post(
        f"/matchmaker-rewards/apply/{attribution.pk}/", {"policy": policy.pk, "year": YEAR})
    assert response.status_code == 200 and not MatchmakerApplication.objects.exists()


def test_a_reduction_without_a_reason_is_shown_on_the_form():
    attribution = attributed()
    application = reward_apply(actor=attribution.designation.commissioner, attribution=attribution,
                               policy=PolicyFactory(), year=YEAR)
    response = _client(regulator_of()).post(f"/matchmaker-rewards/applications/{application.pk}/approve/",
                                            {"amount": "100"})
    application.refresh_from_db()
    assert response.status_code == 200 and application.status == ApplicationStatus.APPLIED


def test_the_policy_form_fills_a_labelled_example():
    page = _client(regulator_of()).get("/matchmaker-rewards/policies/new/?example=lanzhou").content.decode()
    tag = re.search(r'<input[^>]*name="is_example"[^>]*>', page).group(0)
    assert "checked" in tag and "200000" in page


def test_the_ledger_xlsx_holds_the_approved_amount():
    attribution = attributed()
    clerk = regulator_of()
    reward_approve(actor=clerk, application=reward_apply(actor=attribution.designation.commissioner,
                                                         attribution=attribution, policy=PolicyFactory(), year=YEAR),
                   amount=Decimal("12345.60"), reason="部分履行")
    response = _client(clerk).get(f"/matchmaker-rewards/ledger/?city={GUANGZHOU}&year={YEAR}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert Decimal("12345.60") in [Decimal(str(c.value)) for c in sheet[2] if isinstance(c.value, (int, float))]


def test_another_citys_policy_is_not_offered_for_a_deal_with_no_party_there():
    attribution = attributed()
    PolicyFactory(), PolicyFactory(city_id="440300", title="深圳测试配置")
    page = _client(attribution.designation.commissioner).get("/matchmaker-rewards/mine/").content.decode()
    assert page.count('data-testid="eligible-row"') == 1 and "深圳测试配置" not in page
