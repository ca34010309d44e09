"""Staff manage the vocabularies (topics, communities, districts): add, rename per language,
reorder, delete or merge into another term (after seeing what uses it). Every change writes the
audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wspolnie.core import audit

from .models import Community, District, MultilingualNameMixin, Topic

VOCABULARIES: dict[str, type[MultilingualNameMixin]] = {
    "topics": Topic,
    "communities": Community,
    "districts": District,
}


for _model, _labels in {
    Topic: (_("Topic added"), _("Topic renamed"), _("Topic moved"), _("Topic deleted"),
            _("Topic merged into another")),
    Community: (_("Community added"), _("Community renamed"), _("Community moved"),
                _("Community deleted"), _("Community merged into another")),
    District: (_("District added"), _("District renamed"), _("District moved"),
               _("District deleted"), _("District merged into another")),
}.items():
    for _verb, _label in zip(("created", "renamed", "moved", "deleted", "merged"), _labels,
                             strict=True):
        audit.register_action(f"directory.{_model._meta.model_name}_{_verb}", _label)
    audit.register_action(f"directory.{_model._meta.model_name}_merged_in",
                          _("Another term merged into this one"))

#: How many of the objects that use a term the confirmation page lists per kind.
USE_SAMPLE = 20


def _require_staff(actor) -> None:
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied


def _clean_names(names: dict) -> dict[str, str]:
    return {
        code: text.strip()
        for code, text in (names or {}).items()
        if isinstance(text, str) and text.strip()
    }


def _action(model, verb: str) -> str:
    return f"directory.{model._meta.model_name}_{verb}"


@transaction.atomic
def do_create_term(actor, model, *, names: dict, slug: str = "") -> MultilingualNameMixin:
    _require_staff(actor)
    names = _clean_names(names)
    if not names:
        raise ValidationError({"names": [_("Please give the name in at least one language.")]})
    slug = slugify(slug or names.get("pl") or names.get("en") or next(iter(names.values())))
    if not slug:
        raise ValidationError(
            {"slug": [_("Please give an identifier: Latin letters, digits and dashes.")]}
        )
    if model.objects.filter(slug=slug).exists():
        raise ValidationError(
            {"slug": [_("“%(slug)s” is already used; choose another identifier.") % {
                "slug": slug}]}
        )
    position = (model.objects.aggregate(top=Max("position"))["top"] or 0) + 1
    term = model(slug=slug, names=names, position=position)
    term.full_clean()
    term.save()
    audit.record(actor, _action(model, "created"), term, {"names": [None, names]})
    return term


@transaction.atomic
def do_rename_term(actor, term: MultilingualNameMixin, names: dict) -> MultilingualNameMixin:
    _require_staff(actor)
    names = _clean_names(names)
    if not names:
        raise ValidationError({"names": [_("Please give the name in at least one language.")]})
    before = dict(term.names)
    term.names = names
    term.full_clean()
    term.save(update_fields=["names"])
    if before != names:
        audit.record(actor, _action(type(term), "renamed"), term, {"names": [before, names]})
    return term


@transaction.atomic
def do_move_term(actor, term: MultilingualNameMixin, direction: str) -> MultilingualNameMixin:
    """Move a term one place up or down in its vocabulary (the order of the checkboxes and
    facets). Positions are renumbered 1, 2, 3, … on the way."""
    _require_staff(actor)
    if direction not in ("up", "down"):
        raise ValueError(direction)
    model = type(term)
    terms = list(model.objects.select_for_update().order_by("position", "slug"))
    index = next(i for i, t in enumerate(terms) if t.pk == term.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(terms):
        terms[index], terms[other] = terms[other], terms[index]
    for position, item in enumerate(terms, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    moved = next(t for t in terms if t.pk == term.pk)
    if 0 <= other < len(terms):
        audit.record(actor, _action(model, "moved"), moved, {"position": [index + 1, other + 1]})
    return moved


# What uses a term; delete and merge ------------------------------------------------------------


@dataclass
class TermUse:
    """One kind of object that uses a term: how many, and the first USE_SAMPLE of them."""

    label: str
    count: int
    objects: list[models.Model]


def _relations(model) -> list[models.Field]:
    """Every field anywhere in the project that points at this vocabulary (many-to-many or
    foreign key), found from the model's metadata — a new app's field is included unasked."""
    return [rel.field for rel in model._meta.related_objects]


def _users(field: models.Field, term) -> models.QuerySet:
    return field.model._default_manager.filter(**{field.name: term}).distinct()


def term_uses(term: MultilingualNameMixin) -> list[TermUse]:
    uses = []
    for field in _relations(type(term)):
        users = _users(field, term).order_by("pk")
        count = users.count()
        if count:
            uses.append(TermUse(label=str(field.model._meta.verbose_name_plural), count=count,
                                objects=list(users[:USE_SAMPLE])))
    return uses


def _use_counts(term) -> dict[str, int]:
    return {use.label: use.count for use in term_uses(term)}


@transaction.atomic
def do_delete_term(actor, term: MultilingualNameMixin) -> None:
    """Remove the term; whatever used it simply no longer has it (a location's district is
    emptied). The log keeps its names and how many objects used it."""
    _require_staff(actor)
    audit.record(actor, _action(type(term), "deleted"), term,
                 {"names": [dict(term.names), None], "used_by": [_use_counts(term), None]})
    # One by one through the relations' managers (not bulk SQL): the search index hears of
    # every object that loses the term's name from its keywords.
    for field in _relations(type(term)):
        if field.many_to_many:
            for obj in _users(field, term):
                getattr(obj, field.name).remove(term)
    term.delete()


@transaction.atomic
def do_merge_term(actor, term: MultilingualNameMixin, target: MultilingualNameMixin) -> int:
    """Move every use of `term` to `target` (an object that had both keeps one), then remove
    `term`. Returns how many objects were moved."""
    _require_staff(actor)
    if type(target) is not type(term):
        raise ValidationError({"target": [_("Choose a term of the same vocabulary.")]})
    if target.pk == term.pk:
        raise ValidationError({"target": [_("Choose another term to merge into.")]})
    counts = _use_counts(term)
    moved = 0
    for field in _relations(type(term)):
        for obj in _users(field, term):
            if field.many_to_many:
                related = getattr(obj, field.name)
                related.add(target)  # no duplicate: add() skips a link that exists
                related.remove(term)
            else:
                setattr(obj, field.name, target)
                obj.save(update_fields=[field.name])
            moved += 1
    model = type(term)
    audit.record(actor, _action(model, "merged"), term, {
        "names": [dict(term.names), None], "merged_into": [None, target.name],
        "used_by": [counts, None]})
    audit.record(actor, _action(model, "merged_in"), target, {
        "merged_from": [None, term.name], "used_by": [None, counts]})
    term.delete()
    return moved
