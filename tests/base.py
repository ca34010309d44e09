"""Fixed personas for permission tests (after healthchecks.io's BaseTestCase).

- alice: admin of `self.org`
- bob: member of `self.org`
- charlie: admin of `self.other_org` (for cross-organisation denial tests)
- staff: site staff, no memberships
- anonymous: the test client without login
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from wspolnie.organisations.models import Membership, Organisation

PASSWORD = "correct horse battery staple 42"


def make_user(email: str, name: str, **extra):
    return get_user_model().objects.create_user(
        email=email, password=PASSWORD, name=name, email_verified_at=timezone.now(), **extra
    )


def make_personas(target) -> None:
    """Set the personas as attributes on `target` (a TestCase class or a namespace)."""
    target.org = Organisation.objects.create(
        name="Fundacja Testowa", slug="fundacja-testowa", kind=Organisation.Kind.FOUNDATION,
        short_description={"pl": "Pomagamy rodzinom z Gruzji w zapisach do szkół."},
        status=Organisation.Status.APPROVED,
    )
    target.other_org = Organisation.objects.create(
        name="Stowarzyszenie Inne", slug="stowarzyszenie-inne", kind=Organisation.Kind.ASSOCIATION,
        status=Organisation.Status.APPROVED,
    )
    target.alice = make_user("alice@example.org", "Alice Admin")
    target.bob = make_user("bob@example.org", "Bob Member")
    target.charlie = make_user("charlie@example.org", "Charlie Other")
    target.staff = make_user("staff@example.org", "Sam Staff", is_staff=True)
    Membership.objects.create(user=target.alice, organisation=target.org, role="admin")
    Membership.objects.create(user=target.bob, organisation=target.org, role="member")
    Membership.objects.create(user=target.charlie, organisation=target.other_org, role="admin")


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_personas(cls)

    def login(self, user) -> None:
        """Logged in as after the whole login: staff with their second factor given
        (tests/conftest.py; tests/accounts/two_factor.py logs in without it)."""
        self.client.force_login(user)
