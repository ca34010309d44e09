"""Suggested introductions: pairs with no tie that serve the same people or whose needs meet
the other's offers; reasons in the viewer's language; the coordinator (staff) decides."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from tests.channels.helpers import make_vocabulary
from wspolnie.directory.models import Community, District
from wspolnie.needs.models import NeedOffer
from wspolnie.network.models import Suggestion, Tie, ordered_pair
from wspolnie.network.reasons import describe_all
from wspolnie.network.services import do_decide_suggestion, rebuild_network

from .helpers import NetworkTestCase

EXPECTED = {
    "en": ["Both work with the Georgian community in Nadodrze",
           "Dom Samotnia needs interpreting and translation, Grupa Pisząca offers it",
           "Grupa Pisząca has only one tie so far", "Dom Samotnia has no tie yet"],
    "pl": ["Obie pracują ze społecznością: Gruzińska w dzielnicy: Nadodrze",
           "Dom Samotnia potrzebuje: tłumaczenia ustne i pisemne, Grupa Pisząca to oferuje",
           "Grupa Pisząca ma dotąd tylko jedno powiązanie",
           "Dom Samotnia nie ma jeszcze żadnego powiązania"],
    "uk": ["Обидві працюють зі спільнотою: Грузинська у районі: Nadodrze",
           "Dom Samotnia потребує: усний і письмовий переклад, Grupa Pisząca це пропонує",
           "Grupa Pisząca поки має лише один зв'язок",
           "Dom Samotnia ще не має жодного зв'язку"],
}


class SuggestionTest(NetworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()
        georgian = Community.objects.get(slug="georgian")
        nadodrze = District.objects.get(slug="nadodrze")
        for organisation in (cls.loner, cls.poster):
            organisation.communities.set([georgian])
            organisation.districts.set([nadodrze])
        for organisation, kind in ((cls.loner, NeedOffer.Kind.NEED),
                                   (cls.poster, NeedOffer.Kind.OFFER)):
            NeedOffer.objects.create(
                organisation=organisation, kind=kind, category=NeedOffer.Category.INTERPRETING,
                title="Tłumaczenia", description="Gruziński.",
                expires_on=timezone.localdate() + dt.timedelta(days=30))
        # org is tied to poster (the board), not to loner.
        cls.org.communities.set([georgian])
        cls.org.districts.set([nadodrze])
        rebuild_network()
        a, b = ordered_pair(cls.loner.pk, cls.poster.pk)
        cls.suggestion = Suggestion.objects.get(org_a_id=a, org_b_id=b)

    def test_pairs_with_no_tie_are_suggested_best_first_with_reasons_in_each_language(self):
        pairs = list(Suggestion.objects.values_list("org_a_id", "org_b_id"))
        assert pairs == [ordered_pair(self.loner.pk, self.poster.pk),
                         ordered_pair(self.org.pk, self.loner.pk)]
        for language, sentences in EXPECTED.items():
            with translation.override(language):
                assert describe_all([self.suggestion])[0][1] == sentences

    def test_only_staff_decide_and_done_makes_a_tie(self):
        with pytest.raises(PermissionDenied):
            do_decide_suggestion(self.alice, self.suggestion, Suggestion.Status.DONE)
        do_decide_suggestion(self.staff, self.suggestion, Suggestion.Status.DONE)
        a, b = ordered_pair(self.loner.pk, self.poster.pk)
        assert Tie.objects.filter(org_a_id=a, org_b_id=b, kind=Tie.Kind.INTRODUCTION).exists()
        rebuild_network()  # the introduction stays a tie, and the pair is not suggested again
        assert Tie.objects.filter(org_a_id=a, org_b_id=b, kind=Tie.Kind.INTRODUCTION).exists()
        self.suggestion.refresh_from_db()
        assert self.suggestion.status == Suggestion.Status.DONE
        do_decide_suggestion(self.staff, self.suggestion, Suggestion.Status.OPEN)
        assert not Tie.objects.filter(kind=Tie.Kind.INTRODUCTION).exists()

    def test_the_page_is_for_staff(self):
        url = reverse("network:suggestions")
        assert self.client.get(url).status_code == 302
        self.login(self.alice)
        assert self.client.get(url).status_code == 403
        decide = reverse("network:suggestion_decide", args=[self.suggestion.pk])
        assert self.client.post(decide, {"status": "done"}).status_code == 403
        self.login(self.staff)
        with translation.override("uk"):
            body = self.client.get(url, headers={"accept-language": "uk"}).content.decode()
        assert "Dom Samotnia ще не має жодного зв&#x27;язку" in body
        self.client.post(decide, {"status": "dismissed"})
        self.suggestion.refresh_from_db()
        assert self.suggestion.status == Suggestion.Status.DISMISSED

    def test_the_api_lists_and_decides_for_staff(self):
        self.login(self.staff)
        data = self.client.get("/api/network/suggestions",
                               headers={"accept-language": "en"}).json()
        assert data["items"][0]["reasons"] == EXPECTED["en"]
        assert data["items"][0]["reason_codes"][0] == {"code": "community",
                                                       "values": ["georgian"]}
        response = self.client.post(f"/api/network/suggestions/{self.suggestion.pk}/decide",
                                    {"status": "done"}, content_type="application/json")
        assert response.status_code == 200 and response.json()["status"] == "done"
        self.login(self.charlie)
        assert self.client.post(f"/api/network/suggestions/{self.suggestion.pk}/decide",
                                {"status": "open"},
                                content_type="application/json").status_code == 403
