from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.privacy import selectors
from patentbridge.privacy.models import RequestKind


class OwnRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you ask for?"), choices=RequestKind.choices, widget=forms.RadioSelect)
    details = forms.CharField(label=_("Details (for a correction: what is wrong and what it should be)"),
                              required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class OfficerRequestForm(OwnRequestForm):
    """A request the officer received outside the platform: about an account, or a person without one."""

    kind = forms.ChoiceField(label=_("What the person asks for"), choices=RequestKind.choices,
                             widget=forms.RadioSelect)

    username = forms.CharField(label=_("Account (username), if the person has one"), required=False, max_length=150)
    subject_name = forms.CharField(label=_("Name of the person"), required=False, max_length=100)
    subject_contact = forms.CharField(label=_("Contact (phone or e-mail)"), required=False, max_length=200)
    received_on = forms.DateField(label=_("Date received"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def clean_username(self) -> object:
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = selectors.account_named(username)
        if user is None:
            raise forms.ValidationError(_("No account has this username."))
        return user


class NoteForm(forms.Form):
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
