"""Organisers create and edit series of meetings and their themes (the "tables")."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from wspolnie.core.models import AuditEntry
from wspolnie.meetings.models import Series

from .factories import make_event, make_series


class SeriesFormTestCase(BaseTestCase):
    create_url = reverse("meetings:series_create")

    def data(self, **values) -> dict:
        data = {"slug": "wspolnie-2024", "title_pl": "Wspólnie 2024", "title_en": "Together 2024",
                "organiser": self.org.pk, "co_organisers": [self.other_org.pk],
                "languages": ["pl", "uk"],
                "themes": "Współpraca | Cooperation | Співпраця\nWsparcie | Support"}
        data.update(values)
        return data

    def test_create_requires_an_organisation_admin(self):
        self.assertEqual(self.client.get(self.create_url).status_code, 302)
        self.login(self.bob)
        self.assertEqual(self.client.get(self.create_url).status_code, 403)
        self.assertEqual(self.client.post(self.create_url, self.data()).status_code, 403)
        self.assertFalse(Series.objects.exists())

    def test_org_admin_creates_a_series_with_themes(self):
        self.login(self.alice)
        response = self.client.post(self.create_url, self.data())
        series = Series.objects.get()
        self.assertRedirects(response, series.get_absolute_url())
        self.assertEqual(series.organiser, self.org)
        self.assertEqual(list(series.co_organisers.all()), [self.other_org])
        self.assertEqual([t.names for t in series.themes.all()], [
            {"pl": "Współpraca", "en": "Cooperation", "uk": "Співпраця"},
            {"pl": "Wsparcie", "en": "Support"}])
        self.assertTrue(AuditEntry.objects.filter(action="meetings.series_saved").exists())

    def test_org_admin_cannot_create_a_series_for_another_organisation(self):
        self.login(self.alice)
        response = self.client.post(self.create_url, self.data(organiser=self.other_org.pk))
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Series.objects.exists())

    def test_editing_keeps_themes_whose_first_name_stays(self):
        series = make_series(self.org, slug="cykl")
        self.login(self.alice)
        self.client.post(self.create_url, self.data(slug="cykl-2"))
        series = Series.objects.get(slug="cykl-2")
        support = series.themes.get(names__en="Support")
        event = make_event(self.org, series=series, theme=support)
        url = reverse("meetings:series_edit", kwargs={"slug": series.slug})
        response = self.client.post(url, self.data(themes="Wsparcie | Support | Підтримка"))
        self.assertRedirects(response, series.get_absolute_url())
        event.refresh_from_db()
        self.assertEqual(event.theme, support)
        self.assertEqual(series.themes.count(), 1)

    def test_edit_is_for_the_organisers_admins_and_staff(self):
        series = make_series(self.org, slug="cykl")
        url = reverse("meetings:series_edit", kwargs={"slug": series.slug})
        self.assertEqual(self.client.get(url).status_code, 302)
        for persona in (self.bob, self.charlie):
            self.login(persona)
            self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.staff)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.login(self.alice)
        self.assertContains(self.client.get(series.get_absolute_url()), url)
