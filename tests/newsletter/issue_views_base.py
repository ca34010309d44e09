"""Shared set-up of the newsletter issue page and API tests: personas, one published
announcement with an approved Ukrainian version, two confirmed subscribers."""

from __future__ import annotations

from django.utils import translation

from tests.base import BaseTestCase
from wspolnie.newsletter import issues
from wspolnie.newsletter.models import Issue

from .factories import make_subscriber
from .issue_factories import make_announcement


def in_polish(message: str, **params) -> str:
    """A UI string as a Polish visitor sees it (the site's default language)."""
    with translation.override("pl"):
        text = translation.gettext(message)
    return text % params if params else text


class IssueTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.announcement = make_announcement(
            "Dzień otwarty", "Zapraszamy **wszystkich**.",
            translations={"uk": ("День відкритих дверей", "Запрошуємо **всіх**.")},
        )
        cls.draft_announcement = make_announcement("Jeszcze szkic", published=False)
        make_subscriber("olena@example.org", ["uk"])
        make_subscriber("jan@example.org", ["pl"])
        make_subscriber("pending@example.org", ["pl"], confirmed=False)
        cls.issue = issues.do_create_issue(
            cls.staff, [cls.announcement], subject={"pl": "Wieści"}, intro={"pl": "Cześć!"})

    def sending_issue(self) -> Issue:
        """The issue with its deliveries queued (no task run)."""
        issues.start_sending(self.issue, self.staff, enqueue=False)
        self.issue.refresh_from_db()
        return self.issue

    def assert_staff_only(self, url: str, method: str = "get", data: dict | None = None):
        """Anonymous → login; hub members and org admins (of any organisation) → 403."""
        call = getattr(self.client, method)
        response = call(url, data or {})
        assert response.status_code == 302 and "/login/" in response["Location"], response
        for user in (self.alice, self.bob, self.charlie):
            self.login(user)
            assert call(url, data or {}).status_code == 403, user
        self.client.logout()
