from django.contrib import admin

from naptrack.documents.models import DocumentJob


@admin.register(DocumentJob)
class DocumentJobAdmin(admin.ModelAdmin):
    """What has been asked for and how it went; documents are made and expired by their services."""

    list_display = (
        "created_at",
        "requested_by",
        "plan",
        "period",
        "organization",
        "format",
        "language",
        "state",
        "progress",
        "size",
        "expires_at",
    )
    list_filter = ("state", "format", "language")
    search_fields = ("requested_by__username", "plan__code", "filename", "token")
    list_select_related = ("requested_by", "plan", "period", "organization")
    date_hierarchy = "created_at"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Files are deleted with their jobs by the purge (naptrack purge_documents), never here.
        return False
