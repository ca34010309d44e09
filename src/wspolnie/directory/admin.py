from django.contrib import admin

from .models import Community, District, Language, Topic


@admin.register(Topic, Community, District)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["slug", "__str__", "position"]
    list_editable = ["position"]
    search_fields = ["slug", "names"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "native_name"]
    search_fields = ["code"]
