"""Writing the search index: from the apps' `search_index` modules to SearchEntry rows.

Every re-index reads the current, committed state from the database, so it is idempotent and
can run as often as needed: signals schedule it after the transaction commits
(`wspolnie.search.signals`), `wspolnie rebuild_search_index` runs it for everything.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache
from types import ModuleType

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone

from wspolnie.core import versions
from wspolnie.core.plugins import wspolnie_app_modules

from .models import SearchEntry
from .text import clean_text, extra_terms
from .types import SearchDocument

logger = logging.getLogger(__name__)

#: Tests set this: an error while indexing then fails the test instead of being logged.
RAISE_ERRORS = False

_FIELDS = ["kind", "title", "body", "keywords", "extra_terms", "url", "organisation_id",
           "object_id", "visible_from", "expires_at"]
_MAX_BODY = 100_000


@cache
def modules() -> tuple[tuple[str, ModuleType], ...]:
    """(app label, module) of every installed app's `search_index` module."""
    return tuple(wspolnie_app_modules("search_index"))


def modules_for(model: type[Model]) -> list[ModuleType]:
    return [module for _label, module in modules() if model in getattr(module, "MODELS", ())]


def indexed_models() -> list[type[Model]]:
    found: list[type[Model]] = []
    for _label, module in modules():
        for model in getattr(module, "MODELS", ()):
            if model not in found:
                found.append(model)
    return found


def base_key(instance_or_model, pk=None) -> str:
    """The key prefix of an object's documents: "<app_label>.<model>:<pk>"."""
    if pk is None:
        pk = instance_or_model.pk
    return f"{instance_or_model._meta.label_lower}:{pk}"


def _own_entries(key: str) -> Q:
    """The entries of one object: its key, or keys that extend it ("services.service:3:uk")."""
    return Q(key=key) | Q(key__startswith=f"{key}:")


def _organisation_model() -> type[Model]:
    return apps.get_model("organisations", "Organisation")


def object_id(key: str) -> int | None:
    """The object's primary key in a document key ("services.service:12:uk" → 12)."""
    parts = key.split(":")
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    return int(parts[1])


def entry_values(document: SearchDocument) -> dict:
    title = clean_text(document.title).strip()[:300]
    body = clean_text(document.body)[:_MAX_BODY]
    keywords = clean_text(document.keywords)[:_MAX_BODY]
    return {
        "kind": document.kind[:32],
        "title": title,
        "body": body,
        "keywords": keywords,
        "extra_terms": extra_terms(title, body, keywords),
        "url": document.url[:500],
        "organisation_id": document.organisation_id,
        "object_id": object_id(document.key),
        "visible_from": document.visible_from,
        "expires_at": document.expires_at,
    }


def _dedupe(documents: Iterable[SearchDocument]) -> dict[str, SearchDocument]:
    return {document.key: document for document in documents}


@transaction.atomic
def replace(clear: Q | None, documents: Iterable[SearchDocument]) -> None:
    """Remove the entries `clear` selects and write `documents` (unchanged rows stay)."""
    by_key = _dedupe(documents)
    if clear is not None:
        SearchEntry.objects.filter(clear).exclude(key__in=list(by_key)).delete()
    existing = {entry.key: entry for entry in SearchEntry.objects.filter(key__in=list(by_key))}
    for key, document in by_key.items():
        values = entry_values(document)
        entry = existing.get(key)
        if entry is None:
            SearchEntry.objects.create(key=key, **values)
        elif any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            entry.save()


def _documents_for(module: ModuleType, instance: Model) -> list[SearchDocument]:
    return list(module.documents_for(instance))


def reindex_organisation(pk) -> None:
    """Everything that belongs to one organisation, from every app (its approval decides)."""
    organisation = _organisation_model()._default_manager.filter(pk=pk).first()
    documents: list[SearchDocument] = []
    if organisation is not None:
        for _label, module in modules():
            if hasattr(module, "documents_for_organisation"):
                documents.extend(module.documents_for_organisation(organisation))
    replace(Q(organisation_id=pk) | _own_entries(base_key(_organisation_model(), pk)), documents)


def reindex(model: type[Model], pk) -> None:
    """One object's documents, as its app's `documents_for` makes them now."""
    if model is _organisation_model():
        reindex_organisation(pk)
        return
    instance = model._default_manager.filter(pk=pk).first()
    documents: list[SearchDocument] = []
    if instance is not None:
        for module in modules_for(model):
            documents.extend(_documents_for(module, instance))
    replace(_own_entries(base_key(model, pk)), documents)


def remove(model: type[Model], pk, dependents: Iterable[str] = ()) -> None:
    """An object is gone: drop its entries, refresh the documents that showed it."""
    clear = _own_entries(base_key(model, pk))
    if model is _organisation_model():
        clear |= Q(organisation_id=pk)
    replace(clear, [])
    for key in dependents:
        reindex_key(key)


def reindex_key(key: str) -> None:
    """Re-index the object a document key names ("organisations.organisation:5")."""
    label, _, rest = key.partition(":")
    pk = rest.split(":")[0]
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        SearchEntry.objects.filter(_own_entries(f"{label}:{pk}")).delete()
        return
    try:
        pk = model._meta.pk.to_python(pk)
    except Exception:  # noqa: BLE001 (a malformed key: nothing to refresh)
        return
    reindex(model, pk)


def dependent_keys(instance: Model) -> set[str]:
    """Keys of other objects' documents that `instance` contributes to (a location to its
    organisation, a topic to the organisations that have it): refreshed after a delete."""
    own = base_key(instance)
    keys = set()
    for module in modules_for(type(instance)):
        for document in _documents_for(module, instance):
            if document.key != own and not document.key.startswith(f"{own}:"):
                keys.add(document.key)
    return keys


def run_safely(function, *args) -> None:
    """Run an index update; a failure is logged (the change itself is already committed and
    `wspolnie rebuild_search_index` repairs the index), except in tests."""
    try:
        function(*args)
    except Exception:
        if RAISE_ERRORS:
            raise
        logger.exception(
            "Updating the search index failed (%s%r); run `wspolnie rebuild_search_index`.",
            function.__name__, args,
        )


def all_documents() -> dict[str, SearchDocument]:
    documents: dict[str, SearchDocument] = {}
    for _label, module in modules():
        documents.update(_dedupe(module.all_documents()))
    return documents


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Make the index exactly what the apps say it should be. Idempotent."""
    wanted = all_documents()
    existing = {entry.key: entry for entry in SearchEntry.objects.all()}
    stale = [entry.pk for key, entry in existing.items() if key not in wanted]
    for start in range(0, len(stale), 500):
        SearchEntry.objects.filter(pk__in=stale[start:start + 500]).delete()
    new, changed, unchanged = [], [], 0
    now = timezone.now()
    for key, document in wanted.items():
        values = entry_values(document)
        entry = existing.get(key)
        if entry is None:
            new.append(SearchEntry(key=key, updated=now, **values))
        elif any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            entry.updated = now
            changed.append(entry)
        else:
            unchanged += 1
    SearchEntry.objects.bulk_create(new, batch_size=500)
    SearchEntry.objects.bulk_update(changed, [*_FIELDS, "updated"], batch_size=200)
    # Bulk writes send no signals: the directory's cached facet counts (its text box looks
    # in this index; `wspolnie synth` ends here after its bulk inserts) start again.
    versions.bump(versions.DIRECTORY)
    if connection.vendor == "sqlite":
        # Re-read the FTS index from the table: repairs it if it ever got out of step.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    return {"added": len(new), "updated": len(changed), "removed": len(stale),
            "unchanged": unchanged}
