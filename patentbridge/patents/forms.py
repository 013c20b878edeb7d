from django import forms
from django.utils.translation import gettext_lazy as _

from patentbridge.core.forms import PastDateField
from patentbridge.patents.models import LegalStatus


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Patent list (CSV, XLSX or JSONL)"))
    mapping = forms.CharField(
        label=_("Column mapping (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, FIELD=COLUMN, e.g. title=专利名称. Leave empty for known export layouts."),
    )
    sheet = forms.CharField(
        label=_("Sheet (optional)"), required=False, max_length=100,
        help_text=_("The worksheet's name or position (1 = the first). Leave empty to use the sheet that looks like a "
                    "patent table."),
    )
    header_row = forms.RegexField(
        label=_("Header row (optional)"), required=False, max_length=9, regex=r"^\s*\d{1,4}(\s*-\s*\d{1,4})?\s*$",
        help_text=_("The row number of the column names, or e.g. 3-4 for names split over two rows. Leave empty to "
                    "find it among the first 20 rows."),
        error_messages={"invalid": _("Give a row number such as 3, or two rows such as 3-4.")},
    )


class PatentEditForm(forms.Form):
    """The fields a tech-transfer office corrects by hand; lists are one item per line or `;`-separated."""

    title = forms.CharField(label=_("Title"), max_length=500)
    abstract = forms.CharField(label=_("Abstract"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    first_claim = forms.CharField(label=_("First claim"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    ipc = forms.CharField(label=_("IPC"), required=False, help_text=_("e.g. H04R1/28; G10L15/22 — the first is the main IPC"))
    inventors = forms.CharField(label=_("Inventors"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    legal_status = forms.ChoiceField(label=_("Legal status"), choices=LegalStatus.choices)
    grant_date = PastDateField(label=_("Grant date"), required=False)

    @staticmethod
    def initial_for(patent) -> dict:
        return {"title": patent.title, "abstract": patent.abstract, "first_claim": patent.first_claim,
                "ipc": "; ".join(patent.ipc_codes), "inventors": "; ".join(patent.inventors_usable),
                "address": patent.address, "legal_status": patent.legal_status, "grant_date": patent.grant_date}

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("ipc", "inventors"):
            data[name] = [item.strip() for item in data[name].replace("\n", ";").replace("；", ";").split(";")
                          if item.strip()]
        data["ipc_main"] = data["ipc"][0] if data["ipc"] else ""
        return {k: v for k, v in data.items() if self.initial.get(k) != self.cleaned_data.get(k) or k == "ipc_main"}
