from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import Count, LeaderPage, TrackedLink


@admin.register(TrackedLink)
class TrackedLinkAdmin(AuditedModelAdmin):
    list_display = ["code", "item", "created"]
    raw_id_fields = ["item"]
    readonly_fields = ["code"]


@admin.register(Count)
class CountAdmin(AuditedModelAdmin):
    list_display = ["link", "day", "language", "kind", "count"]
    list_filter = ["kind"]
    raw_id_fields = ["link"]


@admin.register(LeaderPage)
class LeaderPageAdmin(AuditedModelAdmin):
    list_display = ["channel", "created"]
    raw_id_fields = ["channel"]
