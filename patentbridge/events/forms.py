"""The events pages' forms: parsing only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.events.models import Event, MeetingOutcome, Side

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    ipc_areas = forms.CharField(label=_("IPC areas"), required=False, max_length=500,
                                help_text=_("Subclasses or groups separated by spaces, e.g. G06N B25J9"))

    class Meta:
        model = Event
        fields = ["kind", "title", "description", "theme_words", "industry", "sei_industry", "ipc_areas", "city",
                  "starts_at", "ends_at", "place", "online_link", "capacity", "waiting_list",
                  "registration_deadline", "meetings_start_at", "slot_minutes", "slots", "tables"]
        widgets = {"starts_at": WHEN, "ends_at": WHEN, "registration_deadline": WHEN, "meetings_start_at": WHEN,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["ipc_areas"] = " ".join(self.instance.ipc_areas or [])
        for name in ("starts_at", "ends_at", "registration_deadline", "meetings_start_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class AgendaForm(forms.Form):
    at = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    title = forms.CharField(label=_("Title"), max_length=200)
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)


class RegisterForm(forms.Form):
    side = forms.ChoiceField(label=_("You come as"), choices=Side.choices)
    patents = forms.CharField(label=_("Patents you bring (application numbers)"), required=False, max_length=2000)


class MeetingRequestForm(forms.Form):
    holder = forms.IntegerField(widget=forms.HiddenInput)
    patent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class MoveForm(forms.Form):
    slot = forms.IntegerField(label=_("Slot"), min_value=1)
    table = forms.IntegerField(label=_("Table"), min_value=1)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=MeetingOutcome.choices)
    deal = forms.IntegerField(label=_("Deal"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)
