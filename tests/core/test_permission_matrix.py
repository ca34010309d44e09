"""The permission matrix: every URL pattern of the project (pages and API), fetched with GET by
each persona, against an explicit table of what each persona must get.

A new URL pattern without an entry in EXPECTED fails the test, which prints the entry to add
(the outcomes it saw: check them against what the page should allow before pasting them).

Outcomes: an HTTP status (200, 403, 404, 405, 401 from the API, …), "login" (a redirect to the
login page) or "redirect" (a redirect anywhere else). Personas, in the order of each entry
(tests/base.py): anonymous, member of the organisation, its admin, another organisation's admin,
staff (with their second factor given). Route parameters take the URL walk's values
(tests/core/test_url_walk.py, walk_params): `<slug>` is the personas' organisation, `<pk>` bob's
API token, the other values name nothing, so routes of meetings, boards, … answer 404 to
everybody here: what each persona may do with a real object is in each app's permission tests;
this table makes sure that no route is forgotten and none answers a persona what it should not.

This GET in the site's default language replaces the URL walk's GET as member and organisation
admins (whose pages do not depend on the language); the walk still fetches every page in every
language as the anonymous visitor and staff, posts, and sends odd query parameters.
"""

from __future__ import annotations

import json
import os

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from tests.base import BaseTestCase
from tests.core.test_url_walk import project_urls, walk_params
from wspolnie.accounts import services

PERSONAS = ("anonymous", "member", "org admin", "other org's admin", "staff")

#: Shorthands for the usual rows.
PUBLIC = (200, 200, 200, 200, 200)
SIGNED_IN = ("login", 200, 200, 200, 200)
STAFF = ("login", 403, 403, 403, 200)
NOBODY = (404, 404, 404, 404, 404)
POST_ONLY = (405, 405, 405, 405, 405)
API_SIGNED_IN = (401, 200, 200, 200, 200)
API_STAFF = (401, 403, 403, 403, 200)
#: Signed-in pages of an object the walk's values do not name (see above).
SIGNED_IN_NOT_FOUND = ("login", 404, 404, 404, 404)
API_SIGNED_IN_NOT_FOUND = (401, 404, 404, 404, 404)
#: Actions: a GET is refused once signed in.
SIGNED_IN_POST_ONLY = ("login", 405, 405, 405, 405)
STAFF_POST_ONLY = ("login", 403, 403, 403, 405)
STAFF_NOT_FOUND = ("login", 403, 403, 403, 404)
#: The organisation's own admins and staff (the member and the other admin are refused).
ITS_ADMINS = ("login", 403, 200, 403, 200)
#: Whoever administers some organisation, and staff.
ANY_ORG_ADMIN = ("login", 403, 200, 200, 200)

EXPECTED: dict[str, tuple] = {
    # //
    "": PUBLIC,
    # /accounts/
    "accounts/sign-up/": (200, "redirect", "redirect", "redirect", "redirect"),
    "accounts/sign-up/done/": PUBLIC,
    "accounts/verify/": PUBLIC,
    "accounts/verify/<str:token>/": (400, 400, 400, 400, 400),
    "accounts/login/": (200, "redirect", "redirect", "redirect", "redirect"),
    "accounts/login/code/": ("redirect", "redirect", "redirect", "redirect", "redirect"),
    "accounts/logout/": POST_ONLY,
    "accounts/password-reset/": PUBLIC,
    "accounts/password-reset/sent/": PUBLIC,
    "accounts/reset/<uidb64>/<token>/": PUBLIC,
    "accounts/reset/done/": PUBLIC,
    "accounts/profile/": SIGNED_IN,
    "accounts/profile/password/": SIGNED_IN,
    "accounts/profile/registrations/": SIGNED_IN,
    "accounts/profile/registrations/<int:pk>/cancel/": SIGNED_IN_POST_ONLY,
    "accounts/profile/delete/": SIGNED_IN,
    "accounts/profile/my-data/": SIGNED_IN,
    "accounts/profile/my-data.json": SIGNED_IN,
    "accounts/profile/two-step/": SIGNED_IN,
    "accounts/profile/two-step/set-up/": ("login", 200, 200, 200, "redirect"),
    "accounts/profile/two-step/recovery-codes/": SIGNED_IN_POST_ONLY,
    "accounts/profile/two-step/turn-off/": ("login", "redirect", "redirect", "redirect", 200),
    "accounts/profile/sessions/": SIGNED_IN,
    "accounts/profile/sessions/<int:pk>/end/": SIGNED_IN_POST_ONLY,
    "accounts/profile/sessions/end-others/": SIGNED_IN_POST_ONLY,
    "accounts/profile/sessions/end-all/": SIGNED_IN_POST_ONLY,
    "accounts/profile/tokens/": SIGNED_IN_POST_ONLY,
    "accounts/profile/tokens/<int:pk>/revoke/": SIGNED_IN_POST_ONLY,
    # /organisations/
    "organisations/": PUBLIC,
    "organisations/new/": SIGNED_IN,
    "organisations/suggest/": PUBLIC,
    "organisations/moderation/": STAFF,
    "organisations/reports/": STAFF,
    "organisations/reports/<int:pk>/resolve/": STAFF_POST_ONLY,
    "organisations/<slug:slug>/": PUBLIC,
    "organisations/<slug:slug>/edit/": ITS_ADMINS,
    "organisations/<slug:slug>/places/": ITS_ADMINS,
    "organisations/<slug:slug>/history/": ITS_ADMINS,
    "organisations/<slug:slug>/logo/": NOBODY,
    "organisations/<slug:slug>/report/": PUBLIC,
    "organisations/<slug:slug>/resubmit/": SIGNED_IN_POST_ONLY,
    "organisations/<slug:slug>/join/": SIGNED_IN,
    "organisations/<slug:slug>/members/": ITS_ADMINS,
    "organisations/<slug:slug>/members/requests/<int:pk>/approve/": SIGNED_IN_POST_ONLY,
    "organisations/<slug:slug>/members/requests/<int:pk>/decline/": SIGNED_IN_POST_ONLY,
    "organisations/<slug:slug>/members/<int:pk>/make-admin/": SIGNED_IN_POST_ONLY,
    "organisations/<slug:slug>/approve/": STAFF_POST_ONLY,
    "organisations/<slug:slug>/reject/": STAFF,
    # /directory/
    "directory/vocabularies/": STAFF,
    "directory/vocabularies/topics/": STAFF,
    "directory/vocabularies/topics/<int:pk>/": STAFF_NOT_FOUND,
    "directory/vocabularies/topics/<int:pk>/move/": STAFF_POST_ONLY,
    "directory/vocabularies/topics/<int:pk>/delete/": STAFF_NOT_FOUND,
    "directory/vocabularies/topics/<int:pk>/merge/": STAFF_NOT_FOUND,
    "directory/vocabularies/communities/": STAFF,
    "directory/vocabularies/communities/<int:pk>/": STAFF_NOT_FOUND,
    "directory/vocabularies/communities/<int:pk>/move/": STAFF_POST_ONLY,
    "directory/vocabularies/communities/<int:pk>/delete/": STAFF_NOT_FOUND,
    "directory/vocabularies/communities/<int:pk>/merge/": STAFF_NOT_FOUND,
    "directory/vocabularies/districts/": STAFF,
    "directory/vocabularies/districts/<int:pk>/": STAFF_NOT_FOUND,
    "directory/vocabularies/districts/<int:pk>/move/": STAFF_POST_ONLY,
    "directory/vocabularies/districts/<int:pk>/delete/": STAFF_NOT_FOUND,
    "directory/vocabularies/districts/<int:pk>/merge/": STAFF_NOT_FOUND,
    # /services/
    "services/": PUBLIC,
    "services/<int:pk>/": NOBODY,
    "services/<int:pk>/edit/": SIGNED_IN_NOT_FOUND,
    "services/<int:pk>/delete/": SIGNED_IN_NOT_FOUND,
    "services/organisation/<slug:slug>/new/": ITS_ADMINS,
    # /needs/
    "needs/": PUBLIC,
    "needs/<int:pk>/": NOBODY,
    "needs/<int:pk>/edit/": SIGNED_IN_NOT_FOUND,
    "needs/<int:pk>/close/": SIGNED_IN_NOT_FOUND,
    "needs/organisation/<slug:slug>/": ("login", 200, 200, 403, 200),
    "needs/organisation/<slug:slug>/new/": ("login", 200, 200, 403, 200),
    # /contacts/
    "contacts/<slug:slug>/": ITS_ADMINS,
    "contacts/<slug:slug>/add/": ITS_ADMINS,
    "contacts/<slug:slug>/<int:pk>/edit/": ("login", 403, 404, 403, 404),
    "contacts/<slug:slug>/<int:pk>/delete/": ("login", 403, 404, 403, 404),
    "contacts/<slug:slug>/<int:pk>/erase/": ("login", 403, 404, 403, 404),
    "contacts/<slug:slug>/<int:pk>/export/": ("login", 403, 404, 403, 404),
    # /channels/
    "channels/": PUBLIC,
    "channels/reach/": PUBLIC,
    "channels/new/": ANY_ORG_ADMIN,
    "channels/<int:pk>/": NOBODY,
    "channels/<int:pk>/edit/": SIGNED_IN_NOT_FOUND,
    "channels/<int:pk>/deactivate/": SIGNED_IN_NOT_FOUND,
    "channels/<int:pk>/activate/": SIGNED_IN_NOT_FOUND,
    # /search/
    "search/": PUBLIC,
    "search/suggestions/": ("redirect", "redirect", "redirect", "redirect", "redirect"),
    # /meetings/
    "meetings/": PUBLIC,
    "meetings/past/": PUBLIC,
    "meetings/calendar/": PUBLIC,
    "meetings/calendar.ics": PUBLIC,
    "meetings/feed.rss": PUBLIC,
    "meetings/feed.atom": PUBLIC,
    "meetings/organise/": SIGNED_IN,
    "meetings/organise/new/": ANY_ORG_ADMIN,
    "meetings/organise/series/new/": ANY_ORG_ADMIN,
    "meetings/organise/co-organising/": ANY_ORG_ADMIN,
    "meetings/organise/co-organising/<int:pk>/": SIGNED_IN_POST_ONLY,
    "meetings/series/<slug:slug>/": NOBODY,
    "meetings/series/<slug:slug>/edit/": SIGNED_IN_NOT_FOUND,
    "meetings/series/<slug:slug>/calendar.ics": NOBODY,
    "meetings/organisations/<slug:slug>/calendar.ics": PUBLIC,
    "meetings/registration/<str:token>/": NOBODY,
    "meetings/registration/<str:token>/cancel/": POST_ONLY,
    "meetings/registration/<str:token>/erase/": NOBODY,
    "meetings/registration/<str:token>/calendar.ics": NOBODY,
    "meetings/registration/<str:token>/sharing/": NOBODY,
    "meetings/registration/<str:token>/sharing/withdraw/": POST_ONLY,
    "meetings/registration/<str:token>/consents.csv": NOBODY,
    "meetings/registration/<str:token>/consents.json": NOBODY,
    "meetings/registration/<str:token>/participants/": NOBODY,
    "meetings/registration/<str:token>/participants.csv": NOBODY,
    "meetings/registration/<str:token>/participants.vcf": NOBODY,
    "meetings/registration/<str:token>/participants/<int:pk>/message/": NOBODY,
    "meetings/registration/<str:token>/feedback/": NOBODY,
    "meetings/<slug:slug>/participants/": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/participants.csv": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/participants.vcf": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/participants/<int:pk>/message/": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/consents.csv": STAFF_NOT_FOUND,
    "meetings/<slug:slug>/": NOBODY,
    "meetings/<slug:slug>/calendar.ics": NOBODY,
    "meetings/<slug:slug>/register/": NOBODY,
    "meetings/<slug:slug>/manage/": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/edit/": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/status/": SIGNED_IN_POST_ONLY,
    "meetings/<slug:slug>/manage/export.csv": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/export.xlsx": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/check-in/": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/check-in/ticket/": SIGNED_IN_POST_ONLY,
    "meetings/<slug:slug>/manage/check-in/<int:pk>/": SIGNED_IN_POST_ONLY,
    "meetings/<slug:slug>/manage/registrations/<int:pk>/cancel/": SIGNED_IN_POST_ONLY,
    "meetings/<slug:slug>/manage/registrations/<int:pk>/erase/": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/message/": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/report/": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/agenda/": SIGNED_IN_NOT_FOUND,
    "meetings/<slug:slug>/manage/questions/": SIGNED_IN_NOT_FOUND,
    # /announcements/
    "announcements/": SIGNED_IN,
    "announcements/new/": ANY_ORG_ADMIN,
    "announcements/from-event/<slug:slug>/": SIGNED_IN_POST_ONLY,
    "announcements/from-report/<slug:slug>/": SIGNED_IN_POST_ONLY,
    "announcements/<int:pk>/": SIGNED_IN_NOT_FOUND,
    "announcements/<int:pk>/edit/": SIGNED_IN_NOT_FOUND,
    "announcements/<int:pk>/publish/": SIGNED_IN_POST_ONLY,
    "announcements/<int:pk>/withdraw/": SIGNED_IN_POST_ONLY,
    "announcements/<int:pk>/translations/<str:language>/": SIGNED_IN_NOT_FOUND,
    "announcements/<int:pk>/translations/<str:language>/assign/": SIGNED_IN_POST_ONLY,
    "announcements/<int:pk>/translations/<str:language>/approve/": SIGNED_IN_POST_ONLY,
    "announcements/<int:pk>/translations/<str:language>/reject/": SIGNED_IN_POST_ONLY,
    "announcements/<int:pk>/renderings/": SIGNED_IN_NOT_FOUND,
    "announcements/<int:pk>/poster/<str:language>/": NOBODY,
    "announcements/<int:pk>/translations/<str:language>/pretranslate/": SIGNED_IN_POST_ONLY,
    "announcements/<int:pk>/plan/": SIGNED_IN_NOT_FOUND,
    "announcements/<int:pk>/coverage/": SIGNED_IN_NOT_FOUND,
    "announcements/coverage/": ANY_ORG_ADMIN,
    # /news/
    "news/": PUBLIC,
    "news/<int:pk>/<str:slug>/": NOBODY,
    "news/feeds/<str:language>/rss.xml": PUBLIC,
    "news/feeds/<str:language>/atom.xml": PUBLIC,
    # /newsletter/
    "newsletter/": PUBLIC,
    "newsletter/check-your-mailbox/": PUBLIC,
    "newsletter/confirm/<str:token>/": (410, 410, 410, 410, 410),
    "newsletter/preferences/<str:token>/": NOBODY,
    "newsletter/preferences/<str:token>/my-data/": NOBODY,
    "newsletter/preferences/<str:token>/my-data.json": NOBODY,
    "newsletter/preferences/<str:token>/erase/": NOBODY,
    "newsletter/unsubscribe/": PUBLIC,
    "newsletter/unsubscribe/<str:token>/": PUBLIC,
    "newsletter/unsubscribe/<str:token>/one-click/": POST_ONLY,
    "newsletter/subscribers/": STAFF,
    "newsletter/subscribers/export/": STAFF,
    "newsletter/subscribers/<int:pk>/": STAFF_NOT_FOUND,
    "newsletter/subscribers/<int:pk>/erase/": STAFF_POST_ONLY,
    "newsletter/issues/": STAFF,
    "newsletter/issues/new/": STAFF,
    "newsletter/issues/<int:pk>/": STAFF_NOT_FOUND,
    "newsletter/issues/<int:pk>/edit/": STAFF_NOT_FOUND,
    "newsletter/issues/<int:pk>/send/": STAFF_NOT_FOUND,
    "newsletter/issues/<int:pk>/progress/": STAFF_NOT_FOUND,
    "newsletter/issues/<int:pk>/deliveries/": STAFF_NOT_FOUND,
    # /boards/
    "boards/": PUBLIC,
    "boards/<int:pk>/": NOBODY,
    "boards/<int:pk>/edit/": SIGNED_IN_NOT_FOUND,
    "boards/<int:pk>/delete/": SIGNED_IN_NOT_FOUND,
    "boards/organisation/<slug:slug>/new/": ITS_ADMINS,
    "boards/<int:pk>/version/": NOBODY,
    "boards/<int:pk>/columns/": NOBODY,
    "boards/<int:pk>/post/": NOBODY,
    "boards/<int:pk>/export.md": NOBODY,
    "boards/<int:pk>/export.csv": NOBODY,
    "boards/<int:pk>/print/": NOBODY,
    "boards/<int:pk>/import/": SIGNED_IN_NOT_FOUND,
    "boards/cards/<int:pk>/": NOBODY,
    "boards/cards/<int:pk>/edit/": NOBODY,
    "boards/cards/<int:pk>/delete/": NOBODY,
    "boards/cards/<int:pk>/move/": POST_ONLY,
    "boards/cards/<int:pk>/moderate/": POST_ONLY,
    "boards/cards/<int:pk>/react/": POST_ONLY,
    "boards/cards/<int:pk>/comment/": NOBODY,
    "boards/comments/<int:pk>/hide/": POST_ONLY,
    # /notes/
    "notes/": PUBLIC,
    "notes/feed/": PUBLIC,
    "notes/meeting/<slug:slug>/new/": SIGNED_IN_NOT_FOUND,
    "notes/<int:pk>/": NOBODY,
    "notes/<int:pk>/links/": NOBODY,
    "notes/<int:pk>/edit/": SIGNED_IN_NOT_FOUND,
    "notes/<int:pk>/publish/": SIGNED_IN_NOT_FOUND,
    "notes/<int:pk>/unpublish/": SIGNED_IN_NOT_FOUND,
    "notes/<int:pk>/delete/": SIGNED_IN_NOT_FOUND,
    # /library/
    "library/": PUBLIC,
    "library/new/": ("login", "redirect", "redirect", "redirect", 200),
    "library/<int:pk>/": NOBODY,
    "library/<int:pk>/edit/": SIGNED_IN_NOT_FOUND,
    "library/<int:pk>/delete/": SIGNED_IN_NOT_FOUND,
    "library/organisation/<slug:slug>/new/": ("login", 200, 200, 403, 200),
    # /dashboard/
    "dashboard/": STAFF,
    "dashboard/charts/<slug:chart>.<slug:extension>": STAFF,
    "dashboard/coverage/": PUBLIC,
    "dashboard/coverage.csv": PUBLIC,
    # /network/
    "network/": PUBLIC,
    "network/graph.json": (403, 200, 200, 200, 200),
    "network/organisations/": SIGNED_IN,
    "network/ties/": SIGNED_IN,
    "network/export.<str:file_format>": SIGNED_IN,
    "network/suggestions/": STAFF,
    "network/suggestions/<int:pk>/decide/": STAFF_POST_ONLY,
    "network/partnerships/": SIGNED_IN,
    "network/partnerships/<int:pk>/answer/": SIGNED_IN_POST_ONLY,
    "network/partnerships/<int:pk>/end/": SIGNED_IN_POST_ONLY,
    # /calendars/
    "calendars/organisation/<slug:slug>/feeds/": ITS_ADMINS,
    "calendars/feeds/<int:pk>/edit/": SIGNED_IN_NOT_FOUND,
    "calendars/feeds/<int:pk>/delete/": SIGNED_IN_NOT_FOUND,
    "calendars/feeds/<int:pk>/import/": SIGNED_IN_POST_ONLY,
    "calendars/events/<int:pk>/": NOBODY,
    "calendars/events/<int:pk>/hide/": SIGNED_IN_POST_ONLY,
    # /r/ and /reach/ (tracked links; the codes and tokens of the walk name nothing)
    "r/<str:code>": NOBODY,
    "r/<str:code>/qr.png": NOBODY,
    "r/<str:code>/qr.svg": NOBODY,
    "reach/leader/<str:token>/": NOBODY,
    "reach/channels/<int:pk>/leader/": SIGNED_IN_NOT_FOUND,
    "reach/announcements/<int:pk>/measured.csv": SIGNED_IN_NOT_FOUND,
    "reach/overview.csv": ANY_ORG_ADMIN,
    # /open-data/ and /embed/ (public, framable widgets)
    "open-data/": PUBLIC,
    "open-data/embed/": PUBLIC,
    "embed/events/": PUBLIC,
    "embed/directory/": PUBLIC,
    "embed/widget.js": PUBLIC,
    # /webhooks/ (staff only)
    "webhooks/": STAFF,
    "webhooks/<int:pk>/": STAFF_NOT_FOUND,
    "webhooks/<int:pk>/test/": STAFF_POST_ONLY,
    "webhooks/<int:pk>/secret/": STAFF_POST_ONLY,
    "webhooks/<int:pk>/delete/": STAFF_NOT_FOUND,
    "webhooks/deliveries/<int:pk>/": STAFF_NOT_FOUND,
    # /imports/
    "imports/": ANY_ORG_ADMIN,
    "imports/<int:pk>/": SIGNED_IN_NOT_FOUND,
    "imports/<int:pk>/progress/": SIGNED_IN_NOT_FOUND,
    "imports/<int:pk>/confirm/": SIGNED_IN_POST_ONLY,
    # /exports/
    "exports/": PUBLIC,
    "exports/hsds/organisations.json": PUBLIC,
    "exports/organisations.csv": PUBLIC,
    "exports/organisations.xlsx": PUBLIC,
    "exports/services.csv": PUBLIC,
    "exports/services.xlsx": PUBLIC,
    "exports/channels.csv": PUBLIC,
    "exports/channels.xlsx": PUBLIC,
    # /i18n/
    "i18n/setlang/": ("redirect", "redirect", "redirect", "redirect", "redirect"),
    # /api//
    "api/": NOBODY,
    # /api/openapi.json/
    "api/openapi.json": PUBLIC,
    # /api/docs/
    "api/docs": PUBLIC,
    # /api/accounts/
    "api/accounts/me": API_SIGNED_IN,
    "api/accounts/me/registrations": API_SIGNED_IN,
    "api/accounts/me/sessions": API_SIGNED_IN,
    "api/accounts/me/sessions/<pk>": POST_ONLY,
    # /api/organisations/
    "api/organisations/": PUBLIC,
    "api/organisations/<slug>": PUBLIC,
    "api/organisations/<slug>/join-requests": (401, 403, 200, 403, 200),
    "api/organisations/<slug>/join-requests/<pk>/approve": POST_ONLY,
    "api/organisations/<slug>/join-requests/<pk>/decline": POST_ONLY,
    # /api/services/
    "api/services/": PUBLIC,
    "api/services/<pk>": NOBODY,
    # /api/needs/
    "api/needs/": PUBLIC,
    "api/needs/<pk>": NOBODY,
    "api/needs/<pk>/close": POST_ONLY,
    # /api/contacts/
    "api/contacts/<slug>": PUBLIC,
    "api/contacts/<slug>/<pk>": NOBODY,
    "api/contacts/<slug>/<pk>/erase": POST_ONLY,
    "api/contacts/<slug>/<pk>/export": (401, 403, 404, 403, 404),
    # /api/channels/
    "api/channels/": PUBLIC,
    "api/channels/reaching": (422, 422, 422, 422, 422),
    "api/channels/<int:pk>": NOBODY,
    # /api/search/
    "api/search/": (422, 422, 422, 422, 422),
    # /api/imports/
    "api/imports/jobs": API_SIGNED_IN,
    "api/imports/jobs/<pk>": API_SIGNED_IN_NOT_FOUND,
    "api/imports/jobs/<pk>/confirm": POST_ONLY,
    "api/imports/exports/hsds": PUBLIC,
    "api/imports/exports/organisations.csv": PUBLIC,
    "api/imports/exports/organisations.xlsx": PUBLIC,
    "api/imports/exports/services.csv": PUBLIC,
    "api/imports/exports/services.xlsx": PUBLIC,
    "api/imports/exports/channels.csv": PUBLIC,
    "api/imports/exports/channels.xlsx": PUBLIC,
    # /api/meetings/
    "api/meetings/events": PUBLIC,
    "api/meetings/events/<slug>": NOBODY,
    "api/meetings/series": PUBLIC,
    "api/meetings/series/<slug>": NOBODY,
    "api/meetings/events/<slug>/registrations": API_SIGNED_IN_NOT_FOUND,
    "api/meetings/registrations/<token>": NOBODY,
    "api/meetings/registrations/<token>/erase": POST_ONLY,
    "api/meetings/events/<slug>/registrations/<pk>/erase": POST_ONLY,
    "api/meetings/events/<slug>/status": POST_ONLY,
    "api/meetings/events/<slug>/registrations/<pk>/check-in": POST_ONLY,
    "api/meetings/events/<slug>/report-draft": API_SIGNED_IN_NOT_FOUND,
    "api/meetings/events/<slug>/report-announcement": POST_ONLY,
    "api/meetings/events/<slug>/check-in": API_SIGNED_IN_NOT_FOUND,
    "api/meetings/co-organising": API_SIGNED_IN,
    "api/meetings/co-organising/<pk>": POST_ONLY,
    "api/meetings/registrations/<token>/participants": NOBODY,
    "api/meetings/events/<slug>/participants": API_SIGNED_IN_NOT_FOUND,
    "api/meetings/registrations/<token>/sharing": NOBODY,
    "api/meetings/events/<slug>/feedback": API_SIGNED_IN_NOT_FOUND,
    # /api/announcements/
    "api/announcements/": PUBLIC,
    "api/announcements/<pk>": NOBODY,
    "api/announcements/<pk>/publish": POST_ONLY,
    "api/announcements/<pk>/withdraw": POST_ONLY,
    "api/announcements/<pk>/translations": NOBODY,
    "api/announcements/<pk>/translations/<language>": NOBODY,
    "api/announcements/<pk>/translations/<language>/approve": POST_ONLY,
    "api/announcements/<pk>/translations/<language>/reject": POST_ONLY,
    "api/announcements/<pk>/translations/<language>/translator": POST_ONLY,
    "api/announcements/<pk>/renderings/<language>": API_SIGNED_IN_NOT_FOUND,
    "api/announcements/<pk>/translations/<language>/pretranslate": POST_ONLY,
    # /api/newsletter/
    "api/newsletter/subscriptions": POST_ONLY,
    "api/newsletter/subscriptions/confirm": POST_ONLY,
    "api/newsletter/subscriptions/<token>": NOBODY,
    "api/newsletter/subscriptions/<token>/unsubscribe": POST_ONLY,
    "api/newsletter/subscribers": API_STAFF,
    "api/newsletter/issues": API_STAFF,
    "api/newsletter/issues/<pk>": (401, 403, 403, 403, 404),
    "api/newsletter/issues/<pk>/send": POST_ONLY,
    "api/newsletter/issues/<pk>/progress": (401, 403, 403, 403, 404),
    "api/newsletter/issues/<pk>/deliveries": (401, 403, 403, 403, 404),
    "api/newsletter/bounces": POST_ONLY,
    # /api/distribution/
    "api/distribution/plans/<int:pk>": API_SIGNED_IN_NOT_FOUND,
    "api/distribution/plans/<int:pk>/propose": POST_ONLY,
    "api/distribution/plans/<int:pk>/items": POST_ONLY,
    "api/distribution/items/<int:pk>": POST_ONLY,
    "api/distribution/plans/<int:pk>/coverage": API_SIGNED_IN_NOT_FOUND,
    # /api/boards/
    "api/boards/": PUBLIC,
    "api/boards/<pk>": NOBODY,
    "api/boards/<pk>/version": NOBODY,
    "api/boards/<pk>/cards": NOBODY,
    "api/boards/cards/<pk>": POST_ONLY,
    "api/boards/cards/<pk>/move": POST_ONLY,
    "api/boards/cards/<pk>/moderate": POST_ONLY,
    "api/boards/cards/<pk>/reactions": POST_ONLY,
    "api/boards/cards/<pk>/comments": NOBODY,
    "api/boards/comments/<pk>/hide": POST_ONLY,
    # /api/notes/
    "api/notes/": PUBLIC,
    "api/notes/<pk>/publish": POST_ONLY,
    "api/notes/<pk>/unpublish": POST_ONLY,
    "api/notes/<pk>": NOBODY,
    # /api/library/
    "api/library/": PUBLIC,
    "api/library/<pk>": NOBODY,
    # /api/dashboard/
    "api/dashboard/figures": API_STAFF,
    "api/dashboard/coverage": PUBLIC,
    # /api/network/
    "api/network/summary": PUBLIC,
    "api/network/organisations": API_SIGNED_IN,
    "api/network/organisations/<slug>": API_SIGNED_IN_NOT_FOUND,
    "api/network/ties": API_SIGNED_IN,
    "api/network/suggestions": API_STAFF,
    "api/network/suggestions/<pk>/decide": POST_ONLY,
    "api/network/partnerships": API_SIGNED_IN,
    "api/network/partnerships/<pk>/answer": POST_ONLY,
    "api/network/partnerships/<pk>/end": POST_ONLY,
    # /api/calendars/
    "api/calendars/events": PUBLIC,
    "api/calendars/organisations/<slug>/feeds": (401, 403, 200, 403, 200),
    # /api/reach/
    "api/reach/plans/<int:pk>/links": API_SIGNED_IN_NOT_FOUND,
    "api/reach/plans/<int:pk>/reach": API_SIGNED_IN_NOT_FOUND,
    # /api/webhooks/
    "api/webhooks/endpoints": API_STAFF,
    "api/webhooks/endpoints/<pk>": (401, 403, 403, 403, 404),
    "api/webhooks/endpoints/<pk>/deliveries": (401, 403, 403, 403, 404),
    # /api/<path>/
    "api/<path>": NOBODY,
    # /admin/
    "admin/": ("redirect", "redirect", "redirect", "redirect", 200),
    "admin/login/": ("login", 403, 403, 403, 403),
}


def outcome(response) -> int | str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith(resolve_url(settings.LOGIN_URL) + "?"):
            return "login"
        return "redirect"
    return response.status_code


class PermissionMatrixTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.token = services.do_create_api_token(cls.bob, "walk")[0]

    def observe(self, persona: str) -> dict[str, int | str]:
        who = {"anonymous": None, "member": self.bob, "org admin": self.alice,
               "other org's admin": self.charlie, "staff": self.staff}[persona]
        urls, missing = project_urls(walk_params(self.org, self.token))
        self.assertFalse(missing, f"add a test value to walk_params for: {sorted(missing)}")
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = settings.LANGUAGE_CODE
        seen: dict[str, int | str] = {}
        for url, route in urls:
            if route in seen:
                continue  # the API's patterns of one path for several methods: one GET
            if who is not None and client.session.get("_auth_user_id") != str(who.pk):
                client.force_login(who)
            seen[route] = outcome(client.get(url))
        return seen

    def check(self, persona: str) -> None:
        index = PERSONAS.index(persona)
        seen = self.observe(persona)
        dump = os.environ.get("PERMISSION_MATRIX_DUMP")
        if dump:  # writing the table: PERMISSION_MATRIX_DUMP=/tmp/dir
            with open(os.path.join(dump, f"{index}.json"), "w") as file:
                json.dump(seen, file)
        problems = []
        for route, got in seen.items():
            if route not in EXPECTED:
                problems.append(f"/{route} has no entry in EXPECTED "
                                f"(tests/core/test_permission_matrix.py): add one, as "
                                f"{persona} it answered {got!r}")
            elif EXPECTED[route][index] != got:
                problems.append(f"GET /{route} as {persona}: expected "
                                f"{EXPECTED[route][index]!r}, got {got!r}")
        stale = sorted(set(EXPECTED) - set(seen))
        if stale:
            problems.append(f"EXPECTED has entries for routes that no longer exist: {stale}")
        if problems:
            self.fail("\n".join(problems))

    def test_anonymous(self):
        self.check("anonymous")

    def test_member(self):
        self.check("member")

    def test_org_admin(self):
        self.check("org admin")

    def test_other_orgs_admin(self):
        self.check("other org's admin")

    def test_staff(self):
        self.check("staff")

    def test_every_entry_has_an_outcome_for_every_persona(self):
        for route, row in EXPECTED.items():
            with self.subTest(route=route):
                self.assertEqual(len(row), len(PERSONAS))
