"""The search index: one row per searchable document (an organisation, a service, …).

The rows are written by `wspolnie.search.index` only. The full-text machinery lives next to
the table and depends on the database (migration 0002): on SQLite an FTS5 table
`search_fts` kept in sync by triggers; on PostgreSQL a generated `tsvector` column
`search_vector` with a GIN index.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    # Short columns first: SQLite reads a row's columns in order, and the search reads
    # kind and organisation_id of every match (the long texts would make that slow).
    #: "<app_label>.<model>:<pk>", see wspolnie.search.types.SearchDocument.
    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, db_index=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True,
                                             db_index=True)
    #: The primary key of the object the entry is about (from the key): lets a list of one
    #: model (the directory, the board, …) filter its own queryset by the index.
    object_id = models.BigIntegerField(_("object"), null=True, blank=True, db_index=True)
    #: The entry is searchable from / until these instants (None: always). Checked at query
    #: time, so an announcement published tomorrow or a need that expires tonight appears
    #: and disappears on time without any re-index or daily command.
    visible_from = models.DateTimeField(_("visible from"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    url = models.CharField(_("address"), max_length=500)
    updated = models.DateTimeField(_("last updated"), auto_now=True)
    title = models.CharField(_("title"), max_length=300)
    keywords = models.TextField(_("keywords"), blank=True)
    #: Folded spellings SQLite's tokenizer cannot produce itself ("wrocław" → "wroclaw").
    extra_terms = models.TextField(_("folded words"), blank=True)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return self.key
