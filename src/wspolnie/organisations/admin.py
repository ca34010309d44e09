from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "updated"]
    list_filter = ["kind"]
    search_fields = ["name", "short_description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
