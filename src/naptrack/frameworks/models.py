"""Results frameworks: plans, their tree of results, indicators with baselines and targets."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from naptrack.core.models import NamedModel, TimeStampedModel, translated
from naptrack.periods.calendars import format_date, span_label
from naptrack.periods.models import Calendar

# --- Plans --------------------------------------------------------------------------------------


class PlanKind(models.TextChoices):
    NATIONAL_ACTION_PLAN = "nap", _("National action plan")
    MEASURES = "measures", _("Measures and guidelines")
    MINISTRY_PLAN = "ministry_plan", _("Ministry or agency plan")
    REGIONAL_WORK_PLAN = "regional_work_plan", _("Regional work plan")
    INSTITUTIONAL = "institutional", _("Institutional programme")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("In force")
    CLOSED = "closed", _("Ended")
    ARCHIVED = "archived", _("Archived")


class Plan(TimeStampedModel):
    """A results framework that agencies report against, such as Thailand's NAP WPS 2567–2570."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=PlanKind.choices)
    title_th = models.CharField(_("title (Thai)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500, blank=True)
    short_title_th = models.CharField(_("short title (Thai)"), max_length=120, blank=True)
    short_title_en = models.CharField(_("short title (English)"), max_length=120, blank=True)
    short_title_vi = models.CharField(_("short title (Vietnamese)"), max_length=120, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_plans",
    )
    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("country or region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("supports plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_plans",
        help_text=_(
            "The higher plan this plan carries out, e.g. a ministry plan under a national plan."
        ),
    )
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"))
    calendar = models.CharField(
        _("calendar"), max_length=16, choices=Calendar.choices, default=Calendar.THAI_FISCAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    version_note = models.CharField(_("version note"), max_length=300, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=300,
        blank=True,
        help_text=_("The decision that adopted it, e.g. Decision 101/QĐ-TTg."),
    )
    languages = models.CharField(
        _("languages"), max_length=20, default="th,en", help_text=_("Comma-separated: th, en, vi.")
    )
    has_demo_figures = models.BooleanField(
        _("has demo figures"),
        default=False,
        help_text=_("Baselines and targets are invented for demonstration."),
    )

    class Meta:
        ordering = ["start_date", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return translated(self, "title") or self.code

    @property
    def short_title(self) -> str:
        return translated(self, "short_title") or self.title

    @property
    def description(self) -> str:
        return translated(self, "description")

    @property
    def years_label(self) -> str:
        return span_label(self.calendar, self.start_date, self.end_date, get_language())

    @property
    def languages_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def is_published(self) -> bool:
        return self.status in (PlanStatus.PUBLISHED, PlanStatus.CLOSED)

    def clean(self) -> None:
        errors = {}
        if not (self.title_th or self.title_en or self.title_vi):
            errors["title_en"] = _("Give a title in at least one language.")
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("A plan must end after it starts.")
        node, seen = self.parent, set()
        while node is not None and self.pk and node.pk not in seen:
            if node.pk == self.pk:
                errors["parent"] = _("A plan cannot support itself or a plan that supports it.")
                break
            seen.add(node.pk)
            node = node.parent
        if errors:
            raise ValidationError(errors)


class PlanLevel(models.Model):
    """The name a plan gives to one depth of its tree: Pillar, Outcome, Output; Goal … KPI."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="levels"
    )
    depth = models.PositiveSmallIntegerField(_("depth"), validators=[MinValueValidator(1)])
    name_th = models.CharField(_("name (Thai)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=100, blank=True)

    class Meta:
        ordering = ["plan", "depth"]
        verbose_name = _("level name")
        verbose_name_plural = _("level names")
        constraints = [
            models.UniqueConstraint(fields=["plan", "depth"], name="plan_level_unique_depth")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")


# --- References to outside frameworks ------------------------------------------------------------


class ReferenceFramework(NamedModel):
    """An outside framework that plans align to: the SDGs, UNSCR 1325, the ASEAN RPA on WPS."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    url = models.URLField(_("web address"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("reference framework")
        verbose_name_plural = _("reference frameworks")


class ReferenceItem(TimeStampedModel):
    """One target, indicator, pillar or action of an outside framework (SDG 5.5.2, RPA 2.2.6)."""

    framework = models.ForeignKey(
        ReferenceFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    code = models.CharField(_("code"), max_length=40)
    title_th = models.CharField(_("title (Thai)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500, blank=True)

    class Meta:
        ordering = ["framework__code", "code"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="reference_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.framework.code.upper()} {self.code}"

    @property
    def title(self) -> str:
        return translated(self, "title")


# --- The results tree ----------------------------------------------------------------------------


class ResultNode(TimeStampedModel):
    """A pillar, outcome or output: a node of a plan's results tree."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="nodes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_("As the plan numbers it, e.g. 2.1.3.")
    )
    title_th = models.TextField(_("title (Thai)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    title_vi = models.TextField(_("title (Vietnamese)"), blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=8,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Its share in the progress of its parent; equal by default."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    references = models.ManyToManyField(
        ReferenceItem, verbose_name=_("references"), blank=True, related_name="nodes"
    )

    class Meta:
        ordering = ["plan", "sort_order", "code"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="node_unique_code_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def description(self) -> str:
        return translated(self, "description")

    @property
    def depth(self) -> int:
        depth, node = 1, self.parent
        while node is not None:
            depth += 1
            node = node.parent
        return depth

    def level_name(self) -> str:
        level = self.plan.levels.filter(depth=self.depth).first()
        return level.name if level else ""

    def clean(self) -> None:
        errors = {}
        if not (self.title_th or self.title_en or self.title_vi):
            errors["title_en"] = _("Give a title in at least one language.")
        if self.parent_id:
            if self.parent.plan_id != self.plan_id:
                errors["parent"] = _("The parent must belong to the same plan.")
            node, seen = self.parent, set()
            while node is not None and node.pk not in seen:
                if self.pk and node.pk == self.pk:
                    errors["parent"] = _(
                        "A result cannot be placed under itself or under one of its own sub-results."
                    )
                    break
                seen.add(node.pk)
                node = node.parent
        if errors:
            raise ValidationError(errors)


# --- Breakdowns ----------------------------------------------------------------------------------


class Dimension(NamedModel):
    """A way values are broken down: sex, age group, province, disability."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("breakdown dimension")
        verbose_name_plural = _("breakdown dimensions")


class Option(NamedModel):
    """One category of a dimension: female, 18–24, Pattani."""

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.SlugField(_("code"), max_length=40)
    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="breakdown_options",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["dimension__sort_order", "sort_order", "code"]
        verbose_name = _("breakdown option")
        verbose_name_plural = _("breakdown options")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="option_unique_code")
        ]


def breakdown_key(pairs) -> str:
    """The canonical key of a breakdown from (dimension code, option code) pairs: age=18-24;sex=female."""
    return ";".join(sorted(f"{dimension}={option}" for dimension, option in pairs))


class Breakdown(models.Model):
    """A combination of options, at most one per dimension (female × 18–24 × Pattani)."""

    key = models.CharField(
        _("key"),
        max_length=400,
        unique=True,
        help_text=_("dimension=option pairs, sorted, joined by ;"),
    )
    options = models.ManyToManyField(Option, verbose_name=_("options"), related_name="breakdowns")

    class Meta:
        ordering = ["key"]
        verbose_name = _("breakdown")
        verbose_name_plural = _("breakdowns")

    def __str__(self) -> str:
        return self.label()

    def label(self) -> str:
        return " × ".join(o.name for o in self.options.all())


# --- Indicators ----------------------------------------------------------------------------------


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage (numerator ÷ denominator)")
    YES_NO = "yes_no", _("Yes / no")
    MILESTONE = "milestone", _("Milestone")
    QUALITATIVE = "qualitative", _("Qualitative (text)")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase is better")
    DECREASE = "decrease", _("Decrease is better")
    MAINTAIN = "maintain", _("Keep at the target")


class CumulativeMode(models.TextChoices):
    PER_PERIOD = "per_period", _("Each period on its own")
    CUMULATIVE = "cumulative", _("Cumulative since the plan started")
    LATEST = "latest", _("Latest value")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    LATEST = "latest", _("Latest")
    MAXIMUM = "max", _("Maximum")
    RATIO = "ratio", _("Sum of numerators ÷ sum of denominators")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUAL = "semiannual", _("Every six months")
    ANNUAL = "annual", _("Yearly")
    END_OF_PLAN = "end_of_plan", _("At the end of the plan")


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


# Which ways of combining values make sense for which value types.
ALLOWED_AGGREGATIONS = {
    ValueType.NUMBER: {
        Aggregation.SUM,
        Aggregation.AVERAGE,
        Aggregation.LATEST,
        Aggregation.MAXIMUM,
    },
    ValueType.PERCENTAGE: {Aggregation.RATIO, Aggregation.LATEST},
    ValueType.YES_NO: {Aggregation.LATEST, Aggregation.MAXIMUM},
    ValueType.MILESTONE: {Aggregation.LATEST},
    ValueType.QUALITATIVE: {Aggregation.LATEST},
}


class Indicator(TimeStampedModel):
    """What is measured for a result, how, and by whom."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators"
    )
    node = models.ForeignKey(
        ResultNode, verbose_name=_("result"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=40)
    name_th = models.TextField(_("name (Thai)"), blank=True)
    name_en = models.TextField(_("name (English)"), blank=True)
    name_vi = models.TextField(_("name (Vietnamese)"), blank=True)
    definition_th = models.TextField(_("definition (Thai)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    definition_vi = models.TextField(_("definition (Vietnamese)"), blank=True)
    value_type = models.CharField(
        _("value type"), max_length=16, choices=ValueType.choices, default=ValueType.NUMBER
    )
    unit_th = models.CharField(_("unit (Thai)"), max_length=100, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=100, blank=True)
    unit_vi = models.CharField(_("unit (Vietnamese)"), max_length=100, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=0)
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.INCREASE
    )
    cumulative_mode = models.CharField(
        _("cumulative mode"),
        max_length=16,
        choices=CumulativeMode.choices,
        default=CumulativeMode.PER_PERIOD,
        help_text=_(
            "How a period's value relates to earlier periods; set explicitly for every indicator."
        ),
    )
    aggregation = models.CharField(
        _("combine values by"),
        max_length=16,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("How values of several agencies and breakdowns add up to a total."),
    )
    means_of_verification_th = models.TextField(_("means of verification (Thai)"), blank=True)
    means_of_verification_en = models.TextField(_("means of verification (English)"), blank=True)
    means_of_verification_vi = models.TextField(_("means of verification (Vietnamese)"), blank=True)
    frequency = models.CharField(
        _("reporting frequency"), max_length=16, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    life_target_value = models.DecimalField(
        _("life-of-plan target"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "The target for the whole plan, stored on its own: never the sum of period targets."
        ),
    )
    life_target_text_th = models.TextField(_("life-of-plan target, as text (Thai)"), blank=True)
    life_target_text_en = models.TextField(_("life-of-plan target, as text (English)"), blank=True)
    life_target_text_vi = models.TextField(
        _("life-of-plan target, as text (Vietnamese)"), blank=True
    )
    is_key = models.BooleanField(_("key performance indicator"), default=False)
    evidence_required = models.BooleanField(
        _("evidence required"),
        default=False,
        help_text=_("A report cannot be submitted without evidence for this indicator."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    dimensions = models.ManyToManyField(
        Dimension,
        verbose_name=_("breakdowns"),
        through="IndicatorDimension",
        blank=True,
        related_name="indicators",
    )
    organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("agencies"),
        through="Assignment",
        blank=True,
        related_name="indicators",
    )
    references = models.ManyToManyField(
        ReferenceItem, verbose_name=_("references"), blank=True, related_name="indicators"
    )

    class Meta:
        ordering = ["plan", "sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_unique_code_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def definition(self) -> str:
        return translated(self, "definition")

    @property
    def unit(self) -> str:
        if self.value_type == ValueType.PERCENTAGE:
            return "%"
        return translated(self, "unit")

    @property
    def means_of_verification(self) -> str:
        return translated(self, "means_of_verification")

    @property
    def life_target_text(self) -> str:
        return translated(self, "life_target_text")

    @property
    def is_numeric(self) -> bool:
        return self.value_type in (ValueType.NUMBER, ValueType.PERCENTAGE, ValueType.YES_NO)

    def clean(self) -> None:
        errors = {}
        if not (self.name_th or self.name_en or self.name_vi):
            errors["name_en"] = _("Give a name in at least one language.")
        if self.node_id and self.plan_id and self.node.plan_id != self.plan_id:
            errors["node"] = _("The result must belong to the indicator's plan.")
        allowed = ALLOWED_AGGREGATIONS.get(self.value_type, set())
        # An unknown choice is already reported by clean_fields(); naming it here would crash.
        known = self.value_type in ValueType.values and self.aggregation in Aggregation.values
        if known and self.aggregation not in allowed:
            errors["aggregation"] = _(
                "Values of type “%(type)s” cannot be combined by “%(how)s”; choose one of: %(allowed)s."
            ) % {
                "type": ValueType(self.value_type).label,
                "how": Aggregation(self.aggregation).label,
                "allowed": ", ".join(str(Aggregation(a).label) for a in sorted(allowed)),
            }
        if self.life_target_value is not None:
            try:
                check_figure(self, self.life_target_value)
            except ValidationError as exc:
                errors["life_target_value"] = exc.messages
        if errors:
            raise ValidationError(errors)


def check_figure(indicator: Indicator, value: Decimal | None) -> None:
    """Reject a baseline or target figure that the indicator's value type cannot hold."""
    if value is None:
        return
    if indicator.value_type == ValueType.PERCENTAGE and not (0 <= value <= 100):
        raise ValidationError(
            _("A percentage must be between 0 and 100; %(value)s is not.") % {"value": value}
        )
    if indicator.value_type == ValueType.YES_NO and value not in (0, 1):
        raise ValidationError(_("A yes/no figure is 1 for yes or 0 for no."))
    if indicator.value_type in (ValueType.MILESTONE, ValueType.QUALITATIVE):
        raise ValidationError(_("A milestone or qualitative indicator takes a text, not a number."))
    if indicator.value_type == ValueType.NUMBER and value < 0:
        raise ValidationError(_("A count or amount cannot be negative."))


class IndicatorDimension(models.Model):
    """A breakdown an indicator is reported by, with the options it uses (all when none are chosen)."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="indicator_dimensions",
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="+"
    )
    options = models.ManyToManyField(
        Option, verbose_name=_("options used"), blank=True, related_name="+"
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["indicator", "sort_order", "dimension__sort_order"]
        verbose_name = _("indicator breakdown")
        verbose_name_plural = _("indicator breakdowns")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "dimension"], name="indicator_dimension_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.dimension)

    def allowed_options(self):
        chosen = list(self.options.all())
        return chosen or list(self.dimension.options.all())


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead agency")
    SUPPORT = "support", _("Supporting agency")


class Assignment(TimeStampedModel):
    """An agency's part in an indicator: it leads, or it supports and reports its share."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="assignments"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=AssignmentRole.choices, default=AssignmentRole.LEAD
    )
    reports = models.BooleanField(_("reports values"), default=True)

    class Meta:
        ordering = ["indicator", "role", "organization__code"]
        verbose_name = _("agency assignment")
        verbose_name_plural = _("agency assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organization"],
                name="assignment_unique_agency",
                violation_error_message=_("This agency is already assigned to the indicator."),
            ),
            models.UniqueConstraint(
                fields=["indicator"],
                condition=models.Q(role="lead"),
                name="assignment_one_lead",
                violation_error_message=_(
                    "This indicator already has a lead agency; add this one as supporting."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.organization.short_name} ({self.get_role_display()})"

    def clean(self) -> None:
        if (
            self.role == AssignmentRole.LEAD
            and self.indicator_id
            and Assignment.objects.filter(indicator_id=self.indicator_id, role=AssignmentRole.LEAD)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"role": _("This indicator already has a lead agency; add this one as supporting.")}
            )


class Figure(TimeStampedModel):
    """A baseline or target figure: a number (or numerator and denominator) or a text."""

    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    text_th = models.TextField(_("text (Thai)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    is_demo = models.BooleanField(
        _("demo figure"),
        default=False,
        help_text=_("Invented for demonstration, not an official figure."),
    )

    class Meta:
        abstract = True

    @property
    def text(self) -> str:
        return translated(self, "text")

    def clean_figure(self, indicator: Indicator, breakdown: Breakdown | None) -> dict:
        errors: dict[str, list] = {}
        if self.numerator is not None or self.denominator is not None:
            if indicator.value_type != ValueType.PERCENTAGE:
                errors["numerator"] = [
                    _("Only a percentage indicator has a numerator and denominator.")
                ]
            elif self.numerator is None or self.denominator is None:
                errors["denominator"] = [_("Give both the numerator and the denominator.")]
            elif self.denominator <= 0:
                errors["denominator"] = [_("The denominator must be greater than zero.")]
            elif self.numerator < 0 or self.numerator > self.denominator:
                errors["numerator"] = [_("The numerator must be between 0 and the denominator.")]
            else:
                # Always derived, so that changing the numerator never leaves a stale value behind.
                self.value = (self.numerator * 100 / self.denominator).quantize(Decimal("0.0001"))
        try:
            check_figure(indicator, self.value)
        except ValidationError as exc:
            errors.setdefault("value", []).extend(exc.messages)
        # Asked only when nothing else is wrong: a rejected numerator is a figure that was given.
        if self.value is None and not (self.text_th or self.text_en or self.text_vi) and not errors:
            errors["value"] = [_("Give a value or a text.")]
        if breakdown is not None:
            try:
                check_breakdown_for_indicator(indicator, breakdown)
            except ValidationError as exc:
                errors["breakdown"] = exc.messages
        return errors


def check_breakdown_for_indicator(indicator: Indicator, breakdown: Breakdown) -> None:
    """Reject a breakdown that uses a dimension or option the indicator is not reported by."""
    allowed = {
        d.dimension_id: {o.pk for o in d.allowed_options()}
        for d in indicator.indicator_dimensions.all()
    }
    for option in breakdown.options.all():
        if option.dimension_id not in allowed or option.pk not in allowed[option.dimension_id]:
            raise ValidationError(
                _("“%(option)s” is not a breakdown of indicator %(code)s.")
                % {"option": option.name, "code": indicator.code}
            )


class Baseline(Figure):
    """Where an indicator stood before the plan, in total or for one breakdown."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="baselines"
    )
    breakdown = models.ForeignKey(
        Breakdown,
        verbose_name=_("breakdown"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.ForeignKey(
        "periods.Period",
        verbose_name=_("measured in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        # The total (no breakdown) first on every database.
        ordering = ["indicator", models.F("breakdown__key").asc(nulls_first=True)]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "breakdown"],
                name="baseline_unique_breakdown",
                violation_error_message=_(
                    "This indicator already has a baseline for this breakdown."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator"],
                condition=models.Q(breakdown__isnull=True),
                name="baseline_unique_total",
                violation_error_message=_("This indicator already has a baseline for its total."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} baseline"

    def clean(self) -> None:
        if self.indicator_id:
            errors = self.clean_figure(
                self.indicator, self.breakdown if self.breakdown_id else None
            )
            if errors:
                raise ValidationError(errors)


class Target(Figure):
    """What an indicator should reach in a period, in total or for one breakdown."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    period = models.ForeignKey(
        "periods.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    breakdown = models.ForeignKey(
        Breakdown,
        verbose_name=_("breakdown"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["indicator", "period__start", models.F("breakdown__key").asc(nulls_first=True)]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown"],
                name="target_unique_breakdown",
                violation_error_message=_(
                    "This indicator already has a target for this period and breakdown."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=models.Q(breakdown__isnull=True),
                name="target_unique_total",
                violation_error_message=_(
                    "This indicator already has a total target for this period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.code}"

    def clean(self) -> None:
        if not self.indicator_id:
            return
        errors = self.clean_figure(self.indicator, self.breakdown if self.breakdown_id else None)
        if self.period_id and self.period.kind == "lifetime":
            errors["period"] = [
                _(
                    "Set the life-of-plan target on the indicator itself; period targets are for years, halves, quarters or months."
                )
            ]
        elif self.period_id:
            plan = self.indicator.plan
            # Outside means no day in common: a plan starting in January still reports for the
            # fiscal year it starts in, as periods_for_plan_span() gives it.
            if self.period.end < plan.start_date or self.period.start > plan.end_date:
                errors["period"] = [
                    _("%(period)s is outside the plan, which runs from %(start)s to %(end)s.")
                    % {
                        "period": self.period.label(),
                        "start": format_date(plan.start_date, get_language()),
                        "end": format_date(plan.end_date, get_language()),
                    }
                ]
        if errors:
            raise ValidationError(errors)
