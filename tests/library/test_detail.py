"""One entry's page."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.xss import TEXT, article, executable_markup

from .helpers import make_entry, make_vocabulary


class EntryDetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def test_anyone_reads_it_with_its_facts(self):
        entry = make_entry(
            self.org, description="**Raz** w miesiącu.", good_for="Rodzice ze szkół.",
            cost="low", cost_note="Druk ulotek.", users=[self.other_org, self.pending],
            languages=[self.uk], topics=[self.culture],
            links=[{"url": "https://example.org/n", "label": "Przykład"}],
        )
        response = self.client.get(entry.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<strong>Raz</strong> w miesiącu.", html=True)
        self.assertContains(response, "Rodzice ze szkół.")
        self.assertContains(response, "Druk ulotek.")
        self.assertContains(response, self.other_org.name)
        self.assertNotContains(response, self.pending.name)  # not approved: not named
        self.assertContains(response, 'href="https://example.org/n"')
        self.assertContains(response, "/library/?tag=culture")
        self.assertNotContains(response, "/edit/")

    def test_managers_get_the_edit_links(self):
        entry = make_entry(self.org)
        for user, allowed in [(self.alice, True), (self.staff, True), (self.bob, False),
                              (self.charlie, False)]:
            self.login(user)
            response = self.client.get(entry.get_absolute_url())
            self.assertEqual(f"/library/{entry.pk}/edit/" in response.content.decode(), allowed)

    def test_an_entry_of_a_pending_organisation_is_404_for_others(self):
        entry = make_entry(self.pending)
        self.assertEqual(self.client.get(entry.get_absolute_url()).status_code, 404)
        self.login(self.charlie)
        self.assertEqual(self.client.get(entry.get_absolute_url()).status_code, 404)
        self.login(self.staff)
        self.assertEqual(self.client.get(entry.get_absolute_url()).status_code, 200)

    def test_html_and_scripts_in_the_description_are_neutralised(self):
        entry = make_entry(self.org, description=TEXT, good_for=TEXT)
        response = self.client.get(entry.get_absolute_url())
        self.assertEqual(executable_markup(article(response.content.decode())), [])
        self.assertEqual(self.client.get("/library/").status_code, 200)
        self.assertEqual(executable_markup(
            self.client.get("/library/").content.decode().split('<ul class="card-grid">')[1]
        ), [])
