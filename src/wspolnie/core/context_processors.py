from django.conf import settings
from django.http import HttpRequest
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
    "boards": _("Boards"),
    "notes": _("Meetings"),
    "library": _("Library"),
    "network": _("Organisations"),
}


def section(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    namespace = match.namespaces[0] if match and match.namespaces else ""
    return SECTIONS.get(namespace, "")


def site(request: HttpRequest) -> dict:
    return {"SITE_NAME": "Wspólnie", "SITE_URL": settings.SITE_URL, "SECTION": section(request)}
