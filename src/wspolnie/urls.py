from django.contrib import admin
from django.urls import include, path, re_path

from wspolnie.api.urls import api, api_not_found

urlpatterns = [
    path("", include("wspolnie.core.urls")),
    path("accounts/", include("wspolnie.accounts.urls")),
    path("organisations/", include("wspolnie.organisations.urls")),
    path("directory/", include("wspolnie.directory.urls")),
    path("services/", include("wspolnie.services.urls")),
    path("needs/", include("wspolnie.needs.urls")),
    path("contacts/", include("wspolnie.contacts.urls")),
    path("channels/", include("wspolnie.channels.urls")),
    path("search/", include("wspolnie.search.urls")),
    path("meetings/", include("wspolnie.meetings.urls")),
    path("announcements/", include("wspolnie.announcements.urls")),
    path("announcements/", include("wspolnie.announcements.urls_renderings")),
    path("announcements/", include("wspolnie.distribution.urls")),
    path("r/", include("wspolnie.reach.urls_short")),  # tracked links: /r/<code>
    path("reach/", include("wspolnie.reach.urls")),
    path("news/", include("wspolnie.announcements.urls_news")),
    path("newsletter/", include("wspolnie.newsletter.urls")),
    path("boards/", include("wspolnie.boards.urls")),
    path("notes/", include("wspolnie.notes.urls")),
    path("library/", include("wspolnie.library.urls")),
    path("dashboard/", include("wspolnie.dashboard.urls")),
    path("network/", include("wspolnie.network.urls")),
    path("calendars/", include("wspolnie.calendars.urls")),
    path("", include("wspolnie.imports.urls")),  # /imports/… and /exports/…
    path("", include("wspolnie.opendata.urls")),  # /open-data/… and /embed/…
    path("webhooks/", include("wspolnie.webhooks.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # ninja's own view at the API root answers with the HTML 404 page; keep /api/ JSON.
    path("api/", api_not_found),
    path("api/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_not_found),
    path("admin/", admin.site.urls),
]

handler400 = "wspolnie.core.views.bad_request"
handler403 = "wspolnie.core.views.permission_denied"
handler404 = "wspolnie.core.views.page_not_found"
handler500 = "wspolnie.core.views.server_error"
