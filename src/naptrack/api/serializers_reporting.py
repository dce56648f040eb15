"""What the reporting API reads and answers: rounds, reports, their lines, values and evidence.

The input serializers (LineSave, NarrativeSave, Submit, Return, Comment, Reopen, EvidenceUpload)
only check the shape of a request; the rules of the domain (a percentage of 140, a report that is
not the caller's) stay in the reporting services, which answer in the request language.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from naptrack.api.filters import MAX_ID, _choice, _code, _id
from naptrack.api.serializers import (
    BreakdownOptionSerializer,
    OrganizationRefSerializer,
    PeriodRefSerializer,
)
from naptrack.frameworks.models import Indicator, MilestoneStatus, ValueType
from naptrack.reporting.models import (
    Evidence,
    Rating,
    Report,
    ReportLine,
    ReportState,
    Round,
    RoundState,
    Value,
)
from naptrack.reporting.rules import MAX_TEXT

# The largest version number a PositiveIntegerField holds on every supported database.
MAX_VERSION = 2**31 - 1


class NamedChoiceField(serializers.ChoiceField):
    """A choice field documented as its own enum component, named here rather than in settings.

    Reports and rounds both have a `state` with different choices; drf-spectacular would warn
    about the clash of names, and --fail-on-warn turns the warning into an error.
    """

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        labels = "\n".join(f"* `{key}` - {label}" for key, label in self.target.choices.items())
        return {"type": "string", "enum": list(self.target.choices), "description": labels}


def _number(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text=help_text,
    )


# --- Filters ---------------------------------------------------------------------------------


class ReportFilters(serializers.Serializer):
    round = _id("Only reports of the round with this id.")
    plan = _code("Only reports of rounds of the plan with this code.")
    state = _choice(ReportState.choices, "Only reports in this state.")
    organization = _code("Only reports of the agency with this code.")


class RoundFilters(serializers.Serializer):
    plan = _code("Only rounds of the plan with this code.")
    state = _choice(RoundState.choices, "Only open or only closed rounds.")


# --- Rounds ----------------------------------------------------------------------------------


class RoundRefSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="Title in the request language.")
    plan = serializers.CharField(source="plan.code", read_only=True, help_text="Code of the plan.")
    period = serializers.CharField(
        source="period.code", read_only=True, help_text="Code of the period, e.g. FY2568."
    )
    state = NamedChoiceField(RoundState.choices, enum_name="RoundStateEnum", read_only=True)

    class Meta:
        model = Round
        fields = ["id", "title", "plan", "period", "opens_on", "due_on", "closes_on", "state"]


class StateCountsSerializer(serializers.Serializer):
    """How many reports of the round are in each state."""

    draft = serializers.IntegerField()
    submitted = serializers.IntegerField()
    returned = serializers.IntegerField()
    approved = serializers.IntegerField()
    accepted = serializers.IntegerField()
    locked = serializers.IntegerField()


class RoundSerializer(RoundRefSerializer):
    plan_title = serializers.CharField(
        source="plan.title", read_only=True, help_text="Title of the plan in the request language."
    )
    period = PeriodRefSerializer(read_only=True)
    report_count = serializers.SerializerMethodField(help_text="Sum of `counts`.")
    counts = serializers.SerializerMethodField(
        help_text="Reports by state: every agency's for the plan's coordinators, otherwise only "
        "the reports you may read."
    )

    class Meta(RoundRefSerializer.Meta):
        fields = [
            "id",
            "title",
            "title_th",
            "title_en",
            "title_vi",
            "plan",
            "plan_title",
            "period",
            "opens_on",
            "due_on",
            "closes_on",
            "state",
            "closed_at",
            "report_count",
            "counts",
        ]

    def _counts(self, round_: Round) -> dict[str, int]:
        found = self.context["counts"].get(round_.pk, {})
        return {state: found.get(state, 0) for state in ReportState.values}

    @extend_schema_field(StateCountsSerializer)
    def get_counts(self, round_: Round) -> dict[str, int]:
        return self._counts(round_)

    def get_report_count(self, round_: Round) -> int:
        return sum(self._counts(round_).values())


# --- Reports ---------------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    """A report as lists show it."""

    round = RoundRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True)
    state = NamedChoiceField(ReportState.choices, enum_name="ReportStateEnum", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    version = serializers.IntegerField(
        read_only=True,
        help_text="Raised by every save of the narrative and every change of state; send it back "
        "as expected_version when saving the narrative.",
    )
    line_count = serializers.IntegerField(read_only=True, help_text="Indicators in the report.")

    class Meta:
        model = Report
        fields = [
            "id",
            "round",
            "organization",
            "state",
            "state_label",
            "version",
            "line_count",
            "submitted_at",
            "approved_at",
            "accepted_at",
            "last_activity_at",
        ]


class ReportIndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the request language.")
    unit = serializers.CharField(read_only=True, help_text="Unit in the request language.")
    value_type = serializers.ChoiceField(choices=ValueType.choices, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "unit", "value_type", "evidence_required"]


class ValueSerializer(serializers.ModelSerializer):
    breakdown = serializers.CharField(
        source="breakdown.key",
        read_only=True,
        allow_null=True,
        help_text="Breakdown key (dimension=option pairs joined by ;); null for the total.",
    )
    options = serializers.SerializerMethodField(
        help_text="The breakdown's options; empty for the total."
    )
    value = _number("The figure; for a percentage, numerator ÷ denominator × 100.")
    numerator = _number()
    denominator = _number()
    milestone_status = serializers.CharField(
        read_only=True, help_text="not_started, in_progress, completed, or empty."
    )

    class Meta:
        model = Value
        fields = [
            "breakdown",
            "options",
            "value",
            "numerator",
            "denominator",
            "text",
            "milestone_status",
            "updated_at",
        ]

    @extend_schema_field(BreakdownOptionSerializer(many=True))
    def get_options(self, value: Value):
        if value.breakdown is None:
            return []
        return BreakdownOptionSerializer(
            value.breakdown.options.all(), many=True, context=self.context
        ).data


class ReportLineSerializer(serializers.ModelSerializer):
    indicator = ReportIndicatorSerializer(read_only=True)
    values = ValueSerializer(many=True, read_only=True)
    rating = serializers.ChoiceField(choices=Rating.choices, allow_blank=True, read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back as expected_version when saving the line."
    )

    class Meta:
        model = ReportLine
        fields = ["id", "indicator", "values", "comment", "rating", "rating_reason", "version"]


class EvidenceSerializer(serializers.ModelSerializer):
    line = serializers.IntegerField(
        source="line_id",
        read_only=True,
        allow_null=True,
        help_text="The report line the evidence proves; null for the whole report.",
    )
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the file (signed in, with permission); null for a link."
    )
    url = serializers.CharField(read_only=True, help_text="The link, for evidence given as a link.")

    class Meta:
        model = Evidence
        fields = [
            "id",
            "line",
            "title",
            "description",
            "url",
            "download_url",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "created_at",
        ]

    def get_download_url(self, evidence: Evidence) -> str | None:
        if not evidence.file:
            return None
        path = reverse("api-evidence-download", args=[evidence.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class NarrativeSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back as expected_version when saving the narrative."
    )

    class Meta:
        model = Report
        fields = ["progress", "problems", "next_steps", "support_needed", "version"]
        read_only_fields = fields


# `return` is a Python keyword: the fields are declared through a dict.
AllowedActionsSerializer = type(
    "AllowedActionsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "What you may do with the report now.",
        **{
            name: serializers.BooleanField(read_only=True, help_text=help_text)
            for name, help_text in (
                ("edit", "Save figures, narrative and evidence."),
                ("submit", "Submit to the agency's approver."),
                ("approve", "Approve for the agency."),
                ("return", "Send back to the reporters with feedback."),
                ("accept", "Accept for the plan."),
                ("reopen", "Reopen an accepted report for correction."),
            )
        },
    },
)


class ReportDetailSerializer(ReportSerializer):
    """A report with everything on it, and what the caller may do with it."""

    narrative = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    lines = ReportLineSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "narrative",
            "allowed_actions",
            "lines",
            "evidence",
        ]

    @extend_schema_field(NarrativeSerializer)
    def get_narrative(self, report: Report):
        return NarrativeSerializer(report, context=self.context).data

    @extend_schema_field(AllowedActionsSerializer)
    def get_allowed_actions(self, report: Report) -> dict[str, bool]:
        return self.context["allowed_actions"]


# --- Requests ----------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number"},
            {"type": "string", "maxLength": 64},
        ],
        "nullable": True,
        "description": "A number, or the number as typed: 1,200 · 12.5 · ๑๒๐๐; null or empty "
        "for none.",
    }
)
class FigureNumberField(serializers.Field):
    """A number as JSON or as the text an officer typed; the reporting rules parse it."""

    default_error_messages = {
        "invalid": _("Give a number or a text."),
        "max_length": _("Give at most 64 characters."),
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int, float)):
            self.fail("invalid")
        if isinstance(data, str) and len(data) > 64:
            self.fail("max_length")
        return data

    def to_representation(self, value):
        return value


class FigureInputSerializer(serializers.Serializer):
    """One figure: the total (breakdown null) or one breakdown. It replaces the stored figure."""

    breakdown = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=400,
        help_text="Breakdown key such as `sex=female` or `age=18-24;sex=female`; null or "
        "empty for the total.",
    )
    value = FigureNumberField(help_text="Number, yes/no as 1/0, or a percentage.")
    numerator = FigureNumberField(help_text="For a percentage: the part.")
    denominator = FigureNumberField(help_text="For a percentage: the whole.")
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_TEXT,
        help_text="Description (milestone) or answer (qualitative indicator).",
    )
    milestone_status = _choice(MilestoneStatus.choices, "For a milestone indicator.")


class LineSaveSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        help_text="The line's version as you read it; a save based on an older one is refused (409).",
    )
    figures = FigureInputSerializer(
        many=True,
        required=False,
        max_length=1000,
        help_text="The figures to save; breakdowns left out stay as they are.",
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_TEXT,
        help_text="Left out: unchanged; empty: cleared.",
    )
    rating = serializers.ChoiceField(
        choices=Rating.choices,
        required=False,
        allow_blank=True,
        help_text="The agency's own status rating. Left out: unchanged; empty: cleared.",
    )
    rating_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, help_text="Why this rating."
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_TEXT,
        help_text="Why the figures change; required once the report has been approved.",
    )


class NarrativeSaveSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        help_text="The report's version as you read it; a save based on an older one is refused (409).",
    )
    progress = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    problems = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, help_text="Problems and obstacles."
    )
    next_steps = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    support_needed = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


class SubmitSerializer(serializers.Serializer):
    confirmations = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=MAX_TEXT),
        required=False,
        help_text="For each warning to confirm: the report line's id → the reason the figure is right.",
    )


class ReturnSerializer(serializers.Serializer):
    feedback = serializers.CharField(
        allow_blank=True, max_length=MAX_TEXT, help_text="What the reporters should fix."
    )


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, max_length=MAX_TEXT, help_text="Why the report is reopened."
    )


class EvidenceUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    file = serializers.FileField(
        required=False,
        allow_empty_file=True,
        help_text="PDF, JPEG, PNG, WebP, Word or Excel, checked from the content; 20 MB at most "
        "unless configured otherwise. Give a file or a url, not both.",
    )
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    line = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="Id of the report line the evidence proves; none for the whole report.",
    )


# --- Error answers -------------------------------------------------------------------------------


class WriteErrorSerializer(serializers.Serializer):
    """A refused write: the message, and the messages by field."""

    detail = serializers.CharField(help_text="What went wrong, in the request language.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages by field; nested fields are named by path, e.g. `figures.0.value`.",
    )
    figures = serializers.DictField(
        child=serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        required=False,
        help_text="Messages by breakdown key (empty for the total), then by field "
        "(value, numerator, denominator, text, milestone_status, breakdown).",
    )


class ConflictSerializer(serializers.Serializer):
    """A save based on an old version: nothing was saved."""

    detail = serializers.CharField()
    current = serializers.DictField(
        help_text="What is saved now: by breakdown key (empty for the total) for a line, by field "
        "for the narrative."
    )
    attempted = serializers.DictField(help_text="What you sent, in the same shape.")
    changed_by = serializers.CharField(help_text="Who saved last, when known.")


class ProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField(
        allow_null=True, help_text="Id of the report line; null for the report."
    )
    indicator = serializers.CharField(allow_null=True, help_text="Code of the line's indicator.")
    field = serializers.CharField(
        help_text="value, rating, rating_reason, breakdown, evidence, progress …"
    )
    message = serializers.CharField()
    warning = serializers.BooleanField(
        help_text="A warning is lifted by confirming it with a reason in `confirmations`."
    )


class SubmissionRefusedSerializer(serializers.Serializer):
    """Every problem that stops the submission, at once."""

    detail = serializers.CharField()
    problems = ProblemSerializer(many=True)
