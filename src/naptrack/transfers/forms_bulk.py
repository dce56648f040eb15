"""The upload form of a bulk import."""

from django import forms
from django.utils.translation import gettext_lazy as _


class BulkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File of values"),
        help_text=_("CSV, Excel (.xlsx) or JSON; one row per value."),
    )
    reason = forms.CharField(
        label=_("Reason for the changes (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
        help_text=_("Kept with every change; needed when a report was approved by its agency."),
    )
    plan = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
