from __future__ import annotations

import io
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from tests.base import BaseTestCase
from wspolnie.organisations.models import Membership, Organisation


def png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


class OrganisationLogoTestCase(BaseTestCase):
    """Logos are served with the profile's visibility."""

    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        override = self.settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.org.logo.save("logo.png", png())
        self.pending = Organisation.objects.create(name="Grupa", slug="grupa", kind="ngo")
        self.pending.logo.save("logo.png", png())
        Membership.objects.create(user=self.bob, organisation=self.pending, role="member")

    def get(self, organisation):
        response = self.client.get(reverse("organisations:logo", args=[organisation.slug]))
        if response.status_code == 200:
            response.content_bytes = b"".join(response.streaming_content)
        return response

    def test_a_public_logo_is_public(self):
        response = self.get(self.org)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertTrue(response.content_bytes.startswith(b"\x89PNG"))

    def test_a_pending_logo_is_only_for_members_and_staff(self):
        self.assertEqual(self.get(self.pending).status_code, 404)
        self.login(self.charlie)
        self.assertEqual(self.get(self.pending).status_code, 404)
        for user in (self.bob, self.staff):
            self.login(user)
            self.assertEqual(self.get(self.pending).status_code, 200)

    def test_no_logo_gives_404(self):
        self.assertEqual(self.get(self.other_org).status_code, 404)
