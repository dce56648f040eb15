"""Configuration of reporting periods: an officer types a code, the calendar gives the rest."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from naptrack.core.admin import ModelRulesForm
from naptrack.periods import calendars
from naptrack.periods.models import Period
from naptrack.periods.services import period_get_or_create


class PeriodForm(ModelRulesForm):
    class Meta:
        model = Period
        fields = ("code",)
        help_texts = {
            "code": _(
                "FY2568, FY2568-H1, FY2568-Q1, CY2024, CY2024-Q1, M2024-03 or LIFE-20231001-20270930; "
                "the kind, the dates and the larger period it belongs to follow from the code."
            )
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        code = cleaned.get("code")
        if code:
            try:
                spec = calendars.parse_period_code(code)
            except calendars.PeriodCodeError:
                # Period.clean() explains what a period code looks like, beside the field.
                return cleaned
            cleaned["code"] = spec.code
            self.instance.kind, self.instance.start, self.instance.end = (
                spec.kind.value,
                spec.start,
                spec.end,
            )
        return cleaned


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    form = PeriodForm
    list_display = ("code", "display_label", "kind", "start", "end", "parent")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("code",)
    computed = ("label_th", "label_en", "kind", "start", "end", "parent")

    def get_fields(self, request, obj=None):
        return ("code",) if obj is None else ("code", *self.computed)

    def get_readonly_fields(self, request, obj=None):
        # A period's dates are its code's; changing either would move every figure set for it.
        return () if obj is None else ("code", *self.computed)

    def save_model(self, request, obj: Period, form, change: bool) -> None:
        if not change:
            spec = calendars.parse_period_code(obj.code)
            obj.parent = period_get_or_create(spec.parent_code) if spec.parent_code else None
        super().save_model(request, obj, form, change)

    @admin.display(description=_("name"))
    def display_label(self, obj: Period) -> str:
        return obj.label()

    @admin.display(description=_("name in Thai"))
    def label_th(self, obj: Period) -> str:
        return obj.label("th")

    @admin.display(description=_("name in English"))
    def label_en(self, obj: Period) -> str:
        return obj.label("en")
