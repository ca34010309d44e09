"""API endpoints of an organisation-owned object, built from the app's declaration.

    class NeedApi(OwnedApi):
        owned = NEEDS_OFFERS
        out, create_in, patch_in = NeedOfferOut, NeedOfferIn, NeedOfferPatch
        lookups = {"languages": languages, "districts": by_slug(District)}
        …

    NeedApi().add_routes(router)

gives GET /{pk} (404 when the caller may not see it), POST / (201; 422 for an unknown
organisation or invalid values, with {"detail", "errors": {field: [message]}}; 403 when the
caller may not post for it), PATCH /{pk} (403, 404, 422) and POST /{pk}/close (200 with the
object) or DELETE /{pk} (204). Errors are JSON {"detail": …}.

`invalid`, `given`, `languages`, `by_slug` and `by_id` serve endpoints of other shapes too.
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations (the app's
# schemas, set at run time) as objects.
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut
from wspolnie.directory.models import Language
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.organisations.models import Organisation

from .services import OrganisationOwned, error_messages

Lookup = Callable[[list], list]


class OwnedOut(Schema):
    """Base of an object's output schema: how the fields every organisation-owned object has
    are read — `organisation` (its slug), `organisation_name`, `languages` (BCP-47 codes),
    `html_url` (its page). The subclass declares the fields it shows, in their order."""

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        return [language.code for language in obj.languages.all()]

    @staticmethod
    def resolve_html_url(obj) -> str:
        return obj.get_absolute_url()


def invalid(errors: dict) -> Status:
    """422 with the errors by field."""
    return Status(422, {"detail": _("The request is not valid."), "errors": errors})


def given(values: dict[str, Any]) -> dict[str, Any]:
    """The payload's values without those sent as null (null means "leave it as it is")."""
    return {name: value for name, value in values.items() if value is not None}


def languages(codes: list[str]) -> list[Language]:
    """BCP-47 codes → languages; a ValidationError lists the codes that are not ones."""
    normalised, errors = [], []
    for code in codes:
        try:
            normalised.append(normalise_language_tag(code))
        except ValueError:
            errors.append(_("“%(code)s” is not a known language code.") % {"code": code})
    if errors:
        raise ValidationError(errors)
    return Language.for_codes(normalised)


def by_slug(model: type[models.Model]) -> Lookup:
    """Slugs → objects of a vocabulary (topics, districts, …)."""

    def lookup(slugs: list[str]) -> list:
        wanted = set(slugs)
        found = list(model.objects.filter(slug__in=wanted))
        missing = sorted(wanted - {obj.slug for obj in found})
        if missing:
            raise ValidationError(
                [_("“%(value)s” is not a known identifier.") % {"value": slug} for slug in missing]
            )
        return found

    return lookup


def by_id(model: type[models.Model], unknown: Any) -> Lookup:
    """Ids → objects; `unknown` (a lazy translation with %(id)s) names a missing one."""

    def lookup(ids: list[int]) -> list:
        wanted = set(ids)
        found = list(model.objects.filter(pk__in=wanted))
        missing = sorted(wanted - {obj.pk for obj in found})
        if missing:
            raise ValidationError([str(unknown) % {"id": pk} for pk in missing])
        return found

    return lookup


class OwnedApi:
    """The endpoints of one capability. Set the attributes, then `add_routes(router)` in the
    app's api.py, after the list endpoint."""

    owned: OrganisationOwned
    #: The object as the API shows it, and the payloads of POST (with `organisation`, the
    #: slug) and PATCH (pydantic models).
    out: type
    create_in: type
    patch_in: type
    #: {field: lookup}: identifiers in a payload → objects, in this order.
    lookups: Mapping[str, Lookup] = {}
    #: Related objects the output reads (prefetched).
    related: Sequence[str] = ()
    #: Messages of the 403 answers (gettext_noop: translated when answering).
    cannot_post = ""
    cannot_manage = ""
    #: "close" (POST /{pk}/close, the object stays) or "delete" (DELETE /{pk}).
    removal = "delete"
    #: The endpoints' functions are named "<action>_<noun>" (get_need, create_need, …): the
    #: OpenAPI operation ids are made from them.
    noun = ""
    #: The endpoints' summaries by action: get, create, update, close or delete.
    summaries: Mapping[str, str] = {}
    #: Auth of GET /{pk} (e.g. wspolnie.api.auth.OPTIONAL, when a signed-in caller sees more:
    #: drafts, members-only fields); None: the endpoint reads the browser session only.
    read_auth: Any = None

    def queryset(self) -> models.QuerySet:
        return self.owned.model.objects.select_related("organisation").prefetch_related(
            *self.related
        )

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        """Identifiers → objects and choices → their values; a ValidationError naming every
        unknown identifier."""
        errors: dict[str, list[str]] = {}
        for name, lookup in self.lookups.items():
            if name in values:
                try:
                    values[name] = lookup(values[name])
                except ValidationError as error:
                    errors[name] = error.messages
                    values[name] = []
        for name, value in values.items():
            if isinstance(value, Enum):
                values[name] = str(value.value)
        if errors:
            raise ValidationError(errors)
        return values

    def _change(self, do: Callable[[], Any], forbidden: str) -> Any:
        """do(), with PermissionDenied as 403 and a ValidationError as 422."""
        try:
            return do()
        except PermissionDenied:
            raise HttpError(403, _(forbidden)) from None
        except ValidationError as error:
            return invalid(error_messages(error))

    def _endpoint(self, view: Callable, key: str, module: str) -> Callable:
        view.__name__ = view.__qualname__ = f"{key}_{self.noun}"
        view.__module__ = module
        return view

    def add_routes(self, router: Router) -> None:
        owned, out, create_in, patch_in = self.owned, self.out, self.create_in, self.patch_in
        module = type(self).__module__

        def get_one(request, pk: int):
            return get_object_or_404(self.queryset().visible_to(request.user), pk=pk)

        def create(request, payload: create_in):
            values = payload.model_dump(exclude_unset=True)
            slug = values.pop("organisation")
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                return invalid(
                    {"organisation": [_("There is no organisation “%(slug)s”.") % {"slug": slug}]}
                )
            if not owned.can_post(request.user, organisation):
                raise HttpError(403, _(self.cannot_post))
            item = self._change(
                lambda: owned.create(request.user, organisation, **self.resolve(given(values))),
                self.cannot_post,
            )
            if isinstance(item, Status):
                return item
            return Status(201, self.queryset().get(pk=item.pk))

        def update(request, pk: int, payload: patch_in):
            item = get_object_or_404(self.queryset(), pk=pk)
            if not owned.can_manage(request.user, item):
                raise HttpError(403, _(self.cannot_manage))
            values = given(payload.model_dump(exclude_unset=True))
            answer = self._change(
                lambda: owned.update(request.user, item, **self.resolve(values)),
                self.cannot_manage,
            )
            return answer if isinstance(answer, Status) else self.queryset().get(pk=item.pk)

        def close(request, pk: int):
            item = get_object_or_404(self.queryset(), pk=pk)
            self._change(lambda: owned.close(request.user, item), self.cannot_manage)
            return self.queryset().get(pk=item.pk)

        def delete(request, pk: int):
            item = get_object_or_404(self.queryset(), pk=pk)
            self._change(lambda: owned.delete(request.user, item), self.cannot_manage)
            return Status(204, None)

        read = {"auth": self.read_auth} if self.read_auth is not None else {}
        router.get(
            "/{pk}", response={200: out, 404: ErrorOut}, summary=self.summaries["get"], **read
        )(self._endpoint(get_one, "get", module))
        router.post(
            "/", response={201: out, 403: ErrorOut, 422: dict}, auth=REQUIRED,
            summary=self.summaries["create"],
        )(self._endpoint(create, "create", module))
        router.patch(
            "/{pk}", response={200: out, 403: ErrorOut, 404: ErrorOut, 422: dict},
            auth=REQUIRED, summary=self.summaries["update"],
        )(self._endpoint(update, "update", module))
        if self.removal == "close":
            router.post(
                "/{pk}/close", response={200: out, 403: ErrorOut, 404: ErrorOut},
                auth=REQUIRED, summary=self.summaries["close"],
            )(self._endpoint(close, "close", module))
        else:
            router.delete(
                "/{pk}", response={204: None, 403: ErrorOut, 404: ErrorOut}, auth=REQUIRED,
                summary=self.summaries["delete"],
            )(self._endpoint(delete, "delete", module))
