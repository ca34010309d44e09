"""The OpenAPI document, honest about the answers every endpoint can give.

ninja documents only the statuses an endpoint names. These are answered by the API itself, so
every operation that can get them declares them here, in one place, with their JSON schema:
401 (an endpoint that reads a token: a missing or wrong one), 403 (an endpoint for signed-in
callers: a failed CSRF check of the session, or a caller who may not), 404 (a path naming
nothing), 422 (parameters or a body of the wrong shape) and 400 (a body that is not JSON).

Two schemas of one name (two `TermOut` classes in two apps) would overwrite each other in
`components`, so the document would describe one app's answer with the other's schema: that
is refused while the document is built (tests/api/test_openapi.py builds it). Classes nested
in a model (the `Kind` choices of needs and of organisations) are named by their qualified
name: `NeedOfferKind`, `OrganisationKind`, ….
"""

from __future__ import annotations

import re
from typing import Any

import ninja.openapi.schema
from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import CoreModeRef, DefsRef

from .auth import session_auth
from .schemas import ErrorOut, ValidationErrorOut

#: The statuses the API answers by itself, with their schema and description.
ANSWERS: dict[int, tuple[type, str]] = {
    400: (ErrorOut, "The request body is not valid JSON"),
    401: (ErrorOut, "Authentication required: no valid token or session"),
    403: (ErrorOut, "Not allowed (or the session's CSRF check failed)"),
    404: (ErrorOut, "Not found"),
    422: (ValidationErrorOut, "The request is not valid"),
}


class QualifiedNamesJsonSchema(NinjaGenerateJsonSchema):
    """ninja's JSON schema generator, naming a nested class by its qualified name (pydantic
    names `NeedOffer.Kind` and `Organisation.Kind` both `Kind`)."""

    def get_defs_ref(self, core_mode_ref: CoreModeRef) -> DefsRef:
        core_ref, mode = core_mode_ref
        match = re.fullmatch(r"([\w.]+):(\d+)", core_ref)
        if match:
            parts = match.group(1).split(".")
            nested = []
            while parts and parts[-1][:1].isupper():
                nested.insert(0, parts.pop())
            core_ref = f"{''.join(nested) or match.group(1)}:{match.group(2)}"
        return super().get_defs_ref((core_ref, mode))


# ninja builds the document's schemas with the generator this module attribute names.
ninja.openapi.schema.NinjaGenerateJsonSchema = QualifiedNamesJsonSchema


def _ref(model: type) -> dict[str, str]:
    return {"$ref": REF_TEMPLATE.format(model=model.__name__)}


class HonestOpenAPISchema(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise ImproperlyConfigured(
                    f"Two API schemas are called {name!r}; give one another name, or the "
                    "OpenAPI document describes one with the other."
                )
        super().add_schema_definitions(definitions)

    def get_components(self) -> dict[str, Any]:
        components = super().get_components()
        for model, _description in ANSWERS.values():
            self.add_schema_definitions({
                model.__name__: model.model_json_schema(
                    ref_template=REF_TEMPLATE, schema_generator=QualifiedNamesJsonSchema,
                    mode="serialization",
                )
            })
        return components

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details = super().operation_details(operation)
        responses = details["responses"]
        for status in self._possible_errors(operation):
            model, description = ANSWERS[status]
            declared = responses.get(status)
            if declared is None:
                responses[status] = {
                    "description": description,
                    "content": {"application/json": {"schema": _ref(model)}},
                }
            elif status == 422 and not _is_described(declared):
                # `422: dict` in the endpoint: say what the dict holds.
                declared["content"] = {"application/json": {"schema": _ref(model)}}
        return details

    @staticmethod
    def _possible_errors(operation: Operation) -> list[int]:
        sources = {getattr(model, "__ninja_param_source__", "") for model in operation.models}
        statuses = []
        if "body" in sources:
            statuses.append(400)
        if operation.auth_callbacks:
            statuses.append(401)
        if session_auth in operation.auth_callbacks:
            statuses.append(403)
        if "path" in sources:
            statuses.append(404)
        if operation.models:
            statuses.append(422)
        return statuses


def _is_described(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return "$ref" in schema or bool(schema.get("properties"))


class HonestNinjaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        # Built once per process: the routes and their models do not change after start-up,
        # and building the document takes about a second (every /api/openapi.json request
        # and the docs page paid it).
        built = self.__dict__.setdefault("_openapi_schemas", {})
        if path_prefix not in built:
            built[path_prefix] = HonestOpenAPISchema(api=self, path_prefix=path_prefix)
        return built[path_prefix]
