from __future__ import annotations

import pytest

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
