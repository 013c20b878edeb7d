import json
from decimal import Decimal

import pytest

from patentbridge.core.errors import ValidationFailed
from patentbridge.licensing import estimator
from patentbridge.licensing.models import AdjustmentCoefficient

pytestmark = pytest.mark.django_db
SALES = "1000000"


def test_cnipa_guide_names_five_methods_including_international_common_rates():
    assert list(estimator.METHODS) == ["own_income", "prior_royalties", "industry_statistics", "international_rates",
                                       "valuation"]


def test_cnipa_guide_method_4_takes_the_midpoint_of_the_sectors_international_range():
    result = estimator.estimate("international_rates", {"base": SALES, "sector": "machinery"})
    assert result.rate == Decimal("2.25") and result.annual_fee == Decimal("22500.00")  # 1.5–3 %


def test_cnipa_guide_method_4_a_rate_given_replaces_the_midpoint():
    result = estimator.estimate("international_rates", {"base": SALES, "sector": "machinery", "rate": "2"})
    assert result.annual_fee == Decimal("20000.00")


def test_cnipa_guide_method_4_a_rate_outside_the_sectors_range_is_flagged_in_the_working():
    result = estimator.estimate("international_rates", {"base": SALES, "sector": "machinery", "rate": "8"})
    assert any("1.5–3%" in step and "8" in step for step in result.steps[2:])


def test_cnipa_guide_method_4_applies_the_adjustment_coefficients():
    AdjustmentCoefficient.objects.create(key="maturity", label_zh="技术成熟度", label_en="maturity",
                                         minimum=Decimal("0.5"), maximum=Decimal("1.5"), default=Decimal("1"))
    result = estimator.estimate("international_rates", {"base": SALES, "sector": "automotive",
                                                        "coefficients": {"maturity": "0.8"}})
    assert result.annual_fee == Decimal("42000.00")  # 1,000,000 × 5.25 % × 0.8


def test_cnipa_guide_method_4_the_working_names_the_range_and_its_unverified_source():
    steps = " ".join(estimator.estimate("international_rates", {"base": SALES, "sector": "pharmaceuticals"}).steps)
    assert "制药" in steps and "2.5–4%" in steps and "[U]" in steps


def test_cnipa_guide_method_4_needs_a_sector_or_a_rate():
    with pytest.raises(ValidationFailed) as error:
        estimator.estimate("international_rates", {"base": SALES})
    assert "sector" in error.value.details


def test_cnipa_guide_method_4_refuses_an_unknown_sector():
    with pytest.raises(ValidationFailed) as error:
        estimator.estimate("international_rates", {"base": SALES, "sector": "space_elevators"})
    assert "sector" in error.value.details


def test_cnipa_guide_method_4_rates_come_from_the_editable_data_file(tmp_path):
    path = tmp_path / "rates.json"
    path.write_text(json.dumps({"source": "test", "verified": False, "basis": "net_sales", "sectors": {
        "toys": {"label_zh": "玩具", "label_en": "toys", "low": "1", "high": "3"}}}), encoding="utf-8")
    assert estimator.international_rates(path).sectors["toys"].low == Decimal("1")
