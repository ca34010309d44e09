from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from wspolnie.core import audit
from wspolnie.core.admin import HIDDEN, AuditedAdminMixin, AuditedModelAdmin

from .models import ApiToken, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")
        field_classes = {}


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "email_verified_at"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "name", "preferred_language"]}),
        (_("Status"), {"fields": ["is_active", "email_verified_at", "is_staff", "is_superuser"]}),
        (_("Permissions"), {"fields": ["groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "name", "usable_password", "password1", "password2"]})
    ]
    readonly_fields = ["email_verified_at"]

    def user_change_password(self, request, id, form_url=""):
        # Its own form and view, past save_model: log that (not to what) the password changed.
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(id))
            audit.record(request.user, "admin.changed", user, {"password": [HIDDEN, HIDDEN]})
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ["name", "user", "prefix", "created", "last_used_at"]
    readonly_fields = ["token_hash", "prefix", "created", "last_used_at"]
