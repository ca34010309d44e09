"""organisations 0005: the short description, opening hours and accessibility notes become
{language: text}; the text written before goes to the default language (Polish), and back."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("organisations", "0004_joinrequest")]
AFTER = [("organisations", "0005_multilingual_short_texts")]


class MultilingualShortTextsMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        super().tearDown()

    def test_the_text_moves_to_polish_and_back(self):
        apps = self.migrate(BEFORE)
        Organisation = apps.get_model("organisations", "Organisation")
        Location = apps.get_model("organisations", "Location")
        written = Organisation.objects.create(
            name="Fundacja", slug="fundacja", kind="foundation",
            short_description="Pomagamy rodzinom.",
        )
        empty = Organisation.objects.create(name="Grupa", slug="grupa", kind="informal_group")
        place = Location.objects.create(
            organisation=written, street_address="ul. Roosevelta 5",
            opening_hours="pn–pt 10–16\nsob 10–13", accessibility="Winda, próg 2 cm.",
        )
        bare = Location.objects.create(organisation=empty, street_address="ul. Jedności 1")

        apps = self.migrate(AFTER)
        Organisation = apps.get_model("organisations", "Organisation")
        Location = apps.get_model("organisations", "Location")
        self.assertEqual(Organisation.objects.get(pk=written.pk).short_description,
                         {"pl": "Pomagamy rodzinom."})
        self.assertEqual(Organisation.objects.get(pk=empty.pk).short_description, {})
        moved = Location.objects.get(pk=place.pk)
        self.assertEqual(moved.opening_hours, {"pl": "pn–pt 10–16\nsob 10–13"})
        self.assertEqual(moved.accessibility, {"pl": "Winda, próg 2 cm."})
        self.assertEqual(Location.objects.get(pk=bare.pk).opening_hours, {})
        # Translations added afterwards; going back keeps the Polish text (else any one).
        Organisation.objects.filter(pk=empty.pk).update(short_description={"uk": "Група."})
        Location.objects.filter(pk=place.pk).update(
            accessibility={"en": "A lift.", "pl": "Winda."}
        )

        apps = self.migrate(BEFORE)
        Organisation = apps.get_model("organisations", "Organisation")
        Location = apps.get_model("organisations", "Location")
        self.assertEqual(Organisation.objects.get(pk=written.pk).short_description,
                         "Pomagamy rodzinom.")
        self.assertEqual(Organisation.objects.get(pk=empty.pk).short_description, "Група.")
        back = Location.objects.get(pk=place.pk)
        self.assertEqual(back.opening_hours, "pn–pt 10–16\nsob 10–13")
        self.assertEqual(back.accessibility, "Winda.")
        self.assertEqual(Location.objects.get(pk=bare.pk).accessibility, "")
