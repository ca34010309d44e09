"""Information channels: every way news travels in the community — a city portal, a bulletin,
a newsletter, a Facebook/Telegram/Viber group, a notice board in a local activity centre, a
radio slot, or a community opinion leader (a person who passes news on).

The outreach planner builds on this model: who a channel reaches (languages, communities,
districts — or the whole city), how many people, online or offline, and the structured
submission rules (lead time in days, accepted formats, where to send) from which a deadline
for one announcement follows.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import (
    Community,
    District,
    Language,
    TranslationsMaxLengthValidator,
    Visibility,
    can_see,
    validate_translations,
    viewer_level,
)
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.lib.multilingual import pick_translation
from wspolnie.organisations.models import Organisation, OrganisationOwnedQuerySet


class Kind(models.TextChoices):
    PORTAL = "portal", _("Portal")
    BULLETIN = "bulletin", _("Bulletin")
    NEWSLETTER = "newsletter", _("Newsletter")
    SOCIAL_PAGE = "social_page", _("Social media page or profile")
    FACEBOOK_GROUP = "facebook_group", _("Facebook group")
    TELEGRAM = "telegram", _("Telegram group or channel")
    VIBER_GROUP = "viber_group", _("Viber group")
    WHATSAPP_GROUP = "whatsapp_group", _("WhatsApp group")
    WEBSITE_SECTION = "website_section", _("Website section")
    NOTICE_BOARD = "notice_board", _("Notice board")
    BROADCAST = "broadcast", _("Radio or TV slot")
    OPINION_LEADER = "opinion_leader", _("Community opinion leader")
    OTHER = "other", _("Other")


class Mode(models.TextChoices):
    """How a channel reaches people. "Both" counts as online and as offline in filters."""

    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")
    BOTH = "both", _("Online and offline")


#: The usual mode of each kind; a channel may override it (`Channel.mode_override`).
KIND_MODE: dict[str, str] = {
    Kind.PORTAL: Mode.ONLINE,
    Kind.BULLETIN: Mode.BOTH,
    Kind.NEWSLETTER: Mode.ONLINE,
    Kind.SOCIAL_PAGE: Mode.ONLINE,
    Kind.FACEBOOK_GROUP: Mode.ONLINE,
    Kind.TELEGRAM: Mode.ONLINE,
    Kind.VIBER_GROUP: Mode.ONLINE,
    Kind.WHATSAPP_GROUP: Mode.ONLINE,
    Kind.WEBSITE_SECTION: Mode.ONLINE,
    Kind.NOTICE_BOARD: Mode.OFFLINE,
    Kind.BROADCAST: Mode.OFFLINE,
    Kind.OPINION_LEADER: Mode.OFFLINE,
    Kind.OTHER: Mode.ONLINE,
}


def kinds_with_mode(mode: str) -> list[str]:
    return [str(kind) for kind, kind_mode in KIND_MODE.items() if kind_mode == mode]


class Format(models.TextChoices):
    """What a channel accepts as content."""

    TEXT = "text", _("Text")
    IMAGE = "image", _("Image")
    POSTER = "poster", _("Poster")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    LINK = "link", _("Link")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    PAID = "paid", _("Paid")


def default_contact_visibility(kind: str) -> str:
    """An opinion leader is a person: their contact stays with staff unless chosen otherwise."""
    return Visibility.STAFF if kind == Kind.OPINION_LEADER else Visibility.MEMBERS


def validate_formats(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Expected a list of formats."))
    unknown = [item for item in value if item not in Format.values]
    if unknown:
        raise ValidationError(
            _("Unknown format(s): %(formats)s."), params={"formats": ", ".join(unknown)}
        )


def _slugs(values, attribute: str) -> list[str]:
    """Model instances or their keys (slug, language code) → keys, in order, without repeats."""
    keys: list[str] = []
    for value in values or []:
        key = getattr(value, attribute, value)
        if attribute == "code":
            try:
                key = normalise_language_tag(str(key))
            except ValueError:
                key = str(key)
        if key not in keys:
            keys.append(str(key))
    return keys


def community_slugs(values) -> list[str]:
    return _slugs(values, "slug")


def language_codes(values) -> list[str]:
    return _slugs(values, "code")


def district_slugs(values) -> list[str]:
    return _slugs(values, "slug")


class ChannelQuerySet(OrganisationOwnedQuerySet):
    def public(self) -> ChannelQuerySet:
        """Active channels of approved organisations: what anyone may see."""
        return self.filter(active=True).of_approved_organisations()

    def visible_to(self, user) -> ChannelQuerySet:
        """Public ones; plus, for their members, all channels of their own organisations
        (inactive ones and those of a pending organisation); staff see all."""
        return self.visible_with_own(user, models.Q(active=True))

    def with_mode(self, mode: str) -> ChannelQuerySet:
        """Channels that reach people online (mode "online") or offline ("offline");
        "both" channels count for each. The kind decides unless the channel overrides it."""
        if mode not in (Mode.ONLINE, Mode.OFFLINE):
            raise ValueError(f"mode must be online or offline, not {mode!r}")
        wanted = [str(mode), str(Mode.BOTH)]
        kinds = [kind for kind, kind_mode in KIND_MODE.items() if kind_mode in wanted]
        return self.filter(
            models.Q(mode_override__in=wanted)
            | models.Q(mode_override="", kind__in=[str(k) for k in kinds])
        )

    def reaches(self, communities=None, languages=None, districts=None) -> ChannelQuerySet:
        """Channels that reach at least one of the communities AND at least one of the
        languages AND at least one of the districts (a city-wide channel reaches every
        district). An empty or missing argument does not filter."""
        queryset = self
        if communities:
            queryset = queryset.filter(
                pk__in=Channel.communities.through.objects.filter(
                    community__slug__in=community_slugs(communities)
                ).values("channel_id")
            )
        if languages:
            queryset = queryset.filter(
                pk__in=Channel.languages.through.objects.filter(
                    language__code__in=language_codes(languages)
                ).values("channel_id")
            )
        if districts:
            queryset = queryset.filter(
                models.Q(citywide=True)
                | models.Q(
                    pk__in=Channel.districts.through.objects.filter(
                        district__slug__in=district_slugs(districts)
                    ).values("channel_id")
                )
            )
        return queryset


class Channel(models.Model):
    Kind = Kind
    Mode = Mode
    Format = Format
    Cost = Cost

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.CASCADE,
        related_name="channels",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    #: {"pl": "...", "uk": "...", ...}
    description = models.JSONField(
        _("description"), default=dict, blank=True,
        validators=[validate_translations, TranslationsMaxLengthValidator(3000)],
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)

    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="channels"
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities reached"), blank=True, related_name="channels"
    )
    citywide = models.BooleanField(
        _("reaches the whole city"),
        default=True,
        help_text=_("Untick to choose the districts the channel reaches."),
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts reached"), blank=True, related_name="channels"
    )
    estimated_reach = models.PositiveIntegerField(
        _("estimated reach"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("About how many people see what is published here."),
    )
    mode_override = models.CharField(
        _("online or offline"),
        max_length=8,
        choices=Mode.choices,
        blank=True,
        help_text=_("Leave empty to use what is usual for the kind of channel."),
    )

    submission_how = models.JSONField(
        _("how to submit content"), default=dict, blank=True,
        validators=[validate_translations, TranslationsMaxLengthValidator(3000)],
    )
    submission_lead_days = models.PositiveSmallIntegerField(
        _("lead time in days"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text=_("How many days before publication the content must arrive."),
    )
    accepted_formats = models.JSONField(
        _("accepted formats"), default=list, blank=True, validators=[validate_formats]
    )
    submission_email = models.EmailField(_("e-mail address for submissions"), blank=True)
    submission_url = models.URLField(_("web form for submissions"), max_length=500, blank=True)

    cost = models.CharField(_("cost"), max_length=8, choices=Cost.choices, default=Cost.FREE)
    cost_note = models.CharField(_("about the cost"), max_length=300, blank=True)

    contact_note = models.TextField(
        _("contact details"),
        max_length=2000,
        blank=True,
        help_text=_("Who to contact and how. Shown only to the people chosen below."),
    )
    contact_visibility = models.CharField(
        _("who may see the contact"),
        max_length=8,
        choices=Visibility.choices,
        blank=True,
        help_text=_("Empty: staff only for an opinion leader, members of the hub otherwise."),
    )

    active = models.BooleanField(_("active"), default=True, db_index=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        # public() (active channels of approved organisations) from the index alone (the
        # dashboard's counts at city scale).
        indexes = [models.Index(fields=["active", "organisation"],
                                name="channel_active_organisation")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="one_channel_name_per_organisation",
                violation_error_message=_("This organisation already has a channel of this name."),
            )
        ]
        verbose_name = _("information channel")
        verbose_name_plural = _("information channels")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.contact_visibility:
            self.contact_visibility = default_contact_visibility(self.kind)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("channels:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if not self.contact_visibility:
            self.contact_visibility = default_contact_visibility(self.kind)
        if (
            self.kind == Kind.OPINION_LEADER
            and self.contact_note
            and self.contact_visibility == Visibility.PUBLIC
        ):
            raise ValidationError(
                {
                    "contact_visibility": _(
                        "An opinion leader is a person: share their contact with members of "
                        "the hub or staff only."
                    )
                }
            )

    # What the channel is like -------------------------------------------------------------

    @property
    def mode(self) -> str:
        """online / offline / both: the override, else what is usual for the kind."""
        return self.mode_override or KIND_MODE.get(self.kind, Mode.ONLINE)

    def get_mode_display(self) -> str:
        return str(Mode(self.mode).label)

    @property
    def is_online(self) -> bool:
        return self.mode in (Mode.ONLINE, Mode.BOTH)

    @property
    def is_offline(self) -> bool:
        return self.mode in (Mode.OFFLINE, Mode.BOTH)

    @property
    def is_opinion_leader(self) -> bool:
        return self.kind == Kind.OPINION_LEADER

    @property
    def is_public(self) -> bool:
        return self.active and self.organisation.is_public

    def description_in(self, language: str | None = None) -> str:
        return pick_translation(
            self.description,
            language or translation.get_language() or settings.LANGUAGE_CODE,
            [settings.LANGUAGE_CODE, "en"],
        )

    def submission_how_in(self, language: str | None = None) -> str:
        return pick_translation(
            self.submission_how,
            language or translation.get_language() or settings.LANGUAGE_CODE,
            [settings.LANGUAGE_CODE, "en"],
        )

    def get_accepted_formats_display(self) -> list[str]:
        return [str(Format(code).label) for code in self.accepted_formats if code in Format.values]

    def submission_deadline(self, publication_date: datetime.date) -> datetime.date | None:
        """The last day to send content for it to appear on `publication_date` (None when the
        channel states no lead time)."""
        if self.submission_lead_days is None:
            return None
        return publication_date - datetime.timedelta(days=self.submission_lead_days)

    def reaches_district(self, district) -> bool:
        slug = getattr(district, "slug", district)
        return self.citywide or any(d.slug == slug for d in self.districts.all())

    # Contact data ---------------------------------------------------------------------------

    def contact_visible_to(self, user) -> bool:
        """The contact note is shown per its visibility; the owner's admins and staff (who
        edit it) always see it."""
        if not self.contact_note:
            return False
        from .permissions import can_manage_channel

        level = self.contact_visibility or default_contact_visibility(self.kind)
        return can_see(viewer_level(user), level) or can_manage_channel(user, self)
