"""/announcements/: what each persona manages or translates, filters, pages."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase

from .factories import make_announcement, translation

URL = reverse("announcements:list")


class ListTests(BaseTestCase):
    def setUp(self) -> None:
        self.ours = make_announcement(self.org, title="Nasz szkic")
        self.published = make_announcement(self.org, title="Nasze opublikowane", published=True)
        self.theirs = make_announcement(self.other_org, title="Ich szkic")

    def titles(self, response) -> list[str]:
        return [a.title for a in response.context["page"]]

    def test_it_requires_login(self):
        response = self.client.get(URL)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={URL}")

    def test_an_org_admin_sees_their_organisations_announcements_only(self):
        self.login(self.alice)
        response = self.client.get(URL)
        self.assertEqual(sorted(self.titles(response)), ["Nasz szkic", "Nasze opublikowane"])
        self.assertContains(response, reverse("announcements:create"))
        self.assertNotContains(response, "Ich szkic")

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.titles(self.client.get(URL)), ["Ich szkic"])

    def test_a_member_sees_only_what_they_translate_with_a_link_to_the_editor(self):
        self.login(self.bob)
        response = self.client.get(URL)
        self.assertEqual(self.titles(response), [])
        self.assertNotContains(response, reverse("announcements:create"))
        row = translation(self.theirs, "uk")
        row.translator = self.bob
        row.save()
        response = self.client.get(URL)
        self.assertEqual(self.titles(response), ["Ich szkic"])
        self.assertContains(response, reverse("announcements:translation",
                                              args=[self.theirs.pk, "uk"]))

    def test_staff_see_everything_and_can_filter(self):
        self.login(self.staff)
        self.assertEqual(len(self.titles(self.client.get(URL))), 3)
        response = self.client.get(URL, {"status": "published"})
        self.assertEqual(self.titles(response), ["Nasze opublikowane"])
        response = self.client.get(URL, {"organisation": self.other_org.slug})
        self.assertEqual(self.titles(response), ["Ich szkic"])

    def test_bad_filters_and_pages_do_not_break_it(self):
        self.login(self.alice)
        response = self.client.get(URL, {"status": "nonsense", "organisation": "nope",
                                         "page": "abc"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.titles(response)), 2)

    def test_it_paginates(self):
        for number in range(21):
            make_announcement(self.org, title=f"Seria {number}")
        self.login(self.alice)
        self.assertEqual(len(self.titles(self.client.get(URL))), 20)
        self.assertEqual(len(self.titles(self.client.get(URL, {"page": 2}))), 3)
