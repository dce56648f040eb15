"""Configuration of agencies and of who holds which role in them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from naptrack.core.admin import ModelRulesForm, TimestampedAdmin, related_count
from naptrack.organizations.models import Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    form = ModelRulesForm
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(TimestampedAdmin):
    list_display = (
        "code",
        "display_name",
        "display_abbreviation",
        "kind",
        "parent",
        "country",
        "member_count",
        "is_active",
    )
    list_filter = ("kind", "is_active", ("country", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent", "country")
    search_fields = (
        "code",
        "name_th",
        "name_en",
        "name_vi",
        "abbreviation_th",
        "abbreviation_en",
        "abbreviation_vi",
    )
    autocomplete_fields = ("parent", "country")
    fields = (
        "code", "kind", "parent", "country", "name_th", "name_en", "name_vi",
        "abbreviation_th", "abbreviation_en", "abbreviation_vi", "website", "is_active", "created_at", "updated_at",
    )  # fmt: skip
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=related_count(Membership, "organization", "user", distinct=True))
        )

    @admin.display(description=_("name"), ordering="name_en")
    def display_name(self, obj: Organization) -> str:
        return obj.name

    @admin.display(description=_("abbreviation"))
    def display_abbreviation(self, obj: Organization) -> str:
        return obj.abbreviation

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj: Organization) -> int:
        return obj.member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = ModelRulesForm
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role",)
    list_select_related = ("user", "organization")
    search_fields = (
        "user__username", "user__email", "user__first_name", "user__last_name", "organization__code",
        "organization__name_th", "organization__name_en", "organization__abbreviation_th", "organization__abbreviation_en",
    )  # fmt: skip
    autocomplete_fields = ("user", "organization")
    readonly_fields = ("created_at",)
