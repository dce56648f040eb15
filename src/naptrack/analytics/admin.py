"""How a plan judges progress, set in the admin: the thresholds of its statuses.

The stored roll-ups are computed with the thresholds, so saving or removing a plan's settings
queues the rebuild of that plan's progress (seconds on a demo, a minute on a large plan).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from naptrack.analytics.models import ProgressSettings
from naptrack.core.admin import TIMESTAMPS, TimestampedAdmin


@admin.register(ProgressSettings)
class ProgressSettingsAdmin(TimestampedAdmin):
    list_display = ("plan", "on_track_from", "at_risk_from", "updated_at")
    list_select_related = ("plan",)
    search_fields = ("plan__code", "plan__title_th", "plan__title_en", "plan__title_vi")
    autocomplete_fields = ("plan",)
    fieldsets = (
        (None, {"fields": ("plan",)}),
        (
            _("Statuses"),
            {
                "fields": ("on_track_from", "at_risk_from"),
                "description": _(
                    "An indicator that has come at least this share of the way from its baseline "
                    "to its target is on track (or at risk); below the “at risk” threshold it is "
                    "off track; at 100 % it is achieved. Without settings a plan uses 80 % and 50 %."
                ),
            },
        ),
        (_("Record"), {"fields": TIMESTAMPS}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Settings belong to one plan; another plan gets its own row.
        return TIMESTAMPS if obj is None else ("plan", *TIMESTAMPS)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self._rebuild(request, [obj.plan])

    def delete_model(self, request, obj) -> None:
        plan = obj.plan
        super().delete_model(request, obj)
        self._rebuild(request, [plan])

    def delete_queryset(self, request, queryset) -> None:
        plans = [settings.plan for settings in queryset.select_related("plan")]
        super().delete_queryset(request, queryset)
        self._rebuild(request, plans)

    def _rebuild(self, request, plans) -> None:
        # Imported here: defining a task binds the task backend, which must not happen while the
        # admin is being discovered (tests and commands choose their backend after that).
        from naptrack.analytics.tasks import schedule_plan_rebuild

        for plan in plans:
            schedule_plan_rebuild(plan.pk)
        self.message_user(
            request,
            _("The progress of %(plans)s is being recomputed with the new thresholds.")
            % {"plans": ", ".join(plan.code for plan in plans)},
            messages.INFO,
        )
