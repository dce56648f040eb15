"""The form that opens a reporting round: period, dates and titles; the service does the rest."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from naptrack.periods.calendars import BE_OFFSET
from naptrack.reporting.selectors_rounds import PeriodChoice

# Years from here on are Buddhist Era years typed by hand (2568 = 2025); no plan runs in 2400 CE.
FIRST_BE_YEAR = 2400
_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$", re.ASCII)
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$", re.ASCII)


class RoundDateField(forms.DateField):
    """A date from a date picker (2025-11-15) or typed as day/month/year, in B.E. or C.E."""

    default_error_messages = {
        "invalid": _("Enter a date such as 15/11/2568 or 2025-11-15."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        text = str(value)
        if match := _YMD.match(text):
            year, month, day = (int(g) for g in match.groups())
        elif match := _DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
        else:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if year >= FIRST_BE_YEAR:
            year -= BE_OFFSET
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class RoundForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        error_messages={"required": _("Choose the period the agencies report on.")},
    )
    opens_on = RoundDateField(
        label=_("Opens on"),
        error_messages={"required": _("Give the date the round opens.")},
    )
    due_on = RoundDateField(
        label=_("Reports due on"),
        error_messages={"required": _("Give the date the reports are due.")},
    )
    closes_on = RoundDateField(
        label=_("Closes on"),
        help_text=_(
            "The date the coordinators mean to close the round; closing locks every report."
        ),
        error_messages={"required": _("Give the date the round closes.")},
    )
    title_th = forms.CharField(label=_("Title in Thai"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    title_vi = forms.CharField(label=_("Title in Vietnamese"), max_length=300, required=False)

    def __init__(self, *args, choices: list[PeriodChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.period_obj = None

    def clean_period(self):
        code = self.cleaned_data["period"].strip().upper()
        choice = next((c for c in self.choices if c.period.code == code), None)
        if choice is None:
            raise ValidationError(_("Choose a period of this plan from the list."))
        if choice.taken:
            raise ValidationError(_("A round for this plan and period exists already."))
        self.period_obj = choice.period
        return code

    def titles(self) -> dict[str, str]:
        return {
            lang: self.cleaned_data[f"title_{lang}"].strip()
            for lang in ("th", "en", "vi")
            if self.cleaned_data.get(f"title_{lang}", "").strip()
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal beside the fields it names, the rest above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            if field == NON_FIELD_ERRORS:
                target = None
            for message in messages:
                if message not in self.errors.get(target or NON_FIELD_ERRORS, []):
                    self.add_error(target, message)
