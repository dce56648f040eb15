"""Rounds and reports in the admin, read only: every change to them goes through the workflow
services (and their permission checks, history and notifications), never through a bare form."""

from django.contrib import admin

from naptrack.reporting.models import Event, Evidence, Report, ReportLine, Round, Value, ValueChange


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = Event
    fields = ("created_at", "kind", "actor", "state_before", "state_after", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "plan", "period", "opens_on", "due_on", "closes_on", "state")
    list_filter = ("state", "plan")
    search_fields = ("plan__code", "period__code", "title_th", "title_en")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "organization",
        "state",
        "submitted_at",
        "accepted_at",
        "last_activity_at",
    )
    list_filter = ("state", "round__plan")
    search_fields = ("organization__code", "organization__name_th", "organization__name_en")
    inlines = [EventInline]


@admin.register(ReportLine)
class ReportLineAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "rating", "version", "updated_at")
    list_filter = ("rating",)


@admin.register(Value)
class ValueAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "value",
        "numerator",
        "denominator",
        "entered_by",
        "updated_by",
        "updated_at",
    )


@admin.register(ValueChange)
class ValueChangeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "changed_by", "changed_at", "reason")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "report",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "created_at",
    )
    search_fields = ("title", "sha256")


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "actor", "created_at", "state_before", "state_after")
    list_filter = ("kind",)
