"""The audit log names people by id (see wspolnie.core.audit): rewrite the entries written
before — a person's row named "<model> #<id>" instead of their name or address, the values of
their personal fields hidden, and members of organisations referred to by user id instead of
their e-mail address."""

from django.conf import settings
from django.db import migrations

HIDDEN = "•••"
#: object type → personal fields (as AUDIT_PERSONAL_FIELDS on the models at this point).
PEOPLE = {
    "accounts.user": {"name", "email"},
    "meetings.registration": {"name", "email", "organisation_name", "answers", "user"},
    "newsletter.subscriber": {"email"},
    "newsletter.consentrecord": {"email"},
    "newsletter.delivery": {"email", "error", "reason", "subscriber"},
    "organisations.membership": {"user"},
    "organisations.outdatedreport": {"email", "reporter"},
    "organisations.joinrequest": {"user", "message"},
}


def _hidden(value):
    return None if value in (None, "", [], {}) else HIDDEN


def _scrub(changes, fields):
    scrubbed = {}
    for name, change in (changes or {}).items():
        if name not in fields:
            scrubbed[name] = change
        elif isinstance(change, list) and len(change) == 2:
            scrubbed[name] = [_hidden(change[0]), _hidden(change[1])]
        else:
            scrubbed[name] = _hidden(change)
    return scrubbed


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for entry in AuditEntry.objects.filter(object_type__in=list(PEOPLE)).iterator():
        entry.object_repr = f"{entry.object_type.split('.')[1]} #{entry.object_id}"
        entry.changes = _scrub(entry.changes, PEOPLE[entry.object_type])
        entry.save(update_fields=["object_repr", "changes"])
    ids = {}
    for entry in AuditEntry.objects.filter(action="organisation.membership_set").iterator():
        changes = dict(entry.changes or {})
        member = changes.pop("member", None)
        if member is None:
            continue
        values = member if isinstance(member, list) else [None, member]
        for value in values:
            if value and value not in ids:
                ids[value] = (User.objects.filter(email__iexact=value)
                              .values_list("pk", flat=True).first())
        changes.setdefault("user_id", [ids.get(value) if value else None for value in values])
        entry.changes = changes
        entry.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_outgoing_mail"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
