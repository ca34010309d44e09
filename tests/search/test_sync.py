"""The index follows every change of the data, after the change is committed."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase

from wspolnie.directory.models import Community, Language, Topic
from wspolnie.organisations.models import Organisation
from wspolnie.search import index
from wspolnie.search.models import SearchEntry
from wspolnie.search.query import search
from wspolnie.search.types import SearchDocument

from .helpers import add_location, make_org, rebuild, vocabulary


def titles(text: str) -> list[str]:
    return [hit.title for hit in search(text).hits]


def key_of(organisation) -> str:
    return f"organisations.organisation:{organisation.pk}"


class SyncTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.words = vocabulary()

    def committed(self):
        """Run what is waiting for the commit at the end of the block, as a commit would."""
        return self.captureOnCommitCallbacks(execute=True)

    def test_a_new_approved_organisation_is_found(self):
        with self.committed():
            make_org("Fundacja Kormoran", short_description="Rejsy po Odrze.")
        self.assertEqual(titles("kormoran"), ["Fundacja Kormoran"])
        self.assertEqual(titles("odrze"), ["Fundacja Kormoran"])

    def test_nothing_changes_before_the_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            make_org("Fundacja Kormoran")
            self.assertFalse(SearchEntry.objects.exists())
        self.assertTrue(callbacks)
        self.assertFalse(SearchEntry.objects.exists())

    def test_a_change_of_name_and_text(self):
        with self.committed():
            org = make_org("Fundacja Kormoran", short_description="Rejsy po Odrze.")
        with self.committed():
            org.name = "Fundacja Pelikan"
            org.short_description = "Spływy kajakowe."
            org.description = {"uk": "Сплави на байдарках.", "en": "Kayaking."}
            org.save()
        self.assertEqual(titles("kormoran"), [])
        self.assertEqual(titles("odrze"), [])
        self.assertEqual(titles("pelikan"), ["Fundacja Pelikan"])
        self.assertEqual(titles("байдарках"), ["Fundacja Pelikan"])
        self.assertEqual(titles("kayak"), ["Fundacja Pelikan"])
        self.assertEqual(SearchEntry.objects.count(), 1)

    def test_a_deleted_organisation_is_gone(self):
        with self.committed():
            org = make_org("Fundacja Kormoran")
        index.replace(None, [SearchDocument(
            key="services.service:77", kind="service", title="Rejsy kormoranem", body="",
            url="/s/77/", organisation_id=org.pk)])
        with self.committed():
            org.delete()
        self.assertEqual(titles("kormoran"), [])
        self.assertFalse(SearchEntry.objects.exists())

    def test_approval_decides(self):
        with self.committed():
            org = make_org("Fundacja Kormoran", status=Organisation.Status.PENDING)
        self.assertEqual(titles("kormoran"), [])
        self.assertFalse(SearchEntry.objects.exists())

        with self.committed():
            org.status = Organisation.Status.APPROVED
            org.save()
        self.assertEqual(titles("kormoran"), ["Fundacja Kormoran"])

        # Losing the approval removes everything of the organisation, from every app.
        index.replace(None, [SearchDocument(
            key="services.service:77", kind="service", title="Rejsy kormoranem", body="",
            url="/s/77/", organisation_id=org.pk)])
        with self.committed():
            org.status = Organisation.Status.REJECTED
            org.save()
        self.assertEqual(titles("kormoran"), [])
        self.assertFalse(SearchEntry.objects.filter(organisation_id=org.pk).exists())

    def test_topics_communities_languages_and_districts(self):
        with self.committed():
            org = make_org("Fundacja Kormoran")
        self.assertEqual(titles("georgian"), [])
        with self.committed():
            org.communities.add(self.words["georgian"])
            org.topics.add(self.words["education"])
            org.districts.add(self.words["olbin"])
        for word in ("georgian", "gruzińska", "грузинська", "edukacja", "освіта", "olbin",
                     "Ołbin"):
            with self.subTest(word=word):
                self.assertEqual(titles(word), ["Fundacja Kormoran"])
        with self.committed():
            org.languages.add(*Language.for_codes(["ka"]))
        # Georgian, as a language: its name in itself, in Polish, English and Ukrainian.
        for word in ("ქართული", "gruziński", "georgian", "грузинська"):
            with self.subTest(word=word):
                self.assertEqual(titles(word), ["Fundacja Kormoran"])
        with self.committed():
            org.communities.remove(self.words["georgian"])
            org.languages.clear()
        self.assertEqual(titles("georgian"), [])
        self.assertEqual(titles("edukacja"), ["Fundacja Kormoran"])

    def test_changes_from_the_other_side_of_the_relation(self):
        with self.committed():
            org = make_org("Fundacja Kormoran")
        georgian = self.words["georgian"]
        with self.committed():
            georgian.organisation_set.add(org)
        self.assertEqual(titles("georgian"), ["Fundacja Kormoran"])
        with self.committed():
            georgian.organisation_set.clear()
        self.assertEqual(titles("georgian"), [])

    def test_renaming_and_deleting_a_topic(self):
        with self.committed():
            org = make_org("Fundacja Kormoran", topics=[self.words["culture"]])
        with self.committed():
            topic = Topic.objects.get(slug="culture")
            topic.names = {"pl": "Kultura i sztuka", "en": "Culture and arts"}
            topic.save()
        self.assertEqual(titles("sztuka"), ["Fundacja Kormoran"])
        with self.committed():
            topic.delete()
        self.assertEqual(titles("sztuka"), [])
        self.assertEqual(titles("kormoran"), ["Fundacja Kormoran"])
        self.assertEqual(org.topics.count(), 0)

    def test_community_rename(self):
        with self.committed():
            make_org("Fundacja Kormoran", communities=[self.words["chechen"]])
        with self.committed():
            chechen = Community.objects.get(slug="chechen")
            chechen.names = {**chechen.names, "en": "Chechen (Nokhchi)"}
            chechen.save()
        self.assertEqual(titles("nokhchi"), ["Fundacja Kormoran"])

    def test_locations(self):
        with self.committed():
            org = make_org("Fundacja Kormoran")
        with self.committed():
            place = add_location(org, "ul. Ładna 12", self.words["nadodrze"], name="Przystań")
        self.assertEqual(titles("ladna"), ["Fundacja Kormoran"])
        self.assertEqual(titles("przystań"), ["Fundacja Kormoran"])
        self.assertEqual(titles("nadodrze"), ["Fundacja Kormoran"])
        with self.committed():
            place.street_address = "ul. Brzydka 3"
            place.save()
        self.assertEqual(titles("ladna"), [])
        self.assertEqual(titles("brzydka"), ["Fundacja Kormoran"])
        with self.committed():
            place.delete()
        self.assertEqual(titles("brzydka"), [])
        self.assertEqual(titles("kormoran"), ["Fundacja Kormoran"])

    def test_a_pending_organisations_changes_stay_out(self):
        with self.committed():
            org = make_org("Fundacja Kormoran", status=Organisation.Status.PENDING)
            add_location(org, "ul. Ładna 12")
            org.communities.add(self.words["georgian"])
        self.assertFalse(SearchEntry.objects.exists())


class RollbackTestCase(TransactionTestCase):
    """Real transactions: what is rolled back never reaches the index."""

    def test_a_rolled_back_change_does_not_reach_the_index(self):
        org = make_org("Fundacja Kormoran")
        self.assertEqual(titles("kormoran"), ["Fundacja Kormoran"])

        class Abort(Exception):
            pass

        try:
            with transaction.atomic():
                org.name = "Fundacja Albatros"
                org.save()
                make_org("Fundacja Mewa")
                raise Abort
        except Abort:
            pass
        self.assertEqual(titles("albatros"), [])
        self.assertEqual(titles("mewa"), [])
        self.assertEqual(titles("kormoran"), ["Fundacja Kormoran"])

    def test_a_rolled_back_savepoint_inside_a_committed_transaction(self):
        with transaction.atomic():
            make_org("Fundacja Kormoran")
            try:
                with transaction.atomic():
                    make_org("Fundacja Mewa")
                    raise RuntimeError("no")
            except RuntimeError:
                pass
            make_org("Fundacja Czapla")
            self.assertFalse(SearchEntry.objects.exists())  # not before the commit
        self.assertEqual(sorted(titles("fundacja")), ["Fundacja Czapla", "Fundacja Kormoran"])


class RebuildTestCase(TestCase):
    def test_the_command_builds_the_index_and_is_idempotent(self):
        make_org("Fundacja Kormoran", short_description="Rejsy.")
        make_org("Fundacja Mewa", status=Organisation.Status.PENDING)
        out = StringIO()
        call_command("rebuild_search_index", stdout=out)
        self.assertIn("1 added, 0 updated, 0 removed, 0 unchanged", out.getvalue())
        self.assertEqual(titles("rejsy"), ["Fundacja Kormoran"])
        before = list(SearchEntry.objects.values_list("id", "key", "title", "updated"))

        out = StringIO()
        call_command("rebuild_search_index", stdout=out)
        self.assertIn("0 added, 0 updated, 0 removed, 1 unchanged", out.getvalue())
        self.assertEqual(
            list(SearchEntry.objects.values_list("id", "key", "title", "updated")), before
        )
        self.assertEqual(titles("rejsy"), ["Fundacja Kormoran"])

    def test_it_catches_up_with_changes_that_sent_no_signals(self):
        org = make_org("Fundacja Kormoran")
        rebuild()
        Organisation.objects.filter(pk=org.pk).update(name="Fundacja Albatros")
        Organisation.objects.bulk_create([
            Organisation(name="Fundacja Mewa", slug="mewa", kind="ngo", status="approved")
        ])
        index.replace(None, [SearchDocument(
            key="gone.thing:1", kind="service", title="Albatros stary", body="", url="/x/")])
        self.assertEqual(titles("albatros"), ["Albatros stary"])
        self.assertEqual(
            rebuild(), {"added": 1, "updated": 1, "removed": 1, "unchanged": 0})
        self.assertEqual(titles("albatros"), ["Fundacja Albatros"])
        self.assertEqual(titles("mewa"), ["Fundacja Mewa"])

    def test_it_repairs_the_sqlite_fulltext_table(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite only")
        make_org("Fundacja Kormoran")
        rebuild()
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        self.assertEqual(titles("kormoran"), [])
        rebuild()
        self.assertEqual(titles("kormoran"), ["Fundacja Kormoran"])
