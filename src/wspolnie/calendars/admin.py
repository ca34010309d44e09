from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import Feed, ImportedEvent


@admin.register(Feed)
class FeedAdmin(AuditedModelAdmin):
    list_display = ["url", "organisation", "kind", "enabled", "last_status", "last_error",
                    "last_success"]
    list_filter = ["kind", "enabled", "last_status"]
    search_fields = ["url", "organisation__name"]


@admin.register(ImportedEvent)
class ImportedEventAdmin(AuditedModelAdmin):
    list_display = ["title", "feed", "starts_at", "hidden_by_staff"]
    list_filter = ["hidden_by_staff"]
    search_fields = ["title", "uid"]
