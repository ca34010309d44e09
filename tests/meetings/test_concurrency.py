"""Never oversell: many people register at the same moment, through a live server.

Each client first loads the form (for its CSRF cookie and token), then all of them wait at a
barrier and POST together, from their own threads, to the threaded live server — whose request
threads each have their own database connection. See the locking notes in
wspolnie/meetings/services.py.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from wspolnie.meetings.models import Registration
from wspolnie.organisations.models import Organisation

from .factories import make_event

R = Registration.Status


class Browser:
    """One person's HTTP client with its own cookies."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect(),
        )

    def get_form(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=30) as response:
            html = response.read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post_form(self, path: str, data: dict) -> int:
        request = urllib.request.Request(
            self.base_url + path, data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base_url + path}, method="POST",
        )
        return self._status(request)

    def post_json(self, path: str, data: dict) -> int:
        request = urllib.request.Request(
            self.base_url + path, data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json"}, method="POST",
        )
        return self._status(request)

    def _status(self, request) -> int:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fire(count: int, action) -> list[int]:
    """Run action(i) in `count` threads released together; their results in order."""
    barrier = threading.Barrier(count)
    results: list[int | BaseException] = [0] * count

    def run(index: int) -> None:
        try:
            prepared = action(index, "prepare")
            barrier.wait(timeout=60)
            results[index] = action(index, prepared)
        except BaseException as error:  # noqa: BLE001 (reported below)
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [result for result in results if isinstance(result, BaseException)]
    assert not errors, errors
    return results


@pytest.fixture
def organisation(transactional_db):
    return Organisation.objects.create(
        name="Organizator", slug="organizator", kind="ngo", status="approved"
    )


@pytest.mark.django_db(transaction=True)
def test_n_concurrent_registrations_for_c_seats_give_c_confirmed_and_the_rest_waiting(
    live_server, organisation
):
    seats, people = 4, 12
    event = make_event(organisation, capacity=seats)
    path = f"/meetings/{event.slug}/register/"
    browsers = [Browser(live_server.url) for _ in range(people)]

    def register(index: int, step):
        if step == "prepare":
            # Half the people use the form, half the API.
            return browsers[index].get_form(path) if index % 2 == 0 else None
        data = {"name": f"Person {index}", "email": f"person{index}@example.org",
                "language": "pl"}
        if index % 2 == 0:
            return browsers[index].post_form(path, {**data, "csrfmiddlewaretoken": step})
        return browsers[index].post_json(f"/api/meetings/events/{event.slug}/registrations",
                                         data)

    statuses = fire(people, register)

    assert sorted(set(statuses)) == [201, 302], statuses
    assert Registration.objects.filter(event=event, status=R.CONFIRMED).count() == seats
    assert Registration.objects.filter(event=event, status=R.WAITLISTED).count() == people - seats
    event.refresh_from_db()
    assert event.remaining_seats() == 0


@pytest.mark.django_db(transaction=True)
def test_without_a_waiting_list_the_extra_people_are_turned_away(live_server, organisation):
    seats, people = 3, 10
    event = make_event(organisation, capacity=seats, waitlist=False)
    browser = Browser(live_server.url)

    def register(index: int, step):
        if step == "prepare":
            return None
        return browser.post_json(
            f"/api/meetings/events/{event.slug}/registrations",
            {"name": f"Person {index}", "email": f"person{index}@example.org"},
        )

    statuses = fire(people, register)

    assert statuses.count(201) == seats
    assert statuses.count(409) == people - seats
    assert Registration.objects.filter(event=event).count() == seats


@pytest.mark.django_db(transaction=True)
def test_the_same_e_mail_sent_many_times_at_once_registers_once(live_server, organisation):
    event = make_event(organisation, capacity=50)
    browser = Browser(live_server.url)

    def register(index: int, step):
        if step == "prepare":
            return None
        return browser.post_json(
            f"/api/meetings/events/{event.slug}/registrations",
            {"name": "Olena", "email": "olena@example.org" if index % 2 else "OLENA@example.org"},
        )

    statuses = fire(8, register)

    assert statuses.count(201) == 1
    assert statuses.count(409) == 7
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_ticket_scanned_by_many_phones_at_once_checks_in_once(live_server, organisation):
    from wspolnie.accounts import services as account_services
    from wspolnie.core.models import AuditEntry
    from wspolnie.meetings.tickets import ticket_code
    from wspolnie.organisations.models import Membership

    from ..base import make_user

    event = make_event(organisation, capacity=50)
    registration = Registration.objects.create(event=event, name="Olena",
                                               email="olena@example.org")
    door = make_user("door@example.org", "Door")
    Membership.objects.create(user=door, organisation=organisation, role="admin")
    raw = account_services.do_create_api_token(door, "door")[1]
    code = ticket_code(registration)
    answers: list[dict] = [{}] * 6

    def scan(index: int, step):
        if step == "prepare":
            return None
        request = urllib.request.Request(
            f"{live_server.url}/api/meetings/events/{event.slug}/check-in",
            data=json.dumps({"ticket": code}).encode(), method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {raw}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            answers[index] = json.loads(response.read())
            return response.status

    statuses = fire(6, scan)

    assert statuses == [200] * 6
    assert sorted(answer["status"] for answer in answers) == (
        ["already_checked_in"] * 5 + ["checked_in"])
    assert {answer["counts"]["attended"] for answer in answers} == {1}
    registration.refresh_from_db()
    assert registration.status == R.ATTENDED
    assert AuditEntry.objects.filter(action="meetings.checked_in").count() == 1
