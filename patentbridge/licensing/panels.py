"""Licensing's contributions to lower apps' pages (core.panels): the fee column of the open-licence list."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpRequest
from django.utils.html import format_html

from patentbridge.licensing.models import OpenLicenceDeclaration
from patentbridge.licensing.selectors import standing_declarations
from patentbridge.patents.models import Patent


def _standing_by_patent(request: HttpRequest) -> dict[int, OpenLicenceDeclaration]:
    """Every standing declaration's terms, read once per request (one query for the whole list page)."""
    if not hasattr(request, "_standing_declarations"):
        rows = standing_declarations().only("patent_id", "payment_mode", "lump_sum", "royalty_rate")
        request._standing_declarations = {d.patent_id: d for d in rows}
    return request._standing_declarations


def _price(declaration: OpenLicenceDeclaration) -> str:
    parts = []
    if declaration.lump_sum is not None:
        parts.append(f"¥{intcomma(f'{declaration.lump_sum:.2f}')}")
    if declaration.royalty_rate is not None:
        parts.append(f"{declaration.royalty_rate.normalize():f}%")
    return " + ".join(parts) or "—"


def open_licence_fee(request: HttpRequest, patent: Patent) -> str:
    """The licence fee of the patent's standing open licence, with its payment mode."""
    declaration = _standing_by_patent(request).get(patent.pk)
    if declaration is None:
        return ""
    return format_html('<span data-testid="open-licence-fee">{}</span><br><span class="muted">{}</span>',
                       _price(declaration), declaration.get_payment_mode_display())
