from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import DeadlineField, check_ordered, with_prompt
from patentbridge.demands.models import MatchStatus, Mode, Visibility
from patentbridge.orgs.models import City

# What demands.services keeps of each list; more is refused here rather than cut there without a word.
MAX_KEYWORDS, MAX_IPC_HINTS = 20, 10


def _items(text: str) -> list[str]:
    text = text.replace("，", ";").replace(",", ";").replace("；", ";")
    return [item.strip() for item in text.split(";") if item.strip()]


def _at_most(text: str, limit: int) -> str:
    if len(_items(text)) > limit:
        raise forms.ValidationError(_("At most %(limit)s items; you gave %(count)s."),
                                    params={"limit": limit, "count": len(_items(text))})
    return text


class DemandForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("Technical problem"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    desired_effect = forms.CharField(label=_("Desired effect"), required=False, max_length=5000,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    keywords = forms.CharField(label=_("Keywords"), required=False, max_length=1000,
                               help_text=_("Separated by ; or ，"))
    ipc_hints = forms.CharField(label=_("IPC hints"), required=False, max_length=200,
                                help_text=_("Leave empty to have them suggested from the text, e.g. F04B; H02K"))
    budget_min = forms.DecimalField(label=_("Budget from (RMB)"), required=False, min_value=0, max_digits=14,
                                    decimal_places=2)
    budget_max = forms.DecimalField(label=_("Budget up to (RMB)"), required=False, min_value=0, max_digits=14,
                                    decimal_places=2)
    modes = forms.MultipleChoiceField(label=_("Preferred modes"), choices=Mode.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    region = forms.ModelChoiceField(label=_("Region"), queryset=City.objects.all(), required=False)
    deadline = DeadlineField(label=_("Deadline"), required=False)
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=with_prompt(Visibility.choices))

    def clean_keywords(self) -> str:
        return _at_most(self.cleaned_data["keywords"], MAX_KEYWORDS)

    def clean_ipc_hints(self) -> str:
        return _at_most(self.cleaned_data["ipc_hints"], MAX_IPC_HINTS)

    def clean(self) -> dict:
        data = super().clean()
        check_ordered(self, "budget_min", "budget_max")
        return data

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("keywords", "ipc_hints"):
            data[name] = _items(data[name])
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[(s, s) for s in (MatchStatus.SHORTLISTED, MatchStatus.INTERESTED,
                                                          MatchStatus.NOT_RELEVANT)])
    reason = forms.CharField(required=False, max_length=2000)
