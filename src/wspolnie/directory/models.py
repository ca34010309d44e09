"""The directory's managed vocabularies (topics, communities, districts, languages) and the
visibility levels used by every piece of contact data."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wspolnie.lib.languages import native_name, normalise_language_tag
from wspolnie.lib.multilingual import pick_translation


class Visibility(models.TextChoices):
    """Who may see a piece of data. Ordered: each level includes the ones after it."""

    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members of the hub")
    STAFF = "staff", _("Staff only")


VISIBILITY_RANK = {Visibility.PUBLIC: 0, Visibility.MEMBERS: 1, Visibility.STAFF: 2}


def viewer_level(user) -> Visibility:
    """The highest visibility level `user` may see.

    "Members of the hub" are people who belong to at least one organisation; an account alone
    (anyone can sign up) does not open members-only data.
    """
    if user is None or not user.is_authenticated:
        return Visibility.PUBLIC
    if user.is_staff:
        return Visibility.STAFF
    if user.memberships.exists():
        return Visibility.MEMBERS
    return Visibility.PUBLIC


def can_see(level: str, field_visibility: str) -> bool:
    return VISIBILITY_RANK[Visibility(field_visibility)] <= VISIBILITY_RANK[Visibility(level)]


def visible_levels(level: str) -> list[str]:
    """The field visibilities a viewer at `level` may see (for database filters)."""
    rank = VISIBILITY_RANK[Visibility(level)]
    return [str(v) for v, r in VISIBILITY_RANK.items() if r <= rank]


def validate_translations(value) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValidationError(_("Expected texts keyed by language code."))
    for code in value:
        try:
            normalise_language_tag(code)
        except ValueError:
            raise ValidationError(
                _("“%(code)s” is not a known language code."), params={"code": code}
            ) from None


def too_long_in_language(code: str, limit: int, count: int | str) -> str:
    """"Українська: at most 5000 characters, this text has 5001." in the current language."""
    message = ngettext(
        "%(language)s: at most %(limit)s character, this text has %(count)s.",
        "%(language)s: at most %(limit)s characters, this text has %(count)s.", limit,
    )
    return message % {"language": native_name(code), "limit": limit, "count": count}


def too_long_field(field: str, limit: int) -> str:
    """"name: at most 150 characters." in the current language (the API's 422 detail)."""
    return ngettext(
        "%(field)s: at most %(limit)s character.", "%(field)s: at most %(limit)s characters.",
        limit,
    ) % {"field": field, "limit": limit}


@deconstructible
class TranslationsMaxLengthValidator:
    """Each text of a {language: text} value is at most `limit` characters long; the message
    names the language. Services, the API and imports reach it through full_clean()."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value) -> None:
        if not isinstance(value, dict):
            return  # validate_translations reports the shape
        for code, text in value.items():
            if isinstance(text, str) and len(text) > self.limit:
                raise ValidationError(
                    too_long_in_language(code, self.limit, len(text)).replace("%", "%%"),
                    code="max_length", params={"language": code},
                )

    def __eq__(self, other) -> bool:
        return isinstance(other, TranslationsMaxLengthValidator) and other.limit == self.limit

    def __hash__(self) -> int:
        return hash(self.limit)


def translations_contain(field_name: str, text: str) -> models.Q:
    """Q: the {code: text} field `field_name` contains `text` (any case) in one of the
    content languages. Looks into each language's text, not the stored JSON, whose escapes
    would hide non-ASCII letters from a plain search."""
    condition = models.Q(pk__in=[])
    for code in settings.CONTENT_LANGUAGES:
        condition |= models.Q(**{f"{field_name}__{code}__icontains": text})
    return condition


class MultilingualNameMixin(models.Model):
    """A vocabulary term: a stable slug and its name in each language ({code: name})."""

    slug = models.SlugField(_("identifier"), max_length=64, unique=True)
    names = models.JSONField(_("names"), default=dict, validators=[validate_translations])
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_translation(
            self.names, translation.get_language() or settings.LANGUAGE_CODE,
            [settings.LANGUAGE_CODE, "en"],
        ) or self.slug


class Topic(MultilingualNameMixin):
    class Meta(MultilingualNameMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Community(MultilingualNameMixin):
    class Meta(MultilingualNameMixin.Meta):
        verbose_name = _("community")
        verbose_name_plural = _("communities")


class District(MultilingualNameMixin):
    class Meta(MultilingualNameMixin.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


def validate_language_code(value: str) -> None:
    try:
        if normalise_language_tag(value) != value:
            raise ValueError
    except ValueError:
        raise ValidationError(
            _("“%(code)s” is not a valid BCP-47 language code (e.g. uk, ka, pt-BR)."),
            params={"code": value},
        ) from None


class Language(models.Model):
    """A language someone works or publishes in, by its BCP-47 code."""

    code = models.CharField(
        _("code"), max_length=20, primary_key=True, validators=[validate_language_code]
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.native_name

    @property
    def native_name(self) -> str:
        return native_name(self.code)

    @classmethod
    def for_codes(cls, codes) -> list[Language]:
        """Get or create the languages for these (already validated) codes."""
        return [cls.objects.get_or_create(code=normalise_language_tag(c))[0] for c in codes]
