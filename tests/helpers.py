"""Small helpers shared by the view and API tests."""

from __future__ import annotations

import re
from email.message import EmailMessage
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from .smtp import body_text


def tr(language: str, message: str) -> str:
    """`message` as a user with `language` reads it (whatever the catalogues hold today)."""
    with translation.override(language):
        return gettext(message)


def html_tr(language: str, message: str) -> str:
    """tr(), escaped as a template renders it."""
    return escape(tr(language, message))


def subject_of(message: EmailMessage) -> str:
    """The Subject as a mail client shows it: Python's parser keeps the whitespace of the
    folded first line of a long encoded (non-ASCII) subject."""
    return " ".join(str(message["Subject"]).split())


def links_in(message: EmailMessage) -> list[str]:
    return re.findall(r"https?://\S+", body_text(message))


def site_path(link: str) -> str:
    """The path of a link in a mail, after checking it points at the public site."""
    assert link.startswith(settings.SITE_URL + "/"), link
    return urlsplit(link).path
