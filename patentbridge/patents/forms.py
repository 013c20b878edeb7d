from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Patent list (CSV, XLSX or JSONL)"))
    mapping = forms.CharField(
        label=_("Column mapping (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, FIELD=COLUMN, e.g. title=专利名称. Leave empty for known export layouts."),
    )
