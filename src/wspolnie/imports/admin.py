from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(AuditedModelAdmin):
    """Read-only: jobs change only through the import itself."""

    list_display = ["original_name", "entity", "created_by", "status", "total_rows",
                    "invalid_rows", "created"]
    list_filter = ["status", "entity"]
    search_fields = ["original_name", "created_by__email"]
    exclude = ["content"]
    readonly_fields = [field.name for field in ImportJob._meta.fields if field.name != "content"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
