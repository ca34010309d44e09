"""Column mappings: how a row of a file becomes an organisation, a service or a channel, and how
one becomes a row again. An export has exactly the import's columns, so it can be imported back.

Conventions of every mapping:
- the first row names the columns (any case, spaces or dashes for underscores); columns the
  mapping does not know are ignored and listed in the preview;
- a column that is missing leaves that field as it is (on update) or at its default (on
  create); an empty cell clears the field;
- text in several languages has one column per content language (`description_pl`, …);
- several values in one cell (topics, languages, …) are separated by `;`.

`check_rows()` validates without saving anything; `save_rows()` saves, inside the caller's
transaction, and writes the audit log.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wspolnie.core import audit, versions
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.lib import registry_numbers
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.organisations.models import Membership, Organisation

from .parsing import ImportFileError, Table, join_list, split_list

Row = tuple[int, dict[str, str]]

CREATE, UPDATE, UNCHANGED, INVALID = "create", "update", "unchanged", "invalid"


def content_languages() -> list[str]:
    return list(settings.CONTENT_LANGUAGES)


def multilingual_columns(name: str) -> list[str]:
    return [f"{name}_{code}" for code in content_languages()]


def row_error(row: int, column: str, message) -> dict:
    return {"row": row, "column": column, "message": str(message)}


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@dataclass
class Options:
    #: New organisations are approved at once (staff only); otherwise they wait for approval.
    approve_new: bool = False


@dataclass
class RowResult:
    row: int
    action: str
    errors: list[dict] = field(default_factory=list)
    #: The audit-log style changes {field: [old, new]} (organisations).
    changes: dict = field(default_factory=dict)


def is_system(actor) -> bool:
    """The command line without --as: the server's operator, with all rights."""
    return actor is None


def is_staff(actor) -> bool:
    return is_system(actor) or bool(actor.is_authenticated and actor.is_staff)


def administered_organisation_ids(actor) -> set[int]:
    if is_system(actor) or not actor.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=actor, role=Membership.Role.ADMIN).values_list(
            "organisation_id", flat=True
        )
    )


def may_import(actor) -> bool:
    """Staff, and the admins of at least one organisation (for rows of their organisations)."""
    return is_staff(actor) or bool(administered_organisation_ids(actor))


def _choice_map(choices) -> dict[str, str]:
    """Lower-cased codes and labels (in every UI language) → code, for [(code, label)]."""
    mapping: dict[str, str] = {}
    for code, label in choices:
        mapping[str(code).casefold()] = str(code)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                mapping.setdefault(str(label).casefold(), str(code))
    return mapping


def _choice(mapping: dict[str, str], raw: str) -> str:
    text = (raw or "").strip()
    return mapping.get(text.casefold(), text)


def parse_bool(raw: str) -> bool | None:
    """yes/no in the UI languages, true/false, 1/0; None for anything else."""
    text = (raw or "").strip().casefold()
    if text in {"1", "true", "yes", "y", "tak", "t", "так", "x"}:
        return True
    if text in {"0", "false", "no", "n", "nie", "ні"}:
        return False
    return None


def format_bool(value: bool) -> str:
    return "yes" if value else "no"


def parse_int(raw: str) -> int | None:
    """None for an empty cell; ValueError for what is not a whole number."""
    text = (raw or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    return int(text)


def integer_error() -> str:
    return str(forms.IntegerField.default_error_messages["invalid"])


def unknown_term_error(value: str, model) -> str:
    return _("“%(value)s” is not in the list of %(vocabulary)s.") % {
        "value": value, "vocabulary": model._meta.verbose_name_plural,
    }


def language_code_error(code: str) -> str:
    return _("“%(code)s” is not a valid BCP-47 language code (e.g. uk, ka, pt-BR).") % {
        "code": code
    }


class LanguageCodes:
    """Normalises language codes, remembering the answers (a file repeats the same few)."""

    def __init__(self) -> None:
        self._cache: dict[str, str | None] = {}

    def normalise(self, raw: str) -> str | None:
        if raw not in self._cache:
            try:
                self._cache[raw] = normalise_language_tag(raw)
            except ValueError:
                self._cache[raw] = None
        return self._cache[raw]

    def parse(self, text: str) -> tuple[list[str], list[str]]:
        """(valid normalised codes, invalid raw codes) of a `;`-separated cell."""
        good, bad = [], []
        for raw in split_list(text):
            code = self.normalise(raw)
            if code is None:
                bad.append(raw)
            elif code not in good:
                good.append(code)
        return good, bad


def merged_translations(current: dict | None, cells: dict[str, str], name: str,
                        columns: Iterable[str]) -> dict[str, str]:
    """{code: text}: the content-language columns present in the file replace those languages;
    texts in other languages (not in the file) are kept."""
    present = {code for code in content_languages() if f"{name}_{code}" in columns}
    result = {code: text for code, text in (current or {}).items() if code not in present}
    for code in content_languages():
        if code in present:
            text = (cells.get(f"{name}_{code}") or "").strip()
            if text:
                result[code] = text
    return result


def has_any(columns: Iterable[str], names: Iterable[str]) -> bool:
    columns = set(columns)
    return any(name in columns for name in names)


class Mapping:
    entity: str = ""
    #: Columns the header must have.
    key_columns: tuple[str, ...] = ()
    #: The export's columns that only some people may see (see export_columns()).
    restricted_columns: tuple[str, ...] = ()
    #: Saving needs a signed-in user (the app's own services check their permissions).
    needs_user = False

    def columns(self) -> list[str]:
        raise NotImplementedError

    def export_columns(self, user) -> list[str]:
        return self.columns()

    def export_queryset(self, user) -> models.QuerySet:
        raise NotImplementedError

    def export_row(self, obj, columns: list[str]) -> list[str]:
        values = self.export_values(obj)
        return [values.get(column, "") for column in columns]

    def export_values(self, obj) -> dict[str, str]:
        raise NotImplementedError

    def missing_columns(self, table: Table) -> list[str]:
        return [column for column in self.key_columns if column not in table.columns]

    def check_header(self, table: Table) -> list[str]:
        """The columns that will be ignored; ImportFileError when a key column is missing."""
        missing = self.missing_columns(table)
        if missing:
            raise ImportFileError(
                _("The first row must name the columns; these are missing: %(columns)s.")
                % {"columns": ", ".join(missing)}
            )
        known = set(self.columns())
        return [column for column in table.columns if column not in known]

    def row_key(self, cells: dict[str, str]):
        """What identifies a row's object within one file (None: no identity, never a
        duplicate)."""
        return None

    def duplicates(self, table: Table) -> dict[int, int]:
        """{row: earlier row with the same key} for the rows that repeat a key."""
        first: dict[Any, int] = {}
        repeated: dict[int, int] = {}
        for row, cells in table.rows:
            key = self.row_key(cells)
            if key is None:
                continue
            if key in first:
                repeated[row] = first[key]
            else:
                first[key] = row
        return repeated

    def duplicate_error(self, row: int, first_row: int) -> dict:
        return row_error(
            row, self.key_columns[0],
            _("The same %(column)s is already in row %(row)d.")
            % {"column": self.key_columns[0], "row": first_row},
        )

    def check_rows(self, actor, table: Table, rows: list[Row], options: Options) -> list[RowResult]:
        raise NotImplementedError

    def save_rows(self, actor, table: Table, rows: list[Row], options: Options) -> list[RowResult]:
        raise NotImplementedError


# -- organisations ---------------------------------------------------------------------------

ORG_TEXT_FIELDS = [
    "name", "kind", "legal_form", "krs", "nip", "regon", "website", "email", "phone", "size",
]
#: Texts in several languages: one column per content language (`short_description_pl`, …).
ORG_TRANSLATED = ["short_description", "description"]
#: The single column files had before the short description was multilingual: read as the
#: default language's column when the file has no such column.
LEGACY_SHORT_DESCRIPTION = "short_description"
ORG_VOCABULARIES = {"topics": Topic, "communities": Community, "districts": District}
ORG_RELATED = [*ORG_VOCABULARIES, "languages"]
_REGISTRY = {
    "krs": registry_numbers.normalise_krs,
    "nip": registry_numbers.normalise_nip,
    "regon": registry_numbers.normalise_regon,
}


def _reserved_slugs() -> set[str]:
    try:
        from wspolnie.organisations.services import RESERVED_SLUGS
    except ImportError:  # pragma: no cover (older organisations app)
        return set()
    return set(RESERVED_SLUGS)


def _normalise_phone(value: str) -> tuple[str, str | None]:
    """(value to store, error message or None) — as the profile form does."""
    from wspolnie.organisations.phones import normalise_phone

    try:
        return normalise_phone(value), None
    except ValueError:
        pass
    try:
        from wspolnie.organisations.models import validate_phone
    except ImportError:  # pragma: no cover
        return value, None
    try:
        validate_phone(value)
    except ValidationError as error:
        return value, " ".join(_messages(error))
    return value, None


def _check_translations(
    value: dict, name: str = "description"
) -> list[tuple[str | None, str]]:
    """The validators of a {code: text} field, as (language the message is about, or None;
    message). Texts keyed by the content languages are known to be keyed right, so the (slow)
    language-code check runs only for other keys."""
    from wspolnie.directory.models import validate_translations

    model_field = Organisation._meta.get_field(name)
    validators = model_field.validators
    if set(value) <= set(content_languages()):
        validators = [v for v in validators if v is not validate_translations]
    messages: list[tuple[str | None, str]] = []
    for validator in validators:
        try:
            validator(value)
        except ValidationError as error:
            # A text too long in one language is that language's column's error.
            language = (getattr(error, "params", None) or {}).get("language")
            messages.extend((language, message) for message in _messages(error))
    return messages


def _record_many(actor, entries: Iterable[tuple[str, models.Model, dict]]) -> None:
    """audit.record() for a whole batch in one insert: the same entries, field by field."""
    from wspolnie.core.models import AuditEntry

    AuditEntry.objects.bulk_create([
        audit.entry(actor, action, instance, changes) for action, instance, changes in entries
    ])


def _audit_description(value: dict | None) -> str:
    return "\n".join(f"[{code}] {text}" for code, text in sorted((value or {}).items()))


@dataclass
class _PreparedOrganisation:
    row: int
    instance: Organisation
    existing: Organisation | None
    related: dict[str, list[str]]
    errors: list[dict]
    changes: dict
    action: str


class _OrganisationContext:
    """What checking a batch of organisation rows needs, loaded once per batch."""

    def __init__(self, actor, slugs: list[str], options: Options) -> None:
        self.actor = actor
        self.staff = is_staff(actor)
        self.admin_of = set() if self.staff else administered_organisation_ids(actor)
        self.existing: dict[str, Organisation] = {}
        for start in range(0, len(slugs), 500):
            for organisation in Organisation.objects.filter(slug__in=slugs[start:start + 500]):
                self.existing[organisation.slug] = organisation
        #: {organisation id: {field: [slug or language code]}} of the existing ones (plain
        #: values from the link tables: much cheaper than prefetching model instances).
        self.current: dict[int, dict[str, list[str]]] = {
            organisation.pk: {name: [] for name in ORG_RELATED}
            for organisation in self.existing.values()
        }
        ids = list(self.current)
        for name in ORG_RELATED:
            model_field = Organisation._meta.get_field(name)
            source = model_field.m2m_field_name()
            target = model_field.m2m_reverse_field_name()
            key = f"{target}_id" if name == "languages" else f"{target}__slug"
            for start in range(0, len(ids), 500):
                links = model_field.remote_field.through.objects.filter(
                    **{f"{source}_id__in": ids[start:start + 500]}
                ).values_list(f"{source}_id", key)
                for organisation_id, value in links:
                    self.current[organisation_id][name].append(value)
        self.terms = {
            name: {term.slug: term for term in model.objects.all()}
            for name, model in ORG_VOCABULARIES.items()
        }
        self.languages = LanguageCodes()
        self.choices = {
            "kind": _choice_map(Organisation.Kind.choices),
            "size": _choice_map(Organisation.Size.choices),
        }
        self.new_status = (
            Organisation.Status.APPROVED
            if options.approve_new and self.staff
            else Organisation.Status.PENDING
        )
        self.reserved = _reserved_slugs()
        #: Model fields without a column in the file (set by the mapping).
        self.not_in_file: frozenset[str] = frozenset()

    def may_edit(self, organisation: Organisation) -> bool:
        return self.staff or organisation.pk in self.admin_of


class OrganisationMapping(Mapping):
    entity = "organisations"
    key_columns = ("slug",)

    def columns(self) -> list[str]:
        return [
            "slug", "name", "kind", *multilingual_columns("short_description"),
            *multilingual_columns("description"),
            "legal_form", "krs", "nip", "regon", "website", "email", "phone",
            "topics", "communities", "districts", "languages", "founding_year", "size",
        ]

    def export_queryset(self, user) -> models.QuerySet:
        queryset = (
            Organisation.objects.public()
            if user is None or not user.is_authenticated
            else Organisation.objects.visible_to(user)
        )
        return queryset.prefetch_related(*ORG_RELATED).order_by("slug")

    def export_values(self, organisation: Organisation) -> dict[str, str]:
        values = {name: str(getattr(organisation, name) or "") for name in ORG_TEXT_FIELDS}
        values["slug"] = organisation.slug
        for name in ORG_TRANSLATED:
            texts = getattr(organisation, name) or {}
            for code in content_languages():
                values[f"{name}_{code}"] = texts.get(code, "")
        for name in ORG_VOCABULARIES:
            values[name] = join_list(sorted(term.slug for term in getattr(organisation,
                                                                           name).all()))
        values["languages"] = join_list(sorted(lang.code for lang in
                                               organisation.languages.all()))
        values["founding_year"] = (
            str(organisation.founding_year) if organisation.founding_year else ""
        )
        return values

    def row_key(self, cells: dict[str, str]):
        return (cells.get("slug") or "").strip() or None

    def check_header(self, table: Table) -> list[str]:
        ignored = super().check_header(table)
        if f"{LEGACY_SHORT_DESCRIPTION}_{settings.LANGUAGE_CODE}" not in table.columns:
            ignored = [column for column in ignored if column != LEGACY_SHORT_DESCRIPTION]
        return ignored

    @staticmethod
    def _with_legacy_columns(columns: frozenset[str], cells: dict[str, str]
                             ) -> tuple[frozenset[str], dict[str, str]]:
        """An old file's single short_description column is the default language's."""
        default_column = f"{LEGACY_SHORT_DESCRIPTION}_{settings.LANGUAGE_CODE}"
        if LEGACY_SHORT_DESCRIPTION not in columns or default_column in columns:
            return columns, cells
        return (columns | {default_column},
                {**cells, default_column: cells.get(LEGACY_SHORT_DESCRIPTION, "")})

    # -- checking ----------------------------------------------------------------------------

    @staticmethod
    def _plain(organisation: Organisation, related: dict[str, list[str]]) -> dict:
        """The values as the audit log shows them (as organisations.services does)."""
        values: dict[str, Any] = {
            name: getattr(organisation, name) or "" for name in ORG_TEXT_FIELDS
        }
        values["founding_year"] = organisation.founding_year
        for name in ORG_TRANSLATED:
            values[name] = _audit_description(getattr(organisation, name))
        for name in ORG_RELATED:
            values[name] = ", ".join(sorted(related.get(name, [])))
        return values

    def _fields_in_file(self, columns: Iterable[str]) -> list[str]:
        fields = [name for name in [*ORG_TEXT_FIELDS, "founding_year", *ORG_RELATED]
                  if name in columns]
        fields.extend(name for name in ORG_TRANSLATED
                      if has_any(columns, multilingual_columns(name)))
        return fields

    def _prepare(self, context: _OrganisationContext, columns: frozenset[str], row: int,
                 cells: dict[str, str]) -> _PreparedOrganisation:
        errors: list[dict] = []
        columns, cells = self._with_legacy_columns(columns, cells)

        def add(column: str, message) -> None:
            errors.append(row_error(row, column, message))

        slug = (cells.get("slug") or "").strip()
        existing = context.existing.get(slug) if slug else None
        if existing is None:
            if not context.staff:
                add("slug", _("Only staff can add organisations; you can update the "
                              "organisations you administer."))
            elif slug in context.reserved:
                add("slug", _("“%(slug)s” cannot be used as a short name in addresses.")
                    % {"slug": slug})
            instance = Organisation(slug=slug, status=context.new_status)
        else:
            if not context.may_edit(existing):
                add("slug", _("You can only change the organisations you administer."))
            instance = copy.copy(existing)
        if errors:  # not theirs to change: what else is wrong with the row does not matter
            return _PreparedOrganisation(row, instance, existing, {}, errors, {}, INVALID)

        # Checked here already (or not in the file, so unchanged): full_clean() leaves them.
        # Every field not in the file keeps its (valid) value or default; name and kind are
        # always checked, so that a new organisation without them is refused.
        checked: set[str] = set(context.not_in_file)
        for name in ORG_TEXT_FIELDS:
            if name not in columns:
                continue
            value = (cells.get(name) or "").strip()
            if name in context.choices:
                value = _choice(context.choices[name], value)
            elif name in _REGISTRY and value:
                # What does not parse is left for full_clean() to say what is wrong with it.
                with contextlib.suppress(ValueError):
                    value = _REGISTRY[name](value)
            elif name == "phone" and value:
                value, message = _normalise_phone(value)
                if message:
                    add("phone", message)
                checked.add("phone")
            setattr(instance, name, value)
        if "founding_year" in columns:
            try:
                instance.founding_year = parse_int(cells.get("founding_year", ""))
            except ValueError:
                add("founding_year", integer_error())
                checked.add("founding_year")
        for name in ORG_TRANSLATED:
            if not has_any(columns, multilingual_columns(name)):
                continue
            value = merged_translations(
                getattr(existing, name) if existing else {}, cells, name, columns
            )
            setattr(instance, name, value)
            for language, message in _check_translations(value, name):
                own = f"{name}_{language}"
                add(own if own in columns else next(
                    c for c in multilingual_columns(name) if c in columns), message)
            checked.add(name)

        try:
            instance.full_clean(
                exclude=sorted(checked), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = name
                if name in ORG_TRANSLATED:
                    column = next((c for c in multilingual_columns(name)
                                   if c in columns), name)
                elif name == NON_FIELD_ERRORS:
                    column = ""
                for message in messages:
                    add(column, message)

        related: dict[str, list[str]] = {}
        for name, model in ORG_VOCABULARIES.items():
            if name not in columns:
                continue
            slugs = split_list(cells.get(name, ""))
            unknown = [value for value in slugs if value not in context.terms[name]]
            for value in unknown:
                add(name, unknown_term_error(value, model))
            related[name] = [value for value in slugs if value not in unknown]
        if "languages" in columns:
            codes, bad = context.languages.parse(cells.get("languages", ""))
            for code in bad:
                add("languages", language_code_error(code))
            related["languages"] = codes

        changes: dict = {}
        if errors:
            action = INVALID
        elif existing is None:
            action = CREATE
            after = self._plain(instance, related)
            changes = {name: [None, value] for name, value in after.items() if value}
            changes["status"] = [None, str(instance.status)]
        else:
            fields = self._fields_in_file(columns)
            current = context.current[existing.pk]
            before = {k: v for k, v in self._plain(existing, current).items() if k in fields}
            after = {k: v for k, v in self._plain(instance, related).items() if k in fields}
            changes = audit.diff_fields(before, after)
            action = UPDATE if changes else UNCHANGED
        return _PreparedOrganisation(row, instance, existing, related, errors, changes, action)

    def _prepare_all(self, actor, table: Table, rows: list[Row], options: Options
                     ) -> tuple[_OrganisationContext, list[_PreparedOrganisation]]:
        slugs = [slug for slug in ((cells.get("slug") or "").strip() for _r, cells in rows)
                 if slug]
        context = _OrganisationContext(actor, slugs, options)
        columns = frozenset(table.columns)
        context.not_in_file = frozenset(
            f.name for f in Organisation._meta.concrete_fields
            if f.name not in columns and f.name not in ("slug", "name", "kind")
        )
        return context, [self._prepare(context, columns, row, cells) for row, cells in rows]

    def check_rows(self, actor, table: Table, rows: list[Row], options: Options) -> list[RowResult]:
        _context, prepared = self._prepare_all(actor, table, rows, options)
        return [RowResult(item.row, item.action, item.errors, item.changes) for item in prepared]

    # -- saving ------------------------------------------------------------------------------

    def save_rows(self, actor, table: Table, rows: list[Row], options: Options) -> list[RowResult]:
        """Bulk writes (a few queries per batch, not per row), then the audit entries and the
        post_save signals that per-row saves would have sent (the search index listens to
        them; see below)."""
        context, prepared = self._prepare_all(actor, table, rows, options)
        creates = [item for item in prepared if item.action == CREATE]
        updates = [item for item in prepared if item.action == UPDATE]
        if creates or updates:
            self._ensure_languages(creates + updates)
            now = timezone.now()
            Organisation.objects.bulk_create([item.instance for item in creates])
            missing_pk = [item for item in creates if item.instance.pk is None]
            if missing_pk:  # a database that does not return ids from a bulk insert
                ids = dict(Organisation.objects.filter(
                    slug__in=[item.instance.slug for item in missing_pk]
                ).values_list("slug", "pk"))
                for item in missing_pk:
                    item.instance.pk = ids[item.instance.slug]
                    item.instance._state.adding = False
            if updates:
                changed = sorted({
                    name for item in updates for name in item.changes
                    if name not in ORG_RELATED
                })
                for item in updates:
                    item.instance.updated = now
                Organisation.objects.bulk_update(
                    [item.instance for item in updates], [*changed, "updated"]
                )
            self._save_related(context, creates, updates)
            # Bulk writes send no signals: the directory's cached facet counts start again.
            versions.bump(versions.DIRECTORY)
            _record_many(actor, [
                *(("organisation.imported", item.instance, item.changes) for item in creates),
                *(("organisation.import_updated", item.instance, item.changes)
                  for item in updates),
            ])
            # The search index holds approved organisations only: a pending or rejected one
            # has no entries before or after (an import never changes the status), so only
            # approved ones are re-indexed — 5,000 pending rows would otherwise mean 5,000
            # re-indexes that change nothing.
            for item in creates + updates:
                if item.instance.status != Organisation.Status.APPROVED:
                    continue
                post_save.send(
                    sender=Organisation, instance=item.instance, created=item.action == CREATE,
                    update_fields=None, raw=False, using=Organisation.objects.db,
                )
        return [RowResult(item.row, item.action, item.errors, item.changes) for item in prepared]

    @staticmethod
    def _ensure_languages(items: list[_PreparedOrganisation]) -> None:
        codes = {code for item in items for code in item.related.get("languages", [])}
        if codes:
            known = set(Language.objects.filter(code__in=codes).values_list("code", flat=True))
            Language.objects.bulk_create(
                [Language(code=code) for code in sorted(codes - known)], ignore_conflicts=True
            )

    @staticmethod
    def _save_related(context: _OrganisationContext, creates: list[_PreparedOrganisation],
                      updates: list[_PreparedOrganisation]) -> None:
        for name in ORG_RELATED:
            model_field = Organisation._meta.get_field(name)
            through = model_field.remote_field.through
            source = model_field.m2m_field_name()
            target = model_field.m2m_reverse_field_name()
            changed = [item for item in updates if name in item.changes]
            if changed:
                through.objects.filter(
                    **{f"{source}_id__in": [item.instance.pk for item in changed]}
                ).delete()
            links = []
            for item in [*creates, *changed]:
                keys = item.related.get(name, [])
                if name == "languages":
                    target_ids = keys
                else:
                    target_ids = [context.terms[name][slug].pk for slug in keys]
                links.extend(
                    through(**{f"{source}_id": item.instance.pk, f"{target}_id": target_id})
                    for target_id in target_ids
                )
            through.objects.bulk_create(links, ignore_conflicts=True)


# -- services and channels: row by row, through their apps' own services ---------------------


class RowByRowMapping(Mapping):
    """Each row goes through the app's own do_create_* / do_update_* (their permission checks,
    validation and audit log). Checking runs the same calls in a savepoint that is rolled
    back, so the preview reports exactly what the import would."""

    needs_user = True

    def prepare(self, actor, columns: list[str], row: int, cells: dict[str, str]):
        """(existing object or None, organisation, values for the service call, errors)."""
        raise NotImplementedError

    def create(self, actor, organisation, values: dict):
        raise NotImplementedError

    def update(self, actor, obj, values: dict):
        raise NotImplementedError

    def reload(self, obj):
        raise NotImplementedError

    def field_column(self, name: str, columns: list[str]) -> str:
        if name in columns:
            return name
        for column in multilingual_columns(name):
            if column in columns:
                return column
        return "" if name == NON_FIELD_ERRORS else name

    def _process(self, actor, columns: list[str], row: int, cells: dict[str, str],
                 dry_run: bool) -> RowResult:
        errors: list[dict] = []
        try:
            with transaction.atomic():
                existing, organisation, values, errors = self.prepare(actor, columns, row, cells)
                if errors:
                    return RowResult(row, INVALID, errors)
                if existing is None:
                    self.create(actor, organisation, values)
                    action = CREATE
                else:
                    fields = [column for column in self.columns() if column in columns]
                    before = self.export_values(self.reload(existing))
                    obj = self.update(actor, existing, values)
                    after = self.export_values(self.reload(obj))
                    changed = any(before.get(column) != after.get(column) for column in fields)
                    action = UPDATE if changed else UNCHANGED
                if dry_run or action == UNCHANGED:
                    transaction.set_rollback(True)
                return RowResult(row, action)
        except PermissionDenied:
            errors = [row_error(row, "organisation", _(
                "You can only import rows of the organisations you administer."))]
        except ValidationError as error:
            errors = []
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    for message in messages:
                        errors.append(row_error(row, self.field_column(name, columns), message))
            else:
                errors = [row_error(row, "", message) for message in _messages(error)]
        return RowResult(row, INVALID, errors)

    def check_rows(self, actor, table: Table, rows: list[Row], options: Options) -> list[RowResult]:
        return [self._process(actor, table.columns, row, cells, True) for row, cells in rows]

    def save_rows(self, actor, table: Table, rows: list[Row], options: Options) -> list[RowResult]:
        return [self._process(actor, table.columns, row, cells, False) for row, cells in rows]

    # helpers for prepare()

    @staticmethod
    def find_organisation(slug: str) -> Organisation | None:
        return Organisation.objects.filter(slug=slug).first() if slug else None


def _terms(model, text: str, column: str, row: int, errors: list[dict]) -> list:
    slugs = split_list(text)
    found = {term.slug: term for term in model.objects.filter(slug__in=slugs)}
    for slug in slugs:
        if slug not in found:
            errors.append(row_error(row, column, unknown_term_error(slug, model)))
    return [found[slug] for slug in slugs if slug in found]


SERVICE_TEXTS = ["name", "description", "eligibility_description", "application_process",
                 "fees_description"]


class ServiceMapping(RowByRowMapping):
    entity = "services"
    key_columns = ("organisation",)

    def missing_columns(self, table: Table) -> list[str]:
        # A file of updates only may name each row's service by its id instead.
        return [] if "id" in table.columns else super().missing_columns(table)

    def columns(self) -> list[str]:
        return [
            "id", "organisation", *multilingual_columns("name"),
            *multilingual_columns("description"),
            *multilingual_columns("eligibility_description"),
            *multilingual_columns("application_process"),
            "cost", *multilingual_columns("fees_description"),
            "languages", "topics", "communities", "url", "email", "status",
        ]

    def export_queryset(self, user) -> models.QuerySet:
        from wspolnie.services.models import Service

        queryset = (
            Service.objects.public()
            if user is None or not user.is_authenticated
            else Service.objects.visible_to(user)
        )
        return queryset.select_related("organisation").prefetch_related(
            "languages", "topics", "communities"
        ).order_by("organisation__slug", "id")

    def export_values(self, service) -> dict[str, str]:
        values = {"id": str(service.pk), "organisation": service.organisation.slug}
        for name in SERVICE_TEXTS:
            for code in content_languages():
                values[f"{name}_{code}"] = (getattr(service, name) or {}).get(code, "")
        values["cost"] = service.cost
        values["status"] = service.status
        values["url"] = service.url
        values["email"] = service.email
        values["languages"] = join_list(sorted(lang.code for lang in service.languages.all()))
        values["topics"] = join_list(sorted(term.slug for term in service.topics.all()))
        values["communities"] = join_list(sorted(term.slug for term in service.communities.all()))
        return values

    def row_key(self, cells: dict[str, str]):
        return (cells.get("id") or "").strip() or None

    def duplicate_error(self, row: int, first_row: int) -> dict:
        return row_error(row, "id", _("The same %(column)s is already in row %(row)d.")
                         % {"column": "id", "row": first_row})

    def reload(self, service):
        from wspolnie.services.models import Service

        return Service.objects.prefetch_related("languages", "topics", "communities").get(
            pk=service.pk
        )

    def prepare(self, actor, columns, row, cells):
        from wspolnie.services.models import Service

        errors: list[dict] = []
        existing = None
        raw_id = (cells.get("id") or "").strip()
        if raw_id:
            try:
                existing = Service.objects.select_related("organisation").filter(
                    pk=int(raw_id)).first()
            except ValueError:
                existing = None
            if existing is None:
                errors.append(row_error(row, "id", _("There is no service number %(id)s; "
                                                     "leave the column empty to add a new "
                                                     "service.") % {"id": raw_id}))
        slug = (cells.get("organisation") or "").strip()
        organisation = self.find_organisation(slug)
        if slug and organisation is None:
            errors.append(row_error(row, "organisation", unknown_term_error(slug, Organisation)))
        elif existing is not None and organisation is not None and (
            existing.organisation_id != organisation.pk
        ):
            errors.append(row_error(row, "organisation", _(
                "A service cannot move to another organisation.")))
        elif existing is None and not raw_id and not slug:
            errors.append(row_error(row, "organisation",
                                    Service._meta.get_field("organisation")
                                    .error_messages["blank"]))

        values: dict[str, Any] = {}
        for name in SERVICE_TEXTS:
            if has_any(columns, multilingual_columns(name)):
                values[name] = merged_translations(
                    getattr(existing, name) if existing else {}, cells, name, columns
                )
        for name, choices in (("cost", Service.Cost), ("status", Service.Status)):
            # An empty cell: the default for a new service, unchanged for an existing one.
            if name in columns and (cells.get(name) or "").strip():
                values[name] = _choice(_choice_map(choices.choices), cells.get(name, ""))
        for name in ("url", "email"):
            if name in columns:
                values[name] = (cells.get(name) or "").strip()
        if "languages" in columns:
            codes, bad = LanguageCodes().parse(cells.get("languages", ""))
            for code in bad:
                errors.append(row_error(row, "languages", language_code_error(code)))
            values["languages"] = codes
        for name, model in (("topics", Topic), ("communities", Community)):
            if name in columns:
                values[name] = _terms(model, cells.get(name, ""), name, row, errors)
        if not errors and "languages" in values:
            values["languages"] = Language.for_codes(values["languages"])
        return existing, organisation, values, errors

    def create(self, actor, organisation, values):
        from wspolnie.services.services import do_create_service

        return do_create_service(actor, organisation, **values)

    def update(self, actor, service, values):
        from wspolnie.services.services import do_update_service

        return do_update_service(actor, service, **values)


CHANNEL_TEXTS = ["description", "submission_how"]
CHANNEL_PLAIN = ["url", "submission_email", "submission_url", "cost_note", "contact_note"]
CHANNEL_CHOICES = ["kind", "mode_override", "cost", "contact_visibility"]
CHANNEL_BOOLS = ["citywide", "active"]
CHANNEL_INTS = ["estimated_reach", "submission_lead_days"]
CHANNEL_LISTS = ["languages", "communities", "districts", "accepted_formats"]


class ChannelMapping(RowByRowMapping):
    entity = "channels"
    key_columns = ("organisation", "name")
    restricted_columns = ("contact_note", "contact_visibility")

    def columns(self) -> list[str]:
        return [
            "organisation", "name", "kind", *multilingual_columns("description"), "url",
            "languages", "communities", "citywide", "districts", "estimated_reach",
            "mode_override", *multilingual_columns("submission_how"), "submission_lead_days",
            "accepted_formats", "submission_email", "submission_url", "cost", "cost_note",
            "contact_note", "contact_visibility", "active",
        ]

    def export_columns(self, user) -> list[str]:
        """A channel's contact (often a person's phone) has its own audience; the export
        carries it only for staff, who may see every one. Without the columns a re-import
        leaves the contacts as they are."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self.columns()
        return [column for column in self.columns() if column not in self.restricted_columns]

    def export_queryset(self, user) -> models.QuerySet:
        from wspolnie.channels.models import Channel

        queryset = (
            Channel.objects.public()
            if user is None or not user.is_authenticated
            else Channel.objects.visible_to(user)
        )
        return queryset.select_related("organisation").prefetch_related(
            "languages", "communities", "districts"
        ).order_by("organisation__slug", "name", "id")

    def export_values(self, channel) -> dict[str, str]:
        values = {"organisation": channel.organisation.slug, "name": channel.name}
        for name in CHANNEL_TEXTS:
            for code in content_languages():
                values[f"{name}_{code}"] = (getattr(channel, name) or {}).get(code, "")
        for name in CHANNEL_PLAIN + CHANNEL_CHOICES:
            values[name] = str(getattr(channel, name) or "")
        for name in CHANNEL_BOOLS:
            values[name] = format_bool(getattr(channel, name))
        for name in CHANNEL_INTS:
            value = getattr(channel, name)
            values[name] = "" if value is None else str(value)
        values["languages"] = join_list(sorted(lang.code for lang in channel.languages.all()))
        values["communities"] = join_list(sorted(term.slug for term in
                                                 channel.communities.all()))
        values["districts"] = join_list(sorted(term.slug for term in channel.districts.all()))
        values["accepted_formats"] = join_list(channel.accepted_formats or [])
        return values

    def row_key(self, cells: dict[str, str]):
        organisation = (cells.get("organisation") or "").strip()
        name = (cells.get("name") or "").strip()
        return (organisation, name) if organisation and name else None

    def duplicate_error(self, row: int, first_row: int) -> dict:
        return row_error(row, "name", _(
            "The same organisation and name are already in row %(row)d.") % {"row": first_row})

    def reload(self, channel):
        from wspolnie.channels.models import Channel

        return Channel.objects.select_related("organisation").prefetch_related(
            "languages", "communities", "districts"
        ).get(pk=channel.pk)

    def prepare(self, actor, columns, row, cells):
        from wspolnie.channels.models import Channel

        errors: list[dict] = []
        slug = (cells.get("organisation") or "").strip()
        name = (cells.get("name") or "").strip()
        organisation = self.find_organisation(slug)
        existing = None
        if not slug:
            errors.append(row_error(row, "organisation", Channel._meta.get_field(
                "organisation").error_messages["blank"]))
        elif organisation is None:
            errors.append(row_error(row, "organisation", unknown_term_error(slug, Organisation)))
        elif name:
            existing = Channel.objects.select_related("organisation").filter(
                organisation=organisation, name=name).first()

        values: dict[str, Any] = {"name": name}
        for field_name in CHANNEL_TEXTS:
            if has_any(columns, multilingual_columns(field_name)):
                values[field_name] = merged_translations(
                    getattr(existing, field_name) if existing else {}, cells, field_name, columns
                )
        for field_name in CHANNEL_PLAIN:
            if field_name in columns:
                values[field_name] = (cells.get(field_name) or "").strip()
        for field_name in CHANNEL_CHOICES:
            if field_name not in columns:
                continue
            model_field = Channel._meta.get_field(field_name)
            raw = (cells.get(field_name) or "").strip()
            if not raw and model_field.has_default() and not model_field.blank:
                continue  # the default for a new channel, unchanged for an existing one
            values[field_name] = _choice(_choice_map(model_field.choices), raw)
        for field_name in CHANNEL_BOOLS:
            if field_name in columns and (cells.get(field_name) or "").strip():
                value = parse_bool(cells.get(field_name, ""))
                if value is None:
                    errors.append(row_error(row, field_name, str(
                        models.BooleanField.default_error_messages["invalid"]
                    ) % {"value": cells.get(field_name, "")}))
                else:
                    values[field_name] = value
        for field_name in CHANNEL_INTS:
            if field_name in columns:
                try:
                    values[field_name] = parse_int(cells.get(field_name, ""))
                except ValueError:
                    errors.append(row_error(row, field_name, integer_error()))
        for field_name in CHANNEL_LISTS:
            if field_name in columns:
                values[field_name] = split_list(cells.get(field_name, ""))
        return existing, organisation, values, errors

    def create(self, actor, organisation, values):
        from wspolnie.channels.services import do_create_channel

        return do_create_channel(actor, organisation, **values)

    def update(self, actor, channel, values):
        from wspolnie.channels.services import do_update_channel

        return do_update_channel(actor, channel, **values)


MAPPINGS: dict[str, Mapping] = {
    "organisations": OrganisationMapping(),
    "services": ServiceMapping(),
    "channels": ChannelMapping(),
}


def mapping_for(entity: str) -> Mapping:
    try:
        return MAPPINGS[entity]
    except KeyError:
        raise ImportFileError(_("Unknown kind of data: %(entity)s.") % {"entity": entity}) from None
