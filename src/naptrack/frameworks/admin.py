"""Configuration of results frameworks: plans, results, indicators, breakdowns, baselines and targets.

Every form runs the model's clean(), so the admin refuses what the services refuse, with the same
message beside the same field.
"""

from __future__ import annotations

from collections.abc import Hashable

from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from naptrack.core.admin import (
    TIMESTAMPS,
    ModelRulesForm,
    OneRowPerKeyFormSet,
    TimestampedAdmin,
    related_count,
)
from naptrack.frameworks.models import (
    Assignment,
    AssignmentRole,
    Baseline,
    Breakdown,
    Dimension,
    Indicator,
    IndicatorDimension,
    Option,
    Plan,
    PlanLevel,
    ReferenceFramework,
    ReferenceItem,
    ResultNode,
    Target,
    breakdown_key,
)

FIGURE_FIELDS = ("value", "numerator", "denominator", "text_th", "text_en", "text_vi", "is_demo")


def _on_change_page_only(inlines, obj):
    # Rows that are checked against their parent (a target against its indicator's plan and value
    # type) cannot be checked before the parent exists, so they are added once it is saved.
    return inlines if obj is not None else []


# --- Plans ----------------------------------------------------------------------------------------


class PlanLevelInline(admin.TabularInline):
    model = PlanLevel
    form = ModelRulesForm
    fields = ("depth", "name_th", "name_en", "name_vi")
    extra = 0


class ProgressFollowsAdmin(admin.ModelAdmin):
    """After an edit that changes how progress is judged, recompute the plan's stored progress."""

    def save_related(self, request, form, formsets, change) -> None:
        # Called after the object and its inlines are saved, for additions and changes alike.
        super().save_related(request, form, formsets, change)
        _schedule_rebuild({_plan_id_of(form.instance)})

    def delete_model(self, request, obj) -> None:
        plan_id = _plan_id_of(obj)
        super().delete_model(request, obj)
        _schedule_rebuild({plan_id})

    def delete_queryset(self, request, queryset) -> None:
        plan_ids = {_plan_id_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        _schedule_rebuild(plan_ids)


def _plan_id_of(obj) -> int | None:
    plan_id = getattr(obj, "plan_id", None)
    if plan_id is None and getattr(obj, "indicator_id", None):
        plan_id = obj.indicator.plan_id
    return plan_id


def _schedule_rebuild(plan_ids) -> None:
    # Imported here: the task backend must not be bound while the admin is being discovered.
    from naptrack.analytics.tasks import schedule_plan_rebuild

    for plan_id in plan_ids:
        if plan_id is not None:
            schedule_plan_rebuild(plan_id)


@admin.register(Plan)
class PlanAdmin(TimestampedAdmin):
    list_display = (
        "code",
        "display_title",
        "kind",
        "owner",
        "start_date",
        "end_date",
        "status",
        "node_count",
        "indicator_count",
    )
    list_filter = (
        "status",
        "kind",
        "calendar",
        "has_demo_figures",
        ("owner", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("owner",)
    search_fields = (
        "code", "title_th", "title_en", "title_vi", "short_title_th", "short_title_en", "short_title_vi",
        "owner__code", "owner__abbreviation_th", "owner__abbreviation_en",
    )  # fmt: skip
    autocomplete_fields = ("owner", "area", "parent")
    inlines = [PlanLevelInline]
    fieldsets = (
        (None, {"fields": ("code", "kind", "status", "owner", "area", "parent")}),
        (
            _("Titles"),
            {
                "fields": (
                    "title_th",
                    "title_en",
                    "title_vi",
                    "short_title_th",
                    "short_title_en",
                    "short_title_vi",
                )
            },
        ),
        (
            _("Descriptions"),
            {
                "fields": ("description_th", "description_en", "description_vi"),
                "classes": ("collapse",),
            },
        ),
        (
            _("Dates"),
            {"fields": ("start_date", "end_date", "calendar", "adopted_on", "adopted_by")},
        ),
        (_("Version"), {"fields": ("version", "version_note", "languages", "has_demo_figures")}),
        (_("Record"), {"fields": TIMESTAMPS}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                node_count=related_count(ResultNode, "plan"),
                indicator_count=related_count(Indicator, "plan"),
            )
        )

    @admin.display(description=_("title"), ordering="title_en")
    def display_title(self, obj: Plan) -> str:
        return obj.title

    @admin.display(description=_("results"), ordering="node_count")
    def node_count(self, obj: Plan) -> int:
        return obj.node_count

    @admin.display(description=_("indicators"), ordering="indicator_count")
    def indicator_count(self, obj: Plan) -> int:
        return obj.indicator_count


@admin.register(PlanLevel)
class PlanLevelAdmin(admin.ModelAdmin):
    form = ModelRulesForm
    list_display = ("plan", "depth", "display_name")
    list_filter = (("plan", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("plan",)
    search_fields = ("name_th", "name_en", "name_vi", "plan__code")
    autocomplete_fields = ("plan",)

    @admin.display(description=_("name"), ordering="name_en")
    def display_name(self, obj: PlanLevel) -> str:
        return obj.name


# --- References to outside frameworks -------------------------------------------------------------


class ReferenceItemInline(admin.TabularInline):
    model = ReferenceItem
    form = ModelRulesForm
    fields = ("code", "title_th", "title_en", "title_vi")
    extra = 0


@admin.register(ReferenceFramework)
class ReferenceFrameworkAdmin(TimestampedAdmin):
    list_display = ("code", "display_name", "item_count")
    search_fields = ("code", "name_th", "name_en", "name_vi")
    fields = ("code", "name_th", "name_en", "name_vi", "url", *TIMESTAMPS)
    inlines = [ReferenceItemInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(item_count=related_count(ReferenceItem, "framework"))
        )

    @admin.display(description=_("name"), ordering="name_en")
    def display_name(self, obj: ReferenceFramework) -> str:
        return obj.name

    @admin.display(description=_("references"), ordering="item_count")
    def item_count(self, obj: ReferenceFramework) -> int:
        return obj.item_count


@admin.register(ReferenceItem)
class ReferenceItemAdmin(TimestampedAdmin):
    list_display = ("code", "display_title", "framework")
    list_filter = ("framework",)
    list_select_related = ("framework",)
    search_fields = ("code", "title_th", "title_en", "title_vi", "framework__code")

    @admin.display(description=_("title"), ordering="title_en")
    def display_title(self, obj: ReferenceItem) -> str:
        return obj.title


# --- The results tree -----------------------------------------------------------------------------


class IndicatorCompactFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.plan_id is None:
            # An indicator belongs to its result's plan; the compact row does not ask for it.
            form.instance.plan_id = self.instance.plan_id
        return form


class IndicatorCompactInline(admin.TabularInline):
    model = Indicator
    fk_name = "node"
    form = ModelRulesForm
    formset = IndicatorCompactFormSet
    fields = (
        "code",
        "name_th",
        "name_en",
        "value_type",
        "aggregation",
        "cumulative_mode",
        "is_key",
        "sort_order",
    )
    show_change_link = True
    extra = 0


@admin.register(ResultNode)
class ResultNodeAdmin(ProgressFollowsAdmin, TimestampedAdmin):
    list_display = (
        "code",
        "display_title",
        "plan",
        "parent_code",
        "indicator_count",
        "weight",
        "sort_order",
    )
    list_filter = (("plan", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("plan", "parent")
    search_fields = ("code", "title_th", "title_en", "title_vi", "plan__code")
    autocomplete_fields = ("plan", "parent", "references")
    fields = (
        "plan", "parent", "code", "title_th", "title_en", "title_vi", "description_th", "description_en", "description_vi",
        "weight", "sort_order", "references", *TIMESTAMPS,
    )  # fmt: skip
    inlines = [IndicatorCompactInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(indicator_count=related_count(Indicator, "node"))
        )

    def get_readonly_fields(self, request, obj=None):
        # A result stays in its plan: its indicators, targets and reports belong to that plan.
        return TIMESTAMPS if obj is None else ("plan", *TIMESTAMPS)

    def get_inlines(self, request, obj):
        return _on_change_page_only(self.inlines, obj)

    @admin.display(description=_("title"), ordering="title_en")
    def display_title(self, obj: ResultNode) -> str:
        return obj.title

    @admin.display(description=_("parent"), ordering="parent__code")
    def parent_code(self, obj: ResultNode) -> str:
        return obj.parent.code if obj.parent else ""

    @admin.display(description=_("indicators"), ordering="indicator_count")
    def indicator_count(self, obj: ResultNode) -> int:
        return obj.indicator_count


# --- Breakdowns -----------------------------------------------------------------------------------


class OptionInline(admin.TabularInline):
    model = Option
    form = ModelRulesForm
    fields = ("code", "name_th", "name_en", "name_vi", "area", "sort_order")
    autocomplete_fields = ("area",)
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(TimestampedAdmin):
    list_display = ("code", "display_name", "option_count", "sort_order")
    search_fields = ("code", "name_th", "name_en", "name_vi")
    fields = ("code", "name_th", "name_en", "name_vi", "sort_order", *TIMESTAMPS)
    inlines = [OptionInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(option_count=related_count(Option, "dimension"))
        )

    @admin.display(description=_("name"), ordering="name_en")
    def display_name(self, obj: Dimension) -> str:
        return obj.name

    @admin.display(description=_("options"), ordering="option_count")
    def option_count(self, obj: Dimension) -> int:
        return obj.option_count


@admin.register(Option)
class OptionAdmin(TimestampedAdmin):
    list_display = ("code", "display_name", "dimension", "area", "sort_order")
    list_filter = ("dimension",)
    list_select_related = ("dimension", "area")
    search_fields = ("code", "name_th", "name_en", "name_vi", "dimension__code")
    autocomplete_fields = ("dimension", "area")

    @admin.display(description=_("name"), ordering="name_en")
    def display_name(self, obj: Option) -> str:
        return obj.name


class BreakdownForm(ModelRulesForm):
    class Meta:
        model = Breakdown
        fields = ("options",)

    def clean_options(self):
        options = list(self.cleaned_data["options"])
        dimensions = [option.dimension_id for option in options]
        if len(set(dimensions)) != len(dimensions):
            raise forms.ValidationError(_("A breakdown takes one option per dimension."))
        key = breakdown_key((option.dimension.code, option.code) for option in options)
        if Breakdown.objects.filter(key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A breakdown with these options exists already."))
        self.instance.key = key
        return options


@admin.register(Breakdown)
class BreakdownAdmin(admin.ModelAdmin):
    form = BreakdownForm
    list_display = ("key", "display_label", "option_count")
    search_fields = ("key", "options__name_th", "options__name_en", "options__name_vi")
    autocomplete_fields = ("options",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(option_count=related_count(Breakdown.options.through, "breakdown"))
            .prefetch_related("options")
        )

    def get_fields(self, request, obj=None):
        return ("options",) if obj is None else ("key", "display_label")

    def get_readonly_fields(self, request, obj=None):
        # Targets, baselines and values are stored against a breakdown: its options stay as made.
        return () if obj is None else ("key", "display_label")

    @admin.display(description=_("options"))
    def display_label(self, obj: Breakdown) -> str:
        return obj.label()

    @admin.display(description=_("number of options"), ordering="option_count")
    def option_count(self, obj: Breakdown) -> int:
        return obj.option_count


# --- Indicators -----------------------------------------------------------------------------------


class IndicatorDimensionForm(ModelRulesForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        dimension, options = cleaned.get("dimension"), cleaned.get("options") or []
        foreign = [
            option for option in options if dimension and option.dimension_id != dimension.pk
        ]
        if foreign:
            self.add_error(
                "options",
                _("“%(option)s” is not an option of %(dimension)s.")
                % {"option": foreign[0].name, "dimension": dimension.name},
            )
        return cleaned


class IndicatorDimensionInline(admin.TabularInline):
    model = IndicatorDimension
    form = IndicatorDimensionForm
    fields = ("dimension", "options", "sort_order")
    autocomplete_fields = ("options",)
    extra = 0


class AssignmentFormSet(OneRowPerKeyFormSet):
    key_field = "role"
    message = _("This indicator already has a lead agency; add this one as supporting.")

    def row_key(self, data: dict) -> Hashable | None:
        return AssignmentRole.LEAD if data.get("role") == AssignmentRole.LEAD else None


class AssignmentInline(admin.TabularInline):
    model = Assignment
    form = ModelRulesForm
    formset = AssignmentFormSet
    fields = ("organization", "role", "reports")
    autocomplete_fields = ("organization",)
    extra = 0


class TotalsOnlyInline(admin.TabularInline):
    """Figures for the indicator as a whole; those per breakdown have their own admin pages.

    An indicator by sex and 77 provinces has hundreds of breakdown figures: as rows of this page
    they would pass Django's limit of posted fields (DATA_UPLOAD_MAX_NUMBER_FIELDS) and the page
    could no longer be saved.
    """

    form = ModelRulesForm
    autocomplete_fields = ("period",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).filter(breakdown__isnull=True)


class BaselineFormSet(OneRowPerKeyFormSet):
    key_field = None
    message = _("This indicator already has a baseline in total.")

    def row_key(self, data: dict) -> Hashable | None:
        return "total"


class BaselineInline(TotalsOnlyInline):
    model = Baseline
    formset = BaselineFormSet
    fields = ("period", *FIGURE_FIELDS, "source")
    verbose_name = _("baseline in total")
    verbose_name_plural = _("baseline in total")
    max_num = 1


class TargetFormSet(OneRowPerKeyFormSet):
    key_field = "period"
    message = _("This indicator already has a target in total for this period.")

    def row_key(self, data: dict) -> Hashable | None:
        period = data.get("period")
        return period.pk if period else None


class TargetInline(TotalsOnlyInline):
    model = Target
    formset = TargetFormSet
    fields = ("period", *FIGURE_FIELDS)
    verbose_name = _("target in total")
    verbose_name_plural = _("targets in total")


@admin.register(Indicator)
class IndicatorAdmin(ProgressFollowsAdmin, TimestampedAdmin):
    list_display = (
        "code", "display_name", "plan", "node_code", "value_type", "aggregation", "cumulative_mode",
        "lead_agency", "target_count", "is_key",
    )  # fmt: skip
    list_filter = (
        ("plan", admin.RelatedOnlyFieldListFilter), "value_type", "cumulative_mode", "aggregation", "frequency", "is_key",
    )  # fmt: skip
    list_select_related = ("plan", "node")
    search_fields = ("code", "name_th", "name_en", "name_vi", "plan__code", "node__code")
    autocomplete_fields = ("plan", "node", "references")
    inlines = [AssignmentInline, IndicatorDimensionInline, BaselineInline, TargetInline]
    fieldsets = (
        (None, {"fields": ("plan", "node", "code", "is_key", "sort_order")}),
        (_("Names"), {"fields": ("name_th", "name_en", "name_vi")}),
        (
            _("Definition and unit"),
            {
                "fields": (
                    "definition_th",
                    "definition_en",
                    "definition_vi",
                    "unit_th",
                    "unit_en",
                    "unit_vi",
                )
            },
        ),
        (
            _("How it is measured"),
            {
                "fields": (
                    "value_type",
                    "decimals",
                    "direction",
                    "cumulative_mode",
                    "aggregation",
                    "frequency",
                )
            },
        ),
        (
            _("Means of verification"),
            {
                "fields": (
                    "means_of_verification_th",
                    "means_of_verification_en",
                    "means_of_verification_vi",
                ),
                "classes": ("collapse",),
            },
        ),
        (
            _("Life-of-plan target"),
            {
                "fields": (
                    "life_target_value",
                    "life_target_text_th",
                    "life_target_text_en",
                    "life_target_text_vi",
                )
            },
        ),
        (_("Figures by breakdown"), {"fields": ("breakdown_figures",)}),
        (_("References"), {"fields": ("references",)}),
        (_("Record"), {"fields": TIMESTAMPS}),
    )

    def get_queryset(self, request):
        leads = Assignment.objects.filter(role=AssignmentRole.LEAD).select_related("organization")
        return (
            super()
            .get_queryset(request)
            .annotate(target_count=related_count(Target, "indicator"))
            .prefetch_related(Prefetch("assignments", queryset=leads, to_attr="lead_assignments"))
        )

    def get_readonly_fields(self, request, obj=None):
        # An indicator stays in its plan; move it to another result of the same plan instead.
        return (
            ("breakdown_figures", *TIMESTAMPS)
            if obj is None
            else ("plan", "breakdown_figures", *TIMESTAMPS)
        )

    @admin.display(description=_("baselines and targets by breakdown"))
    def breakdown_figures(self, obj: Indicator | None) -> str:
        if obj is None or obj.pk is None:
            return "–"
        links = []
        for model, label in (
            (Baseline, _("Baselines by breakdown: %(count)s")),
            (Target, _("Targets by breakdown: %(count)s")),
        ):
            url = reverse(f"admin:frameworks_{model._meta.model_name}_changelist")
            count = model.objects.filter(indicator=obj, breakdown__isnull=False).count()
            links.append(
                format_html(
                    '<a href="{}?indicator__id__exact={}">{}</a>',
                    url,
                    obj.pk,
                    label % {"count": count},
                )
            )
        return format_html_join(mark_safe(" · "), "{}", ((link,) for link in links))

    def get_inlines(self, request, obj):
        return _on_change_page_only(self.inlines, obj)

    @admin.display(description=_("name"), ordering="name_en")
    def display_name(self, obj: Indicator) -> str:
        return obj.name

    @admin.display(description=_("result"), ordering="node__code")
    def node_code(self, obj: Indicator) -> str:
        return obj.node.code

    @admin.display(description=_("lead agency"))
    def lead_agency(self, obj: Indicator) -> str:
        return ", ".join(a.organization.short_name for a in obj.lead_assignments)

    @admin.display(description=_("targets"), ordering="target_count")
    def target_count(self, obj: Indicator) -> int:
        return obj.target_count


@admin.register(IndicatorDimension)
class IndicatorDimensionAdmin(admin.ModelAdmin):
    form = IndicatorDimensionForm
    list_display = ("indicator", "dimension", "option_list", "sort_order")
    list_filter = ("dimension", ("indicator__plan", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("indicator", "dimension")
    search_fields = (
        "indicator__code",
        "indicator__name_th",
        "indicator__name_en",
        "dimension__code",
    )
    autocomplete_fields = ("indicator", "options")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("options")

    @admin.display(description=_("options used"))
    def option_list(self, obj: IndicatorDimension) -> str:
        return ", ".join(option.name for option in obj.options.all()) or _("all")


@admin.register(Assignment)
class AssignmentAdmin(ProgressFollowsAdmin, TimestampedAdmin):
    list_display = ("indicator", "organization", "role", "reports")
    list_filter = ("role", "reports", ("indicator__plan", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("indicator", "organization")
    search_fields = (
        "indicator__code", "indicator__name_th", "indicator__name_en", "organization__code",
        "organization__abbreviation_th", "organization__abbreviation_en", "organization__name_th", "organization__name_en",
    )  # fmt: skip
    autocomplete_fields = ("indicator", "organization")


@admin.register(Baseline)
class BaselineAdmin(ProgressFollowsAdmin, TimestampedAdmin):
    list_display = (
        "indicator",
        "breakdown",
        "value",
        "numerator",
        "denominator",
        "period",
        "source",
        "is_demo",
    )
    list_filter = ("is_demo", ("indicator__plan", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("indicator", "breakdown", "period")
    search_fields = (
        "indicator__code",
        "indicator__name_th",
        "indicator__name_en",
        "breakdown__key",
        "source",
    )
    autocomplete_fields = ("indicator", "breakdown", "period")
    fields = ("indicator", "breakdown", "period", *FIGURE_FIELDS, "source", *TIMESTAMPS)


@admin.register(Target)
class TargetAdmin(ProgressFollowsAdmin, TimestampedAdmin):
    list_display = (
        "indicator",
        "period",
        "breakdown",
        "value",
        "numerator",
        "denominator",
        "is_demo",
    )
    list_filter = ("is_demo", "period__kind", ("indicator__plan", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("indicator", "period", "breakdown")
    search_fields = (
        "indicator__code",
        "indicator__name_th",
        "indicator__name_en",
        "period__code",
        "breakdown__key",
    )
    autocomplete_fields = ("indicator", "period", "breakdown")
    fields = ("indicator", "period", "breakdown", *FIGURE_FIELDS, *TIMESTAMPS)
