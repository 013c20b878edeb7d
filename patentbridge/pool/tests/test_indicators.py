import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings as django_settings

from patentbridge.pool import evaluation
from patentbridge.pool.config import AssessmentSettings, default_assessment_data
from patentbridge.pool.indicators import cohort_percentiles, contributions, score

EXPORTS = Path(django_settings.BASE_DIR) / "data" / "patents" / "cn_patent_db_exports"
TODAY = dt.date(2026, 11, 26)


def _settings() -> AssessmentSettings:
    return AssessmentSettings.model_validate(default_assessment_data())


def test_percentiles_rank_within_each_cohort_and_share_ties():
    values = np.array([1.0, 2.0, 2.0, 3.0, 100.0, np.nan])
    cohorts = np.array(["a", "a", "a", "a", "b", "a"], dtype=object)
    result = cohort_percentiles(values, cohorts)
    assert result[:4].tolist() == pytest.approx([0.125, 0.5, 0.5, 0.875])
    assert result[4] == pytest.approx(0.5)
    assert np.isnan(result[5])


@pytest.fixture(scope="module")
def real_records(django_db_blocker):
    from patentbridge.patents.models import IpcEntry
    from patentbridge.patents.reference import load_all

    with django_db_blocker.unblock():
        # A transactional test (the browser tests) may have flushed the reference tables the parser checks against.
        if not IpcEntry.objects.filter(level=IpcEntry.Level.SUBCLASS).exists():
            load_all()
        records = evaluation.read_records(sorted(EXPORTS.glob("*.csv.gz")), TODAY)
    assert len(records) > 25_000
    return records


def _by_number(records, number):
    return next(i for i, r in enumerate(records) if number in (r.publication_number, r.grant_number))


def test_indicator_values_of_a_real_record(real_records):
    frame = evaluation.frame_from_records(real_records, TODAY)
    i = _by_number(real_records, "CN107295441B")
    record = real_records[i]
    assert frame.cpc_count[i] == len(record.cpc_codes)
    assert frame.ipc_subclasses[i] == len({c[:4] for c in record.ipc_codes})
    assert frame.main_group[i] == record.ipc_main.split("/")[0]
    result = score(frame, _settings(), TODAY)
    # 京东 and 科大讯飞 are both enterprises.
    assert result.raw["enterprise_applicant"][i] == 1.0
    assert 0 <= result.overall[i] <= 100
    points = [row["points"] for row in contributions({k: (None if np.isnan(v[i]) else float(v[i]))
                                                      for k, v in result.indicator_scores.items()}, _settings())
              if row["points"] is not None]
    assert sum(points) == pytest.approx(result.overall[i])


def test_follow_on_counts_later_filings_in_the_same_main_group(real_records):
    frame = evaluation.frame_from_records(real_records, TODAY)
    i = _by_number(real_records, "CN107295441B")
    year, group = int(frame.filing_year[i]), frame.main_group[i]
    expected = sum(1 for r in real_records if r.ipc_main and r.application_date
                   and r.ipc_main.split("/")[0] == group and year < r.application_date.year <= year + 5)
    assert score(frame, _settings(), TODAY).raw["follow_on"][i] == expected


def test_owners_keep_higher_scored_patents_within_a_filing_year(real_records):
    """Validation guard: lapsed-for-fees vs in force, within filing year and export, legal status left out."""
    result = evaluation.evaluate_lapse(real_records, _settings(), TODAY)
    assert result.lapsed > 300
    assert result.auc_within_year >= 0.65
