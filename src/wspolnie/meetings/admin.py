from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import AgendaItem, Event, Question, Registration, Series, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Series)
class SeriesAdmin(AuditedModelAdmin):
    list_display = ["__str__", "slug", "organiser"]
    inlines = [ThemeInline]
    filter_horizontal = ["co_organisers"]


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
