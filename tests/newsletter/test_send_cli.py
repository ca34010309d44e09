"""`wspolnie send-newsletter ISSUE_ID` run as a real command in a child process."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from tests.base import make_user
from tests.processes import child_environment, database_url_for_children, run_wspolnie
from wspolnie.newsletter import issues
from wspolnie.newsletter.models import Delivery, Issue, Subscriber

from .factories import make_subscriber
from .issue_factories import make_announcement

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def make_issue() -> Issue:
    staff = make_user("cli-staff@example.org", "CLI Staff", is_staff=True)
    make_subscriber("olena@example.org", ["uk"])
    make_subscriber("jan@example.org", ["pl"])
    return issues.do_create_issue(staff, [make_announcement(
        "Dzień otwarty", translations={"uk": ("День відкритих дверей", "Запрошуємо.")})])


@pytest.mark.django_db(transaction=True)
def test_send_here_shows_progress_and_delivers(settings, smtp_server):
    settings.TASKS = DATABASE_TASKS
    issue = make_issue()
    env = child_environment(DATABASE_URL=database_url_for_children(),
                            EMAIL_URL=smtp_server.url, NEWSLETTER_RATE_PER_SECOND="0")

    result = run_wspolnie("send-newsletter", str(issue.pk), "--here", env=env, timeout=60)

    assert result.returncode == 0, result.stderr
    assert f"Issue {issue.pk}: 2 mails queued." in result.stdout
    assert f"Issue {issue.pk}: 2 sent, 0 failed, 0 skipped." in result.stdout
    assert "2/2" in result.stderr and "100%" in result.stderr  # the progress bar
    assert sorted(m["To"] for m in smtp_server.wait_for(2)) == [
        "jan@example.org", "olena@example.org"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    # Sent here: no task was left in the queue for a worker.
    assert not DBTaskResult.objects.exists()

    # An unknown issue: one readable line and a non-zero exit status.
    unknown = run_wspolnie("send-newsletter", "987654", env=env, timeout=60)
    assert unknown.returncode != 0
    assert unknown.stderr.strip() == "CommandError: There is no newsletter issue 987654."


@pytest.mark.django_db(transaction=True)
def test_no_wait_queues_for_the_worker_and_waiting_follows_it(settings, smtp_server):
    settings.TASKS = DATABASE_TASKS
    issue = make_issue()
    env = child_environment(DATABASE_URL=database_url_for_children(),
                            EMAIL_URL=smtp_server.url, NEWSLETTER_RATE_PER_SECOND="0")

    result = run_wspolnie("send-newsletter", str(issue.pk), "--no-wait", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert smtp_server.messages == []  # the worker sends, not the command

    # `send-newsletter` without options follows the worker's progress until the end. The
    # worker starts once the command shows its progress bar (the issue is still being sent).
    follower = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "send-newsletter", str(issue.pk),
         "--interval", "0.2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    first_output = follower.stderr.read(1)  # blocks until the bar (or an error) appears
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "worker", "--interval", "0.2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        stdout, stderr = follower.communicate(timeout=90)
    finally:
        worker.terminate()
        worker.wait(timeout=15)
    result = subprocess.CompletedProcess(follower.args, follower.returncode, stdout,
                                         first_output + stderr)
    assert result.returncode == 0, result.stderr
    assert f"Issue {issue.pk}: 2 sent" in result.stdout
    assert len(smtp_server.wait_for(2)) == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_unknown_issue_nothing_to_send_or_already_sent_is_a_command_error(db, settings):
    """The readable one-line errors (in-process: the child-process tests above cover the real
    entry point, whose CommandError becomes "CommandError: …" and exit status 1)."""
    issue = make_issue()
    with pytest.raises(CommandError, match="There is no newsletter issue 987654."):
        call_command("send_newsletter", "987654")

    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    # The reason comes from the service, in the active language (English here).
    with translation.override("en"), pytest.raises(
        CommandError, match="Nobody would receive this issue"
    ):
        call_command("send_newsletter", str(issue.pk), "--here")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT

    Issue.objects.update(status=Issue.Status.SENT)
    with pytest.raises(CommandError, match=f"Issue {issue.pk} has already been sent."):
        call_command("send_newsletter", str(issue.pk))
