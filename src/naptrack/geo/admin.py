"""Configuration of areas: countries, provinces, districts and the groups they are followed in."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from naptrack.core.admin import TimestampedAdmin, related_count
from naptrack.geo.models import Area, AreaGroup


@admin.register(Area)
class AreaAdmin(TimestampedAdmin):
    list_display = ("code", "display_name", "level", "parent", "official_code", "child_count")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code", "official_code", "iso_code", "name_th", "name_en", "name_vi")
    autocomplete_fields = ("parent",)
    fields = (
        "code",
        "level",
        "parent",
        "official_code",
        "iso_code",
        "name_th",
        "name_en",
        "name_vi",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(child_count=related_count(Area, "parent"))

    @admin.display(description=_("name"), ordering="name_en")
    def display_name(self, obj: Area) -> str:
        return obj.name

    @admin.display(description=_("parts"), ordering="child_count")
    def child_count(self, obj: Area) -> int:
        return obj.child_count


@admin.register(AreaGroup)
class AreaGroupAdmin(TimestampedAdmin):
    list_display = ("code", "display_name", "area_count")
    search_fields = ("code", "name_th", "name_en", "name_vi")
    autocomplete_fields = ("areas",)
    fields = ("code", "name_th", "name_en", "name_vi", "areas", "created_at", "updated_at")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(area_count=related_count(AreaGroup.areas.through, "areagroup"))
        )

    @admin.display(description=_("name"), ordering="name_en")
    def display_name(self, obj: AreaGroup) -> str:
        return obj.name

    @admin.display(description=_("areas"), ordering="area_count")
    def area_count(self, obj: AreaGroup) -> int:
        return obj.area_count
