"""What the progress API reads and answers: a plan's progress for a period, its periods, and an
indicator's series over the periods.

The plan's rows are the dataclasses of `analytics.selectors.plan_progress` (NodeRow, IndicatorRow)
serialized as they are, without a query per row: what they do not carry (level names, parent codes,
lead agencies) comes in the serializer context, read once per request. Figures are JSON numbers
like everywhere else in the API; achievement is in percent of the way from the baseline to the
target.
"""

from __future__ import annotations

from functools import cached_property
from operator import attrgetter

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from naptrack.analytics.models import Status, TargetSource
from naptrack.analytics.selectors_api import PERIOD_CODE_PATTERN
from naptrack.api.serializers import IndicatorSummarySerializer, PeriodRefSerializer
from naptrack.api.serializers_reporting import NamedChoiceField
from naptrack.frameworks.models import (
    Aggregation,
    CumulativeMode,
    Direction,
    MilestoneStatus,
    Plan,
    ValueType,
)

# --- Query parameters -----------------------------------------------------------------------------


class TrueFalseField(serializers.BooleanField):
    """true or false, spelled so; nothing else (1, yes, True) is taken for a boolean here.

    OpenAPI clients send booleans in queries as true and false: refusing other spellings keeps the
    API exactly as strict as its schema. Empty (?provisional=) counts as not given: false.
    """

    default_error_messages = {"invalid": _("Give true or false.")}

    def to_internal_value(self, data):
        if data in ("true", True):
            return True
        if data in ("false", "", False):
            return False
        self.fail("invalid")


def _provisional() -> TrueFalseField:
    return TrueFalseField(
        required=False,
        default=False,
        help_text="true: include the figures submitted but not yet accepted (only for the plan's "
        "coordinators; others get 403). false (the default): accepted figures only.",
    )


class PlanProgressParams(serializers.Serializer):
    period = serializers.RegexField(
        PERIOD_CODE_PATTERN,
        required=False,
        allow_blank=True,
        max_length=40,
        trim_whitespace=False,
        error_messages={
            "invalid": _("This is not a period code such as FY2568, FY2568-Q1, CY2024 or M2024-03.")
        },
        help_text="Code of the period, e.g. FY2568 (any case). Without it: the latest year with "
        "accepted figures. A code with no stored progress for this plan answers 404; see "
        "/progress/periods/ for the periods that have it.",
    )
    provisional = _provisional()


class IndicatorProgressParams(serializers.Serializer):
    provisional = _provisional()


# --- Shared parts ---------------------------------------------------------------------------------


def _figure(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=24,
        decimal_places=4,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text=help_text,
    )


def _achievement() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text="Share of the way from the baseline to the target, in percent; may exceed 100 "
        "or fall below 0. Null without data or without a target.",
    )


def _milestone() -> NamedChoiceField:
    return NamedChoiceField(
        [*MilestoneStatus.choices, ("", _("None"))],
        enum_name="ProgressMilestoneStatusEnum",
        read_only=True,
        help_text="For milestone indicators; empty otherwise.",
    )


STATUS_HELP = (
    "achieved: the target is reached; on_track and at_risk: from the plan's thresholds of "
    "achievement (80 % and 50 % unless the plan sets others); off_track: below; no_data."
)


class _Ordered(serializers.Serializer):
    """Fields in the order of `field_order`, where mixins would otherwise put theirs first."""

    field_order: list[str] = []

    def get_fields(self):
        fields = super().get_fields()
        if not self.field_order:
            return fields
        # A field declared but left out of the order would silently vanish from the answer.
        assert set(fields) == set(self.field_order), set(fields) ^ set(self.field_order)
        return {name: fields[name] for name in self.field_order}


# Fields whose value is written as it is read (DRF would only convert it to the same).
_AS_READ = (
    serializers.IntegerField,
    serializers.CharField,
    serializers.BooleanField,
    serializers.DecimalField,
    serializers.ChoiceField,
)


class _Rows(_Ordered):
    """Rows read straight from their attributes: a plan's 1,000 indicators without DRF's per-field
    work (several times faster). The declared fields still drive the answer and the schema alike;
    figures stay Decimals, which the JSON renderer writes as numbers, as DecimalField does."""

    def to_representation(self, row) -> dict:
        return {name: get(row) for name, get in self._getters}

    @cached_property
    def _getters(self) -> list:
        getters = []
        for name, field in self.fields.items():
            if isinstance(field, serializers.SerializerMethodField):
                getters.append((name, getattr(self, field.method_name)))
            elif isinstance(field, _AS_READ):
                getters.append((name, attrgetter(field.source)))
            else:
                getters.append((name, self._converted(field)))
        return getters

    @staticmethod
    def _converted(field):
        read = attrgetter(field.source)

        def get(row):
            value = read(row)
            return None if value is None else field.to_representation(value)

        return get


class _StatusMixin(_Rows):
    status = NamedChoiceField(
        Status.choices, enum_name="ProgressStatusEnum", read_only=True, help_text=STATUS_HELP
    )
    status_label = serializers.SerializerMethodField(
        help_text="The status in the request language."
    )

    def get_status_label(self, row) -> str:
        return self._status_labels.get(row.status, "")

    @cached_property
    def _status_labels(self) -> dict[str, str]:
        # Translated once per answer rather than once per row.
        return {value: str(label) for value, label in Status.choices}


class ProgressCountsSerializer(serializers.Serializer):
    """How many indicators of a branch are in each status."""

    achieved = serializers.IntegerField(read_only=True)
    on_track = serializers.IntegerField(read_only=True)
    at_risk = serializers.IntegerField(read_only=True)
    off_track = serializers.IntegerField(read_only=True)
    no_data = serializers.IntegerField(read_only=True)


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True, help_text="Name in the request language.")
    abbreviation = serializers.CharField(
        read_only=True, help_text="Abbreviation in the request language (may be empty)."
    )


# --- A plan's progress ----------------------------------------------------------------------------


class OverallProgressSerializer(_StatusMixin, serializers.Serializer):
    """The whole plan's roll-up (a selectors.NodeRow)."""

    achievement = _achievement()
    indicator_count = serializers.IntegerField(
        source="indicators", read_only=True, help_text="Indicators counted in `counts`."
    )
    counts = ProgressCountsSerializer(read_only=True)

    field_order = ["achievement", "status", "status_label", "indicator_count", "counts"]


class NodeProgressSerializer(OverallProgressSerializer):
    """A result's roll-up: the weighted achievement of its branch and its indicators by status."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True, help_text="Title in the request language.")
    depth = serializers.IntegerField(read_only=True, help_text="1 for the top of the tree.")
    level_name = serializers.SerializerMethodField(
        help_text="What the plan calls this depth, e.g. Pillar, Outcome."
    )
    parent = serializers.IntegerField(
        source="parent_id", read_only=True, allow_null=True, help_text="Id of the parent result."
    )
    parent_code = serializers.SerializerMethodField(help_text="Code of the parent result.")

    field_order = [
        "id",
        "code",
        "title",
        "depth",
        "level_name",
        "parent",
        "parent_code",
        *OverallProgressSerializer.field_order,
    ]

    def get_level_name(self, row) -> str:
        return self.context["levels"].get(row.depth, "")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_parent_code(self, row) -> str | None:
        return self.context["codes"].get(row.parent_id)


class IndicatorProgressSerializer(_StatusMixin, serializers.Serializer):
    """An indicator's progress in the period (a selectors.IndicatorRow)."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True, help_text="Name in the request language.")
    node = serializers.IntegerField(
        source="node_id", read_only=True, help_text="Id of the result it measures."
    )
    value_type = serializers.ChoiceField(ValueType.choices, read_only=True)
    unit = serializers.CharField(
        read_only=True, help_text="Unit in the request language; % for percentages."
    )
    decimals = serializers.IntegerField(read_only=True, help_text="Decimals to show.")
    direction = serializers.ChoiceField(Direction.choices, read_only=True)
    cumulative_mode = serializers.ChoiceField(CumulativeMode.choices, read_only=True)
    aggregation = serializers.ChoiceField(Aggregation.choices, read_only=True)
    is_key = serializers.BooleanField(read_only=True)
    value = _figure(
        "The actual value for the period (for a percentage: the sum of numerators ÷ the sum of "
        "denominators × 100). Null without data."
    )
    numerator = _figure("For percentages: the sum of the agencies' numerators.")
    denominator = _figure("For percentages: the sum of the agencies' denominators.")
    milestone_status = _milestone()
    baseline = _figure()
    target = _figure("The target the period is judged against; see target_source.")
    target_source = NamedChoiceField(
        TargetSource.choices,
        enum_name="TargetSourceEnum",
        read_only=True,
        help_text="Where the target comes from; empty when there is none.",
    )
    life_target = _figure("The life-of-plan target, set on its own (never a sum of targets).")
    achievement = _achievement()
    agencies_reporting = serializers.IntegerField(
        read_only=True, help_text="Agencies whose figures count in the value."
    )
    agencies_expected = serializers.IntegerField(
        read_only=True, help_text="Agencies assigned to report on the indicator."
    )
    lead_agency = serializers.SerializerMethodField(help_text="The agency leading the indicator.")

    @extend_schema_field(AgencyRefSerializer(allow_null=True))
    def get_lead_agency(self, row):
        lead = self.context["leads"].get(row.id)
        if lead is None:
            return None
        return {"code": lead.code, "name": lead.name, "abbreviation": lead.abbreviation}

    field_order = [
        "id",
        "code",
        "name",
        "node",
        "value_type",
        "unit",
        "decimals",
        "direction",
        "cumulative_mode",
        "aggregation",
        "is_key",
        "value",
        "numerator",
        "denominator",
        "milestone_status",
        "baseline",
        "target",
        "target_source",
        "life_target",
        "achievement",
        "status",
        "status_label",
        "agencies_reporting",
        "agencies_expected",
        "lead_agency",
    ]


class ProgressPlanSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="Title in the request language.")

    class Meta:
        model = Plan
        fields = ["code", "title"]


class PlanProgressSerializer(serializers.Serializer):
    """A plan's progress in one period (a selectors.PlanProgress)."""

    plan = ProgressPlanSerializer(read_only=True)
    period = PeriodRefSerializer(read_only=True)
    provisional = serializers.BooleanField(
        read_only=True, help_text="Whether figures submitted but not yet accepted are included."
    )
    computed_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the engine last computed these figures."
    )
    overall = OverallProgressSerializer(read_only=True, help_text="The whole plan.")
    nodes = NodeProgressSerializer(
        many=True, read_only=True, help_text="Every result of the plan, in tree order."
    )
    indicators = IndicatorProgressSerializer(
        many=True, read_only=True, help_text="Every indicator of the plan, in the plan's order."
    )


class ProgressPeriodsSerializer(serializers.Serializer):
    plan = serializers.CharField(read_only=True, help_text="Code of the plan.")
    default_period = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The period /progress/ shows when none is asked for: the latest year with "
        "accepted figures. Null when nothing is stored yet.",
    )
    periods = PeriodRefSerializer(
        many=True,
        read_only=True,
        help_text="The periods with stored progress, latest first: the rounds' periods, the years "
        "they fall in, and the life of the plan.",
    )


# --- An indicator's series ------------------------------------------------------------------------


class OptionFiguresSerializer(serializers.Serializer):
    """The figure for one option of a breakdown (female; 18–24; Pattani), over every agency."""

    dimension = serializers.CharField(read_only=True, help_text="Code of the dimension, e.g. sex.")
    dimension_name = serializers.CharField(read_only=True)
    code = serializers.CharField(read_only=True, help_text="Code of the option, e.g. female.")
    name = serializers.CharField(read_only=True, help_text="Name in the request language.")
    area = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Code of the area the option stands for (provinces: TH-90); null otherwise.",
    )
    value = _figure()
    numerator = _figure()
    denominator = _figure()
    milestone_status = _milestone()
    agencies_reporting = serializers.IntegerField(read_only=True)


class AgencyFiguresSerializer(serializers.Serializer):
    """One agency's figure."""

    code = serializers.CharField(read_only=True, help_text="Code of the organization.")
    name = serializers.CharField(read_only=True, help_text="Name in the request language.")
    abbreviation = serializers.CharField(read_only=True)
    value = _figure()
    numerator = _figure()
    denominator = _figure()
    milestone_status = _milestone()


class PeriodFiguresSerializer(_StatusMixin, serializers.Serializer):
    """The indicator's total for a period, with its breakdowns and its agencies' figures."""

    period = PeriodRefSerializer(read_only=True)
    computed_at = serializers.DateTimeField(read_only=True)
    value = _figure("The actual value for the period over every agency. Null without data.")
    numerator = _figure()
    denominator = _figure()
    milestone_status = _milestone()
    baseline = _figure()
    target = _figure()
    target_source = NamedChoiceField(
        TargetSource.choices, enum_name="TargetSourceEnum", read_only=True
    )
    life_target = _figure()
    achievement = _achievement()
    agencies_reporting = serializers.IntegerField(read_only=True)
    agencies_expected = serializers.IntegerField(read_only=True)
    options = OptionFiguresSerializer(
        many=True,
        read_only=True,
        help_text="The value for each option reported, in the order of the indicator's breakdowns "
        "(sex, then province …), then of their options.",
    )
    agencies = AgencyFiguresSerializer(
        many=True, read_only=True, help_text="Each agency's figure, by organization code."
    )

    field_order = [
        "period",
        "computed_at",
        "value",
        "numerator",
        "denominator",
        "milestone_status",
        "baseline",
        "target",
        "target_source",
        "life_target",
        "achievement",
        "status",
        "status_label",
        "agencies_reporting",
        "agencies_expected",
        "options",
        "agencies",
    ]


class ProgressIndicatorSerializer(IndicatorSummarySerializer):
    """The indicator the series is of, with how its values combine."""

    plan = serializers.CharField(source="plan.code", read_only=True, help_text="Code of the plan.")

    class Meta(IndicatorSummarySerializer.Meta):
        fields = [
            "id",
            "plan",
            *IndicatorSummarySerializer.Meta.fields[1:],
            "decimals",
            "cumulative_mode",
            "aggregation",
        ]


class IndicatorSeriesSerializer(serializers.Serializer):
    indicator = ProgressIndicatorSerializer(read_only=True)
    provisional = serializers.BooleanField(
        read_only=True, help_text="Whether figures submitted but not yet accepted are included."
    )
    computed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    periods = PeriodFiguresSerializer(
        many=True,
        read_only=True,
        help_text="Every period with stored progress, oldest first (a year before its quarters; "
        "the life of the plan first, as it starts with the plan).",
    )
