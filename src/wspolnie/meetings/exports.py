"""The organisers' participant list as CSV / XLSX (tablib; written by lib.spreadsheets, which
keeps formula-like values as text).

Respecting consent: the e-mail address is only in the file for people who agreed to share it
(`share_contact`, asked on the registration form); the others are listed by name. Cancelled
registrations are left out.
"""

from __future__ import annotations

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event, Registration


def registrations_dataset(event: Event) -> tablib.Dataset:
    questions = list(event.questions.all())
    headers = [_("Full name"), _("E-mail address"), _("Organisation"),
               _("Language"), _("Status"), _("Registered"), _("Checked in")]
    headers += [question.label_text for question in questions]
    dataset = tablib.Dataset(headers=headers, title=event.slug[:31])
    registrations = event.registrations.exclude(status=Registration.Status.CANCELLED)
    for registration in registrations.order_by("created", "id"):
        dataset.append([
            registration.name,
            registration.email if registration.share_contact else "",
            registration.organisation_name,
            registration.language,
            registration.get_status_display(),
            timezone.localtime(registration.created, event.zone).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(registration.checked_in_at, event.zone).strftime("%Y-%m-%d %H:%M")
            if registration.checked_in_at else "",
        ] + [question.display(registration.answers.get(str(question.pk)))
             for question in questions])
    return dataset
