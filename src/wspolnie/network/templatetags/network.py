from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str) -> str:
    """A table's column header that sorts by `key` (a plain link: no script needed); a second
    click reverses the order. Marks the current order with aria-sort."""
    current = context.get("sort", "")
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    if current == key:
        query["sort"], state = f"-{key}", "ascending"
    elif current == f"-{key}":
        query["sort"], state = key, "descending"
    else:
        query["sort"], state = f"-{key}" if key in DESCENDING_FIRST else key, ""
    arrow = {"ascending": " ▲", "descending": " ▼"}.get(state, "")
    hint = _("sort by this column")
    if state:
        return format_html('<th scope="col" aria-sort="{}"><a href="?{}" title="{}">{}{}</a></th>',
                           state, query.urlencode(), hint, label, arrow)
    return format_html('<th scope="col"><a href="?{}" title="{}">{}</a></th>',
                       query.urlencode(), hint, label)


#: Numbers sort from the largest first on the first click.
DESCENDING_FIRST = {"degree", "betweenness", "bridges", "weight", "last", "first"}
