from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.organisations.models import Jurisdiction
from sigap.web.forms import StyledForm

MAX_BATCH_BYTES = 20 * 1024 * 1024


class BatchImportForm(StyledForm):
    source = forms.ChoiceField(
        label=_("Forwarded by"), choices=[("lapor", _("SP4N-LAPOR!")), ("ombudsman", _("Ombudsman RI"))]
    )
    jurisdiction = forms.ModelChoiceField(label=_("Government"), queryset=Jurisdiction.objects.none(), empty_label=None)
    file = forms.FileField(label=_("Batch file (JSON or CSV)"))

    def __init__(self, *args: Any, jurisdictions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("jurisdiction", jurisdictions)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BATCH_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".json", ".csv")):
            raise forms.ValidationError(_("Upload a .json or .csv file."))
        return upload
