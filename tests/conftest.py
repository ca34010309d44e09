from __future__ import annotations

import os

import pytest
from django.contrib.auth.signals import user_logged_in

from .smtp import SmtpServer


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's mail goes to it during the test."""
    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Unit tests run tasks at enqueue time (after commit). Tests of the real worker switch
    back to the database backend explicitly."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language, whatever an earlier test activated
    in the same worker process."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _force_login_gives_the_second_factor(sender, request, user, **kwargs) -> None:
    """The test client's force_login() stands for the whole login, the code step included:
    an account that needs a second factor (staff) gets a confirmed device and a verified
    session, so that every test's staff persona keeps working. Real logins (requests with
    headers) go through the two steps as in production; see tests/accounts/two_factor.py for
    logging in without the second step."""
    if request is None or "REQUEST_METHOD" in request.META:
        return  # a real request (force_login's has no method): the login view asks for the code
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wspolnie.accounts import two_factor

    if not (two_factor.second_factor_required(user) or two_factor.can_verify(user)):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="tests", confirmed=True)
    # What django_otp.login() stores (the fake request has no request.user for it to check).
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id


user_logged_in.connect(_force_login_gives_the_second_factor, dispatch_uid="tests-second-factor")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (cached facet counts, rate limits): a test that
    changes data without signals (QuerySet.update()) must not leave values for the next."""
    from django.core.cache import cache

    cache.clear()
    yield


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked own_database run their child processes on a SQLite file of their own (the
    demo, the operator's CLI): in the PostgreSQL run they would repeat the SQLite run's test
    exactly, so they are left to that run."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    repeated = [item for item in items if item.get_closest_marker("own_database")]
    if repeated:
        config.hook.pytest_deselected(items=repeated)
        items[:] = [item for item in items if not item.get_closest_marker("own_database")]
