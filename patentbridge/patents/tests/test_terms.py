"""The one last day of a patent's term (PL Art 42, rules.md §10.2), and every place that reads it."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.test import override_settings

from patentbridge.deals.models import Deal, DealKind
from patentbridge.deals.services import conflicts
from patentbridge.licensing.eligibility import term_problem
from patentbridge.orgs.models import Region
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents import terms
from patentbridge.patents.models import Patent, PatentType
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.fees import FeeSchedule, fees_between, remaining_fees
from patentbridge.recordation.models import Recordation
from patentbridge.recordation.services import refusal_grounds

FILED = dt.date(2019, 1, 15)
LAST_DAY = dt.date(2039, 1, 14)
SCHEDULE = FeeSchedule.default()


def test_pl42_an_invention_term_ends_the_day_before_the_twentieth_anniversary_of_filing():
    assert terms.last_day(PatentType.INVENTION, FILED) == LAST_DAY


def test_pl42_a_utility_model_term_ends_the_day_before_the_tenth_anniversary():
    assert terms.last_day(PatentType.UTILITY_MODEL, FILED) == dt.date(2029, 1, 14)


def test_pl42_a_design_filed_from_2021_06_01_runs_fifteen_years():
    assert terms.last_day(PatentType.DESIGN, dt.date(2021, 6, 1)) == dt.date(2036, 5, 31)


def test_pl42_a_design_filed_before_2021_06_01_runs_ten_years():
    assert terms.last_day(PatentType.DESIGN, dt.date(2021, 5, 31)) == dt.date(2031, 5, 30)


@override_settings(PATENT_DESIGN_15_YEAR_TERM_FROM="2021-07-01")
def test_pl42_the_design_cutover_is_a_setting():
    assert terms.last_day(PatentType.DESIGN, dt.date(2021, 6, 15)) == dt.date(2031, 6, 14)


def test_pl42_a_29_february_filing_ends_the_day_before_its_anniversary_on_28_february():
    assert terms.last_day(PatentType.UTILITY_MODEL, dt.date(2020, 2, 29)) == dt.date(2030, 2, 27)


def test_pl42_no_filing_date_means_no_last_day():
    assert terms.last_day(PatentType.INVENTION, None) is None


def test_pl42_the_stored_expiry_date_is_the_last_day():
    assert terms.expiry_date(PatentType.INVENTION, FILED) == LAST_DAY


def test_civil_code_865_a_licence_running_through_the_last_day_stays_within_the_term(db):
    patent = PatentFactory(application_date=FILED)
    assert not terms.runs_beyond_term(patent, LAST_DAY)


def test_civil_code_865_a_licence_running_one_day_past_the_last_day_outlasts_the_patent(db):
    patent = PatentFactory(application_date=FILED)
    assert terms.runs_beyond_term(patent, LAST_DAY + dt.timedelta(days=1))


def test_a_licence_of_n_years_ends_the_day_before_the_nth_anniversary_of_its_start():
    assert terms.licence_last_day(dt.date(2036, 1, 15), 3) == LAST_DAY


# --- the same last day everywhere -------------------------------------------------------------------------------


@pytest.fixture
def patent(db):
    return PatentFactory(application_date=FILED, grant_date=dt.date(2021, 5, 1))


def test_pl42_the_patent_record_stores_the_one_last_day(patent):
    assert patent.expiry_date == terms.last_day(patent.patent_type, patent.application_date) == LAST_DAY


def test_pl43_the_last_fee_is_for_year_20_due_a_year_before_the_last_day(patent):
    fees = fees_between(SCHEDULE, patent_type=patent.patent_type, application_date=FILED,
                        grant_date=patent.grant_date, start=FILED, end=dt.date(2060, 1, 1))
    assert (fees[-1].year, fees[-1].due_date) == (20, dt.date(2038, 1, 15))


def test_pl42_fees_remain_until_the_last_day_and_none_after_it(patent):
    kwargs = {"patent_type": patent.patent_type, "application_date": FILED, "grant_date": patent.grant_date}
    assert remaining_fees(SCHEDULE, on=dt.date(2038, 1, 15), **kwargs) == Decimal("8000.00")
    assert remaining_fees(SCHEDULE, on=LAST_DAY, **kwargs) == Decimal("0.00")
    assert terms.last_day(patent.patent_type, FILED) == LAST_DAY


def test_pl42_a_design_filed_before_2021_pays_fees_for_ten_years_only(db):
    kwargs = {"patent_type": PatentType.DESIGN, "application_date": dt.date(2020, 3, 1),
              "grant_date": dt.date(2020, 9, 1)}
    fees = fees_between(SCHEDULE, start=dt.date(2020, 1, 1), end=dt.date(2040, 1, 1), **kwargs)
    assert fees[-1].year == 10
    assert remaining_fees(SCHEDULE, on=dt.date(2030, 3, 1), **kwargs) == Decimal("0.00")


def test_civil_code_865_open_licence_check_allows_a_term_ending_on_the_last_day(patent):
    assert term_problem(patent, 3, dt.date(2036, 1, 15)) is None


def test_civil_code_865_open_licence_check_refuses_a_term_ending_the_day_after(patent):
    assert term_problem(patent, 3, dt.date(2036, 1, 16)).rule == "term_beyond_patent"


def _deal_rules(patent, ends_on):
    china = Region.objects.get(code="CN")
    deal = Deal(patent=patent, kind=DealKind.ORDINARY_LICENCE, starts_on=dt.date(2030, 1, 1), ends_on=ends_on,
                territory=china, territory_lo=china.lo, territory_hi=china.hi)
    return {c["rule"] for c in conflicts(deal, dt.date(2030, 1, 1))}


def test_civil_code_865_a_deal_licence_ending_on_the_last_day_is_allowed(patent):
    assert "term_beyond_patent" not in _deal_rules(patent, LAST_DAY)


def test_civil_code_865_a_deal_licence_ending_the_day_after_is_refused(patent):
    assert "term_beyond_patent" in _deal_rules(patent, LAST_DAY + dt.timedelta(days=1))


def _recordation_rules(patent, ends_on):
    recordation = Recordation(patent=patent, licensee=OrganisationFactory(), starts_on=dt.date(2030, 1, 1),
                              ends_on=ends_on)
    return {g["rule"] for g in refusal_grounds(recordation, dt.date(2030, 1, 1))}


def test_recordation_art12_4_a_licence_ending_on_the_last_day_is_recordable(patent):
    assert "term_beyond_patent" not in _recordation_rules(patent, LAST_DAY)


def test_recordation_art12_4_a_licence_ending_the_day_after_is_refused(patent):
    assert "term_beyond_patent" in _recordation_rules(patent, LAST_DAY + dt.timedelta(days=1))


def test_pl42_migration_moves_a_stored_anniversary_back_to_the_last_day(patent):
    Patent.objects.filter(pk=patent.pk).update(expiry_date=dt.date(2039, 1, 15))
    migration = importlib.import_module("patentbridge.patents.migrations.0002_expiry_is_the_last_day")
    migration.store_last_day(django_apps, None)
    patent.refresh_from_db()
    assert patent.expiry_date == LAST_DAY
