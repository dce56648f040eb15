"""The form that asks for a plan's progress report: period, agency, language, format, options."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from naptrack.core.preferences import wants_thai_digits
from naptrack.documents.contracts import DocumentSpec
from naptrack.documents.models import DocumentFormat
from naptrack.documents.permissions import DocumentChoices
from naptrack.frameworks.models import Plan
from naptrack.periods import calendars
from naptrack.periods.models import Period

LANGUAGE_CHOICES = [("th", "ไทย (Thai)"), ("en", "English"), ("vi", "Tiếng Việt (Vietnamese)")]


class DocumentForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        error_messages={
            "required": _("Choose the period the report is about."),
            "invalid_choice": _("Choose one of the periods in the list."),
        },
    )
    agency = forms.ChoiceField(
        label=_("Whole plan or one agency"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the agencies in the list.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=LANGUAGE_CHOICES,
        error_messages={"invalid_choice": _("Choose Thai, English or Vietnamese.")},
    )
    format = forms.ChoiceField(
        label=_("File type"),
        choices=DocumentFormat.choices,
        initial=DocumentFormat.PDF,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose PDF, Word or Excel."),
            "invalid_choice": _("Choose PDF, Word or Excel."),
        },
    )
    provisional = forms.BooleanField(
        label=_("Include figures not yet accepted (marked as provisional)"), required=False
    )
    thai_digits = forms.BooleanField(
        label=_("Thai digits (๒๕๖๘) in figures and dates — Thai documents only"), required=False
    )
    end_of_plan = forms.BooleanField(
        label=_("End-of-plan report: the whole span of the plan against its life-of-plan targets"),
        required=False,
    )

    def __init__(
        self,
        *args,
        plan: Plan,
        periods: list[Period],
        allowed: DocumentChoices,
        default_period: Period | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.allowed = allowed
        digits = calendars.thai_digits if wants_thai_digits() else str
        self.fields["period"].choices = [(p.code, digits(p.label())) for p in periods]
        agencies = [(o.code, o.short_name) for o in allowed.agencies]
        if allowed.whole_plan:
            agencies.insert(0, ("", pgettext_lazy("every result of the plan", "Whole plan")))
        else:
            self.fields["agency"].required = True
            self.fields["agency"].error_messages["required"] = _("Choose your agency.")
        self.fields["agency"].choices = agencies
        if not allowed.provisional_possible:
            del self.fields["provisional"]
        language = (get_language() or "th")[:2]
        self.initial.setdefault("language", language if language in ("th", "en", "vi") else "th")
        if default_period is not None:
            self.initial.setdefault("period", default_period.code)
        if not allowed.whole_plan and allowed.agencies:
            self.initial.setdefault("agency", allowed.agencies[0].code)

    def spec(self) -> DocumentSpec:
        data = self.cleaned_data
        return DocumentSpec(
            plan_code=self.plan.code,
            period_code=data["period"],
            format=data["format"],
            language=data["language"],
            agency_code=data.get("agency") or "",
            provisional=bool(data.get("provisional")),
            thai_digits=bool(data.get("thai_digits")) and data["language"] == "th",
            end_of_plan=bool(data.get("end_of_plan")),
        )
