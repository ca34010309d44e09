from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def wsgi_in_the_test_transaction(db):
    """Requests through Django's WSGI application (schemathesis), in the test's transaction.

    Django closes the database connection when a request finishes; its test client stops
    that (the test's transaction lives on that connection), and so must a WSGI call."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
