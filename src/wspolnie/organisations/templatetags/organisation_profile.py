from __future__ import annotations

from urllib.parse import urlsplit

from django import template

from wspolnie.organisations.phones import phone_link as _phone_link

register = template.Library()


@register.filter
def phone_link(value: str) -> str:
    """{{ organisation.phone|phone_link }} → tel:+48711234567"""
    return _phone_link(value or "")


@register.filter
def social_label(url: str) -> str:
    """https://www.facebook.com/nomada/ → facebook.com/nomada"""
    parts = urlsplit(url or "")
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" if host else url
