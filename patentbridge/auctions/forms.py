"""The auctioneer's lot form and the bid form; the rules themselves are the services'."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.auctions.models import AuctionOfficer, LotMode


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _money(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=16, decimal_places=2, min_value=Decimal("0"), required=required)


def _when(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=_DateTimeInput())


RIGHTS = [("transfer", _("Transfer (assignment)")), ("ordinary_licence", _("Ordinary licence")),
          ("sole_licence", _("Sole licence")), ("exclusive_licence", _("Exclusive licence"))]


class LotForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    mode = forms.ChoiceField(label=_("Mode"), choices=[(LotMode.AUCTION, LotMode.AUCTION.label),
                                                       (LotMode.JUDICIAL, LotMode.JUDICIAL.label)])
    consignor = forms.CharField(label=_("Consignor (full name of the organisation)"), max_length=200)
    patents = forms.CharField(label=_("Patents (application numbers, one a line)"),
                              widget=forms.Textarea(attrs={"rows": 3}))
    officer = forms.ModelChoiceField(label=_("Auction officer"), queryset=AuctionOfficer.objects.none())
    right_kind = forms.ChoiceField(label=_("Right sold"), choices=RIGHTS)
    licence_starts_on = forms.DateField(label=_("Licence from"), required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))
    licence_ends_on = forms.DateField(label=_("Licence until"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    state_owned = forms.BooleanField(label=_("State-owned asset"), required=False)
    contract_number = forms.CharField(label=_("Consignment contract number"), max_length=60)
    contract_signed_on = forms.DateField(label=_("Consignment contract signed on"),
                                         widget=forms.DateInput(attrs={"type": "date"}))
    commission_agreed = forms.BooleanField(label=_("Commission rates agreed with both sides"), required=False)
    consignor_commission_rate = forms.DecimalField(label=_("Consignor's commission (%)"), max_digits=5,
                                                   decimal_places=2, min_value=Decimal("0"), initial=Decimal("0"))
    buyer_commission_rate = forms.DecimalField(label=_("Buyer's commission (%)"), max_digits=5, decimal_places=2,
                                               min_value=Decimal("0"), initial=Decimal("0"))
    authority_document = forms.CharField(label=_("Consignor's authority document"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    pledgee_consent = forms.BooleanField(label=_("The pledgee consents (pledged patents)"), required=False)
    appraisal_value = _money(_("Appraisal value (RMB)"))
    appraisal_report = forms.CharField(label=_("Appraisal report"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    start_price = _money(_("Start price (RMB)"))
    reserve_price = _money(_("Reserve price (RMB, hidden; optional)"), required=False)
    deposit = _money(_("Deposit (RMB)"))
    increment = _money(_("Bid increment (RMB)"))
    viewing_starts_at = _when(_("Viewing from"))
    viewing_ends_at = _when(_("Viewing until"))
    viewing_place = forms.CharField(label=_("Viewing place or link"), max_length=300, required=False)
    starts_at = _when(_("Bidding starts"))
    ends_at = _when(_("Bidding ends"))

    def __init__(self, *args: Any, organiser_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = AuctionOfficer.objects.filter(organisation_id=organiser_id, active=True)


class BidForm(forms.Form):
    amount = forms.DecimalField(label=_("Your bid (RMB)"), max_digits=16, decimal_places=2, min_value=Decimal("0.01"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)


def fresh_key() -> str:
    """A new idempotency key for each rendering of the bid form: a double submit sends the same key twice."""
    return secrets.token_urlsafe(16)


class LicenceForm(forms.Form):
    licence_number = forms.CharField(label=_("Licence number"), max_length=60)
    issued_by = forms.CharField(label=_("Issuing provincial department"), max_length=200)
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))
    registered_capital = forms.DecimalField(label=_("Registered capital (RMB)"), max_digits=16, decimal_places=2)


class OfficerForm(forms.Form):
    username = forms.CharField(label=_("The officer's user name on the platform"), max_length=150)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60)


class RelistForm(forms.Form):
    """A failed lot's new terms: the price (at most 20 % lower) and new periods; everything else is kept."""

    start_price = _money(_("Start price (RMB)"))
    reserve_price = _money(_("Reserve price (RMB, hidden; optional)"), required=False)
    deposit = _money(_("Deposit (RMB)"))
    increment = _money(_("Bid increment (RMB)"))
    viewing_starts_at = _when(_("Viewing from"))
    viewing_ends_at = _when(_("Viewing until"))
    starts_at = _when(_("Bidding starts"))
    ends_at = _when(_("Bidding ends"))
