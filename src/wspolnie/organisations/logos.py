"""Organisation logos: what the content is, never what the file name says.

An upload is opened with Pillow, must be a PNG, JPEG, GIF or WebP image within the size
limits, and is re-encoded (JPEG stays JPEG, everything else becomes PNG; the first frame of an
animation; turned upright by its EXIF orientation) without any of its metadata (EXIF, GPS,
comments, colour profiles). It is stored under the extension of what it was re-encoded as and
served with that type (`content_type_of`).
"""

from __future__ import annotations

import contextlib
import io
import warnings
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 2 * 1024 * 1024
#: Pixels of the uploaded image (a small file can unpack into a huge image).
LOGO_MAX_PIXELS = 25_000_000
#: Longest side of the stored logo; larger ones are scaled down.
LOGO_MAX_SIDE = 1024
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
#: What each accepted format is stored as: (Pillow format, extension, content type).
_STORED_AS = {
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
}

MESSAGES = {
    "too_big": _("The logo may be at most %(max)s; this file has %(size)s."),
    "format": _("The logo must be a PNG, JPEG, GIF or WebP image."),
    "too_many_pixels": _(
        "The logo may have at most %(max)s million pixels; this image is %(width)s × "
        "%(height)s pixels."
    ),
}


class VerifiedLogo(ContentFile):
    """A logo that went through `verified_logo` (so it is not checked twice)."""

    content_type: str


def _error(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def check_logo_size(size: int) -> None:
    if size > LOGO_MAX_BYTES:
        raise _error("too_big", max=filesizeformat(LOGO_MAX_BYTES), size=filesizeformat(size))


def _opened(upload: BinaryIO) -> Image.Image:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in LOGO_FORMATS:
                raise _error("format")
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise _error("too_many_pixels", max=LOGO_MAX_PIXELS // 1_000_000,
                             width=image.width, height=image.height)
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, SyntaxError, ValueError):
        raise _error("format") from None
    return image


def verified_logo(upload) -> VerifiedLogo:
    """The upload as a clean logo file; ValidationError (translated) when it is not one."""
    if isinstance(upload, VerifiedLogo):
        return upload
    check_logo_size(upload.size)
    image = _opened(upload)
    source_format = image.format
    # Upright by its orientation tag (a broken tag: kept as it is).
    with contextlib.suppress(OSError, SyntaxError, ValueError):
        image = ImageOps.exif_transpose(image)
    pillow_format, extension, content_type = _STORED_AS.get(source_format, _STORED_AS["PNG"])
    if pillow_format == "JPEG":
        clean = image.convert("RGB")
    else:
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        clean = image.convert("RGBA" if has_alpha else "RGB")
    clean.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    clean.info = {}  # nothing of the original's metadata goes along
    buffer = io.BytesIO()
    if pillow_format == "JPEG":
        clean.save(buffer, "JPEG", quality=90, optimize=True)
    else:
        clean.save(buffer, "PNG", optimize=True)
    logo = VerifiedLogo(buffer.getvalue(), name=f"logo.{extension}")
    logo.content_type = content_type
    return logo


def content_type_of(handle: BinaryIO) -> str:
    """The content type of a stored logo, read from its content ("" if it is not an image
    we accept, e.g. a file stored before logos were verified)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(handle) as image:
                found = image.format
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, SyntaxError, ValueError):
        found = None
    finally:
        handle.seek(0)
    if found not in LOGO_FORMATS:
        return ""
    return Image.MIME[found]
