"""Logos are what their content is: checked with Pillow, size-capped, re-encoded without
metadata, stored and served under the type the content was verified as."""

from __future__ import annotations

import io
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.organisations import services
from wspolnie.organisations.logos import LOGO_MAX_SIDE
from wspolnie.organisations.models import Organisation


def image_bytes(image_format: str = "PNG", size=(40, 20), exif: bool = False, **save) -> bytes:
    image = Image.new("RGB", size, (11, 83, 148))
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x8825] = {2: (51.0, 6.0, 36.0)}  # GPS latitude: where the photo was taken
        save["exif"] = data.tobytes()
    buffer = io.BytesIO()
    image.save(buffer, image_format, **save)
    return buffer.getvalue()


class LogoByContentTestCase(BaseTestCase):
    """Through the profile form, as an organisation's admin uploads it."""

    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        override = self.settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.url = reverse("organisations:edit", args=[self.org.slug])
        self.full = {"name": self.org.name, "kind": self.org.kind}

    def post(self, data, language="pl"):
        return self.client.post(self.url, data, HTTP_ACCEPT_LANGUAGE=language)

    def error_of(self, response, field: str) -> list[str]:
        return [str(error) for error in response.context["form"].errors.get(field, [])]

    def upload(self, name: str, content: bytes, content_type: str = "image/png",
               language: str = "en"):
        self.login(self.alice)
        return self.post({**self.full, "logo": SimpleUploadedFile(name, content, content_type)},
                         language=language)

    def served(self):
        organisation = Organisation.objects.get(pk=self.org.pk)
        response = self.client.get(organisation.get_logo_url())
        self.assertEqual(response.status_code, 200)
        return response, b"".join(response.streaming_content)

    def test_a_png_named_pdf_is_stored_and_served_as_png(self):
        response = self.upload("logo.pdf", image_bytes("PNG"), "application/pdf")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Organisation.objects.get(pk=self.org.pk).logo.name.endswith(".png"))
        served, content = self.served()
        self.assertEqual(served["Content-Type"], "image/png")
        self.assertEqual(served["X-Content-Type-Options"], "nosniff")
        self.assertTrue(content.startswith(b"\x89PNG"))

    def test_a_jpeg_stays_a_jpeg_under_its_own_extension(self):
        self.assertEqual(self.upload("photo.png", image_bytes("JPEG")).status_code, 302)
        self.assertTrue(Organisation.objects.get(pk=self.org.pk).logo.name.endswith(".jpg"))
        served, content = self.served()
        self.assertEqual(served["Content-Type"], "image/jpeg")
        self.assertTrue(content.startswith(b"\xff\xd8"))

    def test_a_pdf_or_html_disguised_as_png_is_refused_with_a_translated_error(self):
        disguised = {
            "PDF": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
            "HTML": b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
        }
        for language in ["pl", "en", "uk"]:
            for kind, content in disguised.items():
                with self.subTest(kind=kind, language=language):
                    response = self.upload("logo.png", content, language=language)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(self.error_of(response, "logo"), [
                        tr(language, "The logo must be a PNG, JPEG, GIF or WebP image.")
                    ])
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).logo.name, "")

    def test_an_oversized_file_is_refused(self):
        big = image_bytes("PNG", size=(1200, 1200), compress_level=0)  # ~4 MB, uncompressed
        response = self.upload("logo.png", big)
        self.assertEqual(response.status_code, 200)
        [error] = self.error_of(response, "logo")
        self.assertIn("2.0", error)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).logo.name, "")

    def test_an_image_of_too_many_pixels_is_refused_even_when_the_file_is_small(self):
        bomb = image_bytes("PNG", size=(6000, 6000))  # compresses to a few kilobytes
        self.assertLess(len(bomb), 1024 * 1024)
        response = self.upload("logo.png", bomb, language="uk")
        self.assertEqual(response.status_code, 200)
        [error] = self.error_of(response, "logo")
        self.assertIn("6000", error)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).logo.name, "")

    def test_metadata_is_gone_after_the_re_encoding(self):
        original = image_bytes("JPEG", exif=True)
        self.assertIn(b"SecretCam", original)
        self.assertEqual(self.upload("logo.jpg", original).status_code, 302)
        _served, content = self.served()
        self.assertNotIn(b"SecretCam", content)
        with Image.open(io.BytesIO(content)) as stored:
            self.assertEqual(dict(stored.getexif()), {})
            self.assertNotIn("exif", stored.info)

    def test_png_text_chunks_are_gone_too(self):
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Author", "Olena Private")
        self.assertEqual(self.upload("logo.png", image_bytes("PNG", pnginfo=info)).status_code,
                         302)
        _served, content = self.served()
        self.assertNotIn(b"Olena Private", content)

    def test_a_large_logo_is_scaled_down(self):
        self.assertEqual(self.upload("logo.png", image_bytes("PNG", size=(3000, 1500))).status_code,
                         302)
        _served, content = self.served()
        with Image.open(io.BytesIO(content)) as stored:
            self.assertEqual(stored.size, (LOGO_MAX_SIDE, LOGO_MAX_SIDE // 2))


class LogoServiceTestCase(BaseTestCase):
    """Whoever calls the service, and whatever was stored before logos were verified."""

    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        override = self.settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)

    def test_the_service_refuses_a_file_that_is_not_an_image(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            services.do_update_organisation(
                self.alice, self.org, logo=ContentFile(b"<html></html>", name="logo.png")
            )
        self.assertIn("logo", caught.exception.message_dict)

    def test_the_service_re_encodes_what_it_is_given(self):
        services.do_update_organisation(
            self.alice, self.org, logo=ContentFile(image_bytes("PNG"), name="logo.gif")
        )
        self.assertTrue(Organisation.objects.get(pk=self.org.pk).logo.name.endswith(".png"))

    def test_a_stored_file_is_served_as_what_its_content_is_or_not_at_all(self):
        url = reverse("organisations:logo", args=[self.org.slug])
        # Stored before logos were verified: a PNG under a .pdf name, and HTML under .png.
        self.org.logo.save("old.pdf", ContentFile(image_bytes("PNG")))
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertTrue(b"".join(response.streaming_content).startswith(b"\x89PNG"))
        self.org.logo.save("old.png", ContentFile(b"<html><script>x()</script></html>"))
        self.assertEqual(self.client.get(url).status_code, 404)
