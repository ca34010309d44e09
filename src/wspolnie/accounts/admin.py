from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
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


class SecondFactorAdminSite(AdminSite):
    """The admin, behind the site's own two-step login: its login page is the site's, and only
    a session verified with a second factor may use it (staff always have one)."""

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not staff: the site's login would send them straight back here.
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name),
            reverse("accounts:login"),
        )


# As django-otp documents for its OTPAdminSite: every ModelAdmin registered on the default
# site stays where it is.
admin.site.__class__ = SecondFactorAdminSite
