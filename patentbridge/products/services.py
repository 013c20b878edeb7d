"""Writes of product filing (专利产品备案): filing with its patents checked, the clerk's review, the yearly
(first-quarter) data, revocation and the re-check that prompts it. Each service runs inside the caller's
transaction (views, the API and commands open one) and checks everything before writing anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, authorize, user_ids_with
from patentbridge.patents.models import Industry, Patent
from patentbridge.patents.selectors import number_q
from patentbridge.products import conf
from patentbridge.products.checks import PatentCheck, check_patent
from patentbridge.products.models import (
    Product,
    ProductPatent,
    ProductStatus,
    ProductStep,
    ProductYear,
    StepKind,
)
from patentbridge.products.selectors import product_checks

S = ProductStatus
# The one table of the filing's lifecycle; who may take each step is in STEP_ACTIONS.
PRODUCT_STEPS = frozenset({
    (S.SUBMITTED, S.FILED), (S.SUBMITTED, S.RETURNED), (S.SUBMITTED, S.REFUSED),
    (S.RETURNED, S.SUBMITTED),
    (S.FILED, S.REVOKED),
})
STEP_ACTIONS = {S.FILED: Action.PRODUCT_REVIEW, S.RETURNED: Action.PRODUCT_REVIEW, S.REFUSED: Action.PRODUCT_REVIEW,
                S.SUBMITTED: Action.PRODUCT_CHANGE, S.REVOKED: Action.PRODUCT_REVIEW}
DECISIONS = (S.FILED, S.RETURNED, S.REFUSED)
PRODUCT_FIELDS = ("name", "model", "category", "industry", "description", "launched_on")
AMOUNT_FIELDS = ("sales", "output", "exports", "profit", "ip_input", "patent_share")
# Profit may be a loss; every other figure is a non-negative amount (or a percentage).
SIGNED_FIELDS = frozenset({"profit"})
REQUIRED_AMOUNTS = ("sales", "output", "patent_share")
MAX_PATENTS = 200


def _labels() -> dict[str, str]:
    return {value: str(label) for value, label in ProductStatus.choices}


def _step(product: Product, kind: str, *, actor: Any, note: str = "", from_status: str = "") -> None:
    ProductStep.objects.create(product=product, kind=kind, actor=actor, note=note, from_status=from_status,
                               to_status=product.status if from_status else "")


def _move(product: Product, to: str, *, actor: Any, kind: str, note: str = "") -> None:
    """Take one step of the table, saved with its history entry and the actor in the change log."""
    step_require(PRODUCT_STEPS, product.status, to, labels=_labels())
    from_status, product.status = product.status, to
    with set_actor(actor):
        product.save()
    _step(product, kind, actor=actor, note=note, from_status=from_status)


def _notify_filer(product: Product, decision: Any, *, actor: Any, key: str = "") -> None:
    """Tell the filer's people (those who file for it) what happened to the product."""
    link = reverse("products:detail", kwargs={"product_id": product.pk})
    notify(recipients=user_ids_with(Capability.PROPOSE, [product.filer_id]), kind=NoticeKind.REVIEW_DECISION,
           params={"patent": str(product), "product": str(product), "decision_label": msgid(decision)}, link=link, key=key,
           organisation=product.filer, actor=actor)


# ---- parsing ---------------------------------------------------------------------------------------------------

def _decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        value = str(value)
    try:
        number = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def year_amounts(raw: Mapping[str, Any]) -> dict[str, Decimal]:
    """The yearly figures as Decimals; ValidationFailed with one message per bad field (missing, not a number,
    negative, a share outside 0–100, exports above sales)."""
    values: dict[str, Decimal] = {}
    errors: dict[str, str] = {}
    for name in AMOUNT_FIELDS:
        try:
            number = _decimal(raw.get(name))
        except ValueError:
            errors[name] = _("Enter a number.")
            continue
        if number is None:
            if name in REQUIRED_AMOUNTS:
                errors[name] = _("This figure is required.")
            continue
        if number < 0 and name not in SIGNED_FIELDS:
            errors[name] = _("Cannot be negative.")
        elif abs(number) >= Decimal("1e14"):
            errors[name] = _("This figure is too large.")
        elif name == "patent_share" and number > 100:
            errors[name] = _("A share is a percentage from 0 to 100.")
        else:
            values[name] = number.quantize(Decimal("0.01"))
    if "exports" in values and "sales" in values and values["exports"] > values["sales"]:
        errors["exports"] = _("Exports cannot exceed sales.")
    if errors:
        raise ValidationFailed(_("Some figures are not valid."), details=errors)
    return values


def data_year_of(raw: Any, launched_on: dt.date | None, today: dt.date) -> int:
    """The year the first data are for: a finished year, not before the product's launch."""
    try:
        year = int(str(raw).strip()) if raw not in (None, "") else today.year - 1
    except ValueError:
        raise ValidationFailed(details={"data_year": _("Enter a year.")}) from None
    if year >= today.year:
        raise ValidationFailed(details={"data_year": _("Report a finished year (%(year)s or earlier).")
                                        % {"year": today.year - 1}})
    if launched_on is not None and year < launched_on.year:
        raise ValidationFailed(details={"data_year": _("The product was launched in %(year)s.")
                                        % {"year": launched_on.year}})
    return year


def _industry(value: Any) -> Industry:
    code = value.pk if isinstance(value, Industry) else str(value or "").strip().split(" ")[0]
    industry = Industry.objects.filter(pk=code, level="小类").first()
    if industry is None:
        raise ValidationFailed(details={"industry": _("Choose a small class (4 digits) of GB/T 4754: %(code)s")
                                        % {"code": code or "—"}})
    return industry


def _product_fields(data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    errors: dict[str, str] = {}
    fields = {name: (str(data.get(name) or "").strip()) for name in ("name", "model", "category", "description")}
    for name, limit in (("name", 200), ("model", 100), ("category", 100)):
        if name != "model" and not fields[name]:
            errors[name] = _("This field is required.")
        elif len(fields[name]) > limit:
            errors[name] = _("At most %(limit)s characters.") % {"limit": limit}
    launched_on = data.get("launched_on")
    if isinstance(launched_on, str):
        try:
            launched_on = dt.date.fromisoformat(launched_on.strip()) if launched_on.strip() else None
        except ValueError:
            launched_on = "bad"
    if not isinstance(launched_on, dt.date) or launched_on > today:
        errors["launched_on"] = _("Enter the day the product came to market (not in the future), as YYYY-MM-DD.")
    try:
        fields["industry"] = _industry(data.get("industry"))
    except ValidationFailed as exc:
        errors.update(exc.details)
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), details=errors)
    return {**fields, "launched_on": launched_on}


def split_numbers(raw: Any) -> list[str]:
    """Patent numbers from a list or from text separated by semicolons, commas or line breaks, each once."""
    items = raw if isinstance(raw, list | tuple) else str(raw or "").replace("；", ";").replace(",", ";") \
        .replace("，", ";").replace("\n", ";").split(";")
    seen: dict[str, None] = {}
    for item in items:
        if str(item).strip():
            seen.setdefault(str(item).strip(), None)
    return list(seen)


def _patents_checked(numbers: Iterable[str], filer_id: int, today: dt.date) -> list[PatentCheck]:
    """Each number found on the register and checked; every problem at once, naming each patent."""
    problems: list[str] = []
    checks: list[PatentCheck] = []
    numbers = list(numbers)
    if not numbers:
        raise ValidationFailed(details={"patents": [_("Name at least one patent the product embodies.")]})
    if len(numbers) > MAX_PATENTS:
        raise ValidationFailed(details={"patents": [_("At most %(limit)s patents.") % {"limit": MAX_PATENTS}]})
    for number in numbers:
        try:
            patent = Patent.objects.prefetch_related("applicant_links").filter(number_q(number)).order_by("pk").first()
        except ValidationFailed:
            problems.append(_("%(number)s is not a valid application or publication number.") % {"number": number})
            continue
        if patent is None:
            problems.append(_("%(number)s is not on the register.") % {"number": number})
            continue
        check = check_patent(patent, filer_id, today)
        if check.ok and any(c.patent.pk == patent.pk for c in checks):
            continue
        checks.append(check) if check.ok else problems.append(check.problem)
    if problems:
        raise ValidationFailed(_("Some patents cannot be listed in this product."), details={"patents": problems})
    return checks


def _link_patents(product: Product, checks: list[PatentCheck], today: dt.date) -> None:
    product.patent_links.all().delete()
    ProductPatent.objects.bulk_create([
        ProductPatent(product=product, patent=c.patent, basis=c.basis, grant=c.grant, checked_on=today)
        for c in checks])


def _write_year(product: Product, year: int, amounts: dict[str, Decimal], *, actor: Any, now: dt.datetime,
                on_time: bool) -> ProductYear:
    reason = _jump_reason(product, year, amounts["sales"])
    row = ProductYear(product=product, year=year, submitted_by=actor, submitted_at=now, on_time=on_time,
                      needs_review=bool(reason), review_reason=reason, **amounts)
    with set_actor(actor):
        row.save()
    return row


def _jump_reason(product: Product, year: int, sales: Decimal) -> str:
    """Why sales this far above the year before need the clerk's look (kept, not refused)."""
    before = ProductYear.objects.filter(product=product, year=year - 1).values_list("sales", flat=True).first()
    factor = conf.sales_jump_factor()
    if before is None or before <= 0 or sales <= before * factor:
        return ""
    return _("Sales of %(year)s (%(sales)s yuan) are more than %(factor)s times those of %(before_year)s "
             "(%(before)s yuan).") % {"year": year, "sales": sales, "factor": factor, "before_year": year - 1,
                                      "before": before}


# ---- filing ----------------------------------------------------------------------------------------------------

def product_file(*, actor: Any, filer: Organisation, data: Mapping[str, Any], patents: Any,
                 year_data: Mapping[str, Any], today: dt.date | None = None, request: Any = None) -> Product:
    """File a product for review: its fields, its patents (each checked: in force, and held by the filer as owner,
    licensee or by a recorded transfer) and its first year's data. Nothing is written unless all of it passes."""
    authorize(actor, Action.PRODUCT_FILE, filer, request=request)
    today = today or timezone.localdate()
    fields, checks, year, amounts = _validated(data, patents, year_data, filer.pk, today)
    product = Product(filer=filer, status=S.SUBMITTED, submitted_by=actor, submitted_at=timezone.now(), **fields)
    with set_actor(actor):
        product.save()
    _link_patents(product, checks, today)
    _write_year(product, year, amounts, actor=actor, now=product.submitted_at, on_time=True)
    _step(product, StepKind.SUBMITTED, actor=actor, from_status=S.SUBMITTED)
    return product


def _validated(data: Mapping[str, Any], patents: Any, year_data: Mapping[str, Any], filer_id: int,
               today: dt.date) -> tuple[dict[str, Any], list[PatentCheck], int, dict[str, Decimal]]:
    """Every part checked, and every problem reported together (fields, patents, figures)."""
    errors: dict[str, Any] = {}
    parts: dict[str, Any] = {}
    for key, parse in (("fields", lambda: _product_fields(data, today)),
                       ("checks", lambda: _patents_checked(split_numbers(patents), filer_id, today)),
                       ("amounts", lambda: year_amounts(year_data))):
        try:
            parts[key] = parse()
        except ValidationFailed as exc:
            errors.update(exc.details)
    launched = parts.get("fields", {}).get("launched_on")
    try:
        parts["year"] = data_year_of(year_data.get("year"), launched, today)
    except ValidationFailed as exc:
        errors.update(exc.details)
    if errors:
        raise ValidationFailed(_("The filing cannot be accepted; nothing was saved."), details=errors)
    return parts["fields"], parts["checks"], parts["year"], parts["amounts"]


def product_resubmit(*, actor: Any, product: Product, data: Mapping[str, Any], patents: Any,
                     year_data: Mapping[str, Any], today: dt.date | None = None, request: Any = None) -> Product:
    """The filer's changes to a returned filing, checked as a new one, and the filing back in the clerk's queue."""
    authorize(actor, Action.PRODUCT_CHANGE, product, request=request)
    today = today or timezone.localdate()
    step_require(PRODUCT_STEPS, product.status, S.SUBMITTED, labels=_labels())
    fields, checks, year, amounts = _validated(data, patents, year_data, product.filer_id, today)
    for name, value in fields.items():
        setattr(product, name, value)
    product.submitted_by, product.submitted_at = actor, timezone.now()
    _link_patents(product, checks, today)
    product.years.all().delete()
    _write_year(product, year, amounts, actor=actor, now=product.submitted_at, on_time=True)
    _move(product, S.SUBMITTED, actor=actor, kind=StepKind.RESUBMITTED)
    return product


def next_filing_number(year: int) -> str:
    """The next free number of the year in PRODUCT_FILING_NUMBER_FORMAT."""
    pattern = conf.filing_number_format()
    seq = Product.objects.filter(filed_on__year=year).count() + 1
    while Product.objects.filter(filing_number=pattern.format(year=year, seq=seq)).exists():
        seq += 1
    return pattern.format(year=year, seq=seq)


def product_review(*, actor: Any, product: Product, decision: str, reason: str, today: dt.date | None = None,
                   request: Any = None) -> Product:
    """The clerk files the product (giving its number), returns it for changes, or refuses it, always with a
    reason; a filing is refused when a patent fails its check today."""
    authorize(actor, STEP_ACTIONS.get(decision, Action.PRODUCT_REVIEW), product, request=request)
    if decision not in DECISIONS:
        raise ValidationFailed(details={"decision": _("Choose to file, return or refuse.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(details={"reason": _("Give the reason for the decision.")})
    today = today or timezone.localdate()
    step_require(PRODUCT_STEPS, product.status, decision, labels=_labels())
    if decision == S.FILED:
        _recheck_for_filing(product, today)
        product.filing_number, product.filed_on = next_filing_number(today.year), today
    product.reviewed_by, product.reviewed_at, product.review_note = actor, timezone.now(), reason
    try:
        with transaction.atomic():
            _move(product, decision, actor=actor, kind=decision, note=reason)
    except IntegrityError as exc:  # a clerk filing another product at the same moment took the number
        raise Conflict(_("The filing number was just taken; try again.")) from exc
    _notify_filer(product, S(decision).label, actor=actor, key=f"product:{product.pk}:{decision}:{product.reviewed_at}")
    return product


def _recheck_for_filing(product: Product, today: dt.date) -> None:
    problems = [c.problem for c in product_checks(product, today) if not c.ok]
    if problems:
        raise Conflict(_("A patent no longer passes its check; return or refuse the filing instead."),
                       code="patent_check_failed", details={"patents": problems})


# ---- yearly data -----------------------------------------------------------------------------------------------

def is_on_time(year: int, reported_on: dt.date) -> bool:
    """Reported by the end of the update window for that year's data (PRODUCT_UPDATE_WINDOW)."""
    return reported_on <= conf.update_window(year)[1]


def year_report(*, actor: Any, product: Product, year: Any, data: Mapping[str, Any],
                now: dt.datetime | None = None, request: Any = None) -> ProductYear:
    """A filed product's data for a finished year: on time within the update window, else kept but late (the
    product sits out that year's recognition); sales far above the year before are kept and flagged."""
    authorize(actor, Action.PRODUCT_CHANGE, product, request=request)
    now = now or timezone.now()
    today = timezone.localdate(now)
    if product.status != S.FILED:
        raise Conflict(_("Only a filed product reports yearly data."), code="not_filed")
    year = data_year_of(year, product.launched_on, today)
    if ProductYear.objects.filter(product=product, year=year).exists():
        raise Conflict(_("The data for %(year)s are already reported.") % {"year": year}, code="already_reported")
    row = _write_year(product, year, year_amounts(data), actor=actor, now=now, on_time=is_on_time(year, today))
    note = _("%(year)s, on time") if row.on_time else _("%(year)s, after the deadline")
    _step(product, StepKind.DATA_REPORTED, actor=actor, note=note % {"year": year})
    return row


def year_confirm(*, actor: Any, row: ProductYear, note: str, request: Any = None) -> ProductYear:
    """The clerk has looked at flagged figures and accepts them (the reason they were flagged stays on record)."""
    authorize(actor, Action.PRODUCT_REVIEW, row.product, request=request)
    if not row.needs_review:
        raise Conflict(_("These figures are not flagged."), code="not_flagged")
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(details={"note": _("Say why the figures stand.")})
    row.needs_review = False
    with set_actor(actor):
        row.save(update_fields=["needs_review"])
    _step(row.product, StepKind.DATA_CONFIRMED, actor=actor, note=f"{row.year}: {note}")
    return row


# ---- revocation ------------------------------------------------------------------------------------------------

def revoke_request(*, actor: Any, product: Product, reason: str, request: Any = None) -> Product:
    """The filer applies to revoke a filed product, with the reason; the clerk confirms."""
    authorize(actor, Action.PRODUCT_CHANGE, product, request=request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(details={"reason": _("Give the reason for revoking.")})
    if product.status != S.FILED or product.revoke_requested_at is not None:
        raise Conflict(_("Only a filed product without a pending application can be revoked."),
                       code="not_revocable")
    product.revoke_reason, product.revoke_requested_at = reason, timezone.now()
    with set_actor(actor):
        product.save(update_fields=["revoke_reason", "revoke_requested_at"])
    _step(product, StepKind.REVOKE_REQUESTED, actor=actor, note=reason)
    return product


def revoke_confirm(*, actor: Any, product: Product, note: str = "", today: dt.date | None = None,
                   request: Any = None) -> Product:
    """The clerk confirms the filer's application: the product is revoked and no longer counts as filed."""
    authorize(actor, Action.PRODUCT_REVIEW, product, request=request)
    if product.revoke_requested_at is None:
        raise Conflict(_("The filer has not applied to revoke this product."), code="no_revocation_request")
    product.revoked_on = today or timezone.localdate()
    _move(product, S.REVOKED, actor=actor, kind=StepKind.REVOKED, note=(note or "").strip() or product.revoke_reason)
    _notify_filer(product, S.REVOKED.label, actor=actor, key=f"product:{product.pk}:revoked")
    return product


REVOKE_PROMPT = gettext_lazy("Revocation suggested: no linked patent is held any more")


def patents_recheck(*, today: dt.date | None = None) -> list[Product]:
    """Check every filed product's patents again; where none is in force and held by the filer any more, ask the
    filer (once) to confirm revocation. Returns the products newly prompted."""
    today = today or timezone.localdate()
    prompted = []
    filed = Product.objects.filter(status=S.FILED, revoke_prompted_on__isnull=True).select_related("filer")
    for product in filed.iterator(chunk_size=200):
        checks = product_checks(product, today)
        ProductPatent.objects.filter(product=product).update(checked_on=today)
        if checks and not any(c.ok for c in checks):
            product.revoke_prompted_on = today
            product.save(update_fields=["revoke_prompted_on"])
            _step(product, StepKind.REVOKE_PROMPTED, actor=None, note="；".join(c.problem for c in checks))
            _notify_filer(product, REVOKE_PROMPT, actor=None, key=f"product:{product.pk}:revoke_prompt")
            prompted.append(product)
    return prompted
