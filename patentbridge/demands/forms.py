from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.demands.models import MatchStatus, Mode, Visibility
from patentbridge.orgs.models import City


class DemandForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("Technical problem"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    desired_effect = forms.CharField(label=_("Desired effect"), required=False, max_length=5000,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    keywords = forms.CharField(label=_("Keywords"), required=False, help_text=_("Separated by ; or ，"))
    ipc_hints = forms.CharField(label=_("IPC hints"), required=False,
                                help_text=_("Leave empty to have them suggested from the text, e.g. F04B; H02K"))
    budget_min = forms.DecimalField(label=_("Budget from (RMB)"), required=False, min_value=0, max_digits=14,
                                    decimal_places=2)
    budget_max = forms.DecimalField(label=_("Budget up to (RMB)"), required=False, min_value=0, max_digits=14,
                                    decimal_places=2)
    modes = forms.MultipleChoiceField(label=_("Preferred modes"), choices=Mode.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    region = forms.ModelChoiceField(label=_("Region"), queryset=City.objects.all(), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Visibility.choices)

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("keywords", "ipc_hints"):
            text = data[name].replace("，", ";").replace(",", ";").replace("；", ";")
            data[name] = [item.strip() for item in text.split(";") if item.strip()]
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[(s, s) for s in (MatchStatus.SHORTLISTED, MatchStatus.INTERESTED,
                                                          MatchStatus.NOT_RELEVANT)])
    reason = forms.CharField(required=False, max_length=2000)
