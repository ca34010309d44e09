from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

#: The part of the site a URL namespace belongs to, named as in the main menu; it goes into the
#: page title ("Page – Section – Wspólnie"). Namespaces not listed (the home page) have none.
SECTIONS = {
    "accounts": _("Account"),
    "organisations": _("Organisations"),
    "contacts": _("Organisations"),
    "directory": _("Organisations"),
    "services": _("Services"),
    "needs": _("Needs and offers"),
    "channels": _("Channels"),
    "search": _("Search"),
    "meetings": _("Meetings"),
    "announcements": _("Announcements"),
    "renderings": _("Announcements"),
    "distribution": _("Announcements"),
    "news": _("News"),
    "newsletter": _("Newsletter"),
    "imports": _("Open data"),
    "opendata": _("Open data"),
    "webhooks": _("Webhooks"),
    "boards": _("Boards"),
    "notes": _("Meetings"),
    "library": _("Library"),
    "network": _("Network"),
    "dashboard": _("Dashboard"),
}


def section(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    namespace = match.namespaces[0] if match and match.namespaces else ""
    return SECTIONS.get(namespace, "")


def site(request: HttpRequest) -> dict:
    return {"SITE_NAME": "Wspólnie", "SITE_URL": settings.SITE_URL, "SECTION": section(request)}


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    #: URL namespaces whose pages belong to this item's section.
    namespaces: tuple[str, ...]
    #: Who sees it: "all", "signed_in" or "staff".
    audience: str = "all"


#: The main menu, in order; account links (log in, my profile, log out) follow in base.html.
MAIN_NAV = (
    NavItem("organisations:list", _("Organisations"), ("organisations", "contacts", "directory")),
    NavItem("services:list", _("Services"), ("services",)),
    NavItem("needs:board", _("Needs and offers"), ("needs",)),
    NavItem("channels:list", _("Channels"), ("channels",)),
    NavItem("meetings:list", _("Meetings"), ("meetings", "notes")),
    NavItem("boards:list", _("Boards"), ("boards",)),
    NavItem("library:list", _("Library"), ("library",)),
    NavItem("news:list", _("News"), ("news",)),
    NavItem("network:graph", _("Network"), ("network",)),
    NavItem("api:openapi-view", _("API"), ("api",)),
    NavItem("admin:index", _("Administration"), ("admin",), "staff"),
    NavItem("dashboard:index", _("Dashboard"), ("dashboard",), "staff"),
    NavItem(
        "announcements:list",
        _("Announcements"),
        ("announcements", "renderings", "distribution"),
        "signed_in",
    ),
    NavItem("newsletter:issue_list", _("Newsletter"), ("newsletter",), "staff"),
)


def _sees(user, audience: str) -> bool:
    if audience == "staff":
        return bool(user and user.is_staff)
    if audience == "signed_in":
        return bool(user and user.is_authenticated)
    return True


def navigation(request: HttpRequest) -> dict:
    """`main_nav`: the menu's links for this visitor, the one of the current section with its
    `current` value for aria-current ("page" on the section's own page, "true" below it)."""
    match = getattr(request, "resolver_match", None)
    namespace = match.namespaces[0] if match and match.namespaces else ""
    user = getattr(request, "user", None)
    items = []
    for item in MAIN_NAV:
        if not _sees(user, item.audience):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app left out of this installation
            continue
        current = None
        if request.path == url:
            current = "page"
        elif namespace in item.namespaces:
            current = "true"
        items.append({"url": url, "label": item.label, "current": current})
    return {"main_nav": items, "NAV_NAMESPACE": namespace}
