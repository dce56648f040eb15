"""The Seal pages' forms: they check the shape of what was typed; seal.services decides the rest."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from naptrack.organizations.models import Membership, Role
from naptrack.reporting.forms_rounds import RoundDateField
from naptrack.seal.models import ActionStatus, Answer, CommitteeRole

# A date picker's value (2025-11-15) or a date typed as day/month/year, B.E. or C.E.
DateField = RoundDateField


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class EngagementForm(forms.Form):
    commitment_signed_on = DateField(label=_("Commitment letter signed on"), required=False)
    self_assessment_due_on = DateField(label=_("Self-assessment due on"), required=False)


class CommitteeRowForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    unit = forms.IntegerField(label=_("Unit"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeRole.choices, required=False)
    remove = forms.BooleanField(label=_("Remove"), required=False)


def committee_rows(data, units) -> tuple[list[dict], list[str]]:
    """The committee typed in the engagement form (rows committee-N-name …), without removed and
    empty rows; with the problems found, each naming its row."""
    unit_by_id = {unit.pk: unit for unit in units}
    rows, problems = [], []
    indexes = sorted(
        {
            int(key.split("-")[1])
            for key in data
            if key.startswith("committee-") and key.split("-")[1].isdigit()
        }
    )
    for index in indexes:
        prefix = f"committee-{index}"
        row = CommitteeRowForm(data, prefix=prefix)
        if not row.is_valid():
            for field, messages in row.errors.items():
                label = row.fields[field].label if field in row.fields else ""
                problems.append(
                    _("Committee member %(row)s, %(field)s: %(message)s")
                    % {"row": index + 1, "field": label, "message": " ".join(messages)}
                )
            continue
        values = row.cleaned_data
        if values["remove"] or not values["name"].strip():
            continue
        unit = None
        if values["unit"]:
            unit = unit_by_id.get(values["unit"])
            if unit is None:
                problems.append(
                    _("Committee member %(row)s: the unit is not one of the institution's.")
                    % {"row": index + 1}
                )
                continue
        rows.append(
            {
                "name": values["name"].strip(),
                "position": values["position"].strip(),
                "unit": unit,
                "role": values["role"] or CommitteeRole.MEMBER,
            }
        )
    return rows, problems


class AssignForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        label=_("Benchmarks"),
        coerce=int,
        error_messages={"required": _("Tick at least one benchmark to assign.")},
    )
    unit = UnitChoiceField(
        label=_("Owning unit"),
        queryset=None,
        empty_label=_("Choose a unit"),
        error_messages={"required": _("Choose the unit that answers these benchmarks.")},
    )
    due_on = DateField(
        label=_("Due on"),
        error_messages={"required": _("Give the date the answers are due.")},
    )

    def __init__(self, *args, units, item_choices, **kwargs):
        super().__init__(*args, **kwargs)
        from naptrack.organizations.models import Organization

        self.fields["unit"].queryset = Organization.objects.filter(pk__in=[u.pk for u in units])
        self.fields["items"].choices = item_choices


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose met, partly met, not met or not applicable.")},
    )
    not_applicable_reason = forms.CharField(
        label=_("Why it does not apply"), required=False, max_length=5000
    )
    description = forms.CharField(label=_("What the unit does"), required=False, max_length=20000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Send back"))])
    feedback = forms.CharField(label=_("Feedback"), required=False, max_length=5000)


class ScoreForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=Answer.choices,
        error_messages={"required": _("Choose the assessors' result for this benchmark.")},
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EvidenceRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What more evidence is needed"),
        max_length=5000,
        error_messages={"required": _("Say what evidence the unit should add.")},
    )


class RequestAnswerForm(forms.Form):
    response = forms.CharField(
        label=_("Answer to the assessors"),
        max_length=5000,
        error_messages={"required": _("Write an answer for the assessors.")},
    )
    title = forms.CharField(label=_("Title of the evidence"), required=False, max_length=300)
    url = forms.URLField(
        label=_("Or a link to the evidence"), required=False, max_length=1000, assume_scheme="https"
    )


class AssessmentStartForm(forms.Form):
    assessors = forms.ModelMultipleChoiceField(
        label=_("Assessors"),
        queryset=None,
        error_messages={"required": _("Choose at least one assessor.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessors"].queryset = assessor_choices()


def assessor_choices():
    """Users who hold the assessor role somewhere, by name."""
    ids = Membership.objects.filter(role=Role.ASSESSOR).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


class ConcludeForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), required=False, max_length=20000)


class ActionForm(forms.Form):
    title = forms.CharField(
        label=_("Action"),
        max_length=500,
        error_messages={"required": _("Say what will be done.")},
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=20000)
    unit = UnitChoiceField(label=_("Owning unit"), queryset=None, required=False)
    due_on = DateField(label=_("Due on"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED
    )
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    benchmarks = forms.TypedMultipleChoiceField(
        label=_("Benchmarks it closes"), coerce=int, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units, benchmark_choices, **kwargs):
        super().__init__(*args, **kwargs)
        from naptrack.organizations.models import Organization

        self.fields["unit"].queryset = Organization.objects.filter(pk__in=[u.pk for u in units])
        self.fields["benchmarks"].choices = benchmark_choices


class ActionReportForm(forms.Form):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Give the progress as a percentage from 0 to 100."),
            "invalid": _("Give the progress as a whole number from 0 to 100."),
        },
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("What was done"), required=False, max_length=5000)
    reported_on = DateField(label=_("Reported on"), required=False)
