"""{% event_jsonld event %} and {% organisation_jsonld organisation %}: a
<script type="application/ld+json"> data block (not code: the Content-Security-Policy's
script-src does not apply to it, nothing runs), escaped as json_script does so that no text
can close the element."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .. import jsonld

register = template.Library()

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def data_block(document: dict | None) -> SafeString:
    if not document:
        return mark_safe("")  # noqa: S308 (empty)
    text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag
def event_jsonld(event) -> SafeString:
    return data_block(jsonld.event_document(event))


@register.simple_tag
def organisation_jsonld(organisation) -> SafeString:
    return data_block(jsonld.organisation_document(organisation))
