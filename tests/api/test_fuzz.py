"""Schemathesis over every endpoint of the API's own OpenAPI document.

Each operation gets a few generated requests (hypothesis, derandomised: CI is reproducible),
as an anonymous caller, as staff and as an organisation admin (tokens). A request fails the
test when the answer is a server error, a status the document does not declare, a media type
it does not declare, or a body that does not match the declared schema.

The requests go through Django's WSGI application (no server), inside the test's database
transaction: what the staff token writes is rolled back.

The requests as staff also go through schemathesis' coverage phase (boundary values of every
parameter); the others only through the generated examples, to keep the test's cost bounded.
A longer run by hand: `API_FUZZ_EXAMPLES=200 pytest tests/api/test_fuzz.py` (the default
is 5 examples per operation and caller). tests/api/test_fuzz_control.py shows it can fail.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.base import make_personas
from tests.fuzz import counting
from wspolnie.accounts.services import do_create_api_token

MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # The personas are made per test (function-scoped fixtures); the data is slow to make.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)

application = get_wsgi_application()
#: Every phase: the examples in the document, the coverage phase (boundary values of every
#: parameter: the largest id, one past it, a missing field, …) and `MAX_EXAMPLES` generated
#: requests.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
#: Without the coverage phase, the costliest: run once, as staff (who reaches the most).
quick_schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application,
    config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}}),
)


class Personas:
    """tests.base's personas, outside a TestCase."""


def token_headers(persona: str) -> dict[str, str]:
    """Makes the personas; the headers of one of them (anonymous: none)."""
    personas = Personas()
    make_personas(personas)
    if persona == "anonymous":
        return {}
    token = do_create_api_token(getattr(personas, persona), "fuzz")[1]
    return {"Authorization": f"Bearer {token}"}


# A fixture parameter also where there is one value: schemathesis names each operation's test
# after the operation only for parametrised tests (with pytest 9).
@pytest.fixture(params=["staff"])
def staff_headers(request, wsgi_in_the_test_transaction) -> dict[str, str]:
    return token_headers(request.param)


@pytest.fixture(params=["anonymous", "alice"])
def caller_headers(request, wsgi_in_the_test_transaction) -> dict[str, str]:
    """An anonymous caller, or alice (an organisation's admin)."""
    return token_headers(request.param)


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_as_staff(case, staff_headers):
    counting.one_more()
    case.call_and_validate(headers=staff_headers, checks=CHECKS)


@quick_schema.parametrize()
@FUZZ_SETTINGS
def test_api(case, caller_headers):
    counting.one_more()
    case.call_and_validate(headers=caller_headers, checks=CHECKS)
