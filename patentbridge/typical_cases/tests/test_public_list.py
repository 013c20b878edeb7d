"""The public list of typical cases: published only, searchable by words, filterable by industry and city, with the
other party's name and the amount shown only with consent."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from patentbridge.core.errors import ValidationFailed
from patentbridge.industries.models import IntensiveCategory, IntensiveIndustry
from patentbridge.typical_cases import selectors
from patentbridge.typical_cases.models import TypicalCaseStatus
from patentbridge.typical_cases.tests.factories import TypicalCaseFactory

pytestmark = pytest.mark.django_db
S = TypicalCaseStatus


def published(**fields):
    return TypicalCaseFactory(status=S.PUBLISHED, **fields)


def titles(params=None) -> set[str]:
    return {case.title for case in selectors.published_cases(params)}


def test_only_published_cases_are_listed():
    shown = published()
    for status in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.WITHDRAWN):
        TypicalCaseFactory(status=status)
    assert titles() == {shown.title}


def test_every_word_must_be_in_the_title_or_summary():
    published(title="电池专利许可", summary="佛山储能企业投产")
    published(title="电池专利转让", summary="东莞企业")
    assert titles({"q": "电池 储能"}) == {"电池专利许可"}


def test_filter_by_gbt_4754_section():
    published(title="制造业", industry_id="3841")
    published(title="软件业", industry_id="6513")
    assert titles({"industry": "C"}) == {"制造业"}


def test_filter_by_gbt_4754_division_takes_the_classes_under_it():
    published(title="电池", industry_id="3841")
    published(title="电机", industry_id="3811")
    published(title="软件", industry_id="6513")
    assert titles({"industry": "384"}) == {"电池"}
    assert titles({"industry": "38"}) == {"电池", "电机"}


def test_an_unreadable_industry_filter_is_refused():
    with pytest.raises(ValidationFailed):
        selectors.published_cases({"industry": "电池"})


def test_filter_by_patent_intensive_class_and_middle_class():
    top = IntensiveCategory.objects.create(code="PA03", level="class", name="新装备制造业")
    middle = IntensiveCategory.objects.create(code="PA301", level="middle", name="电池制造", parent=top)
    IntensiveIndustry.objects.create(industry_id="3841", category=middle)
    published(title="电池", industry_id="3841")
    published(title="软件", industry_id="6513")
    assert titles({"intensive": "PA301"}) == {"电池"}
    assert titles({"intensive": "PA03"}) == {"电池"}


def test_filter_by_city():
    published(title="广州", city_id="440100")
    published(title="佛山", city_id="440600")
    assert titles({"city": "440600"}) == {"佛山"}


def test_without_consent_the_other_party_is_shown_anonymised():
    case = published(counterparty_consents=False, counterparty_alias="")
    assert case.counterparty_shown != case.counterparty.name


def test_the_offices_alias_stands_for_the_party_without_consent():
    assert published(counterparty_alias="佛山某家电企业").counterparty_shown == "佛山某家电企业"


def test_with_consent_the_other_party_is_named():
    case = published(counterparty_consents=True)
    assert case.counterparty_shown == case.counterparty.name


def test_the_public_page_hides_the_name_and_amount_without_consent():
    case = published(counterparty_alias="某储能企业")
    page = Client().get(reverse("typical_cases:detail", args=[case.pk])).content.decode()
    assert "某储能企业" in page and case.counterparty.name not in page
    assert "800,000" not in page and "800000" not in page


def test_the_public_page_shows_the_amount_with_consent():
    case = published(amount_consented=True)
    page = Client().get(reverse("typical_cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="amount">' in page


def test_a_withdrawn_case_disappears_from_the_public_list_and_page():
    case = published(title="撤回的案例")
    case.status = S.WITHDRAWN
    case.save()
    client = Client()
    assert "撤回的案例" not in client.get(reverse("typical_cases:list")).content.decode()
    assert client.get(reverse("typical_cases:detail", args=[case.pk])).status_code == 404


def test_a_draft_is_not_readable_by_the_public():
    case = TypicalCaseFactory()
    assert Client().get(reverse("typical_cases:detail", args=[case.pk])).status_code == 404


def test_the_public_list_page_filters_by_words():
    published(title="电池专利许可", summary="")
    published(title="机器人专利转让", summary="")
    page = Client().get(reverse("typical_cases:list"), {"q": "机器人"}).content.decode()
    assert "机器人专利转让" in page and "电池专利许可" not in page


def test_the_public_list_page_says_what_filter_is_wrong():
    response = Client().get(reverse("typical_cases:list"), {"intensive": "XX"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()


def test_the_patent_page_lists_the_published_cases_it_figures_in():
    case = published(title="电池专利许可案例")
    TypicalCaseFactory(title="草稿中的案例", deal=case.deal, status=S.WITHDRAWN)
    patent = case.deal.patent
    page = Client().get(reverse("patents:detail", args=[patent.lookup_number])).content.decode()
    assert "电池专利许可案例" in page and "草稿中的案例" not in page


def test_the_intensive_filter_lists_each_class_before_its_middle_classes():
    top = IntensiveCategory.objects.create(code="PA01", level="class", name="信息通信技术制造业")
    IntensiveCategory.objects.create(code="PA02", level="class", name="信息通信技术服务业")
    IntensiveCategory.objects.create(code="PA101", level="middle", name="通信设备制造", parent=top)
    assert [c.code for c in selectors.intensive_categories()] == ["PA01", "PA101", "PA02"]
