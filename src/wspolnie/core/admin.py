"""Django admin: the audit log itself, and the base every ModelAdmin of the project uses so that
edits made in the admin are in the audit log like those made on the staff pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import AuditEntry

audit.register_action("admin.added", _("Added in the admin"))
audit.register_action("admin.changed", _("Changed in the admin"))
audit.register_action("admin.deleted", _("Deleted in the admin"))

#: Fields whose values never go into the log (it says that they changed, not to what).
SECRET_FIELDS = frozenset({"password", "token", "token_hash"})
HIDDEN = audit.HIDDEN


def _value(instance: models.Model, field) -> Any:
    if field.many_to_many:
        if instance.pk is None:
            return []
        return sorted(str(related) for related in getattr(instance, field.name).all())
    value = getattr(instance, field.name)
    if isinstance(field, models.FileField):
        return value.name or None
    return audit._plain(value)


def audit_snapshot(instance: models.Model) -> dict[str, Any]:
    """Every editable field's value as the log stores it (related objects by their name)."""
    opts = instance._meta
    return {
        field.name: HIDDEN if field.name in SECRET_FIELDS else _value(instance, field)
        for field in [*opts.concrete_fields, *opts.many_to_many]
        if field.editable and not field.primary_key
    }


class AuditedAdminMixin:
    """Records "admin.added", "admin.changed" (with {field: [old, new]} for what changed,
    inlines included) and "admin.deleted" (with the values it had), by the signed-in user —
    for the change form, list_editable and the bulk "delete selected" action alike."""

    def save_model(self, request, obj, form, change) -> None:
        before = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                before = audit_snapshot(stored)
        obj._audit_before = before
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(obj, "_audit_before", {})
        after = audit_snapshot(obj)
        if change:
            changes = audit.diff_fields(before, after)
        else:
            changes = {name: [None, value] for name, value in after.items()
                       if value not in (None, "", [], {})}
        for formset in formsets:
            summary = self._formset_summary(formset)
            if summary:
                changes[str(formset.model._meta.verbose_name_plural)] = [None, summary]
        if change and not changes:
            return
        audit.record(request.user, "admin.changed" if change else "admin.added", obj, changes)

    @staticmethod
    def _formset_summary(formset) -> str:
        parts = [gettext("added: %s") % obj for obj in getattr(formset, "new_objects", [])]
        parts += [
            gettext("changed: %(object)s (%(fields)s)") % {
                "object": obj, "fields": ", ".join(fields)}
            for obj, fields in getattr(formset, "changed_objects", [])
        ]
        parts += [gettext("removed: %s") % obj for obj in getattr(formset, "deleted_objects", [])]
        return "; ".join(parts)

    def delete_model(self, request, obj) -> None:
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    @staticmethod
    def _record_deletion(request, obj) -> None:
        audit.record(request.user, "admin.deleted", obj, {
            name: [value, None] for name, value in audit_snapshot(obj).items()
            if value not in (None, "", [], {})
        })


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The base of every ModelAdmin in the project."""

    # Addresses typed without a scheme are https (as on the project's own forms; Django 6's
    # default, and no deprecation warning on every change form with a URL field).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedModelAdmin):
    list_display = ["created", "actor", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor__email"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
