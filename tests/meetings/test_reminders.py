"""Reminders: scheduled tasks in the task queue's table (run_after), not timers in memory.
Moving a meeting schedules a new reminder and leaves the old one a no-op; a reminder is sent
once per registrant. The last test runs the real worker in a child process."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.helpers import subject_of, tr
from tests.processes import child_environment, database_url_for_children, run_wspolnie
from tests.smtp import body_text
from wspolnie.meetings import services
from wspolnie.meetings.models import Event, Registration
from wspolnie.meetings.tasks import send_event_reminders
from wspolnie.organisations.models import Membership, Organisation

from .factories import make_event, register

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
R = Registration.Status
REMINDER_TASK = "wspolnie.meetings.tasks.send_event_reminders"


@pytest.fixture
def organiser(transactional_db):
    from tests.base import make_user

    org = Organisation.objects.create(name="Org", slug="org", kind="ngo", status="approved")
    user = make_user("organiser@example.org", "Organiser")
    Membership.objects.create(user=user, organisation=org, role="admin")
    return org, user


def reminder_rows():
    return DBTaskResult.objects.filter(task_path=REMINDER_TASK).order_by("enqueued_at")


@pytest.mark.django_db(transaction=True)
def test_opening_registration_schedules_the_reminder_before_the_start(settings, organiser):
    settings.TASKS = DATABASE_TASKS
    org, user = organiser
    event = make_event(org, status=Event.Status.AGENDA, reminder_hours=24)

    services.do_change_status(user, event, Event.Status.REGISTRATION_OPEN)

    [row] = reminder_rows()
    assert row.run_after == event.starts_at - dt.timedelta(hours=24)
    assert row.args_kwargs["kwargs"] == {"event_id": event.pk,
                                         "starts_at": event.starts_at.isoformat()}
    assert row.status == "READY"


@pytest.mark.django_db(transaction=True)
def test_no_reminder_when_switched_off(settings, organiser):
    settings.TASKS = DATABASE_TASKS
    org, user = organiser
    event = make_event(org, status=Event.Status.AGENDA, reminder_hours=0)
    services.do_change_status(user, event, Event.Status.REGISTRATION_OPEN)
    assert not reminder_rows().exists()


@pytest.mark.django_db(transaction=True)
def test_moving_the_meeting_reschedules_and_the_old_reminder_does_nothing(
    settings, organiser, smtp_server
):
    settings.TASKS = DATABASE_TASKS
    org, user = organiser
    event = make_event(org, status=Event.Status.AGENDA)
    services.do_change_status(user, event, Event.Status.REGISTRATION_OPEN)
    register(event, "olena@example.org", "Olena", language="uk")
    old_start = event.starts_at

    new_start = old_start + dt.timedelta(days=3)
    services.do_update_event(user, event, starts_at=new_start,
                             ends_at=new_start + dt.timedelta(hours=2))

    old, new = reminder_rows()
    assert new.run_after == new_start - dt.timedelta(hours=24)
    assert new.args_kwargs["kwargs"]["starts_at"] == new_start.isoformat()
    # The old task, when its time comes, finds the meeting moved and sends nothing.
    assert send_event_reminders.call(**old.args_kwargs["kwargs"]) == 0


@pytest.mark.django_db(transaction=True)
def test_a_reminder_goes_once_to_each_seat_holder_in_their_language(organiser, smtp_server):
    org, _user = organiser
    event = make_event(org, online_link="https://meet.example.org/r", format="hybrid")
    register(event, "olena@example.org", "Olena", language="uk")
    register(event, "waiting@example.org", "Waiting", status=R.WAITLISTED)
    register(event, "gone@example.org", "Gone", status=R.CANCELLED)
    args = {"event_id": event.pk, "starts_at": event.starts_at.isoformat()}

    assert send_event_reminders.call(**args) == 1
    assert send_event_reminders.call(**args) == 0  # run twice: nobody gets two

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "olena@example.org"
    assert subject_of(message) == tr("uk", "Reminder: %(title)s") % {"title": event.title["uk"]}
    assert "https://meet.example.org/r" in body_text(message)


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_meeting_sends_no_reminder(organiser, smtp_server):
    org, _user = organiser
    event = make_event(org, status=Event.Status.CANCELLED)
    register(event, "olena@example.org", "Olena")
    assert send_event_reminders.call(event_id=event.pk,
                                     starts_at=event.starts_at.isoformat()) == 0


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_sends_due_reminders_and_keeps_future_ones(
    settings, organiser, smtp_server
):
    """Scheduled in one process, sent by another: the reminder lives in the database."""
    settings.TASKS = DATABASE_TASKS
    org, user = organiser
    soon = make_event(org, status=Event.Status.AGENDA, reminder_hours=24,
                      starts_at=(timezone.now() + dt.timedelta(hours=3)).replace(microsecond=0))
    later = make_event(org, status=Event.Status.AGENDA, reminder_hours=24)
    for event in (soon, later):
        services.do_change_status(user, event, Event.Status.REGISTRATION_OPEN)
        register(event, f"person-{event.slug}@example.org", "Person", language="en")

    result = run_wspolnie(
        "worker", "--batch",
        env=child_environment(DATABASE_URL=database_url_for_children(),
                              EMAIL_URL=smtp_server.url),
    )
    assert result.returncode == 0, result.stderr

    [message] = smtp_server.wait_for(1)
    assert message["To"] == f"person-{soon.slug}@example.org"
    assert subject_of(message) == f"Reminder: {soon.title['en']}"
    rows = {row.args_kwargs["kwargs"]["event_id"]: row for row in reminder_rows()}
    assert rows[soon.pk].status == "SUCCESSFUL"
    assert rows[later.pk].status == "READY"  # waits for its time
