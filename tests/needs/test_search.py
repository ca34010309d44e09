"""With the real search index: open needs are found; closed and expired ones are not."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.needs import services
from wspolnie.needs.models import NeedOffer
from wspolnie.search import index
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
                expires_on=days(10), **values,
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
