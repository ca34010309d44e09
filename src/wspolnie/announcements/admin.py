from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import Announcement, AnnouncementTranslation


class TranslationInline(admin.StackedInline):
    model = AnnouncementTranslation
    extra = 0
    fields = ["language", "status", "translator", "title", "body", "machine_translated",
              "approved_by", "approved_at"]
    raw_id_fields = ["translator", "approved_by"]


@admin.register(Announcement)
class AnnouncementAdmin(AuditedModelAdmin):
    list_display = ["title", "organisation", "kind", "status", "source_language", "publish_at"]
    list_filter = ["status", "kind", "source_language"]
    search_fields = ["title", "body", "organisation__name"]
    date_hierarchy = "created"
    filter_horizontal = ["topics", "communities", "languages", "districts"]
    raw_id_fields = ["organisation", "event", "created_by"]
    readonly_fields = ["source_revision", "created", "updated"]
    inlines = [TranslationInline]


@admin.register(AnnouncementTranslation)
class AnnouncementTranslationAdmin(AuditedModelAdmin):
    list_display = ["announcement", "language", "status", "translator", "updated"]
    list_filter = ["status", "language"]
    search_fields = ["announcement__title", "title"]
    raw_id_fields = ["announcement", "translator", "approved_by"]
