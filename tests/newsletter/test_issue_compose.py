"""Composing and editing an issue (staff): choose published announcements, subject and
introduction per content language; bad input re-renders the form with translated messages."""

from __future__ import annotations

from django.urls import reverse

from wspolnie.core.models import AuditEntry
from wspolnie.newsletter.models import Issue

from .issue_views_base import IssueTestCase, in_polish


class IssueCreateTests(IssueTestCase):
    url = reverse("newsletter:issue_create")

    def test_it_requires_staff(self):
        self.assert_staff_only(self.url)
        self.assert_staff_only(self.url, "post", {"announcements": [self.announcement.pk]})
        assert Issue.objects.count() == 1

    def test_the_form_offers_only_published_announcements(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        assert response.status_code == 200
        self.assertContains(response, "Dzień otwarty (pl, uk)")
        self.assertNotContains(response, "Jeszcze szkic")
        self.assertContains(response, 'name="subject_uk"')

    def test_staff_create_a_draft(self):
        self.login(self.staff)
        response = self.client.post(self.url, {
            "announcements": [self.announcement.pk],
            "subject_pl": "Nowości", "subject_uk": "Новини", "intro_en": "Hello!",
        })
        issue = Issue.objects.exclude(pk=self.issue.pk).get()
        self.assertRedirects(response, reverse("newsletter:issue_detail", args=[issue.pk]))
        assert issue.status == Issue.Status.DRAFT
        assert issue.subject == {"pl": "Nowości", "uk": "Новини"}
        assert issue.intro == {"en": "Hello!"}
        assert [i.announcement_id for i in issue.items.all()] == [self.announcement.pk]
        assert AuditEntry.objects.filter(action="newsletter.issue_created",
                                         object_id=str(issue.pk)).exists()

    def test_no_announcement_is_refused_with_a_translated_message(self):
        self.login(self.staff)
        response = self.client.post(self.url, {"subject_pl": "Pusto"})
        assert response.status_code == 200
        self.assertContains(response, in_polish("Choose at least one announcement."))
        assert Issue.objects.count() == 1

    def test_a_draft_announcement_cannot_be_smuggled_in(self):
        self.login(self.staff)
        response = self.client.post(self.url, {"announcements": [self.draft_announcement.pk]})
        assert response.status_code == 200
        assert response.context["form"].errors["announcements"]
        assert Issue.objects.count() == 1


class IssueEditTests(IssueTestCase):
    def url(self) -> str:
        return reverse("newsletter:issue_edit", args=[self.issue.pk])

    def test_it_requires_staff(self):
        self.assert_staff_only(self.url())
        self.assert_staff_only(self.url(), "post", {"announcements": [self.announcement.pk],
                                                    "subject_pl": "Zmiana"})
        self.issue.refresh_from_db()
        assert self.issue.subject == {"pl": "Wieści"}

    def test_staff_change_a_draft(self):
        self.login(self.staff)
        response = self.client.get(self.url())
        self.assertContains(response, 'value="Wieści"')
        response = self.client.post(self.url(), {
            "announcements": [self.announcement.pk], "subject_pl": "Zmieniony"})
        self.assertRedirects(response, reverse("newsletter:issue_detail", args=[self.issue.pk]))
        self.issue.refresh_from_db()
        assert self.issue.subject == {"pl": "Zmieniony"}

    def test_an_issue_being_sent_cannot_be_edited(self):
        self.sending_issue()
        self.login(self.staff)
        response = self.client.post(self.url(), {
            "announcements": [self.announcement.pk], "subject_pl": "Za późno"})
        self.assertRedirects(response, reverse("newsletter:issue_detail", args=[self.issue.pk]))
        self.issue.refresh_from_db()
        assert self.issue.subject == {"pl": "Wieści"}

    def test_unknown_issue_is_404(self):
        self.login(self.staff)
        assert self.client.get(reverse("newsletter:issue_edit", args=[99999])).status_code == 404
