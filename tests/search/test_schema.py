"""The full-text machinery the migrations create, per database."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase


class SchemaTestCase(TestCase):
    def test_sqlite_has_the_fts5_table_and_its_triggers(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite only")
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
            [sql] = cursor.fetchone()
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name = 'search_searchentry'"
            )
            triggers = {row[0] for row in cursor.fetchall()}
        self.assertIn("fts5", sql)
        self.assertIn("remove_diacritics 2", sql)
        self.assertIn("prefix", sql)
        # Django rebuilds a SQLite table to alter it, dropping its triggers: a migration that
        # alters search_searchentry must create them again.
        self.assertEqual(triggers, {
            "search_searchentry_fts_insert", "search_searchentry_fts_delete",
            "search_searchentry_fts_update",
        })

    def test_postgresql_has_unaccent_the_configuration_and_the_vector(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
            self.assertIsNotNone(cursor.fetchone())
            cursor.execute(
                "SELECT to_tsvector('wspolnie_search', 'Międzykulturowość we Wrocławiu')::text"
            )
            self.assertEqual(cursor.fetchone()[0], "'miedzykulturowosc':1 'we':2 'wroclawiu':3")
            cursor.execute(
                "SELECT is_generated, data_type FROM information_schema.columns"
                " WHERE table_name = 'search_searchentry' AND column_name = 'search_vector'"
            )
            self.assertEqual(cursor.fetchone(), ("ALWAYS", "tsvector"))
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'search_searchentry'"
                " AND indexname = 'search_searchentry_vector_gin'"
            )
            self.assertIn("gin (search_vector)", cursor.fetchone()[0])
            cursor.execute(
                "SELECT wspolnie_unaccent('Łódź, Międzykulturowość'), provolatile"
                " FROM pg_proc WHERE proname = 'wspolnie_unaccent'"
            )
            self.assertEqual(cursor.fetchone(), ("Lodz, Miedzykulturowosc", "i"))
