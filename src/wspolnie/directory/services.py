"""Staff manage the vocabularies (topics, communities, districts): add, rename per language,
reorder. Every change writes the audit log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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


for _model, (_created, _renamed, _moved) in {
    Topic: (_("Topic added"), _("Topic renamed"), _("Topic moved")),
    Community: (_("Community added"), _("Community renamed"), _("Community moved")),
    District: (_("District added"), _("District renamed"), _("District moved")),
}.items():
    audit.register_action(f"directory.{_model._meta.model_name}_created", _created)
    audit.register_action(f"directory.{_model._meta.model_name}_renamed", _renamed)
    audit.register_action(f"directory.{_model._meta.model_name}_moved", _moved)


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
