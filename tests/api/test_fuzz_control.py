"""The fuzz test can fail: its checks, run the same way over a tiny API with a crashing
endpoint and one that answers a body of another shape than it declares, find both."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import given
from schemathesis.core.failures import FailureGroup

from tests.api.test_fuzz import CHECKS, FUZZ_SETTINGS


@pytest.fixture
def control_schema(settings, wsgi_in_the_test_transaction):
    settings.ROOT_URLCONF = "tests.api.fuzz_control_urls"
    return schemathesis.openapi.from_wsgi("/api/control/openapi.json", get_wsgi_application())


def fuzz(operation) -> None:
    @FUZZ_SETTINGS
    @given(case=operation.as_strategy())
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()


def test_a_server_error_fails_the_fuzz_test(control_schema):
    with pytest.raises(FailureGroup, match="Server error"):
        fuzz(control_schema["/api/control/crash"]["GET"])


def test_an_answer_unlike_its_schema_fails_the_fuzz_test(control_schema):
    with pytest.raises(FailureGroup, match="Response violates schema"):
        fuzz(control_schema["/api/control/wrong"]["GET"])
