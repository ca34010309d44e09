"""One organisation picker for forms that name any organisation of the directory (issue #14).

A `<select>` of every approved organisation does not scale: at 10,000 organisations the
board page spent 93% of its time rendering one. The picker instead renders

- a `<select>` with a SHORTLIST only (the poster's own organisations, the ones the page is
  about — a board's authors, a meeting's organisers … —, the current value), at most
  SHORTLIST_CAP entries;
- a text input "Another organisation": the server resolves the typed name (case and
  diacritics ignored) among the approved organisations; when none or several match, the form
  shows an error with up to CLOSE_MATCHES close matches as a radio group to pick from;
- with htmx, typing in that input asks `suggest` (GET /organisations/suggest/) for up to
  SUGGESTIONS matches, shown as the same radio group (keyboard: Tab into it, arrows move).

The server accepts any approved organisation (not only the shortlist): a picked radio first,
then the typed name, then the select. Unknown, unapproved or malformed values are a form
error, never a server error. Names are looked up through the site search's index (only
approved organisations are in it) and its folding (wspolnie.search.text.fold).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wspolnie.search.query import ALL, id_set, search, text_filter
from wspolnie.search.text import clean_text, fold

from .models import Organisation

#: The most organisations the no-JavaScript select lists.
SHORTLIST_CAP = 50
#: Suggestions while typing, and close matches shown with an error.
SUGGESTIONS = 10
CLOSE_MATCHES = 5
#: The longest name the text input takes (Organisation.name's max_length).
NAME_MAX_LENGTH = 200
#: The largest id a database column holds (SQLite and PostgreSQL bigint).
MAX_ID = 2**63 - 1
#: How long browsers and shared caches may keep a suggestion answer (public data only).
SUGGEST_CACHE_SECONDS = 300
#: Suffixes of the picker's inputs after the field's name.
NAME_SUFFIX = "_name"
PICK_SUFFIX = "_pick"
_FIELD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Choice:
    pk: int
    name: str
    slug: str

    def key(self, to_field_name: str) -> str:
        return str(getattr(self, to_field_name))


def _choices(queryset: QuerySet) -> list[Choice]:
    return [Choice(*row) for row in queryset.values_list("pk", "name", "slug")]


def clean_name(text) -> str:
    """The text as a name: no control, private-use or lone surrogate characters, spaces
    collapsed, at most NAME_MAX_LENGTH characters."""
    return _SPACES.sub(" ", clean_text(str(text or ""))).strip()[:NAME_MAX_LENGTH]


# --- the shortlist ---------------------------------------------------------------------------


def own_organisations(user) -> QuerySet:
    """The approved organisations `user` is a member of (none for anonymous visitors)."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.public().filter(memberships__user=user)


def meeting_organisations(event) -> list[QuerySet]:
    """The shortlist's sources for a meeting (an Event or its pk): its organisers, then the
    organisations of its agenda's speakers."""
    return [Organisation.objects.filter(organised_events=event),
            Organisation.objects.filter(agenda_items__event=event)]


def shortlist(sources: Iterable[QuerySet], *, chosen: Iterable = (),
              cap: int = SHORTLIST_CAP) -> list[Choice]:
    """At most `cap` approved organisations, in name order: the chosen ones (pks) first, then
    each source (querysets of organisations, most relevant first) until the cap is reached.
    One small query per source: a source is never read past the cap."""
    found: dict[int, Choice] = {}
    chosen_pks = [pk for pk in chosen if pk is not None]
    queries = []
    if chosen_pks:
        queries.append(Organisation.objects.filter(pk__in=chosen_pks))
    queries.extend(sources)
    for queryset in queries:
        room = cap - len(found)
        if room <= 0:
            break
        rows = queryset.public().exclude(pk__in=list(found)).order_by("name", "pk").distinct()
        for choice in _choices(rows[:room]):
            found[choice.pk] = choice
    return sorted(found.values(), key=lambda choice: (fold(choice.name), choice.pk))


# --- names -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """What a typed name names: `organisation` when exactly one approved organisation has that
    name; otherwise `matches`, the ones with that name (several) or close to it (none)."""

    text: str
    organisation: Organisation | None = None
    matches: list[Choice] = field(default_factory=list)
    #: Several organisations have exactly this name.
    ambiguous: bool = False


def same_name(text: str) -> list[Choice]:
    """The approved organisations whose name is `text`, case, diacritics and spacing ignored."""
    text = clean_name(text)
    if not text:
        return []
    wanted = fold(text)
    exact = _choices(Organisation.objects.public().filter(name=text).order_by("pk"))
    if exact:
        candidates = exact
    else:
        candidates = []
        found = text_filter(text, ["organisation"])
        if found is not None and found.match == ALL and found.object_ids():
            candidates = _choices(Organisation.objects.public().filter(
                pk__in=id_set(found.object_ids())).order_by("pk"))
    return [choice for choice in candidates if fold(clean_name(choice.name)) == wanted]


def close_matches(text: str, limit: int = CLOSE_MATCHES) -> list[Choice]:
    """Approved organisations whose name comes close to `text`, best first (the site search
    over organisations: words in any order, prefixes, forms of a word)."""
    text = clean_name(text)
    if not text:
        return []
    hits = search(text, kinds="organisation", limit=limit).hits
    order = [hit.organisation_id for hit in hits if hit.organisation_id]
    rows = {choice.pk: choice for choice in _choices(
        Organisation.objects.public().filter(pk__in=order))}
    return [rows[pk] for pk in dict.fromkeys(order) if pk in rows][:limit]


def resolve(text: str) -> Resolution:
    text = clean_name(text)
    if not text:
        return Resolution(text)
    named = same_name(text)
    if len(named) == 1:
        return Resolution(text, Organisation.objects.get(pk=named[0].pk))
    if named:
        return Resolution(text, matches=named[:SUGGESTIONS], ambiguous=True)
    return Resolution(text, matches=close_matches(text))


# --- the form field --------------------------------------------------------------------------


class OrganisationPicker(forms.Widget):
    """The select of the shortlist, the "another organisation" input and the radio group of
    suggestions (see the module's docstring). Its value is a dict: id, name, pick."""

    template_name = "organisations/widgets/picker.html"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.shortlist: Callable[[list], list[Choice]] = lambda chosen: shortlist(
            [], chosen=chosen)
        self.to_field_name = "pk"
        #: The select's first option (None: "— none —").
        self.empty_label = None
        #: Set by the field when the typed name did not name one organisation.
        self.matches: list[Choice] = []
        self.ambiguous = False

    def value_from_datadict(self, data, files, name):
        return {"id": data.get(name, ""), "name": data.get(name + NAME_SUFFIX, ""),
                "pick": data.get(name + PICK_SUFFIX, "")}

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(key in data for key in (name, name + NAME_SUFFIX, name + PICK_SUFFIX))

    def format_value(self, value):
        return value

    def _state(self, value) -> dict:
        if isinstance(value, dict):
            return {"id": str(value.get("id") or ""), "name": str(value.get("name") or ""),
                    "pick": str(value.get("pick") or "")}
        if isinstance(value, Organisation):
            value = getattr(value, self.to_field_name)
        return {"id": "" if value in (None, "") else str(value), "name": "", "pick": ""}

    def _chosen_pks(self, state: dict) -> list[int]:
        if not state["id"]:
            return []
        if self.to_field_name == "pk":
            return [int(state["id"])] if _small_int(state["id"]) else []
        return list(Organisation.objects.filter(
            **{self.to_field_name: state["id"]}).values_list("pk", flat=True)[:1])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        state = self._state(value)
        options = [(choice.key(self.to_field_name), choice.name)
                   for choice in self.shortlist(self._chosen_pks(state))]
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            options=options, selected=state["id"], typed=state["name"],
            picked=state["pick"], base_id=base_id, pick_name=name + PICK_SUFFIX,
            text_name=name + NAME_SUFFIX, name_max_length=NAME_MAX_LENGTH,
            matches=self.matches, ambiguous=self.ambiguous, empty_label=self.empty_label,
        )
        return context

    def id_for_label(self, id_):
        return id_


def _small_int(text: str) -> bool:
    return text.isdigit() and int(text) <= MAX_ID


class OrganisationPickerField(forms.Field):
    """Any approved organisation, picked from a shortlist, by name, or from suggestions.
    `sources`: querysets for the shortlist, most relevant first (see `shortlist`)."""

    widget = OrganisationPicker
    default_error_messages = {
        "invalid_choice": _("That organisation is not in the directory. Choose one from the "
                            "list or type its name."),
        "not_found": _("No organisation in the directory is called “%(name)s”."),
        "not_found_close": _("No organisation in the directory is called “%(name)s”. Did you "
                             "mean one of these? Choose it below."),
        "ambiguous": _("Several organisations in the directory are called “%(name)s”: choose "
                       "one below."),
    }

    def __init__(self, *, sources: Iterable[QuerySet] = (), to_field_name: str = "pk",
                 empty_label=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.to_field_name = to_field_name
        self.widget.empty_label = empty_label
        self.sources = list(sources)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.sources = list(self.sources)
        result._bind_widget()
        return result

    @property
    def sources(self) -> list[QuerySet]:
        return self._sources

    @sources.setter
    def sources(self, value) -> None:
        self._sources = list(value)
        self._bind_widget()

    def _bind_widget(self) -> None:
        self.widget.to_field_name = self.to_field_name
        self.widget.shortlist = lambda chosen: shortlist(self._sources, chosen=chosen)

    def prepare_value(self, value):
        return value

    def _by_key(self, key: str, lookup: str) -> Organisation:
        key = str(key).strip()
        if lookup == "pk" and not _small_int(key):
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice")
        found = Organisation.objects.public().filter(**{lookup: key}).first()
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice")
        return found

    def to_python(self, value):
        if isinstance(value, Organisation):
            return value
        if not isinstance(value, dict):
            value = {"id": value}
        pick, name, key = (str(value.get(part) or "").strip() for part in ("pick", "name", "id"))
        if pick:
            return self._by_key(pick, "pk")
        if clean_name(name):
            found = resolve(name)
            if found.organisation is not None:
                return found.organisation
            self.widget.matches, self.widget.ambiguous = found.matches, found.ambiguous
            code = ("ambiguous" if found.ambiguous
                    else "not_found_close" if found.matches else "not_found")
            raise forms.ValidationError(self.error_messages[code], code=code,
                                        params={"name": found.text})
        if key:
            return self._by_key(key, self.to_field_name)
        return None

    def validate(self, value) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data) -> bool:
        initial_key = "" if initial in (None, "") else str(
            getattr(initial, self.to_field_name, initial))
        state = data if isinstance(data, dict) else {"id": data}
        return bool(state.get("pick") or clean_name(state.get("name"))) or (
            str(state.get("id") or "") != initial_key)


# --- the suggestions -------------------------------------------------------------------------


def suggestions(text: str, limit: int = SUGGESTIONS) -> list[Choice]:
    """Approved organisations for what is typed so far (the search index: prefixes, any
    word order, diacritics ignored); exactly that name first. Only the search's best matches
    are read (not every organisation whose name has a word starting so: while typing "fund",
    thousands)."""
    text = clean_name(text)
    if not text:
        return []
    wanted = fold(text)
    found = close_matches(text, limit)
    return sorted(found, key=lambda choice: fold(clean_name(choice.name)) != wanted)


def suggest(request: HttpRequest) -> HttpResponse:
    """GET /organisations/suggest/?q=… — up to SUGGESTIONS approved organisations (id, name,
    slug: nothing else) as JSON; for htmx (HX-Request) the picker's radio group for the field
    `field`, its text read from `q` or from the picker's own input (`<field>_name`). Public data
    only: the JSON is the same for everybody (cacheable by shared caches too), the fragment
    is in the visitor's language (by browsers only)."""
    field_name = request.GET.get("field", "")
    if field_name and not _FIELD_NAME.match(field_name):
        return _bad_request(request, gettext("The field name is not valid."))
    raw = request.GET.get("q")
    if raw is None and field_name:
        raw = request.GET.get(field_name + NAME_SUFFIX)
    raw = raw or ""
    if len(raw) > NAME_MAX_LENGTH * 2:
        return _bad_request(request, gettext(
            "That is too long for a name: type at most %(count)d characters."
        ) % {"count": NAME_MAX_LENGTH})
    found = suggestions(raw)
    if request.headers.get("HX-Request") == "true":
        response = render(request, "organisations/widgets/_picker_choices.html", {
            "matches": found, "pick_name": (field_name or "organisation") + PICK_SUFFIX,
            "typed": clean_name(raw), "live": True,
        })
        # In the visitor's language (which a cookie may choose): the browser's cache only.
        patch_cache_control(response, private=True, max_age=SUGGEST_CACHE_SECONDS)
    else:
        response = JsonResponse({"results": [
            {"id": choice.pk, "name": choice.name, "slug": choice.slug} for choice in found
        ]})
        patch_cache_control(response, public=True, max_age=SUGGEST_CACHE_SECONDS)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        # htmx does not swap 4xx answers: a 200 fragment shows the message where the
        # suggestions go.
        return render(request, "organisations/widgets/_picker_choices.html",
                      {"matches": [], "message": message, "live": True})
    return JsonResponse({"detail": message}, status=400)


# --- several organisations -------------------------------------------------------------------


class MultipleOrganisationPicker(OrganisationPicker):
    """Checkboxes of the shortlist (the chosen ones checked, always listed) and the same
    "another organisation" input, which adds one more per submission."""

    template_name = "organisations/widgets/picker_multiple.html"
    use_fieldset = True

    def value_from_datadict(self, data, files, name):
        ids = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return {"ids": [str(pk) for pk in (ids if isinstance(ids, list | tuple) else [ids])],
                "name": data.get(name + NAME_SUFFIX, ""), "pick": data.get(name + PICK_SUFFIX, "")}

    def _state(self, value) -> dict:
        if isinstance(value, dict):
            ids = value.get("ids") or []
            return {"ids": [str(pk) for pk in ids], "name": str(value.get("name") or ""),
                    "pick": str(value.get("pick") or "")}
        values = [] if value in (None, "") else value
        values = values if isinstance(values, list | tuple | QuerySet) else [values]
        return {"ids": [str(getattr(item, "pk", item)) for item in values], "name": "",
                "pick": ""}

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        state = self._state(value)
        chosen = [int(pk) for pk in state["ids"] if _small_int(pk)]
        options = [(str(choice.pk), choice.name) for choice in self.shortlist(chosen)]
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            options=options, selected=state["ids"], typed=state["name"], picked=state["pick"],
            base_id=base_id, pick_name=name + PICK_SUFFIX, text_name=name + NAME_SUFFIX,
            name_max_length=NAME_MAX_LENGTH, matches=self.matches, ambiguous=self.ambiguous,
        )
        return context

    def id_for_label(self, id_):
        return ""


class MultipleOrganisationPickerField(OrganisationPickerField):
    """Several approved organisations: the checked ones (any approved id is accepted) plus
    one named or picked. Cleans to a list of organisations."""

    widget = MultipleOrganisationPicker

    def _bind_widget(self) -> None:
        self.widget.to_field_name = "pk"
        # Every chosen one is listed, whatever the cap.
        self.widget.shortlist = lambda chosen: shortlist(
            self._sources, chosen=chosen, cap=max(SHORTLIST_CAP, len(chosen)))

    def to_python(self, value):
        if isinstance(value, list | tuple | QuerySet):
            value = {"ids": [getattr(item, "pk", item) for item in value]}
        if not isinstance(value, dict):
            value = {"ids": [] if value in (None, "") else [value]}
        ids = [str(pk).strip() for pk in value.get("ids") or [] if str(pk).strip()]
        if any(not _small_int(pk) for pk in ids):
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice")
        found = {org.pk: org for org in Organisation.objects.public().filter(
            pk__in=[int(pk) for pk in ids])}
        if len(found) != len(set(int(pk) for pk in ids)):
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice")
        extra = super().to_python({"pick": value.get("pick"), "name": value.get("name")})
        if extra is not None:
            found.setdefault(extra.pk, extra)
        return sorted(found.values(), key=lambda org: (fold(org.name), org.pk))

    def validate(self, value) -> None:
        if not value and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data) -> bool:
        before = {str(getattr(item, "pk", item)) for item in (initial or [])}
        state = data if isinstance(data, dict) else {"ids": data or []}
        return bool(state.get("pick") or clean_name(state.get("name"))) or (
            set(map(str, state.get("ids") or [])) != before)
