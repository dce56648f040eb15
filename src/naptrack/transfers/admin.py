from django.contrib import admin

from naptrack.transfers.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Uploaded files and what they did: read only; imports are checked and applied by their
    services (transfers.services_bulk, transfers.services_template), never edited here."""

    list_display = (
        "created_at",
        "original_name",
        "kind",
        "uploaded_by",
        "plan",
        "report",
        "file_format",
        "state",
        "applied_at",
    )
    list_filter = ("kind", "state", "file_format")
    search_fields = ("original_name", "token", "uploaded_by__username", "plan__code")
    list_select_related = ("uploaded_by", "plan", "report__organization", "report__round")
    date_hierarchy = "created_at"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
