from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import AgendaItem, Event, Question, Registration, Series, SeriesCoOrganiser, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class CoOrganiserInline(admin.TabularInline):
    """Naming one here asks it too: only its admins confirm (the status is theirs)."""

    model = SeriesCoOrganiser
    extra = 0
    readonly_fields = ["status", "answered_at"]


@admin.register(Series)
class SeriesAdmin(AuditedModelAdmin):
    list_display = ["__str__", "slug", "organiser"]
    inlines = [ThemeInline, CoOrganiserInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(AuditedModelAdmin):
    list_display = ["__str__", "slug", "starts_at", "format", "status"]
    list_filter = ["status", "format", "series"]
    search_fields = ["slug"]
    filter_horizontal = ["organisers"]
    inlines = [AgendaItemInline, QuestionInline]


@admin.register(Registration)
class RegistrationAdmin(AuditedModelAdmin):
    list_display = ["name", "email", "event", "status", "created"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email"]
    readonly_fields = ["token"]
