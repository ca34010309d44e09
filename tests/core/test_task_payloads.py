"""The task queue holds no personal data: a mail task is handed the outbox row's id only (no
address, text or reset link), the outbox row goes once the task has run, a failed send leaves
no address in the task's traceback, and the worker's sweep deletes finished task results
older than TASK_RESULT_RETENTION_HOURS."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.base import make_user
from tests.smtp import free_port
from wspolnie.core.mail import MailNotSent, queue_mail, send_outgoing
from wspolnie.core.models import OutgoingMail
from wspolnie.core.sweeping import run_sweeps

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_task_carries_only_an_id(client, settings, smtp_server):
    settings.TASKS = DATABASE_TASKS
    make_user("reset-me@example.org", "Reset Me")
    client.post(reverse("accounts:password_reset"), {"email": "reset-me@example.org"})
    [row] = DBTaskResult.objects.all()
    [mail] = OutgoingMail.objects.all()
    assert row.task_path == "wspolnie.core.tasks.send_outgoing_mail"
    assert row.args_kwargs == {"args": [mail.pk], "kwargs": {}}
    assert "/accounts/reset/" in mail.body

    assert send_outgoing(mail.pk) == 1
    assert not OutgoingMail.objects.exists()
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "reset-me@example.org"
    # Run twice (e.g. a worker restarted): nothing is sent again.
    assert send_outgoing(mail.pk) == 0


@pytest.mark.django_db
def test_a_failed_send_names_the_outbox_row_not_the_address(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    mail = queue_mail(to="nobody-home@example.org", subject="Hej", body="Treść")
    with pytest.raises(MailNotSent) as raised:
        send_outgoing(mail.pk)
    assert "nobody-home" not in str(raised.value)
    assert raised.value.__context__ is None and raised.value.__cause__ is None
    assert not OutgoingMail.objects.filter(pk=mail.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_sweep_prunes_finished_task_results(settings):
    settings.TASKS = DATABASE_TASKS
    settings.TASK_RESULT_RETENTION_HOURS = 6
    now = timezone.now()
    for _ in range(4):
        queue_mail(to="someone@example.org", subject="Hej", body="Treść")
    old_ok, old_failed, recent, waiting = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=old_ok.pk).update(
        status="SUCCESSFUL", finished_at=now - dt.timedelta(hours=7))
    DBTaskResult.objects.filter(pk=old_failed.pk).update(
        status="FAILED", finished_at=now - dt.timedelta(hours=30))
    DBTaskResult.objects.filter(pk=recent.pk).update(
        status="SUCCESSFUL", finished_at=now - dt.timedelta(hours=5))
    # An outbox row whose task was lost long ago goes too.
    OutgoingMail.objects.filter(pk=OutgoingMail.objects.first().pk).update(
        created=now - dt.timedelta(days=8))

    run_sweeps()

    # (Other apps' sweeps may queue work of their own, e.g. the network's recomputation.)
    mail_tasks = DBTaskResult.objects.filter(pk__in=[old_ok.pk, old_failed.pk, recent.pk,
                                                     waiting.pk])
    assert set(mail_tasks.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert OutgoingMail.objects.count() == 3
