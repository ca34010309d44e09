"""Account basics in a real browser: my registrations, asking to join an organisation and the
admins' answer, changing the password, deleting the account, one's sessions — each page checked
with axe and photographed on a desktop and a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.base import make_user
from tests.meetings.factories import make_event, register
from wspolnie.meetings.models import Event, Registration
from wspolnie.organisations.models import JoinRequest, Membership

from .axe import follow, visit
from .helpers import DESKTOP, field, log_in, log_in_quickly, tr

PHONE_390 = {"width": 390, "height": 844}

pytestmark = pytest.mark.django_db(transaction=True)


def shoot(page, artifacts_dir, name: str) -> None:
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE_390)):
        page.set_viewport_size(viewport)
        page.screenshot(path=artifacts_dir / f"{name}-{device}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_my_registrations_and_cancelling_one(new_page, personas, live_server, artifacts_dir):
    now = timezone.now()
    soon = make_event(personas.org, starts_at=now + dt.timedelta(days=3))
    past = make_event(personas.org, starts_at=now - dt.timedelta(days=20),
                      status=Event.Status.HELD)
    seat = register(soon, "bob@example.org", "Bob Member", user=personas.bob)
    register(past, "bob@example.org", "Bob Member", status=Registration.Status.ATTENDED)
    page = new_page()
    log_in_quickly(page, personas.bob, live_server)
    visit(page, "/accounts/profile/")
    follow(page, page.get_by_role("link", name=tr("pl", "My registrations")))
    assert page.get_by_role("heading", name=soon.title_text).is_visible()
    assert page.get_by_role("heading", name=past.title_text).is_visible()
    shoot(page, artifacts_dir, "my-registrations")
    follow(page, page.get_by_role("button", name=tr("pl", "Cancel my registration")))
    seat.refresh_from_db()
    assert seat.status == Registration.Status.CANCELLED


def test_asking_to_join_and_the_admin_approving(new_page, personas, live_server, artifacts_dir):
    zoe = make_user("zoe@example.org", "Zoe Nowak", preferred_language="uk")
    page = new_page(locale="uk-UA")
    log_in_quickly(page, zoe, live_server)
    visit(page, personas.org.get_absolute_url())
    shoot(page, artifacts_dir, "organisation-join-form")
    field(page, tr("uk", "Message to the admins (optional)")).fill("Я веду заняття по середах.")
    follow(page, page.get_by_role("button", name=tr("uk", "Ask to join")))
    assert page.locator("#join-status").is_visible()

    admin = new_page()
    log_in_quickly(admin, personas.alice, live_server)
    visit(admin, personas.org.get_absolute_url())
    follow(admin, admin.get_by_role("link", name=tr("pl", "Members"), exact=False))
    assert admin.get_by_text("Я веду заняття по середах.").is_visible()
    shoot(admin, artifacts_dir, "organisation-members")
    follow(admin, admin.get_by_role("button", name=f"{tr('pl', 'Approve')} Zoe Nowak"))
    assert Membership.objects.filter(user=zoe, organisation=personas.org).exists()
    assert JoinRequest.objects.get(user=zoe).status == JoinRequest.Status.APPROVED


def test_password_and_deletion_pages(new_page, personas, live_server, artifacts_dir):
    page = new_page()
    log_in_quickly(page, personas.bob, live_server)
    visit(page, "/accounts/profile/")
    follow(page, page.get_by_role("link", name=tr("pl", "Change your password")))
    shoot(page, artifacts_dir, "password-change")
    visit(page, "/accounts/profile/delete/")
    shoot(page, artifacts_dir, "delete-account")
    field(page, tr("pl", "Your password")).fill("wrong password")
    follow(page, page.get_by_role("button", name=tr("pl", "Delete my account for good")),
           status=400)
    assert page.get_by_text(tr("pl", "The password is not correct.")).is_visible()
    admin = new_page()
    log_in_quickly(admin, personas.alice, live_server)
    visit(admin, "/accounts/profile/delete/")
    shoot(admin, artifacts_dir, "delete-account-blocked")


def test_your_sessions_and_logging_out_the_others(new_page, personas, live_server,
                                                  artifacts_dir):
    laptop, phone = new_page(), new_page()
    log_in(laptop, personas.bob.email)
    log_in(phone, personas.bob.email)
    visit(laptop, "/accounts/profile/")
    follow(laptop, laptop.get_by_role("link", name=tr("pl", "Your sessions")))
    assert laptop.locator(".session-list > li").count() == 2
    assert laptop.get_by_text(f"({tr('pl', 'this session')})").is_visible()
    shoot(laptop, artifacts_dir, "your-sessions")
    follow(laptop, laptop.get_by_role("button", name=tr("pl", "Log out all other sessions")))
    assert laptop.get_by_text(tr("pl", "Your other sessions are logged out.")).is_visible()
    assert laptop.locator(".session-list > li").count() == 1
    visit(phone, "/accounts/profile/")
    assert "/accounts/login/" in phone.url
