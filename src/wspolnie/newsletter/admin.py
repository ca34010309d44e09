"""Django admin for the subscription models. Addresses are personal data: the admin can look
and correct, but erasure goes through the staff page (which also blanks the consent log)."""

from django.contrib import admin

from wspolnie.core.admin import AuditedModelAdmin

from .models import ConsentRecord, Delivery, Issue, IssueItem, SignupAttempt, Subscriber


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    fields = ["at", "action", "source", "language", "text", "details"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Subscriber)
class SubscriberAdmin(AuditedModelAdmin):
    list_display = ["email", "status", "languages", "created", "confirmed_at", "bounce_count"]
    list_filter = ["status", "topics"]
    search_fields = ["email"]
    readonly_fields = ["token", "created", "confirmation_sent_at", "confirmed_at",
                       "unsubscribed_at"]
    filter_horizontal = ["topics"]
    inlines = [ConsentInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(AuditedModelAdmin):
    """Read-only: the log is evidence and must not be edited."""

    list_display = ["at", "email", "action", "source", "language"]
    list_filter = ["action", "source"]
    search_fields = ["email"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SignupAttempt)
class SignupAttemptAdmin(AuditedModelAdmin):
    list_display = ["key", "at"]
    readonly_fields = ["key", "at"]

    def has_add_permission(self, request) -> bool:
        return False


class IssueItemInline(admin.TabularInline):
    model = IssueItem
    extra = 0
    raw_id_fields = ["announcement"]


@admin.register(Issue)
class IssueAdmin(AuditedModelAdmin):
    """Composing and sending go through the staff pages (they check and log); the admin is
    for looking."""

    list_display = ["__str__", "status", "created", "started_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "created_by", "created", "started_at", "finished_at",
                       "watchdog_task_id"]
    inlines = [IssueItemInline]


@admin.register(Delivery)
class DeliveryAdmin(AuditedModelAdmin):
    """Read-only: the delivery record is what the fan-out relies on to be crash-safe."""

    list_display = ["email", "issue", "language", "status", "attempts", "sent_at", "error"]
    list_filter = ["status", "language"]
    search_fields = ["email", "message_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
