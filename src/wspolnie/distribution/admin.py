from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import PlanItem


@admin.register(PlanItem)
class PlanItemAdmin(AuditedModelAdmin):
    list_display = ["announcement", "channel", "status", "deadline", "done_by", "done_at"]
    list_filter = ["status", "added_by_hand"]
    search_fields = ["announcement__title", "channel__name"]
    raw_id_fields = ["announcement", "channel", "done_by"]
