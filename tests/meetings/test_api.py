"""/api/meetings/: public reads, registration by token, organiser endpoints per persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.base import BaseTestCase
from wspolnie.accounts import services as account_services
from wspolnie.meetings.models import AgendaItem, Event, Registration

from .factories import add_questions, make_event, make_series, register

R = Registration.Status


class ApiTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.series = make_series(self.org, slug="cykl")
        self.event = make_event(self.org, series=self.series, number=2, capacity=1,
                                format=Event.Format.ONLINE, languages=["pl", "uk"],
                                online_link="https://meet.example.org/api-room")
        self.questions = add_questions(self.event)
        AgendaItem.objects.create(event=self.event, time=dt.time(10, 0),
                                  title={"pl": "Powitanie", "en": "Welcome"})
        self.past = make_event(self.org, slug="dawne",
                               starts_at=timezone.now() - dt.timedelta(days=30),
                               status=Event.Status.HELD)
        self.draft = make_event(self.org, slug="szkic", status=Event.Status.DRAFT)
        self.base = "/api/meetings"

    def answers(self) -> dict:
        q = self.questions
        return {str(q["interpretation"].pk): "uk", str(q["photos"].pk): True,
                str(q["diet"].pk): ["vegan"]}

    def post_registration(self, **values):
        data = {"name": "Olena", "email": "olena@example.org", "language": "uk",
                "answers": self.answers()}
        data.update(values)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"{self.base}/events/{self.event.slug}/registrations",
                                    data, content_type="application/json")

    def test_events_list_upcoming_public_ones_with_filters(self):
        slugs = [e["slug"] for e in self.client.get(f"{self.base}/events").json()["items"]]
        self.assertEqual(slugs, [self.event.slug])
        past = self.client.get(f"{self.base}/events", {"past": "true"}).json()["items"]
        self.assertEqual([e["slug"] for e in past], ["dawne"])
        for query, expected in [({"series": "cykl"}, 1), ({"series": "inny"}, 0),
                                ({"format": "in_person"}, 0), ({"language": "uk"}, 1),
                                ({"language": "en"}, 0), ({"organiser": self.org.slug}, 1)]:
            items = self.client.get(f"{self.base}/events", query).json()["items"]
            self.assertEqual(len(items), expected, query)

    def test_the_list_shows_seats_and_approved_organisers_in_a_few_queries(self):
        # Read with the page (issue #15): the same values as the detail, whatever the length.
        from wspolnie.organisations.models import Organisation

        pending = Organisation.objects.create(name="Aaa Czeka", slug="aaa-czeka", kind="ngo")
        self.event.organisers.add(self.other_org, pending)
        register(self.event, "someone@example.org", "Someone")
        others = [make_event(self.other_org, slug=f"kolejne-{number}", capacity=10)
                  for number in range(5)]
        for number, status in enumerate([R.CONFIRMED, R.ATTENDED, R.WAITLISTED, R.CANCELLED]):
            register(others[0], f"p{number}@example.org", status=status)
        with self.assertNumQueries(3):  # count, page, organisers
            items = self.client.get(f"{self.base}/events").json()["items"]
        first = next(item for item in items if item["slug"] == self.event.slug)
        detail = self.client.get(f"{self.base}/events/{self.event.slug}").json()
        self.assertEqual(first["organisers"], detail["organisers"])
        self.assertEqual(first["organisers"], [self.org.slug, self.other_org.slug])
        self.assertEqual((first["remaining_seats"], detail["remaining_seats"]), (0, 0))
        seats = {item["slug"]: item["remaining_seats"] for item in items}
        self.assertEqual(seats, {self.event.slug: 0, "kolejne-0": 8,
                                 **{f"kolejne-{number}": 10 for number in range(1, 5)}})

    def test_event_detail_has_the_agenda_but_never_the_link_nor_people(self):
        register(self.event, "someone@example.org", "Someone")
        response = self.client.get(f"{self.base}/events/{self.event.slug}")
        data = response.json()
        self.assertEqual(data["agenda"][0]["title"]["en"], "Welcome")
        self.assertEqual(data["remaining_seats"], 0)
        self.assertEqual(len(data["questions"]), 4)
        self.assertNotIn("api-room", response.content.decode())
        self.assertNotIn("someone@example.org", response.content.decode())

    def test_drafts_are_not_found(self):
        self.assertEqual(self.client.get(f"{self.base}/events/szkic").status_code, 404)
        self.assertIn("detail", self.client.get(f"{self.base}/events/nope").json())

    def test_series(self):
        data = self.client.get(f"{self.base}/series").json()
        self.assertEqual([s["slug"] for s in data], ["cykl"])
        self.assertEqual(self.client.get(f"{self.base}/series/cykl").json()["organiser"],
                         self.org.slug)

    def test_register_view_and_cancel_with_the_token(self):
        response = self.post_registration()
        self.assertEqual(response.status_code, 201)
        data = response.json()
        self.assertEqual(data["status"], "confirmed")
        token = data["token"]
        self.assertEqual(data["online_link"], "https://meet.example.org/api-room")
        self.assertEqual(len(self.smtp.wait_for(1)), 1)

        own = self.client.get(f"{self.base}/registrations/{token}").json()
        self.assertEqual(own["email"], "olena@example.org")

        with self.captureOnCommitCallbacks(execute=True):
            cancelled = self.client.delete(f"{self.base}/registrations/{token}")
        self.assertEqual(cancelled.json()["status"], "cancelled")
        self.assertEqual(self.client.get(f"{self.base}/registrations/wrong").status_code, 404)

    def test_registration_refusals_are_json_4xx(self):
        bad = self.post_registration(email="not-an-address")
        self.assertEqual(bad.status_code, 422)
        self.assertIn("email", bad.json()["errors"])
        missing = self.post_registration(answers={})
        self.assertEqual(missing.status_code, 422)
        self.assertEqual(missing.json()["code"], "invalid")
        self.assertEqual(self.post_registration().status_code, 201)
        duplicate = self.post_registration(email="OLENA@example.org")
        self.assertEqual((duplicate.status_code, duplicate.json()["code"]), (409, "duplicate"))
        waiting = self.post_registration(email="second@example.org")
        self.assertEqual(waiting.json()["status"], "waitlisted")
        self.assertIsNone(waiting.json()["online_link"])
        garbage = self.client.post(f"{self.base}/events/{self.event.slug}/registrations",
                                   "[1, 2]", content_type="application/json")
        self.assertEqual(garbage.status_code, 422)
        Event.objects.filter(pk=self.event.pk).update(status=Event.Status.REGISTRATION_CLOSED)
        closed = self.post_registration(email="third@example.org")
        self.assertEqual((closed.status_code, closed.json()["code"]), (409, "closed"))
        self.assertEqual(Registration.objects.count(), 2)

    def test_registrations_list_is_for_the_events_organisers_only(self):
        register(self.event, "someone@example.org", "Someone")
        url = f"{self.base}/events/{self.event.slug}/registrations"
        self.assertEqual(self.client.get(url).status_code, 401)
        for persona in (self.bob, self.charlie):
            self.login(persona)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 403)
            self.assertNotIn("someone@example.org", response.content.decode())
        for persona in (self.alice, self.staff):
            self.login(persona)
            self.assertEqual(self.client.get(url).json()[0]["email"], "someone@example.org")

    def test_organiser_endpoints_work_with_a_token(self):
        raw = account_services.do_create_api_token(self.alice, "door")[1]
        registration = register(self.event, "someone@example.org", "Someone")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        response = self.client.post(
            f"{self.base}/events/{self.event.slug}/registrations/{registration.pk}/check-in",
            {"attended": True}, content_type="application/json", **headers)
        self.assertEqual(response.json()["status"], "attended")
        response = self.client.post(f"{self.base}/events/{self.event.slug}/status",
                                    {"status": "registration_closed"},
                                    content_type="application/json", **headers)
        self.assertEqual(response.json()["status"], "registration_closed")
        response = self.client.post(f"{self.base}/events/{self.event.slug}/status",
                                    {"status": "report_published"},
                                    content_type="application/json", **headers)
        self.assertEqual(response.status_code, 422)

    def test_organiser_endpoints_refuse_others(self):
        registration = register(self.event, "someone@example.org", "Someone")
        for persona in (self.bob, self.charlie):
            self.login(persona)
            check_in = self.client.post(
                f"{self.base}/events/{self.event.slug}/registrations/{registration.pk}/check-in",
                {"attended": True}, content_type="application/json")
            self.assertEqual(check_in.status_code, 403)
            status = self.client.post(f"{self.base}/events/{self.event.slug}/status",
                                      {"status": "cancelled"}, content_type="application/json")
            self.assertEqual(status.status_code, 403)
        registration.refresh_from_db()
        self.assertEqual(registration.status, R.CONFIRMED)
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.Status.REGISTRATION_OPEN)
