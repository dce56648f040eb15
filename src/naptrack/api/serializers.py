"""What the read API answers: plans, results, indicators, organizations, areas and periods.

Every record carries its texts in each language (`title_th`, `title_en`, `title_vi`) and, beside
them, the text in the request language (`title`), falling back to another language when empty.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from naptrack.frameworks.models import (
    Assignment,
    AssignmentRole,
    Baseline,
    Indicator,
    IndicatorDimension,
    Option,
    Plan,
    PlanKind,
    PlanLevel,
    ReferenceItem,
    ResultNode,
    Target,
)
from naptrack.geo.models import Area
from naptrack.organizations.models import Organization, OrganizationKind
from naptrack.periods.models import Period, PeriodKind


def _text(help_text: str = "") -> serializers.CharField:
    return serializers.CharField(read_only=True, help_text=help_text)


def _number(help_text: str = "", **kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        coerce_to_string=False,
        read_only=True,
        help_text=help_text,
        **kwargs,
    )


def _code_of(source: str, help_text: str) -> serializers.CharField:
    return serializers.CharField(
        source=source, read_only=True, allow_null=True, help_text=help_text
    )


# --- Shared references -----------------------------------------------------------------------


class OrganizationRefSerializer(serializers.ModelSerializer):
    name = _text("Name in the request language.")
    abbreviation = _text("Abbreviation in the request language.")

    class Meta:
        model = Organization
        fields = ["code", "name", "name_th", "name_en", "name_vi", "abbreviation"]


class AreaRefSerializer(serializers.ModelSerializer):
    name = _text("Name in the request language.")

    class Meta:
        model = Area
        fields = ["code", "level", "name"]


class PeriodRefSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PeriodKind.choices, read_only=True)
    label = serializers.SerializerMethodField(
        help_text="Name of the period in the request language."
    )

    class Meta:
        model = Period
        fields = ["code", "kind", "start", "end", "label"]

    def get_label(self, period: Period) -> str:
        return period.label()


class ReferenceSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(
        source="framework.code", read_only=True, help_text="e.g. sdg, unscr-1325."
    )
    title = _text()

    class Meta:
        model = ReferenceItem
        fields = ["framework", "code", "title", "title_th", "title_en", "title_vi"]


class PlanLevelSerializer(serializers.ModelSerializer):
    name = _text("Name of this depth of the tree in the request language (Pillar, Outcome …).")

    class Meta:
        model = PlanLevel
        fields = ["depth", "name", "name_th", "name_en", "name_vi"]


# --- Plans -----------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PlanKind.choices, read_only=True)
    title = _text("Title in the request language.")
    short_title = _text("Short title in the request language.")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner = OrganizationRefSerializer(read_only=True)
    area = AreaRefSerializer(read_only=True, allow_null=True)
    parent = _code_of(
        "visible_parent_code", "Code of the higher plan this plan carries out, if you may see it."
    )
    levels = PlanLevelSerializer(many=True, read_only=True)
    indicator_count = serializers.IntegerField(read_only=True)
    node_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "code",
            "kind",
            "kind_label",
            "title",
            "title_th",
            "title_en",
            "title_vi",
            "short_title",
            "owner",
            "area",
            "parent",
            "start_date",
            "end_date",
            "calendar",
            "status",
            "status_label",
            "version",
            "levels",
            "indicator_count",
            "node_count",
            "has_demo_figures",
        ]


class PlanDetailSerializer(PlanSerializer):
    description = _text("Description in the request language.")
    languages = serializers.SerializerMethodField(help_text="Languages the plan is written in.")

    class Meta(PlanSerializer.Meta):
        fields = [
            *PlanSerializer.Meta.fields,
            "short_title_th",
            "short_title_en",
            "short_title_vi",
            "description",
            "description_th",
            "description_en",
            "description_vi",
            "version_note",
            "adopted_on",
            "adopted_by",
            "languages",
        ]

    def get_languages(self, plan: Plan) -> list[str]:
        return [code.strip() for code in plan.languages.split(",") if code.strip()]


# --- Indicators ------------------------------------------------------------------------------


class AgencySerializer(serializers.ModelSerializer):
    """An agency's part in an indicator."""

    code = serializers.CharField(source="organization.code", read_only=True)
    name = serializers.CharField(source="organization.name", read_only=True)
    abbreviation = serializers.CharField(source="organization.abbreviation", read_only=True)

    class Meta:
        model = Assignment
        fields = ["code", "name", "abbreviation", "role", "reports"]


class OptionSerializer(serializers.ModelSerializer):
    name = _text()
    area = _code_of("area.code", "Code of the area this option stands for (province breakdowns).")

    class Meta:
        model = Option
        fields = ["code", "name", "name_th", "name_en", "name_vi", "area"]


class DimensionSerializer(serializers.ModelSerializer):
    """A breakdown of an indicator with the options it is reported by."""

    code = serializers.CharField(source="dimension.code", read_only=True)
    name = serializers.CharField(source="dimension.name", read_only=True)
    name_th = serializers.CharField(source="dimension.name_th", read_only=True)
    name_en = serializers.CharField(source="dimension.name_en", read_only=True)
    name_vi = serializers.CharField(source="dimension.name_vi", read_only=True)
    options = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorDimension
        fields = ["code", "name", "name_th", "name_en", "name_vi", "options"]

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, link: IndicatorDimension):
        return OptionSerializer(link.allowed_options(), many=True, context=self.context).data


class BreakdownOptionSerializer(serializers.ModelSerializer):
    dimension = serializers.CharField(source="dimension.code", read_only=True)
    name = _text()

    class Meta:
        model = Option
        fields = ["dimension", "code", "name"]


class FigureSerializer(serializers.ModelSerializer):
    value = _number("The figure; for a percentage, numerator ÷ denominator × 100.", allow_null=True)
    numerator = _number(allow_null=True)
    denominator = _number(allow_null=True)
    text = _text("The figure as text in the request language (milestones, qualitative indicators).")
    breakdown_key = _code_of("breakdown.key", "dimension=option pairs; null for the total.")
    breakdown = serializers.SerializerMethodField(
        help_text="The options of the breakdown; empty for the total."
    )

    figure_fields = [
        "value",
        "numerator",
        "denominator",
        "text",
        "text_th",
        "text_en",
        "text_vi",
        "breakdown_key",
        "breakdown",
        "is_demo",
    ]

    @extend_schema_field(BreakdownOptionSerializer(many=True))
    def get_breakdown(self, figure):
        if figure.breakdown is None:
            return []
        return BreakdownOptionSerializer(
            figure.breakdown.options.all(), many=True, context=self.context
        ).data


class BaselineSerializer(FigureSerializer):
    period = PeriodRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Baseline
        fields = ["period", *FigureSerializer.figure_fields, "source"]


class TargetSerializer(FigureSerializer):
    period = PeriodRefSerializer(read_only=True)

    class Meta:
        model = Target
        fields = ["period", *FigureSerializer.figure_fields]


class _AgenciesMixin(serializers.Serializer):
    lead_agency = serializers.SerializerMethodField(
        help_text="The agency that leads the indicator."
    )
    supporting_agencies = serializers.SerializerMethodField()

    @extend_schema_field(AgencySerializer(allow_null=True))
    def get_lead_agency(self, indicator: Indicator):
        for assignment in indicator.assignments.all():
            if assignment.role == AssignmentRole.LEAD:
                return AgencySerializer(assignment, context=self.context).data
        return None

    @extend_schema_field(AgencySerializer(many=True))
    def get_supporting_agencies(self, indicator: Indicator):
        support = [a for a in indicator.assignments.all() if a.role == AssignmentRole.SUPPORT]
        return AgencySerializer(support, many=True, context=self.context).data


class IndicatorSummarySerializer(_AgenciesMixin, serializers.ModelSerializer):
    """An indicator as the results tree shows it."""

    name = _text("Name in the request language.")
    unit = _text("Unit in the request language; % for percentages.")
    life_target_value = _number("The target for the whole plan.", allow_null=True)
    life_target_text = _text()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_th",
            "name_en",
            "name_vi",
            "value_type",
            "unit",
            "direction",
            "frequency",
            "is_key",
            "life_target_value",
            "life_target_text",
            "lead_agency",
            "supporting_agencies",
        ]


class NodeRefSerializer(serializers.ModelSerializer):
    title = _text()

    class Meta:
        model = ResultNode
        fields = ["id", "code", "title"]


class IndicatorSerializer(_AgenciesMixin, serializers.ModelSerializer):
    """The full definition of an indicator."""

    plan = serializers.CharField(source="plan.code", read_only=True, help_text="Code of the plan.")
    node = NodeRefSerializer(read_only=True, help_text="The result the indicator measures.")
    name = _text("Name in the request language.")
    definition = _text()
    unit = _text("Unit in the request language; % for percentages.")
    means_of_verification = _text()
    life_target_value = _number("The target for the whole plan, set on its own.", allow_null=True)
    life_target_text = _text()
    dimensions = DimensionSerializer(source="indicator_dimensions", many=True, read_only=True)
    baselines = BaselineSerializer(many=True, read_only=True)
    targets = TargetSerializer(many=True, read_only=True)
    references = ReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "node",
            "code",
            "name",
            "name_th",
            "name_en",
            "name_vi",
            "definition",
            "definition_th",
            "definition_en",
            "definition_vi",
            "value_type",
            "unit",
            "unit_th",
            "unit_en",
            "unit_vi",
            "decimals",
            "direction",
            "cumulative_mode",
            "aggregation",
            "frequency",
            "means_of_verification",
            "means_of_verification_th",
            "means_of_verification_en",
            "means_of_verification_vi",
            "life_target_value",
            "life_target_text",
            "life_target_text_th",
            "life_target_text_en",
            "life_target_text_vi",
            "is_key",
            "sort_order",
            "lead_agency",
            "supporting_agencies",
            "dimensions",
            "baselines",
            "targets",
            "references",
        ]


# --- Results ---------------------------------------------------------------------------------


class _LevelMixin(serializers.Serializer):
    """Depth and level name, looked up in context["levels"]: {node id: (depth, PlanLevel | None)}."""

    depth = serializers.SerializerMethodField(help_text="1 for the top of the tree (a pillar).")
    level_name = serializers.SerializerMethodField(
        help_text="What the plan calls this depth, e.g. Outcome."
    )

    def _level(self, node: ResultNode):
        return self.context["levels"].get(node.pk, (None, None))

    def get_depth(self, obj) -> int:
        return self._level(self._node(obj))[0]

    def get_level_name(self, obj) -> str:
        level = self._level(self._node(obj))[1]
        return level.name if level else ""

    def _node(self, obj) -> ResultNode:
        return obj


class NodeSerializer(_LevelMixin, serializers.ModelSerializer):
    plan = serializers.CharField(source="plan.code", read_only=True, help_text="Code of the plan.")
    parent = serializers.IntegerField(
        source="parent_id", read_only=True, allow_null=True, help_text="Id of the parent."
    )
    parent_code = _code_of("parent.code", "Code of the parent result.")
    title = _text("Title in the request language.")
    description = _text()
    weight = _number("Share in the progress of the parent.")
    indicator_count = serializers.IntegerField(
        read_only=True, help_text="Indicators attached to this result itself."
    )
    references = ReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = ResultNode
        fields = [
            "id",
            "plan",
            "parent",
            "parent_code",
            "code",
            "depth",
            "level_name",
            "title",
            "title_th",
            "title_en",
            "title_vi",
            "description",
            "description_th",
            "description_en",
            "description_vi",
            "weight",
            "sort_order",
            "indicator_count",
            "references",
        ]


class TreeNodeSerializer(_LevelMixin, serializers.Serializer):
    """A result with its indicators and, nested, its sub-results (a selectors.TreeNode)."""

    id = serializers.IntegerField(source="node.pk", read_only=True)
    code = serializers.CharField(source="node.code", read_only=True)
    title = serializers.CharField(source="node.title", read_only=True)
    title_th = serializers.CharField(source="node.title_th", read_only=True)
    title_en = serializers.CharField(source="node.title_en", read_only=True)
    title_vi = serializers.CharField(source="node.title_vi", read_only=True)
    weight = _number(source="node.weight")
    indicator_count = serializers.IntegerField(
        read_only=True, help_text="Indicators of this result and all below it."
    )
    indicators = IndicatorSummarySerializer(many=True, read_only=True)

    field_order = ["id", "code", "depth", "level_name", "title", "title_th", "title_en", "title_vi"]

    def get_fields(self):
        fields = super().get_fields()
        # Declared here because a class cannot name itself in its own body.
        fields["children"] = TreeNodeSerializer(many=True, read_only=True)
        first = {name: fields.pop(name) for name in self.field_order}
        return {**first, **fields}

    def _node(self, obj) -> ResultNode:
        return obj.node


class PlanTreeSerializer(serializers.Serializer):
    plan = PlanSerializer(read_only=True)
    nodes = TreeNodeSerializer(
        many=True, read_only=True, help_text="The top results (pillars), each with its branch."
    )


# --- Directories -----------------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=OrganizationKind.choices, read_only=True)
    name = _text("Name in the request language.")
    abbreviation = _text("Abbreviation in the request language.")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    parent = _code_of("parent.code", "Code of the organization this one is part of.")
    country = _code_of("country.code", "Area code of the organization's country.")
    indicator_count = serializers.IntegerField(
        read_only=True, help_text="Indicators it leads or supports."
    )
    lead_count = serializers.IntegerField(read_only=True, help_text="Indicators it leads.")

    class Meta:
        model = Organization
        fields = [
            "code",
            "kind",
            "kind_label",
            "name",
            "name_th",
            "name_en",
            "name_vi",
            "abbreviation",
            "abbreviation_th",
            "abbreviation_en",
            "abbreviation_vi",
            "parent",
            "country",
            "website",
            "is_active",
            "indicator_count",
            "lead_count",
        ]


class AreaSerializer(serializers.ModelSerializer):
    name = _text("Name in the request language.")
    parent = _code_of("parent.code", "Code of the area this one lies in.")

    class Meta:
        model = Area
        fields = [
            "code",
            "official_code",
            "iso_code",
            "level",
            "name",
            "name_th",
            "name_en",
            "name_vi",
            "parent",
        ]


class PeriodSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PeriodKind.choices, read_only=True)
    parent = _code_of(
        "parent.code", "Code of the period this one is part of (FY2568-Q1 → FY2568-H1)."
    )
    label = serializers.SerializerMethodField(help_text="Name in the request language.")
    label_th = serializers.SerializerMethodField(help_text="e.g. ปีงบประมาณ พ.ศ. 2568")
    label_en = serializers.SerializerMethodField(help_text="e.g. FY2568 (Oct 2024 – Sep 2025)")
    label_vi = serializers.SerializerMethodField()

    class Meta:
        model = Period
        fields = [
            "code",
            "kind",
            "start",
            "end",
            "parent",
            "label",
            "label_th",
            "label_en",
            "label_vi",
        ]

    def get_label(self, period: Period) -> str:
        return period.label()

    def get_label_th(self, period: Period) -> str:
        return period.label("th")

    def get_label_en(self, period: Period) -> str:
        return period.label("en")

    def get_label_vi(self, period: Period) -> str:
        return period.label("vi")


class ApiIndexSerializer(serializers.Serializer):
    plans = serializers.URLField()
    nodes = serializers.URLField()
    indicators = serializers.URLField()
    organizations = serializers.URLField()
    areas = serializers.URLField()
    periods = serializers.URLField()
    schema = serializers.URLField()
    docs = serializers.URLField()
