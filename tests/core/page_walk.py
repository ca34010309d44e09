"""The pages of the URL walk (tests/core/test_url_walk.py) on the demo network, rendered to HTML.

The walk's own test values mostly lead to 404 pages; here every route parameter names a real
demo object (an approved organisation with services, an event with registrations, a published
announcement, …) so that the pages show what a visitor of the demo sees.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.test import Client, TestCase
from django.urls import get_resolver

from tests.base import make_personas
from tests.core.test_url_walk import ADMIN_PAGES, PARAMETER, walk
from wspolnie.accounts import services as account_services
from wspolnie.announcements.models import Announcement
from wspolnie.boards.models import Board, Card
from wspolnie.calendars.models import ImportedEvent
from wspolnie.channels.models import Channel
from wspolnie.contacts.models import ContactPerson
from wspolnie.core.demo import load_demo_data
from wspolnie.directory.models import Community, District, Topic
from wspolnie.imports import services as import_services
from wspolnie.library.models import Entry
from wspolnie.meetings.models import Event, Registration, Series
from wspolnie.needs.models import NeedOffer
from wspolnie.network.models import Partnership
from wspolnie.newsletter import issues
from wspolnie.newsletter.models import Subscriber
from wspolnie.notes.models import Note
from wspolnie.organisations.models import Membership, Organisation, OutdatedReport
from wspolnie.reach.models import LeaderPage, TrackedLink
from wspolnie.services.models import Service
from wspolnie.webhooks.models import Attempt, Delivery, Endpoint


@dataclass
class Page:
    url: str
    route: str
    status: int
    html: str


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


class DemoPagesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_personas(cls)
        load_demo_data(io.StringIO())
        cls.token = account_services.do_create_api_token(cls.staff, "walk")[0]
        with cls.captureOnCommitCallbacks(execute=True):
            cls.job = import_services.do_create_import_job(
                cls.staff, name="organisations.csv", entity="organisations",
                data=b"name,kind\nFundacja z importu,foundation\n",
            )
        # Inactive: nothing is sent to it while the walk's pages change things.
        cls.endpoint = Endpoint.objects.create(
            name="Portal miejski", url="https://portal.example.org/wspolnie",
            topics=["event.created", "event.changed"], active=False)
        cls.delivery = Delivery.objects.create(
            endpoint=cls.endpoint, topic="event.created", payload={"event": "event.created"},
            status=Delivery.Status.FAILED, attempts=1)
        Attempt.objects.create(delivery=cls.delivery, number=1, started_at=cls.delivery.created,
                               duration_ms=12, status_code=500, error="HTTP 500")
        published = Announcement.objects.filter(status=Announcement.Status.PUBLISHED)
        cls.issue = issues.do_create_issue(
            cls.staff, published[:2], subject={"pl": "Wiadomości z sieci", "en": "Network news"},
        )

    def demo_params(self, route: str) -> dict[str, str]:
        """Route parameter -> value: demo objects chosen by the part of the site."""
        for prefix, params in self.demo_values():
            if route.startswith(prefix):
                return {name: str(value) for name, value in params.items()}
        raise AssertionError(route)  # the last prefix matches every route

    @functools.cache  # noqa: B019 (one test case object per test; the data do not change)
    def demo_values(self) -> list[tuple[str, dict[str, object]]]:
        """(route prefix, {parameter: value}), the first matching prefix wins."""
        event = Event.objects.filter(registrations__isnull=False).first()
        registration = Registration.objects.filter(event=event).first()
        announcement = Announcement.objects.filter(status=Announcement.Status.PUBLISHED).first()
        service = Service.objects.filter(organisation__status="approved").first()
        need = NeedOffer.objects.first()
        contact = ContactPerson.objects.first()
        organisation = Organisation.objects.public().filter(slug="wcrs").first()
        subscriber = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).first()
        return [
            ("accounts/", {"pk": self.token.pk, "token": "some-token", "uidb64": "MQ"}),
            ("organisations/reports/", {"pk": OutdatedReport.objects.first().pk}),
            ("organisations/", {"slug": organisation.slug, "pk": Membership.objects.filter(
                organisation=organisation).first().pk}),
            ("directory/vocabularies/topics/", {"pk": Topic.objects.first().pk}),
            ("directory/vocabularies/communities/", {"pk": Community.objects.first().pk}),
            ("directory/vocabularies/districts/", {"pk": District.objects.first().pk}),
            ("services/organisation/", {"slug": service.organisation.slug}),
            ("services/", {"pk": service.pk}),
            ("needs/organisation/", {"slug": need.organisation.slug}),
            ("needs/", {"pk": need.pk}),
            ("contacts/", {"slug": contact.organisation.slug, "pk": contact.pk}),
            ("channels/", {"pk": Channel.objects.first().pk}),
            ("meetings/series/", {"slug": Series.objects.first().slug}),
            ("meetings/organisations/", {"slug": event.series.organiser.slug
                                         if event.series and event.series.organiser
                                         else organisation.slug}),
            ("meetings/registration/", {"token": registration.token, "pk": registration.pk}),
            ("meetings/", {"slug": event.slug, "pk": registration.pk}),
            ("announcements/from-event/", {"slug": event.slug}),
            ("announcements/from-report/", {"slug": event.slug}),
            ("announcements/", {"pk": announcement.pk, "language": "uk"}),
            ("news/", {"pk": announcement.pk, "slug": announcement.slug, "language": "pl"}),
            ("notes/meeting/", {"slug": Note.objects.first().event.slug}),
            ("notes/", {"pk": Note.objects.first().pk}),
            ("library/", {"pk": Entry.objects.first().pk,
                          "slug": Entry.objects.first().organisation.slug}),
            ("newsletter/subscribers/", {"pk": Subscriber.objects.first().pk}),
            ("newsletter/issues/", {"pk": self.issue.pk}),
            ("newsletter/", {"token": subscriber.token}),
            ("imports/", {"pk": self.job.pk}),
            ("boards/cards/", {"pk": Card.objects.first().pk}),
            ("boards/comments/", {"pk": Card.objects.first().pk}),
            ("boards/organisation/", {"slug": organisation.slug}),
            ("boards/", {"pk": Board.objects.first().pk}),
            ("dashboard/", {"chart": "meetings-held", "extension": "svg"}),
            ("network/", {"pk": Partnership.objects.first().pk, "file_format": "gexf"}),
            ("webhooks/deliveries/", {"pk": self.delivery.pk}),
            ("webhooks/", {"pk": self.endpoint.pk}),
            ("r/", {"code": TrackedLink.objects.filter(
                item__announcement=announcement).first().code}),
            ("reach/channels/", {"pk": LeaderPage.objects.first().channel_id}),
            ("reach/", {"token": LeaderPage.objects.first().token, "pk": announcement.pk}),
            ("calendars/feeds/", {"pk": ImportedEvent.objects.first().feed.pk}),
            ("calendars/", {"pk": ImportedEvent.objects.first().pk,
                            "slug": ImportedEvent.objects.first().feed.organisation.slug}),
            ("", {"slug": organisation.slug, "token": "some-token", "uidb64": "MQ"}),
        ]

    def page_urls(self) -> list[tuple[str, str]]:
        """(url, route) of every page the walk visits, the API (JSON) left out."""
        found = []
        for route, _name in walk(get_resolver()):
            if route.startswith("api/") and route != "api/docs":
                continue
            if route.startswith("admin/") and route not in ADMIN_PAGES:
                continue
            params = self.demo_params(route)
            missing = [name for name in re.findall(PARAMETER, route) if name not in params]
            self.assertFalse(missing, f"add a demo value for {missing} in {route}")
            url = "/" + re.sub(PARAMETER, lambda m, params=params: params[m.group(1)], route)
            found.append((url, route))
        return found

    def html_pages(self, who, language: str = settings.LANGUAGE_CODE) -> list[Page]:
        """Every walked page `who` (None: anonymous) gets as HTML: no redirects, feeds, files."""
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if who is not None:
            client.force_login(who)
        pages = []
        for url, route in self.page_urls():
            if route == "accounts/logout/":
                continue  # GET does not log out, but keep the session safe from any change
            response = client.get(url)
            if response.status_code in (301, 302, 303, 307, 308) or not is_html(response):
                continue
            pages.append(Page(url, route, response.status_code, response.content.decode()))
        return pages
