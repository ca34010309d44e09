"""Hypothesis over every form a visitor or member can submit: never a server error.

Each form is read from its page as the persona sees it (fields, the values shown, the options
offered: tests/fuzz/htmlforms.py) and submitted through the test client with generated values
on top of a valid submission: any unicode text (control characters and NUL included), huge
strings, numbers out of range, malformed dates, choices outside the set, fields left out or
sent twice, unknown fields. Every example runs in its own transaction (hypothesis' Django
TestCase), from the same data.

An answer must not be a server error. A POST answered with the page again (200/400) must show
why (a form error or an alert); a POST answered with a redirect must have saved (the target's
count grew) where the target says what it saves. Each form's valid submission is also sent once
and must save. GET forms (search boxes, list filters) must answer 200 (or 400/404).

Examples per form: `WSPOLNIE_FUZZ_EXAMPLES` (default 8, derandomised: CI is reproducible); a long
run by hand: `WSPOLNIE_FUZZ_EXAMPLES=400 .venv/bin/python -m pytest tests/fuzz` (README, "Fuzzing").
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.base import PASSWORD, make_personas
from tests.meetings.factories import make_event, register
from tests.newsletter.factories import make_subscriber
from wspolnie.accounts.models import ApiToken
from wspolnie.boards.models import Card, Comment
from wspolnie.boards.services import do_create_board
from wspolnie.contacts.models import ContactPerson
from wspolnie.core.models import AuditEntry
from wspolnie.library.models import Entry
from wspolnie.meetings.models import Event, Registration
from wspolnie.needs.models import NeedOffer
from wspolnie.newsletter.models import Subscriber
from wspolnie.organisations.models import JoinRequest, Organisation, OutdatedReport
from wspolnie.services.models import Service

from . import counting
from .htmlforms import Field, Form, forms_in

EXAMPLES = int(os.environ.get("WSPOLNIE_FUZZ_EXAMPLES", "8"))
FUZZ = settings(
    max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)

NASTY_TEXTS = [
    "", " ", "\x00", "a\x00b", "\t\r\n", "\u202eevil", "\ufeff", "\u200b", "ą" * 300,
    "x" * 5000, "Ж" * 70_000, "<script>alert(1)</script>", "'; DROP TABLE x; --", "%00",
    "../../etc/passwd", "{{ 7*7 }}", "${jndi:x}", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉", "NaN", "Infinity", "-0",
    "1e309", "99999999999999999999999", "-99999999999999999999", "0x10", "2026-02-30",
    "2026-13-01", "0000-00-00", "9999-12-31", "0001-01-01", "2026-06-01T25:61", "31.12.2026",
    "2026-06-01T10:00:00+99:00", "@", "a@", "@b", "a@b", "x@example.org\r\nBcc: y@example.org",
    "http://", "javascript:alert(1)", "https://example.org/" + "a" * 3000, "+48", "+" + "9" * 40,
]
TEXT = st.one_of(
    st.sampled_from(NASTY_TEXTS),
    # Any unicode character that UTF-8 can carry: controls, NUL, combining marks, RTL.
    st.text(st.characters(codec="utf-8"), max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats().map(str),
    st.dates(min_value=dt.date(1, 1, 1)).map(str),
    st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
)


def values_for(spec: Field, valid: list[str] | None) -> st.SearchStrategy[list[str] | None]:
    """Generated values for one field: the valid one, options (offered or not), any text,
    left out, or several values."""
    choices = [st.just(valid)] if valid is not None else []
    if spec.options:
        choices.append(st.lists(st.sampled_from(spec.options), min_size=1, max_size=3))
    choices += [
        TEXT.map(lambda value: [value]),
        st.lists(TEXT, min_size=2, max_size=3),
        st.none(),
    ]
    return st.one_of(choices)


def submissions(form: Form, valid: dict[str, list[str]]) -> st.SearchStrategy[dict]:
    """A submission of `form`: every field it has (and those of `valid`) generated, plus
    perhaps a field it does not have."""
    names = sorted(set(form.fields) | set(valid))
    strategies = {
        name: values_for(form.fields.get(name, Field(name, "text")), valid.get(name))
        for name in names
    }
    # A browser always sends the CSRF token (without it the middleware answers 403 before any
    # view runs; the test client does not check it), and a person leaves the honeypot empty.
    for name in KEPT & set(valid):
        strategies[name] = st.just(valid[name])
    extra = st.dictionaries(st.text(st.characters(codec="utf-8"), min_size=1, max_size=12),
                            TEXT.map(lambda value: [value]), max_size=1)
    return st.tuples(st.fixed_dictionaries(strategies), extra).map(
        lambda parts: {**parts[1], **{k: v for k, v in parts[0].items() if v is not None}}
    )


#: Sent as the page shows them: the CSRF token and the newsletter's honeypot (`website`,
#: hidden from people: a bot that fills it is answered as if it had subscribed).
KEPT = {"csrfmiddlewaretoken", "website"}
ERROR_MARKS = ('class="form-errors"', "field-invalid", 'class="error"', 'role="alert"',
               "errorlist")


def errors_in(html: str) -> list[str]:
    return re.findall(r'class="(?:error|form-errors)"([^>]*>\s*.*?)\s*</div>', html, re.S)


@dataclass
class Target:
    """One form: who opens which page, which form on it (the first of `method` with a field
    named `field`), the changes that make the shown values a valid submission, and what grows
    when it is saved."""

    name: str
    who: str | None
    path: Callable[[FormsFuzzTestCase], str]
    field: str
    method: str = "post"
    valid: Callable[[FormsFuzzTestCase], dict[str, str | list[str]]] = lambda case: {}
    saved: Callable[[], int] | None = None
    #: The form's `action` where the field is not enough to tell it from others on the page.
    action: str | None = None
    #: Whether a valid submission is answered with a page (200) rather than a redirect.
    answers_with_page: bool = False


def count(model) -> Callable[[], int]:
    return lambda: model.objects.count()


def _future(days: int, hour: int = 18) -> str:
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


TARGETS = [
    # A visitor.
    Target("sign_up", None, lambda c: "/accounts/sign-up/", "email",
           valid=lambda c: {"email": "new@example.org", "name": "Nowa Osoba",
                            "password1": "Zupełnie nowe hasło 2026", "password2":
                            "Zupełnie nowe hasło 2026", "accept_terms": "on"},
           saved=count(get_user_model())),
    Target("login", None, lambda c: "/accounts/login/", "password",
           valid=lambda c: {"username": "bob@example.org", "password": PASSWORD}),
    Target("password_reset", None, lambda c: "/accounts/password-reset/", "email",
           valid=lambda c: {"email": "bob@example.org"}),
    Target("resend_verification", None, lambda c: "/accounts/verify/", "email",
           valid=lambda c: {"email": "bob@example.org"}),
    Target("meeting_registration", None, lambda c: f"/meetings/{c.event.slug}/register/",
           "email", valid=lambda c: {"name": "Olena Kowalczuk", "email": "olena@example.org"},
           saved=count(Registration)),
    Target("newsletter_signup", None, lambda c: "/newsletter/", "email",
           valid=lambda c: {"email": "reader@example.org", "consent": "on"},
           saved=count(Subscriber)),
    Target("newsletter_unsubscribe", None, lambda c: "/newsletter/unsubscribe/", "email",
           valid=lambda c: {"email": "subscriber@example.org"}, answers_with_page=True),
    Target("newsletter_preferences", None,
           lambda c: f"/newsletter/preferences/{c.subscriber.token}/", "languages"),
    Target("outdated_report", None, lambda c: f"/organisations/{c.org.slug}/report/",
           "message", valid=lambda c: {"message": "Telefon już nie działa."},
           saved=count(OutdatedReport)),
    Target("board_card", None, lambda c: f"/boards/{c.board.pk}/", "text",
           valid=lambda c: {"text": "Wspólny kalendarz"}, saved=count(Card)),
    Target("registration_sharing", None,
           lambda c: f"/meetings/registration/{c.registration.token}/sharing/", "sharing-months"),
    # A member.
    Target("board_comment", "bob", lambda c: f"/boards/cards/{c.card.pk}/", "text",
           valid=lambda c: {"text": "+1, chętnie pomożemy"}, saved=count(Comment)),
    Target("profile", "bob", lambda c: "/accounts/profile/", "name",
           valid=lambda c: {"name": "Bob Nowy"}),
    Target("api_token", "bob", lambda c: "/accounts/profile/", "name",
           action="/accounts/profile/tokens/", valid=lambda c: {"name": "skrypt"},
           answers_with_page=True,
           saved=count(ApiToken)),
    Target("password_change", "bob", lambda c: "/accounts/profile/password/", "old_password",
           valid=lambda c: {"old_password": PASSWORD, "new_password1": "Inne dobre hasło 77",
                            "new_password2": "Inne dobre hasło 77"}),
    Target("join_request", "charlie", lambda c: f"/organisations/{c.org.slug}/join/",
           "message", valid=lambda c: {"message": "Chcę pomagać."}, saved=count(JoinRequest)),
    Target("organisation_new", "dana", lambda c: "/organisations/new/", "name",
           valid=lambda c: {"name": "Nowa Grupa Sąsiedzka", "kind": "ngo"},
           saved=count(Organisation)),
    # An organisation's admin.
    Target("organisation_edit", "alice", lambda c: f"/organisations/{c.org.slug}/edit/",
           "name", valid=lambda c: {"name": "Fundacja Testowa Nowa"}, saved=count(AuditEntry)),
    Target("need_offer", "alice", lambda c: f"/needs/organisation/{c.org.slug}/new/", "kind",
           valid=lambda c: {"kind": "need", "category": "interpreting", "title": "Szukamy tłumacza",
                            "description": "Na spotkanie w sobotę."},
           saved=count(NeedOffer)),
    Target("service", "alice", lambda c: f"/services/organisation/{c.org.slug}/new/", "name_pl",
           valid=lambda c: {"name_pl": "Kurs polskiego", "description_pl": "Dla dorosłych."},
           saved=count(Service)),
    Target("library_entry", "alice", lambda c: f"/library/organisation/{c.org.slug}/new/",
           "title", valid=lambda c: {"kind": "practice", "title": "Kawiarenka językowa",
                                     "description": "Rozmowy przy kawie."},
           saved=count(Entry)),
    Target("contact", "alice", lambda c: f"/contacts/{c.org.slug}/add/", "name",
           valid=lambda c: {"name": "Anna Kontakt", "email": "anna@example.org",
                            "consent": "on", "consent_purpose": "Zapisy na kursy."},
           saved=count(ContactPerson)),
    Target("meeting_create", "alice", lambda c: "/meetings/organise/new/", "starts_at",
           valid=lambda c: {"title_pl": "Spotkanie sieci", "starts_at": _future(20, 17),
                            "ends_at": _future(20, 19), "venue_name": "Sala",
                            "languages": "pl", "organisers": str(c.org.pk),
                            "slug": "spotkanie-sieci"},
           saved=count(Event)),
    Target("language_switcher", None, lambda c: "/meetings/", "language",
           action="/i18n/setlang/", valid=lambda c: {"language": "uk"}),
    # Search boxes and list filters.
    Target("search", None, lambda c: "/search/", "q", method="get"),
    Target("directory", None, lambda c: "/organisations/", "q", method="get"),
    Target("meetings", None, lambda c: "/meetings/", "q", method="get"),
    Target("past_meetings", None, lambda c: "/meetings/past/", "q", method="get"),
    Target("calendar", None, lambda c: "/meetings/calendar/", "q", method="get"),
    Target("needs_board", None, lambda c: "/needs/", "q", method="get"),
    Target("services_list", None, lambda c: "/services/", "q", method="get"),
    Target("library_list", None, lambda c: "/library/", "q", method="get"),
    Target("news", None, lambda c: "/news/", "q", method="get"),
    Target("notes", None, lambda c: "/notes/", "q", method="get"),
    Target("boards_list", None, lambda c: "/boards/", "q", method="get"),
    Target("network", "bob", lambda c: "/network/", "q", method="get"),
]


# Rate limits off: every example is one more attempt from the same client.
@override_settings(
    NEWSLETTER_SIGNUP_LIMIT_PER_HOUR=10**6, BOARDS_POSTS_PER_HOUR=10**6,
    ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR=10**6, ACCOUNT_MAILS_PER_CLIENT_PER_HOUR=10**6,
)
class FormsFuzzTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_personas(cls)
        cls.dana = get_user_model().objects.create_user(
            email="dana@example.org", password=PASSWORD, name="Dana Bez Organizacji",
            email_verified_at=timezone.now())
        cls.event = make_event(cls.org, capacity=3)
        cls.registration = register(cls.event, "jana@example.org", "Jana")
        cls.board = do_create_board(cls.alice, cls.org, title="Stoliki", description="",
                                    columns=["Współpraca", "Wsparcie"])
        cls.card = Card.objects.create(board=cls.board, column=cls.board.columns.first(),
                                       text="Wspólny kalendarz wydarzeń")
        cls.subscriber = make_subscriber("subscriber@example.org")
        cls.forms: dict[str, Form] = {}

    def open(self, target: Target) -> None:
        self.client.logout()
        if target.who:
            self.client.force_login(getattr(self, target.who))

    def form_of(self, target: Target) -> Form:
        """The target's form as its page shows it (read once per test class)."""
        if target.name not in self.forms:
            self.open(target)
            response = self.client.get(target.path(self))
            assert response.status_code == 200, (target.path(self), response.status_code)
            html = response.content.decode()
            found = [form for form in forms_in(html)
                     if form.method == target.method and target.field in form.fields
                     and target.action in {None, form.attrs.get("action")}]
            assert found, f"{target.name}: no {target.method} form with {target.field!r}"
            self.forms[target.name] = found[0]
        return self.forms[target.name]

    def valid_submission(self, target: Target) -> dict[str, list[str]]:
        data = self.form_of(target).shown()
        for name, value in target.valid(self).items():
            data[name] = value if isinstance(value, list) else [value]
        return data

    def submit(self, target: Target, data: dict[str, list[str]]):
        form = self.form_of(target)
        url = form.attrs.get("action") or target.path(self)
        if target.method == "get":
            return self.client.get(url, data)
        return self.client.post(url, data)

    def check(self, target: Target, data: dict[str, list[str]]):
        before = target.saved() if target.saved else None
        response = self.submit(target, data)
        counting.one_more()
        status = response.status_code
        assert status < 500, f"{target.name}: {status} for {data!r}"
        if target.method == "get":
            assert status in {200, 400, 404}, f"{target.name}: {status} for {data!r}"
        elif status in {400, 422} or (status == 200 and not target.answers_with_page):
            html = response.content.decode()
            assert any(mark in html for mark in ERROR_MARKS), (
                f"{target.name}: {status} without a message for {data!r}")
        elif status in {301, 302, 303} and target.saved:
            assert target.saved() > before, f"{target.name}: redirected, nothing saved: {data!r}"
        return response


def _valid_test(target: Target):
    def test(self):
        self.open(target)
        before = target.saved() if target.saved else None
        response = self.submit(target, self.valid_submission(target))
        if target.method == "get":
            assert response.status_code == 200
            return
        assert response.status_code in {302, 303, *((200,) if target.answers_with_page else ())}, (
            target.name, response.status_code, errors_in(response.content.decode()))
        if target.saved:
            assert target.saved() > before, target.name

    return test


def _fuzz_test(target: Target):
    @FUZZ
    @given(data=st.data())
    def test(self, data):
        valid = self.valid_submission(target)
        self.open(target)
        self.check(target, data.draw(submissions(self.form_of(target), valid), label="sent"))

    return test


for _target in TARGETS:
    setattr(FormsFuzzTestCase, f"test_valid_{_target.name}", _valid_test(_target))
    setattr(FormsFuzzTestCase, f"test_fuzz_{_target.name}", _fuzz_test(_target))
