"""A list of XSS payloads for user-written text (Markdown rendered through nh3), and the check
that a rendered page neutralised them: no script runs, whatever the payload."""

from __future__ import annotations

import re

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg/onload=alert('xss-3')>",
    "<a href=\"javascript:alert('xss-4')\">klik</a>",
    "[klik](javascript:alert('xss-5'))",
    "[klik](JaVaScRiPt:alert('xss-6'))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<iframe src=\"https://example.org/\"></iframe>",
    "<body onload=alert('xss-7')>",
    "<div style=\"background:url(javascript:alert('xss-8'))\">x</div>",
    "\"><script>alert('xss-9')</script>",
    "<math><mtext></form><form><mglyph><style></math><img src onerror=alert('xss-10')>",
    "![x](javascript:alert('xss-11'))",
    "<details open ontoggle=alert('xss-12')>",
    "[a](vbscript:msgbox('xss-13'))",
]

TEXT = "\n\n".join(PAYLOADS)


def executable_markup(html: str) -> list[str]:
    """What in `html` (the fragment with the user's text, not the whole page with its own
    scripts) could run a payload: script/iframe/svg/… tags, on*= attributes inside tags,
    javascript:/data:/vbscript: addresses. [] when neutralised."""
    found = []
    found += re.findall(
        r"<(?:script|iframe|svg|math|object|embed|body|details|style)\b[^>]*>", html, re.I
    )
    for tag in re.findall(r"<[a-z][^>]*>", html, re.I):
        found += re.findall(r"\son\w+\s*=", tag, re.I)
        found += re.findall(r"(?:href|src)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):", tag,
                            re.I)
    return found


def article(html: str) -> str:
    """The page's <article>…</article> (where the user's text is)."""
    match = re.search(r"<article\b.*?</article>", html, re.S)
    assert match, "no <article> on the page"
    return match.group(0)
