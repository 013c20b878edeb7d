import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.pool import config
from patentbridge.pool.fees import late_surcharge
from patentbridge.pool.models import ConfigKind, ConfigVersion


def _data(**changes):
    data = config.default_assessment_data()
    data.update(changes)
    return data


def test_documented_defaults_are_valid_and_become_version_one(db):
    version, settings = config.assessment_settings()
    assert version == 1
    assert abs(sum(settings.dimensions.values()) - 1) < 1e-9


def test_dimension_weights_must_sum_to_one(db):
    with pytest.raises(ValidationFailed) as error:
        config.config_publish(actor=None, kind=ConfigKind.ASSESSMENT,
                              data=_data(dimensions={"legal": 0.5, "technical": 0.5, "economic": 0.5}))
    assert "sum to 1" in str(error.value.details)


def test_tier_thresholds_must_be_ordered(db):
    with pytest.raises(ValidationFailed) as error:
        config.config_publish(actor=None, kind=ConfigKind.ASSESSMENT, data=_data(tiers={"A": 40, "B": 50, "C": 30}))
    assert "A > B > C" in str(error.value.details)


def test_unknown_indicator_is_refused(db):
    data = _data()
    data["indicators"]["stars"] = {"dimension": "legal", "weight": 1}
    with pytest.raises(ValidationFailed):
        config.config_publish(actor=None, kind=ConfigKind.ASSESSMENT, data=data)


def test_a_dimension_without_weight_is_refused(db):
    data = _data()
    for item in data["indicators"].values():
        if item["dimension"] == "economic":
            item["weight"] = 0
    with pytest.raises(ValidationFailed):
        config.config_publish(actor=None, kind=ConfigKind.ASSESSMENT, data=data)


def test_a_refused_edit_leaves_the_active_version(db):
    config.assessment_settings()
    with pytest.raises(ValidationFailed):
        config.config_publish(actor=None, kind=ConfigKind.ASSESSMENT, data=_data(tiers={"A": 1, "B": 2, "C": 3}))
    assert ConfigVersion.objects.get(kind=ConfigKind.ASSESSMENT, is_active=True).version == 1


def test_publishing_makes_a_new_active_version_and_rollback_restores_the_old(db):
    config.config_publish(actor=None, kind=ConfigKind.ASSESSMENT, data=_data(tiers={"A": 80, "B": 60, "C": 40}))
    assert config.assessment_settings()[1].tiers.A == 80
    config.config_activate(actor=None, kind=ConfigKind.ASSESSMENT, version=1)
    version, settings = config.assessment_settings()
    assert (version, settings.tiers.A) == (1, 60)
    assert ConfigVersion.objects.filter(kind=ConfigKind.ASSESSMENT, is_active=True).count() == 1


def test_activating_a_missing_version_is_not_found(db):
    with pytest.raises(NotFound):
        config.config_activate(actor=None, kind=ConfigKind.ASSESSMENT, version=99)


def test_fee_schedule_edits_are_validated(db):
    data = config.fee_schedule().to_data()
    data["annual"]["invention"][0] = [1, 3, "-5"]
    with pytest.raises(ValidationFailed):
        config.config_publish(actor=None, kind=ConfigKind.FEES, data=data)


def test_ir115_the_default_fee_configuration_charges_no_surcharge_in_the_first_month(db):
    schedule = config.fee_schedule()
    assert late_surcharge(schedule, Decimal("2000"), dt.date(2024, 6, 1), dt.date(2024, 7, 1)) == Decimal("0.00")
    assert late_surcharge(schedule, Decimal("2000"), dt.date(2024, 6, 1), dt.date(2024, 12, 1)) == Decimal("500.00")


def test_a_published_surcharge_band_table_is_the_one_used(db):
    data = config.fee_schedule().to_data()
    data["surcharge_bands"] = [[3, "0"], [6, "0.30"]]
    config.config_publish(actor=None, kind=ConfigKind.FEES, data=data)
    schedule = config.fee_schedule()
    assert late_surcharge(schedule, Decimal("2000"), dt.date(2024, 6, 1), dt.date(2024, 9, 1)) == Decimal("0.00")
    assert late_surcharge(schedule, Decimal("2000"), dt.date(2024, 6, 1), dt.date(2024, 9, 2)) == Decimal("600.00")


def test_ir115_migration_replaces_an_untouched_per_month_surcharge_with_the_statutory_bands(db):
    legacy = {**config.fee_schedule().to_data(), "surcharge_per_month": "0.05", "surcharge_free_months": 0}
    del legacy["surcharge_bands"]
    ConfigVersion.objects.filter(kind=ConfigKind.FEES).update(data=legacy)
    migration = importlib.import_module("patentbridge.pool.migrations.0004_statutory_surcharge_bands")
    migration.publish_bands(django_apps, None)
    active = config.active_version(ConfigKind.FEES)
    assert (active.version, active.data["surcharge_bands"][0]) == (2, [1, "0"])
    assert "surcharge_per_month" not in active.data


def test_migration_keeps_an_edited_per_month_surcharge_active(db):
    edited = {**config.fee_schedule().to_data(), "surcharge_per_month": "0.04", "surcharge_free_months": 1}
    del edited["surcharge_bands"]
    ConfigVersion.objects.filter(kind=ConfigKind.FEES).update(data=edited)
    migration = importlib.import_module("patentbridge.pool.migrations.0004_statutory_surcharge_bands")
    migration.publish_bands(django_apps, None)
    assert config.active_version(ConfigKind.FEES).version == 1
    schedule = config.fee_schedule()
    assert late_surcharge(schedule, Decimal("2000"), dt.date(2024, 6, 1), dt.date(2024, 7, 2)) == Decimal("80.00")
