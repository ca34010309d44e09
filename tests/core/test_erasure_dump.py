"""After a person is erased, a full dump of the database holds no trace of their e-mail address
or name — not in the task queue's table, the audit log, the outbox or anywhere else.

The person leaves the traces a real one does: signing up and verifying through the mailed
link, a password-reset mail, a membership, a request to join another organisation (its admins
get a mail naming them), a report of outdated information, a renamed profile, registrations
(one to come, one attended), a newsletter subscription confirmed through its mail. Every mail
goes through the database task queue and a real `wspolnie worker` process to a real SMTP
server. Then the person deletes the account, the worker sends the cancellation, and the whole
database is dumped: SQLite with iterdump(), PostgreSQL with pg_dump."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.base import PASSWORD, make_user
from tests.helpers import links_in, site_path
from tests.meetings.factories import make_event, register
from tests.processes import child_environment, database_url_for_children, run_wspolnie
from wspolnie.accounts import services as accounts
from wspolnie.meetings import services as meetings
from wspolnie.meetings.models import Event, Registration
from wspolnie.newsletter import subscriptions
from wspolnie.organisations import services as organisations
from wspolnie.organisations.models import Membership, Organisation

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL = "zuzanna.erasmus@example.org"
NAME = "Zuzanna Erasmus"
NEW_NAME = "Zuzanna Q. Erasmusówna"


def database_dump() -> str:
    """Every row of every table, as the database's own dump tool writes it."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    params = connection.settings_dict
    command = ["pg_dump", "--no-owner", "--host", params.get("HOST") or "127.0.0.1",
               "--port", str(params.get("PORT") or 5432), "--dbname", params["NAME"]]
    if params.get("USER"):
        command += ["--username", params["USER"]]
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    result = subprocess.run(command, capture_output=True, text=True, env=env,  # noqa: S603
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def traces(dump: str) -> list[str]:
    return [text for text in (EMAIL, NAME, NEW_NAME) if text.lower() in dump.lower()]


def run_worker(smtp_server) -> None:
    result = run_wspolnie(
        "worker", "--batch",
        env=child_environment(DATABASE_URL=database_url_for_children(), EMAIL_URL=smtp_server.url),
    )
    assert result.returncode == 0, result.stderr


def mails_to(smtp_server, count: int) -> list:
    messages = smtp_server.wait_for(count)
    return [message for message in messages if message["To"] == EMAIL]


@pytest.mark.django_db(transaction=True)
def test_an_erased_person_leaves_no_trace_in_a_database_dump(client, settings, smtp_server):
    settings.TASKS = DATABASE_TASKS
    now = timezone.now()
    org = Organisation.objects.create(name="Fundacja Pamięć", slug="pamiec", kind="ngo",
                                      status=Organisation.Status.APPROVED)
    other = Organisation.objects.create(name="Klub Sąsiadów", slug="klub", kind="ngo",
                                        status=Organisation.Status.APPROVED)
    admin = make_user("admin@example.org", "Ada Admin")
    Membership.objects.create(user=admin, organisation=org, role="admin")
    Membership.objects.create(user=make_user("club@example.org", "Cyryl Club"),
                              organisation=other, role="admin")
    make_user("staff@example.org", "Sam Staff", is_staff=True)

    # Signing up, and verifying through the mailed link.
    user = accounts.do_sign_up(email=EMAIL, name=NAME, password=PASSWORD,
                               preferred_language="uk")
    run_worker(smtp_server)
    [verification] = mails_to(smtp_server, 1)
    verify_path = next(site_path(link) for link in links_in(verification)
                       if "/accounts/verify/" in link)
    assert client.get(verify_path).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None

    # A password reset, a membership, a request to join, a report, a new name.
    client.post(reverse("accounts:password_reset"), {"email": EMAIL})
    organisations.do_set_membership(admin, org, user, "member")
    organisations.do_request_to_join(user, other, message="Chętnie pomogę")
    organisations.do_report_outdated(user, other, message="Stary adres", email=EMAIL)
    accounts.do_update_profile(user, name=NEW_NAME, preferred_language="uk")

    # Meetings: one to come (the seat), one attended.
    upcoming = make_event(org, starts_at=now + dt.timedelta(days=4), capacity=10)
    meetings.do_register(user, upcoming, meetings.RegistrationData(
        name=NEW_NAME, email=EMAIL, organisation_name="Klub Zuzanny", language="uk"))
    past = make_event(org, starts_at=now - dt.timedelta(days=4), status=Event.Status.HELD)
    register(past, EMAIL, NEW_NAME, status=Registration.Status.ATTENDED, user=user,
             checked_in_at=now - dt.timedelta(days=4))

    # The newsletter, confirmed through the mailed link.
    subscriptions.do_sign_up(EMAIL, ["uk"], [], source="sign-up page", consent_text="Zgoda",
                             language="uk", client_key="127.0.0.1")
    run_worker(smtp_server)
    received = mails_to(smtp_server, 8)
    # + reset, seat, newsletter, and the follow-up of the attended meeting (the worker's sweep)
    assert len(received) == 5, [m["Subject"] for m in received]
    confirm_path = next(site_path(link) for message in received for link in links_in(message)
                        if "/newsletter/confirm/" in link)
    client.get(confirm_path)
    assert {EMAIL, NEW_NAME} <= set(traces(database_dump()))  # the dump does see them

    # The person deletes the account; the worker sends the calendar's cancellation.
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    run_worker(smtp_server)
    assert len(mails_to(smtp_server, 9)) == 6

    assert traces(database_dump()) == []
    # The counts stay right: both registrations are still there, anonymous.
    assert past.registrations.filter(status=Registration.Status.ATTENDED).count() == 1
    assert upcoming.registrations.filter(status=Registration.Status.CANCELLED).count() == 1
