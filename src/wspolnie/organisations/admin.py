from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from wspolnie.core.admin import AuditedModelAdmin
from wspolnie.directory.fields import MultilingualField
from wspolnie.directory.models import translations_contain

from .forms import LogoField
from .models import SHORT_TEXT_MAX_LENGTH, Location, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


# No Meta: the admin builds each form for its model (modelform_factory).
class LocationAdminForm(forms.ModelForm):
    """Opening hours and accessibility side by side in each content language, as on the
    site, not as raw JSON."""

    opening_hours = MultilingualField(required=False, max_length=SHORT_TEXT_MAX_LENGTH)
    accessibility = MultilingualField(required=False, max_length=SHORT_TEXT_MAX_LENGTH)


class LocationInline(admin.StackedInline):
    model = Location
    form = LocationAdminForm
    extra = 0


class OrganisationAdminForm(forms.ModelForm):
    short_description = MultilingualField(required=False, max_length=SHORT_TEXT_MAX_LENGTH)
    description = MultilingualField(required=False, max_length=5000)
    # Checked by content and re-encoded, as in the profile form.
    logo = LogoField(label=_("Logo"), required=False)


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    form = OrganisationAdminForm
    # Web addresses typed without a scheme get https:// (as in the profile form).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "updated"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LocationInline, MembershipInline]

    def get_search_results(self, request, queryset, search_term):
        # The short description is searched in each language's text (see
        # translations_contain), not in its stored JSON.
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        if search_term:
            results |= queryset.filter(translations_contain("short_description", search_term))
        return results, may_have_duplicates
