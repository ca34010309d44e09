"""QR codes of tracked links, for print: inline SVG on pages, PNG and SVG files."""

from __future__ import annotations

import html
import io

import segno
from django.utils.safestring import SafeString, mark_safe


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m")


def svg_inline(url: str, label: str) -> SafeString:
    """Scalable (CSS sizes it), no request and no style attribute."""
    svg = _qr(url).svg_inline(scale=1, omitsize=True, svgclass="reach-qr", title=label)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
    return mark_safe(svg)  # noqa: S308 (made by segno; the label is escaped)


def svg_file(url: str) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=10, border=4, xmldecl=True)
    return buffer.getvalue()


def png(url: str) -> bytes:
    """Big enough for a poster (scale 16: a module is 16 pixels)."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=16, border=4)
    return buffer.getvalue()
