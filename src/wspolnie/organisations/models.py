from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import (
    Community,
    District,
    Language,
    Topic,
    TranslationsMaxLengthValidator,
    validate_translations,
)
from wspolnie.lib import registry_numbers
from wspolnie.lib.multilingual import pick_translation


def _check_registry_number(normalise, label: str, lengths: str, value: str) -> None:
    """A clear, translated reason: wrong characters, wrong length or a wrong check digit."""
    try:
        normalise(value)
    except ValueError:
        digits = re.sub(r"[\s\-]", "", value or "").upper().removeprefix("PL")
        if not digits.isdigit():
            message = _(
                "A %(label)s number may contain only digits (spaces and dashes are ignored)."
            )
        elif lengths == "krs" and int(digits) == 0:
            message = _("A %(label)s number cannot be all zeros.")
        elif (
            (lengths == "nip" and len(digits) != 10)
            or (lengths == "regon" and len(digits) not in (9, 14))
            or (lengths == "krs" and len(digits) > 10)
        ):
            message = {
                "nip": _("A %(label)s number has 10 digits."),
                "regon": _("A %(label)s number has 9 or 14 digits."),
                "krs": _("A %(label)s number has at most 10 digits."),
            }[lengths]
        else:
            message = _(
                "This %(label)s number has a wrong check digit: please look for a typo."
            )
        raise ValidationError(message, params={"label": label}, code="invalid") from None


def validate_krs(value: str) -> None:
    _check_registry_number(registry_numbers.normalise_krs, "KRS", "krs", value)


def validate_nip(value: str) -> None:
    _check_registry_number(registry_numbers.normalise_nip, "NIP", "nip", value)


def validate_regon(value: str) -> None:
    _check_registry_number(registry_numbers.normalise_regon, "REGON", "regon", value)


def validate_phone(value: str) -> None:
    """A phone number phonenumbers accepts as possible and valid (Polish unless +prefixed)."""
    from .phones import normalise_phone

    try:
        normalise_phone(value)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a valid phone number. Write it like +48 71 123 45 67."),
            params={"value": value},
            code="invalid",
        ) from None


def validate_founding_year(value: int) -> None:
    if value > timezone.now().year:
        raise ValidationError(_("The founding year cannot be in the future."))


def validate_url_list(value) -> None:
    from django.core.validators import URLValidator

    if not isinstance(value, list):
        raise ValidationError(_("Expected a list of web addresses."))
    check = URLValidator(schemes=["http", "https"])
    for url in value:
        try:
            check(url)
        except ValidationError:
            raise ValidationError(
                _("“%(url)s” is not a valid web address."), params={"url": url}
            ) from None


#: The longest short description, opening hours or accessibility note, in each language.
SHORT_TEXT_MAX_LENGTH = 1000


def validate_short_texts(value) -> None:
    """Each language's text of a short multilingual field fits SHORT_TEXT_MAX_LENGTH."""
    if not isinstance(value, dict):
        return  # validate_translations says what is wrong
    too_long = [code for code, text in value.items()
                if isinstance(text, str) and len(text) > SHORT_TEXT_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            _("At most %(max)d characters in each language (too long in: %(languages)s)."),
            params={"max": SHORT_TEXT_MAX_LENGTH, "languages": ", ".join(too_long)},
            code="max_length",
        )


def best_translation(values, language: str | None = None) -> tuple[str, str]:
    """(language code, text) of {code: text} best suited to `language` (default: the current
    one): that language, its primary subtag, Polish (the default), English, else any;
    ("", "") if there is no text at all. What the profile shows, with the language it is in."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    values = values if isinstance(values, dict) else {}
    candidates = [language, language.split("-")[0], settings.LANGUAGE_CODE, "en", *values]
    for code in candidates:
        text = values.get(code)
        if isinstance(text, str) and text.strip():
            return code, text
    return "", ""


class OrganisationQuerySet(models.QuerySet):
    def public(self) -> OrganisationQuerySet:
        """Approved organisations: the only ones anonymous visitors, feeds and exports see."""
        return self.filter(status=Organisation.Status.APPROVED)

    def visible_to(self, user) -> OrganisationQuerySet:
        """Approved ones, plus (for their members) their own pending ones; staff see all."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if user.is_authenticated:
            return self.filter(
                models.Q(status=Organisation.Status.APPROVED) | models.Q(memberships__user=user)
            ).distinct()
        return self.public()


class OrganisationOwnedQuerySet(models.QuerySet):
    """The one moderation rule for everything an organisation owns (meetings, series,
    announcements, services, needs and offers, channels, contacts, …): nothing of an
    organisation that is not approved is public — not on pages, in the API, feeds, the search or
    exports. Its members and the staff still see it (marked "not public until the organisation
    is approved").

    A model's queryset inherits this and names its owner in `owner_field`: a foreign key or a
    many-to-many to Organisation (a meeting with several organisers is public when at least one
    of them is approved; only the approved ones are named). `ownerless_public`: objects with no
    owner (the hub's own announcements) count as approved. Its own `public()` combines
    `of_approved_organisations()` with what else makes it public (published, active, …);
    `visible_with_own(user, condition)` is the usual `visible_to(user)`."""

    owner_field: str = "organisation"
    ownerless_public: bool = False

    def _owned_by(self, organisations: models.QuerySet) -> models.Q:
        field = self.model._meta.get_field(self.owner_field)
        if field.many_to_many:
            return models.Q(pk__in=self.model._base_manager.filter(
                **{f"{self.owner_field}__in": organisations}).values("pk"))
        return models.Q(**{f"{self.owner_field}__in": organisations})

    def approved_owner(self) -> models.Q:
        """The condition "owned by an approved organisation" (for combining with others)."""
        condition = self._owned_by(Organisation.objects.public())
        if self.ownerless_public:
            condition |= models.Q(**{f"{self.owner_field}__isnull": True})
        return condition

    def owned_by_members(self, user) -> models.Q:
        """The condition "owned by an organisation `user` belongs to" (member or admin)."""
        return self._owned_by(Organisation.objects.filter(memberships__user=user))

    def of_approved_organisations(self) -> OrganisationOwnedQuerySet:
        return self.filter(self.approved_owner())

    def is_of_approved_organisation(self, obj: models.Model) -> bool:
        """Whether `obj` passes the rule (e.g. for the "not public" notice on its page)."""
        return self.model._base_manager.filter(pk=obj.pk).filter(self.approved_owner()).exists()

    def visible_with_own(
        self, user, condition: models.Q | None = None
    ) -> OrganisationOwnedQuerySet:
        """Public ones (`condition` and an approved owner), plus, for their members, every
        one of their own organisations' (also while pending); staff see all."""
        public = self.approved_owner() if condition is None else condition & self.approved_owner()
        if user is not None and user.is_authenticated and user.is_staff:
            return self.all()
        if user is not None and user.is_authenticated:
            return self.filter(public | self.owned_by_members(user))
        return self.filter(public)


#: Characters per language of an organisation's description (the form, the API and imports).
DESCRIPTION_MAX = 5000


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        FOUNDATION = "foundation", _("Foundation")
        ASSOCIATION = "association", _("Association")
        PUBLIC_INSTITUTION = "public_institution", _("Public institution")
        INFORMAL_GROUP = "informal_group", _("Informal group")
        COMMUNITY_LEADER = "community_leader", _("Community leader")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Size(models.TextChoices):
        TINY = "1-5", _("1–5 people")
        SMALL = "6-20", _("6–20 people")
        MEDIUM = "21-50", _("21–50 people")
        LARGE = "51-250", _("51–250 people")
        HUGE = "250+", _("more than 250 people")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    #: A few sentences in several languages, like the description: {"pl": "...", ...}
    short_description = models.JSONField(
        _("short description"),
        default=dict,
        blank=True,
        validators=[validate_translations, validate_short_texts],
        help_text=_("Who you are and what you do, in a few sentences."),
    )
    #: Longer description in several languages: {"pl": "...", "uk": "...", ...}
    description = models.JSONField(
        _("description"), default=dict, blank=True,
        validators=[validate_translations, TranslationsMaxLengthValidator(DESCRIPTION_MAX)],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING,
        db_index=True,
    )
    legal_form = models.CharField(_("legal form"), max_length=100, blank=True)
    krs = models.CharField(_("KRS number"), max_length=10, blank=True, validators=[validate_krs])
    nip = models.CharField(_("NIP number"), max_length=13, blank=True, validators=[validate_nip])
    regon = models.CharField(
        _("REGON number"), max_length=14, blank=True, validators=[validate_regon]
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public e-mail address"), blank=True)
    phone = models.CharField(
        _("public phone number"), max_length=32, blank=True, validators=[validate_phone]
    )
    social_profiles = models.JSONField(
        _("social media profiles"), default=list, blank=True, validators=[validate_url_list]
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities served"), blank=True
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages it works in"), blank=True
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts it works in"), blank=True
    )
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), validate_founding_year],
    )
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, blank=True)
    #: Who registered it through "Add your organisation" (they become its first admin).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Why staff rejected it (shown to its members; cleared on approval).
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # The directory and the API list at city scale (issue #15): the public ones in
            # name order read from the index (no sort of every row), and the kind facet is
            # counted from it (no read of the rows with their long descriptions).
            models.Index(fields=["status", "name"], name="organisation_status_name"),
            models.Index(fields=["status", "kind"], name="organisation_status_kind"),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED

    def get_logo_url(self) -> str:
        """The logo, served by the organisations app (with the visibility of the profile)."""
        if not self.logo:
            return ""
        url = reverse("organisations:logo", kwargs={"slug": self.slug})
        return f"{url}?v={int(self.updated.timestamp())}" if self.updated else url

    def description_translation(self, language: str | None = None) -> tuple[str, str]:
        """(language code, text) of the description best suited to `language` (default: the
        current one): that language, else Polish, else English, else any; ("", "") if none."""
        return best_translation(self.description, language)

    def short_description_translation(self, language: str | None = None) -> tuple[str, str]:
        """The short description as description_translation() picks it (same fallback)."""
        return best_translation(self.short_description, language)

    def short_description_in(self, language: str | None = None) -> str:
        return self.short_description_translation(language)[1]

    def description_in(self, language: str | None = None) -> str:
        return pick_translation(
            self.description,
            language or translation.get_language() or settings.LANGUAGE_CODE,
            [settings.LANGUAGE_CODE, "en"],
        )


class Location(models.Model):
    """A place where an organisation works or receives people (HSDS location)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("name of the place"), max_length=200, blank=True)
    street_address = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, default="Wrocław")
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.SET_NULL
    )
    #: Both in several languages, like an organisation's description: {"pl": "...", ...}
    opening_hours = models.JSONField(
        _("opening hours"), default=dict, blank=True,
        validators=[validate_translations, validate_short_texts],
    )
    accessibility = models.JSONField(
        _("accessibility"),
        default=dict,
        blank=True,
        validators=[validate_translations, validate_short_texts],
        help_text=_("Step-free entrance, lift, toilet, induction loop, … "),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        ordering = ["organisation", "name", "id"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return ", ".join(p for p in [self.name, self.street_address, self.city] if p)

    def opening_hours_translation(self, language: str | None = None) -> tuple[str, str]:
        return best_translation(self.opening_hours, language)

    def accessibility_translation(self, language: str | None = None) -> tuple[str, str]:
        return best_translation(self.accessibility, language)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Organisation admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created = models.DateTimeField(_("since"), auto_now_add=True)

    #: Personal data: the audit log names a row by id and never logs these values.
    AUDIT_PERSONAL_FIELDS = frozenset({"user"})

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class OutdatedReport(models.Model):
    """"Report outdated information" on a profile: anyone may send one; staff resolve them."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="outdated_reports"
    )
    message = models.TextField(
        _("what is out of date"),
        max_length=2000,
        help_text=_("For example: the address changed, the phone number does not work."),
    )
    email = models.EmailField(
        _("your e-mail address (optional)"),
        blank=True,
        help_text=_("Only staff see it, in case they have a question."),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    #: Personal data: the audit log names a row by id and never logs these values.
    AUDIT_PERSONAL_FIELDS = frozenset({"email", "reporter"})

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("report of outdated information")
        verbose_name_plural = _("reports of outdated information")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.message[:60]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class JoinRequest(models.Model):
    """A signed-in person asks to become a member of an organisation; its admins (or staff)
    approve or decline. At most one request per person and organisation waits at a time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message to the admins"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING,
        db_index=True,
    )
    created = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    #: Personal data: the audit log names a row by id and never logs these values.
    AUDIT_PERSONAL_FIELDS = frozenset({"user", "message"})

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")

    def __str__(self) -> str:
        # By id: the audit log keeps this text, and must not keep the person's name.
        return f"#{self.pk} @ {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
