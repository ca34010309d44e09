from django.contrib import admin

from .models import Channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "estimated_reach", "active", "updated"]
    list_filter = ["kind", "active", "citywide"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["languages", "communities", "districts"]
