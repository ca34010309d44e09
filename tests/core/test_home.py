from django.urls import reverse

from tests.base import BaseTestCase


class HomeTestCase(BaseTestCase):
    def test_it_lists_organisations_for_anonymous_visitors(self):
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, "Fundacja Testowa")
        self.assertContains(response, 'lang="pl"')

    def test_it_speaks_ukrainian_when_the_browser_asks(self):
        response = self.client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, 'lang="uk"')

    def test_unknown_url_gives_translated_404(self):
        response = self.client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="pl")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "<h1>", status_code=404)
