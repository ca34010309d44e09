"""With the real search index: active services are found, inactive and deleted ones not."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.search import index
from wspolnie.search.query import search
from wspolnie.services import services


class ServicesInTheSearchTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        index.RAISE_ERRORS = True
        self.addCleanup(setattr, index, "RAISE_ERRORS", False)

    def found(self, text: str) -> list[str]:
        return [hit.url for hit in search(text).hits]

    def test_a_service_is_found_in_each_of_its_languages_until_it_is_inactive(self):
        with self.captureOnCommitCallbacks(execute=True):
            service = services.do_create_service(
                self.alice, self.org,
                name={"pl": "Porady prawne", "uk": "Юридичні консультації"},
                description={"en": "Residence permits and family reunification."},
            )
        url = service.get_absolute_url()
        self.assertEqual(self.found("консультації"), [url])
        self.assertEqual(self.found("reunification"), [url])
        self.assertEqual([hit.kind for hit in search("porady").hits], ["service"])

        with self.captureOnCommitCallbacks(execute=True):
            services.do_update_service(self.alice, service, status="inactive")
        self.assertEqual(self.found("консультації"), [])

        with self.captureOnCommitCallbacks(execute=True):
            services.do_update_service(self.alice, service, status="active")
        self.assertEqual(self.found("консультації"), [url])

        with self.captureOnCommitCallbacks(execute=True):
            services.do_delete_service(self.alice, service)
        self.assertEqual(self.found("консультації"), [])
