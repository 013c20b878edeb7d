from django import forms

from patentbridge.orgs.models import Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "name_en", "kind", "size_class", "uscc", "city", "province", "address", "website",
                  "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
