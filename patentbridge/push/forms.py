from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import City
from patentbridge.push.models import Frequency, Subscription


class SubscriptionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k, l) for k, l in Subscription.Kind.choices
                                                       if k != Subscription.Kind.DEMAND])
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    query = forms.CharField(label=_("Search words"), max_length=500, required=False)
    ipc_prefixes = forms.CharField(label=_("IPC"), required=False, help_text=_("e.g. H04R; G10L"))
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices, initial=Frequency.DAILY)

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["ipc_prefixes"] = [p for p in data["ipc_prefixes"].replace("；", ";").split(";") if p.strip()]
        return data
