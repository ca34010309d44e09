"""With the real search index: open needs are found; closed and expired ones are not."""

from __future__ import annotations

from django.utils import timezone

from tests.base import BaseTestCase
from wspolnie.needs import services
from wspolnie.needs.models import NeedOffer
from wspolnie.needs.search_index import expiry_instant
from wspolnie.search import index
from wspolnie.search.models import SearchEntry
from wspolnie.search.query import search

from .helpers import days


class NeedsInTheSearchTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        index.RAISE_ERRORS = True
        self.addCleanup(setattr, index, "RAISE_ERRORS", False)

    def post(self, title: str, **values):
        with self.captureOnCommitCallbacks(execute=True):
            return services.do_create_need_offer(
                self.alice, self.org, kind=values.pop("kind", "need"), category="interpreting",
                title=title, description="Dyżury w czwartki na Nadodrzu.",
                **{"expires_on": days(10), **values},
            )

    def found(self, text: str) -> list[str]:
        return [hit.url for hit in search(text).hits]

    def test_an_open_need_is_found_and_a_closed_one_is_not(self):
        need = self.post("Tłumacze gruzińsko-polscy")
        self.assertEqual(self.found("gruzińsko"), [need.get_absolute_url()])
        self.assertEqual([hit.kind for hit in search("gruzińsko").hits], ["need"])

        with self.captureOnCommitCallbacks(execute=True):
            services.do_close_need_offer(self.alice, need)
        self.assertEqual(self.found("gruzińsko"), [])

    def test_expire_needs_takes_an_expired_need_out_of_the_search(self):
        need = self.post("Tłumacze czeczeńsko-polscy")
        self.assertEqual(self.found("czeczeńsko"), [need.get_absolute_url()])
        # Midnight passes (a date changes without any save, so the index does not know yet).
        NeedOffer.objects.filter(pk=need.pk).update(expires_on=days(-1))

        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(services.process_expired(), 1)
        self.assertEqual(self.found("czeczeńsko"), [])

        # Extending it brings it back.
        with self.captureOnCommitCallbacks(execute=True):
            services.do_update_need_offer(
                self.alice, NeedOffer.objects.get(pk=need.pk), expires_on=days(5)
            )
        self.assertEqual(self.found("czeczeńsko"), [need.get_absolute_url()])

    def test_an_expired_need_leaves_the_search_at_midnight_without_any_command(self):
        need = self.post("Tłumacze abchasko-polscy", expires_on=days(0))
        entry = SearchEntry.objects.get(key=f"needs.needoffer:{need.pk}")
        # It is indexed with the moment it leaves the board: the next midnight here.
        midnight = timezone.localtime(entry.expires_at)
        self.assertEqual((midnight.date(), midnight.hour, midnight.minute), (days(1), 0, 0))
        self.assertEqual(self.found("abchasko"), [need.get_absolute_url()])
        # Midnight passes: the date in the database and in the index is now yesterday's; no
        # save, no re-index, no `expire_needs`.
        NeedOffer.objects.filter(pk=need.pk).update(expires_on=days(-1))
        SearchEntry.objects.filter(pk=entry.pk).update(expires_at=expiry_instant(days(-1)))
        self.assertEqual(self.found("abchasko"), [])
        self.assertEqual(search("abchasko", kinds=["need"]).total, 0)
        self.assertTrue(SearchEntry.objects.filter(pk=entry.pk).exists())  # still in the table
