import pytest

from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.pool import config
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
