"""Forms of the revenue page: they parse and check what the office types; the rules live in services."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import PROMPT, PastDateField, with_prompt
from patentbridge.revenue.models import MONEY, Income, IncomeKind, InventorShare, JurisdictionFloor, RewardPayment
from patentbridge.revenue.services import ShareIn

AMOUNT = {"max_digits": MONEY["max_digits"], "decimal_places": MONEY["decimal_places"]}
PERCENT = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}


class PolicyForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label=_("Jurisdiction"), queryset=JurisdictionFloor.objects.all(),
                                          to_field_name="code", empty_label=PROMPT[1])
    licence_share = forms.DecimalField(label=_("Licence / transfer (%)"), **PERCENT)
    equity_share = forms.DecimalField(label=_("Equity (%)"), **PERCENT)
    profit_share = forms.DecimalField(label=_("Operating profit (%)"), **PERCENT)
    profit_years = forms.IntegerField(label=_("Years"), min_value=3, max_value=5)
    main_contributor_share = forms.DecimalField(label=_("Main contributors (%)"), **PERCENT)
    deduction_name = forms.CharField(label=_("Deduction"), required=False, max_length=100,
                                     widget=forms.TextInput(attrs={"placeholder": _("e.g. taxes")}))
    deduction_percent = forms.DecimalField(label=_("Deduction (%)"), required=False, **PERCENT)
    deduction_amount = forms.DecimalField(label=_("or deduction (RMB)"), required=False, min_value=0, **AMOUNT)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("deduction_percent") is not None or data.get("deduction_amount") is not None) \
                and not data.get("deduction_name"):
            self.add_error("deduction_name", _("Name the deduction."))
        elif data.get("deduction_name") and data.get("deduction_percent") is not None \
                and data.get("deduction_amount") is not None:
            self.add_error("deduction_amount", _("Give a percentage or an amount, not both."))
        return data

    def data_for_service(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in ("licence_share", "equity_share", "profit_share",
                                                  "main_contributor_share", "profit_years")}
        name, percent = self.cleaned_data.get("deduction_name"), self.cleaned_data.get("deduction_percent")
        amount = self.cleaned_data.get("deduction_amount")
        data["deductions"] = ([{"name": name, "percent": percent} if percent is not None
                               else {"name": name, "amount": amount or Decimal(0)}] if name else [])
        return data

    @staticmethod
    def initial_for(policy: Any) -> dict[str, Any]:
        if policy is None:
            return {"jurisdiction": "national", "licence_share": 70, "equity_share": 70, "profit_share": 5,
                    "profit_years": 3, "main_contributor_share": 50}
        first = (policy.deductions or [{}])[0]
        return {"jurisdiction": policy.jurisdiction.code, "licence_share": policy.licence_share,
                "equity_share": policy.equity_share, "profit_share": policy.profit_share,
                "profit_years": policy.profit_years, "main_contributor_share": policy.main_contributor_share,
                "deduction_name": first.get("name", ""), "deduction_percent": first.get("percent"),
                "deduction_amount": first.get("amount")}


class _LicenceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"OL-{obj.pk} {obj.declaration.patent.title[:20]} · {obj.licensee.name} · ¥{obj.amount_due}"


class _DealChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        subject = obj.patent.title if obj.patent_id else obj.subject
        return f"#{obj.pk} {obj.get_kind_display()} · {subject[:20]} · {obj.counterparty.name} · " \
               f"{obj.get_payment_mode_display()}"


class IncomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=with_prompt(IncomeKind.choices), required=False,
                             help_text=_("Income under an open licence is licence income."))
    licence = _LicenceChoice(label=_("From licence"), queryset=None, required=False, empty_label="—")
    deal = _DealChoice(label=_("From deal"), queryset=None, required=False, empty_label="—")
    gross = forms.DecimalField(label=_("Amount received (RMB)"), min_value=Decimal("0.01"), **AMOUNT,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    received_on = PastDateField(label=_("Received on"))
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=Income._meta.get_field("description").max_length,
                                  help_text=_("Left empty: the licence or deal it comes from."))

    def __init__(self, *args: Any, licences: QuerySet[Any], deals: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["licence"].queryset = licences
        self.fields["deal"].queryset = deals
        self.fields["licence"].widget.attrs["data-testid"] = "income-licence"
        self.fields["deal"].widget.attrs["data-testid"] = "income-deal"
        self.fields["gross"].widget.attrs["data-testid"] = "income-gross"
        self.fields["kind"].widget.attrs["data-testid"] = "income-kind"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("licence") and data.get("deal"):
            self.add_error("deal", _("Income comes from one licence or one deal, not both."))
        if data.get("licence") and data.get("kind") in ("", IncomeKind.LICENCE):
            data["kind"] = IncomeKind.LICENCE
        elif data.get("licence"):
            self.add_error("kind", _("Income under an open licence is licence income."))
        elif not data.get("kind") and "kind" not in self.errors:
            self.add_error("kind", _("Choose the kind of income."))
        return data

    def description_or_source(self) -> str:
        data = self.cleaned_data
        if data["description"]:
            return data["description"]
        if data.get("licence"):
            return _("Open licence OL-%(pk)s") % {"pk": data["licence"].pk}
        if data.get("deal"):
            return _("Deal no. %(pk)s") % {"pk": data["deal"].pk}
        return str(IncomeKind(data["kind"]).label)


class ShareForm(forms.Form):
    name = forms.CharField(label=_("Inventor"), required=False, max_length=InventorShare._meta.get_field("name").max_length)
    account = forms.ModelChoiceField(label=_("Account"), queryset=None, required=False, empty_label="—")
    weight = forms.DecimalField(label=_("Share (%)"), required=False, **PERCENT,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    main = forms.BooleanField(label=_("Main contributor"), required=False)

    def __init__(self, *args: Any, inventors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = inventors
        self.fields["account"].label_from_instance = lambda user: user.username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("name") and data.get("weight") is None and "weight" not in self.errors:
            self.add_error("weight", _("Give this inventor's share."))
        elif not data.get("name") and (data.get("weight") is not None or data.get("account")):
            self.add_error("name", _("Name the inventor."))
        return data

    def share(self) -> ShareIn | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return ShareIn(name=data["name"].strip(), weight=data["weight"], main_contributor=data["main"],
                       inventor=data.get("account"))


class _ShareFormSet(forms.BaseFormSet):
    refusal = ""

    def refuse(self, message: Any) -> None:
        """The allocation service's refusal of the rows together (their sum, the main contributors' part)."""
        self.refusal = str(message)

    def shares(self) -> list[ShareIn]:
        return [s for s in (form.share() for form in self.forms) if s is not None]


def share_formset(*, data: Any = None, inventors: QuerySet[Any], initial: list[dict[str, Any]] | None = None,
                  rows: int = 3) -> _ShareFormSet:
    """The inventors' rows: those given, then empty ones up to `rows`."""
    initial = initial or []
    formset_class = forms.formset_factory(ShareForm, formset=_ShareFormSet, extra=max(rows - len(initial), 1),
                                          max_num=50, validate_max=True)
    formset = formset_class(data, prefix="share", initial=initial, form_kwargs={"inventors": inventors})
    for name, widget_id in (("name", "share-name"), ("account", "share-account"), ("weight", "share-weight"),
                            ("main", "share-main")):
        if formset.forms:
            formset.forms[0].fields[name].widget.attrs["data-testid"] = widget_id
    return formset


def equal_shares(names: list[str]) -> list[dict[str, Any]]:
    """Rows prefilled with the patent's inventors in equal parts that add to 100 %, the first the largest."""
    if not names:
        return []
    part = (Decimal(100) / len(names)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    weights = [part] * len(names)
    weights[0] += Decimal(100) - part * len(names)
    return [{"name": name, "weight": weight} for name, weight in zip(names, weights, strict=True)]


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (RMB)"), min_value=Decimal("0.01"), **AMOUNT,
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "aria-label": _("Amount (RMB)")}))
    paid_on = PastDateField(label=_("Paid on"), required=False, help_text=_("Today when left empty"))
    reference = forms.CharField(label=_("Reference"), required=False, widget=forms.TextInput(
                                    attrs={"placeholder": _("Reference (optional)")}),
                                max_length=RewardPayment._meta.get_field("reference").max_length)
