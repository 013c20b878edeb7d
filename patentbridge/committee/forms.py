"""The committee's forms: parsing and field checks only (the rules are in services)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from patentbridge.committee.models import Choice, ItemOutcome, MemberRole


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150,
                               help_text=_("A platform user; an external expert needs an account first."))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_username(self):  # noqa: ANN201 - a user
        user = get_user_model().objects.filter(username=self.cleaned_data["username"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No such user."))
        return user


class PolicyForm(forms.Form):
    filing_needs_review = forms.BooleanField(label=_("Filing decisions need review"), required=False)
    deal_amount_above = forms.DecimalField(label=_("Deals above this amount need review (RMB)"), required=False,
                                           min_value=0, max_digits=16, decimal_places=2,
                                           help_text=_("Empty: no amount rule."))
    equity_needs_review = forms.BooleanField(label=_("Equity contributions need review"), required=False)
    quorum = forms.DecimalField(label=_("Quorum (share of members present)"), required=False, min_value=0,
                                max_value=1, max_digits=4, decimal_places=3,
                                help_text=_("Empty: the platform's default (our own, no rule retrieved)."))
    pass_share = forms.DecimalField(label=_("Approval needs more than this share of the votes cast"), required=False,
                                    min_value=0, max_value=1, max_digits=4, decimal_places=3,
                                    help_text=_("Empty: the platform's default, a simple majority."))


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False)


class DeclarationForm(forms.Form):
    conflicted = forms.TypedChoiceField(label=_("Conflict of interest"), coerce=lambda v: v == "yes",
                                        choices=[("no", _("I have no conflict of interest in this item")),
                                                 ("yes", _("I have a conflict of interest in this item"))],
                                        widget=forms.RadioSelect)
    reason = forms.CharField(label=_("The conflict"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your opinion"), choices=[c for c in Choice.choices if c[0]],
                               widget=forms.RadioSelect)
    text = forms.CharField(label=_("Reasons"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=[(ItemOutcome.APPROVED, _("Approved")),
                                                              (ItemOutcome.REJECTED, _("Rejected"))])
    note = forms.CharField(label=_("Decision note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))
