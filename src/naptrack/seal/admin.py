"""The Seal in the admin.

Programmes, their dimensions, standards and benchmarks are configuration: edited here (or loaded
from a spreadsheet with `naptrack seal_programme_import`). Enrolments and everything that happens
in them are read only: every change goes through the Seal's services, with their permission
checks, history and notifications, never through a bare form.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from naptrack.core.admin import TIMESTAMPS, ModelRulesForm, TimestampedAdmin, related_count
from naptrack.seal.models import (
    Action,
    ActionUpdate,
    Assessment,
    Award,
    Benchmark,
    BenchmarkScore,
    CommitteeMember,
    Enrolment,
    EvidenceRequest,
    Programme,
    SealDimension,
    SealEvidence,
    SelfAssessmentItem,
    StageEvent,
    Standard,
)

# --- Programmes (configuration) -----------------------------------------------------------------


class SealDimensionInline(admin.TabularInline):
    model = SealDimension
    form = ModelRulesForm
    fields = ("code", "name_th", "name_en", "name_vi", "sort_order")
    extra = 0
    show_change_link = True


class StandardInline(admin.TabularInline):
    model = Standard
    form = ModelRulesForm
    fields = ("code", "name_th", "name_en", "name_vi", "sort_order")
    extra = 0
    show_change_link = True


class BenchmarkForm(ModelRulesForm):
    """The benchmark's programme is its standard's: set from it, never chosen apart."""

    class Meta:
        model = Benchmark
        exclude = ("programme",)

    def clean(self):
        data = super().clean()
        standard = data.get("standard")
        if standard is not None:
            self.instance.programme = standard.dimension.programme
            code = data.get("code")
            clash = Benchmark.objects.filter(programme=self.instance.programme, code=code).exclude(
                pk=self.instance.pk
            )
            if code and clash.exists():
                raise ValidationError(
                    {"code": _("Another benchmark of this programme has this code.")}
                )
        return data


class BenchmarkInline(admin.StackedInline):
    model = Benchmark
    form = BenchmarkForm
    fields = (
        ("code", "sort_order", "weight", "is_illustrative"),
        ("mandatory_bronze", "mandatory_silver", "mandatory_gold"),
        "text_th",
        "text_en",
        "text_vi",
        "verification_th",
        "verification_en",
        "verification_vi",
    )
    extra = 0
    show_change_link = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name.startswith(("text_", "verification_")) and field is not None:
            field.widget.attrs.update({"rows": 2, "cols": 80})
        return field


@admin.register(Programme)
class ProgrammeAdmin(TimestampedAdmin):
    list_display = (
        "code",
        "version",
        "__str__",
        "bronze_threshold",
        "silver_threshold",
        "gold_threshold",
        "award_years",
        "benchmark_count",
        "is_published",
        "is_illustrative",
    )
    list_filter = ("is_published", "is_illustrative", "code")
    search_fields = ("code", "version", "name_th", "name_en")
    fieldsets = (
        (None, {"fields": ("code", "version", "previous", "is_published", "is_illustrative")}),
        (_("Name"), {"fields": ("name_th", "name_en", "name_vi")}),
        (
            _("Description"),
            {
                "fields": ("description_th", "description_en", "description_vi"),
                "classes": ("collapse",),
            },
        ),
        (
            _("Award rules"),
            {"fields": ("bronze_threshold", "silver_threshold", "gold_threshold", "award_years")},
        ),
        (_("Record"), {"fields": TIMESTAMPS, "classes": ("collapse",)}),
    )
    inlines = [SealDimensionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(benchmark_total=related_count(Benchmark, "programme"))
        )

    @admin.display(description=_("benchmarks"), ordering="benchmark_total")
    def benchmark_count(self, obj):
        return obj.benchmark_total


@admin.register(SealDimension)
class SealDimensionAdmin(TimestampedAdmin):
    list_display = ("code", "__str__", "programme", "sort_order")
    list_filter = ("programme",)
    search_fields = ("code", "name_th", "name_en")
    fields = ("programme", "code", "name_th", "name_en", "name_vi", "sort_order", *TIMESTAMPS)
    inlines = [StandardInline]


@admin.register(Standard)
class StandardAdmin(TimestampedAdmin):
    list_display = ("code", "__str__", "dimension", "sort_order")
    list_filter = ("dimension__programme",)
    search_fields = ("code", "name_th", "name_en")
    fields = ("dimension", "code", "name_th", "name_en", "name_vi", "sort_order", *TIMESTAMPS)
    inlines = [BenchmarkInline]


class MandatoryFilter(admin.SimpleListFilter):
    title = _("mandatory for")
    parameter_name = "mandatory"

    def lookups(self, request, model_admin):
        return (
            ("bronze", _("Bronze")),
            ("silver", _("Silver")),
            ("gold", _("Gold")),
            ("none", _("No level")),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("bronze", "silver", "gold"):
            return queryset.filter(**{f"mandatory_{value}": True})
        if value == "none":
            return queryset.filter(
                mandatory_bronze=False, mandatory_silver=False, mandatory_gold=False
            )
        return queryset


@admin.register(Benchmark)
class BenchmarkAdmin(TimestampedAdmin):
    form = BenchmarkForm
    list_display = (
        "code",
        "short_text",
        "programme",
        "dimension",
        "mandatory_bronze",
        "mandatory_silver",
        "mandatory_gold",
        "weight",
        "is_illustrative",
    )
    list_display_links = ("code", "short_text")
    list_filter = (
        "programme",
        "standard__dimension",
        MandatoryFilter,
        "mandatory_bronze",
        "mandatory_silver",
        "mandatory_gold",
        "is_illustrative",
    )
    search_fields = ("code", "text_th", "text_en", "text_vi", "verification_th", "verification_en")
    list_select_related = ("programme", "standard__dimension")
    fieldsets = (
        (None, {"fields": ("standard", ("code", "sort_order"), ("weight", "is_illustrative"))}),
        (
            _("Mandatory at"),
            {"fields": (("mandatory_bronze", "mandatory_silver", "mandatory_gold"),)},
        ),
        (_("Benchmark"), {"fields": ("text_th", "text_en", "text_vi")}),
        (
            _("Means of verification"),
            {"fields": ("verification_th", "verification_en", "verification_vi")},
        ),
        (_("Record"), {"fields": TIMESTAMPS, "classes": ("collapse",)}),
    )

    @admin.display(description=_("benchmark"))
    def short_text(self, obj):
        text = obj.text
        return text if len(text) <= 80 else text[:79] + "…"

    @admin.display(description=_("dimension"), ordering="standard__dimension__sort_order")
    def dimension(self, obj):
        return obj.standard.dimension


# --- The workflow (read only) ---------------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StageEventInline(ReadOnlyInline):
    model = StageEvent
    fields = ("created_at", "kind", "stage", "actor", "comment", "data")
    show_change_link = False


class CommitteeInline(ReadOnlyInline):
    model = CommitteeMember
    fields = ("name", "position", "unit", "role")
    show_change_link = False


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = (
        "institution",
        "cycle",
        "programme",
        "stage",
        "started_on",
        "commitment_signed_on",
        "self_assessment_due_on",
        "self_assessment_submitted_at",
    )
    list_filter = ("stage", "programme")
    search_fields = ("institution__code", "institution__name_th", "institution__name_en")
    list_select_related = ("institution", "programme")
    inlines = [CommitteeInline, StageEventInline]


@admin.register(StageEvent)
class StageEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "enrolment", "kind", "stage", "actor")
    list_filter = ("kind", "stage")
    search_fields = ("enrolment__institution__code", "comment")
    list_select_related = ("enrolment__institution", "actor")


@admin.register(SelfAssessmentItem)
class SelfAssessmentItemAdmin(ReadOnlyAdmin):
    list_display = ("enrolment", "benchmark_code", "unit", "due_on", "state", "answer", "version")
    list_filter = ("state", "answer", "enrolment__programme")
    search_fields = ("benchmark__code", "enrolment__institution__code", "unit__code")
    list_select_related = ("enrolment__institution", "benchmark", "unit")

    @admin.display(description=_("benchmark"), ordering="benchmark__code")
    def benchmark_code(self, obj):
        return obj.benchmark.code


@admin.register(SealEvidence)
class SealEvidenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "item", "original_name", "content_type", "size", "uploaded_by")
    search_fields = ("title", "original_name", "sha256")
    list_select_related = ("item__benchmark", "uploaded_by")
    exclude = ("file",)  # downloads go through the pages, which check who may read


class BenchmarkScoreInline(ReadOnlyInline):
    model = BenchmarkScore
    fields = ("benchmark", "result", "comment", "scored_by", "scored_at")
    show_change_link = False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("enrolment", "state", "started_at", "concluded_at", "compliance", "level")
    list_filter = ("state", "level")
    list_select_related = ("enrolment__institution",)
    filter_horizontal = ("assessors",)
    inlines = [BenchmarkScoreInline]


@admin.register(EvidenceRequest)
class EvidenceRequestAdmin(ReadOnlyAdmin):
    list_display = ("item", "state", "requested_by", "created_at", "responded_by", "responded_at")
    list_filter = ("state",)
    search_fields = ("message", "response")


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = (
        "certificate_number",
        "enrolment",
        "level",
        "compliance",
        "awarded_on",
        "expires_on",
    )
    list_filter = ("level",)
    search_fields = ("certificate_number", "enrolment__institution__code")
    date_hierarchy = "awarded_on"


class ActionUpdateInline(ReadOnlyInline):
    model = ActionUpdate
    fields = ("reported_on", "progress", "status", "note", "reported_by")
    show_change_link = False


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ("title", "enrolment", "unit", "due_on", "status", "progress")
    list_filter = ("status",)
    search_fields = ("title", "description")
    list_select_related = ("enrolment__institution", "unit")
    inlines = [ActionUpdateInline]
