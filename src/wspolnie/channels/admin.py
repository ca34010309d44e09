from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import Channel


@admin.register(Channel)
class ChannelAdmin(AuditedModelAdmin):
    list_display = ["name", "organisation", "kind", "estimated_reach", "active", "updated"]
    list_filter = ["kind", "active", "citywide"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["languages", "communities", "districts"]
