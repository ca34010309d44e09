"""The full-text machinery of the search index, which depends on the database.

SQLite: an external-content FTS5 table `search_fts` over search_searchentry (tokenizer
unicode61 with diacritics removed, prefix indexes for 2–4 characters), kept in sync by
triggers, so every write to the table (also bulk ones) updates it.

PostgreSQL: the unaccent extension, an IMMUTABLE wrapper `wspolnie_unaccent(text)`, a text
search configuration `wspolnie_search` (the
`simple` one with unaccent in front: Polish has no stemmer in stock PostgreSQL, prefix
queries stand in for it), and a generated, GIN-indexed tsvector column `search_vector`
(title weight A, keywords B, text C). Using unaccent inside the configuration, rather than
on the text, keeps ts_headline able to highlight the original, accented words.

NB: on SQLite Django rebuilds a table to alter it, which drops its triggers: a later
migration that alters search_searchentry must create them again (tests/search/test_schema.py
checks they exist).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, keywords, extra_terms,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
    )""",
    """CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title, body, keywords, extra_terms)
        VALUES (new.id, new.title, new.body, new.keywords, new.extra_terms);
    END""",
    """CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, keywords, extra_terms)
        VALUES ('delete', old.id, old.title, old.body, old.keywords, old.extra_terms);
    END""",
    """CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, keywords, extra_terms)
        VALUES ('delete', old.id, old.title, old.body, old.keywords, old.extra_terms);
        INSERT INTO search_fts(rowid, title, body, keywords, extra_terms)
        VALUES (new.id, new.title, new.body, new.keywords, new.extra_terms);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchentry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS wspolnie_search",
    "DROP FUNCTION IF EXISTS wspolnie_unaccent(text)",
]


def _postgresql_forward(schema_editor) -> list[str]:
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'unaccent'"
        )
        schema = schema_editor.quote_name(cursor.fetchone()[0])
    vector = " || ".join(
        f"setweight(to_tsvector('wspolnie_search'::regconfig, {column}), '{weight}')"
        for column, weight in [("title", "A"), ("keywords", "B"), ("body", "C")]
    )
    return [
        # unaccent() itself is only STABLE (it reads its dictionary), so it cannot be used in
        # an index expression; this wrapper pins the dictionary and is IMMUTABLE. (For other
        # queries, e.g. an accent-insensitive ILIKE; the index uses the configuration below.)
        "CREATE OR REPLACE FUNCTION wspolnie_unaccent(text) RETURNS text"
        " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT"
        f" AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$",
        "CREATE TEXT SEARCH CONFIGURATION wspolnie_search (COPY = pg_catalog.simple)",
        "ALTER TEXT SEARCH CONFIGURATION wspolnie_search"
        " ALTER MAPPING FOR word, numword, hword, hword_part, hword_numpart"
        f" WITH {schema}.unaccent, pg_catalog.simple",
        f"ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector"
        f" GENERATED ALWAYS AS ({vector}) STORED",
        "CREATE INDEX search_searchentry_vector_gin ON search_searchentry"
        " USING gin (search_vector)",
    ]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_FORWARD
    elif vendor == "postgresql":
        statements = _postgresql_forward(schema_editor)
    else:
        return  # other databases: the search falls back to a plain scan (see backends.py)
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
