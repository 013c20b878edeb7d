"""Versioned, validated configurations of the pool: assessment weights and tiers, and the annual-fee schedule.

The CNIPA 2012 indicator system and GB/T 42748-2023 publish no default weights (rules.md §5.1, unverified),
so every weight here is ours, documented in docs/domain.md, and editable as a new version.
"""

from __future__ import annotations

from typing import Any, Literal

from django.db import transaction
from django.utils.translation import gettext
from pydantic import BaseModel, Field, ValidationError, model_validator

from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.pool.fees import DEFAULT_FEE_SCHEDULE, FeeSchedule
from patentbridge.pool.models import ConfigKind, ConfigVersion

Dimension = Literal["legal", "technical", "economic"]
DIMENSIONS: tuple[str, ...] = ("legal", "technical", "economic")


class IndicatorWeight(BaseModel):
    dimension: Dimension
    weight: float = Field(ge=0, le=100)


class TierThresholds(BaseModel):
    A: float = Field(gt=0, lt=100)
    B: float = Field(gt=0, lt=100)
    C: float = Field(gt=0, lt=100)

    @model_validator(mode="after")
    def ordered(self) -> TierThresholds:
        if not self.A > self.B > self.C:
            raise ValueError("tier thresholds must fall A > B > C / 分级阈值须满足 A > B > C")
        return self


class MaintenanceRules(BaseModel):
    """When a patent's value no longer carries its fees (rules.md §10.3 design suggestion, unverified)."""

    lapse_below_years_left: float = Field(default=3, ge=0)
    fee_step_years: list[int] = Field(default_factory=lambda: [4, 7, 10, 13, 16])


class AssessmentSettings(BaseModel):
    dimensions: dict[Dimension, float]
    indicators: dict[str, IndicatorWeight]
    tiers: TierThresholds
    min_cohort: int = Field(default=20, ge=2)
    follow_on_years: int = Field(default=5, ge=1, le=20)
    maintenance: MaintenanceRules = Field(default_factory=MaintenanceRules)

    @model_validator(mode="after")
    def consistent(self) -> AssessmentSettings:
        from patentbridge.pool.indicators import INDICATORS

        if set(self.dimensions) != set(DIMENSIONS):
            raise ValueError("weights for legal, technical and economic are all required / 三个维度的权重都必须填写")
        if abs(sum(self.dimensions.values()) - 1) > 1e-6:
            raise ValueError(f"dimension weights must sum to 1, not {sum(self.dimensions.values()):.4f} / "
                             "三个维度的权重之和必须为 1")
        unknown = sorted(set(self.indicators) - set(INDICATORS))
        if unknown:
            raise ValueError(f"unknown indicators / 未知指标: {', '.join(unknown)}")
        for key, item in self.indicators.items():
            if item.dimension != INDICATORS[key].dimension:
                raise ValueError(f"{key} belongs to {INDICATORS[key].dimension} / 指标所属维度不可更改")
        for dimension in DIMENSIONS:
            if not any(i.weight > 0 for i in self.indicators.values() if i.dimension == dimension):
                raise ValueError(f"the {dimension} dimension needs one indicator with a weight above 0 / "
                                 "每个维度至少要有一个权重大于 0 的指标")
        return self


def default_assessment_data() -> dict[str, Any]:
    from patentbridge.pool.indicators import INDICATORS

    return {
        "dimensions": {"legal": 0.3, "technical": 0.35, "economic": 0.35},
        "indicators": {key: {"dimension": spec.dimension, "weight": spec.default_weight}
                       for key, spec in INDICATORS.items()},
        "tiers": {"A": 60, "B": 50, "C": 40},
        "min_cohort": 20,
        "follow_on_years": 5,
        "maintenance": MaintenanceRules().model_dump(),
    }


def _messages(error: ValidationError) -> dict[str, str]:
    return {".".join(str(p) for p in e["loc"]) or "config": e["msg"].removeprefix("Value error, ")
            for e in error.errors()}


def validate_data(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The normalised data of a configuration, or ValidationFailed naming each bad field."""
    if kind == ConfigKind.ASSESSMENT:
        try:
            return AssessmentSettings.model_validate(data).model_dump()
        except ValidationError as error:
            raise ValidationFailed(gettext("the configuration is not valid"), details=_messages(error)) from error
    if kind == ConfigKind.FEES:
        try:
            return FeeSchedule.from_data(data).to_data()
        except ValueError as error:
            raise ValidationFailed(gettext("the fee schedule is not valid"),
                                   details={"fees": str(error)}) from error
    raise ValidationFailed(details={"kind": f"unknown configuration kind {kind!r}"})


def _defaults(kind: str) -> dict[str, Any]:
    return default_assessment_data() if kind == ConfigKind.ASSESSMENT else dict(DEFAULT_FEE_SCHEDULE)


def active_version(kind: str) -> ConfigVersion:
    """The active version, creating version 1 from the documented defaults on first use."""
    current = ConfigVersion.objects.filter(kind=kind, is_active=True).first()
    if current is not None:
        return current
    with transaction.atomic():
        current = ConfigVersion.objects.select_for_update().filter(kind=kind, is_active=True).first()
        if current is None:
            current = ConfigVersion.objects.create(kind=kind, version=1, data=validate_data(kind, _defaults(kind)),
                                                   note="documented defaults", is_active=True)
    return current


def assessment_settings() -> tuple[int, AssessmentSettings]:
    version = active_version(ConfigKind.ASSESSMENT)
    return version.version, AssessmentSettings.model_validate(version.data)


def fee_schedule() -> FeeSchedule:
    return FeeSchedule.from_data(active_version(ConfigKind.FEES).data)


def config_publish(*, actor: Any, kind: str, data: dict[str, Any], note: str = "") -> ConfigVersion:
    """Validate and store a new version and make it the active one."""
    clean = validate_data(kind, data)
    with transaction.atomic():
        active_version(kind)
        last = ConfigVersion.objects.select_for_update().filter(kind=kind).order_by("-version").first()
        ConfigVersion.objects.filter(kind=kind, is_active=True).update(is_active=False)
        version = ConfigVersion.objects.create(kind=kind, version=last.version + 1, data=clean, note=note[:300],
                                               is_active=True, created_by=actor)
        _after_change(kind)
        return version


def config_activate(*, actor: Any, kind: str, version: int) -> ConfigVersion:
    """Roll back (or forward) to a stored version."""
    with transaction.atomic():
        target = ConfigVersion.objects.select_for_update().filter(kind=kind, version=version).first()
        if target is None:
            raise NotFound(f"没有版本 {version} / no version {version}")
        validate_data(kind, target.data)
        ConfigVersion.objects.filter(kind=kind, is_active=True).update(is_active=False)
        target.is_active = True
        target.save(update_fields=["is_active"])
        _after_change(kind)
    return target


def _after_change(kind: str) -> None:
    """A new late window moves every tracked patent's fee position."""
    if kind == ConfigKind.FEES:
        from patentbridge.pool.fee_status import fee_statuses_refresh

        fee_statuses_refresh()
