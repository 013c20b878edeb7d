"""Entering the accounts of the patent-intensive industries, the regions' GDP and the partial-inclusion weights; the
import of accounts from a spreadsheet (each bad row reported by its line, the good rows kept)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any
from zipfile import BadZipFile

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from patentbridge.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed, readable
from patentbridge.industries.models import IntensiveCategory, IntensiveIndustry
from patentbridge.monitoring.models import COMPONENTS, Account, InclusionWeight, RegionalGdp
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, authorize

FIRST_YEAR, LAST_YEAR = 2000, 2100
MONEY_LIMIT = Decimal("1e14")


@dataclass
class AccountInput:
    """One row as typed or imported: `code` is a class (PA01), a middle class (PA101) or a GB/T 4754 small class
    of the classification (3921)."""

    code: str
    city: str
    year: int
    source: str
    employees: int | None = None
    components: dict[str, Decimal | None] = field(default_factory=dict)


def _scope_of(code: str) -> tuple[IntensiveCategory, IntensiveIndustry | None]:
    code = code.strip().upper()
    small = IntensiveIndustry.objects.select_related("category").filter(industry_id=code).first()
    if small is not None:
        return small.category, small
    category = IntensiveCategory.objects.filter(code=code).first()
    if category is None:
        raise ValidationFailed(details={"code": _("%(code)s is neither a patent-intensive class, middle class nor "
                                                  "small class.") % {"code": code}})
    return category, None


def _check_values(data: AccountInput) -> None:
    problems: dict[str, str] = {}
    if not FIRST_YEAR <= data.year <= LAST_YEAR:
        problems["year"] = _("The year must lie between %(low)s and %(high)s.") % {"low": FIRST_YEAR,
                                                                                   "high": LAST_YEAR}
    if not data.source.strip():
        problems["source"] = _("Name the source of the figures.")
    entered = [name for name in COMPONENTS if data.components.get(name) is not None]
    if entered and len(entered) != len(COMPONENTS):
        problems["components"] = _("Enter all four components of value added, or none.")
    if not entered and data.employees is None:
        problems["employees"] = _("Enter the employees, the four components of value added, or both.")
    for name in ("compensation", "depreciation"):
        if (data.components.get(name) or 0) < 0:
            problems[name] = _("This amount cannot be negative.")
    if any(abs(v) >= MONEY_LIMIT for v in data.components.values() if v is not None):
        problems["components"] = _("An amount is too large (enter RMB 10,000).")
    if problems:
        raise ValidationFailed(details=problems)


def _overlap(category: IntensiveCategory, industry: IntensiveIndustry | None, city: str, year: int,
             exclude: int | None) -> Account | None:
    """An entered row covering part of the same industries (a class and one of its middle classes, say): both would
    count the same value added twice."""
    top = category.parent_id or category.code
    rows = Account.objects.filter(city_id=city, year=year).exclude(pk=exclude).select_related("category", "industry")
    if category.level == IntensiveCategory.Level.CLASS:
        return rows.filter(Q(category_id=top) | Q(category__parent_id=top)).first()
    same_class = Q(category_id=top, industry__isnull=True)
    if industry is None:
        return rows.filter(same_class | Q(category=category, industry__isnull=False)).first()
    return rows.filter(same_class | Q(category=category, industry__isnull=True)).first()


def account_enter(*, actor: Any, data: AccountInput, request: HttpRequest | None = None) -> Account:
    """Enter (or correct) the row of a category, city and year, with its source; refused for a city the actor does
    not keep, and for a row that overlaps another level of the same class."""
    city = City.objects.filter(pk=data.city).first()
    if city is None:
        raise ValidationFailed(details={"city": _("Unknown city code %(code)s.") % {"code": data.city}})
    authorize(actor, Action.MONITORING_ENTER, city, request=request)
    _check_values(data)
    category, industry = _scope_of(data.code)
    existing = Account.objects.filter(category=category, industry=industry, city=city, year=data.year).first()
    clash = _overlap(category, industry, city.pk, data.year, existing.pk if existing else None)
    if clash is not None:
        raise Conflict(_("%(other)s is already entered for %(city)s %(year)s: enter one level of a class, not two.")
                       % {"other": clash.industry_id or clash.category_id, "city": city.name_zh, "year": data.year},
                       code="account_overlap")
    account = existing or Account(category=category, industry=industry, city=city, year=data.year)
    account.employees = data.employees
    for name in COMPONENTS:
        setattr(account, name, data.components.get(name))
    account.source, account.entered_by = data.source.strip(), actor
    with set_actor(actor):
        try:
            with transaction.atomic():
                account.save()
        except IntegrityError as exc:
            raise Conflict(_("This row was entered by someone else at the same time; reload."), code="account_race") from exc
    return account


def account_delete(*, actor: Any, account: Account, request: HttpRequest | None = None) -> None:
    """Remove an entered row (the audit trail keeps what it said)."""
    authorize(actor, Action.MONITORING_ENTER, account.city, request=request)
    with set_actor(actor):
        account.delete()


def gdp_enter(*, actor: Any, city: str | None, year: int, gdp: Decimal, source: str,
              request: HttpRequest | None = None) -> RegionalGdp:
    """Enter a city's (or, with no city, the province's) GDP for a year, in RMB 10,000, with its source."""
    place = City.objects.filter(pk=city).first() if city else None
    if city and place is None:
        raise ValidationFailed(details={"city": _("Unknown city code %(code)s.") % {"code": city}})
    authorize(actor, Action.MONITORING_ENTER, place, request=request)
    if gdp <= 0 or gdp >= MONEY_LIMIT:
        raise ValidationFailed(details={"gdp": _("GDP must be a positive amount in RMB 10,000.")})
    if not source.strip() or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(details={"source": _("Name the source and a year between %(low)s and %(high)s.")
                                        % {"low": FIRST_YEAR, "high": LAST_YEAR}})
    entry = RegionalGdp.objects.filter(city=place, year=year).first() or RegionalGdp(city=place, year=year)
    entry.gdp, entry.source, entry.entered_by = gdp, source.strip(), actor
    with set_actor(actor):
        entry.save()
    return entry


def weight_set(*, actor: Any, industry: str, weight: Decimal | None, source: str,
               request: HttpRequest | None = None) -> InclusionWeight | None:
    """Set the counted share of a partially included (`*`) small class, or clear it (None: counted in full)."""
    authorize(actor, Action.MONITORING_WEIGHTS, request=request)
    small = IntensiveIndustry.objects.filter(industry_id=industry.strip()).first()
    if small is None:
        raise ValidationFailed(details={"industry": _("%(code)s is not a small class of the classification.")
                                        % {"code": industry}})
    with set_actor(actor):
        if weight is None:
            InclusionWeight.objects.filter(industry=small).delete()
            return None
        if not Decimal(0) < weight <= 1 or not source.strip():
            raise ValidationFailed(details={"weight": _("A weight lies above 0 and at most 1, with its source.")})
        entry, _created = InclusionWeight.objects.update_or_create(
            industry=small, defaults={"weight": weight, "source": source.strip(), "set_by": actor})
    return entry


# The import's columns: the header's text (Chinese or English) → the field.
IMPORT_COLUMNS = {
    "year": ("年份", "year"), "city": ("城市", "city"), "code": ("产业代码", "code"),
    "employees": ("年末从业人员", "employees"), "compensation": ("劳动者报酬", "compensation"),
    "net_taxes": ("生产税净额", "net production taxes"), "depreciation": ("固定资产折旧", "depreciation"),
    "surplus": ("营业盈余", "operating surplus"), "source": ("来源", "source"),
}


@dataclass
class ImportResult:
    saved: list[Account] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def _header_map(header: list[Any]) -> dict[str, int]:
    names = {alias.lower(): key for key, aliases in IMPORT_COLUMNS.items() for alias in aliases}
    found = {names[str(cell).strip().lower()]: index for index, cell in enumerate(header)
             if cell is not None and str(cell).strip().lower() in names}
    missing = [IMPORT_COLUMNS[key][0] for key in ("year", "city", "code", "source") if key not in found]
    if missing:
        raise ValidationFailed(_("The first row must name the columns; missing: %(names)s.")
                               % {"names": "、".join(missing)}, code="import_header")
    return found


def _number(value: Any, label: str) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValidationFailed(details={label: _("%(label)s is not a number: %(value)s") % {
            "label": label, "value": value}}) from exc
    if not number.is_finite():
        raise ValidationFailed(details={label: _("%(label)s is not a number: %(value)s") % {"label": label,
                                                                                            "value": value}})
    return number


def _city_code(value: Any) -> str:
    text = str(value or "").strip()
    city = City.objects.filter(Q(pk=text) | Q(name_zh=text) | Q(name_zh=text + "市")).first()
    if city is None:
        raise ValidationFailed(details={"city": _("Unknown city: %(value)s") % {"value": text}})
    return city.pk


def _row_input(values: dict[str, Any]) -> AccountInput:
    year = _number(values.get("year"), IMPORT_COLUMNS["year"][0])
    employees = _number(values.get("employees"), IMPORT_COLUMNS["employees"][0])
    if year is None or year != year.to_integral_value():
        raise ValidationFailed(details={"year": _("The year is missing or not a whole number.")})
    if employees is not None and (employees < 0 or employees != employees.to_integral_value()):
        raise ValidationFailed(details={"employees": _("Employees must be a whole number, not negative.")})
    code = values.get("code")
    return AccountInput(code=str(int(code) if isinstance(code, float) else code or ""), city=_city_code(values.get("city")),
                        year=int(year), source=str(values.get("source") or ""),
                        employees=None if employees is None else int(employees),
                        components={name: _number(values.get(name), IMPORT_COLUMNS[name][0]) for name in COMPONENTS})


def accounts_import(*, actor: Any, handle: IO[bytes], request: HttpRequest | None = None) -> ImportResult:
    """Read an XLSX of accounts (first row: column names): each row is entered on its own, so a bad row is reported
    with its line and reason while the good ones are kept."""
    authorize(actor, Action.MONITORING_VIEW, request=request)
    try:
        sheet = load_workbook(handle, read_only=True, data_only=True).worksheets[0]
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ValidationFailed(_("The file is not an Excel workbook (.xlsx)."), code="import_unreadable") from exc
    rows = sheet.iter_rows(values_only=True)
    columns = _header_map(list(next(rows, [])))
    result = ImportResult()
    for line, cells in enumerate(rows, start=2):
        if not any(c not in (None, "") for c in cells):
            continue
        values = {key: cells[index] if index < len(cells) else None for key, index in columns.items()}
        try:
            data = _row_input(values)
            with transaction.atomic():
                result.saved.append(account_enter(actor=actor, data=data, request=request))
        except PermissionDenied:
            result.rejected.append((line, _("You may not enter accounts for %(city)s.") % {"city": values.get("city")}))
        except DomainError as exc:  # a bad value, an overlap, or a city the importer does not keep
            result.rejected.append((line, readable(exc)))
    return result
