"""The ledger as CSV or XLSX, through core.spreadsheets (no cell becomes a formula)."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse
from django.utils.translation import gettext as _

from patentbridge.core.spreadsheets import Sheet, csv_response, xlsx_response
from patentbridge.matchmaker_rewards.selectors import Ledger


def header() -> list[str]:
    return [_("Application"), _("Beneficiary"), _("Deal"), _("Policy"), _("Status"), _("Amount reckoned on"),
            _("Calculated amount"), _("Approved amount"), _("Why reduced"), _("Amount paid"), _("Paid on"),
            _("Payment reference")]


def rows(book: Ledger) -> Iterator[list[object]]:
    for a in book.rows:
        yield [a.pk, a.beneficiary_name(), str(a.deal), a.policy.title, a.get_status_display(), a.basis_amount,
               a.calculated_amount, a.approved_amount, a.reduction_reason, a.paid_amount, a.paid_on,
               a.payment_reference]


def totals(book: Ledger) -> list[list[object]]:
    left = book.budget_left
    return [[_("Applied for"), book.applied], [_("Approved"), book.approved], [_("Paid"), book.paid],
            [_("Budget left"), left if left is not None else _("no budget set")]]


def ledger_response(book: Ledger, fmt: str) -> HttpResponse:
    name = f"matchmaker-rewards-{book.city.pk}-{book.year}"
    if fmt == "csv":
        return csv_response([header(), *rows(book), [], *totals(book)], f"{name}.csv")
    return xlsx_response(f"{name}.xlsx", Sheet(_("Ledger"), rows(book), header()),
                         Sheet(_("Totals"), totals(book), [_("Total"), _("Amount")]))
