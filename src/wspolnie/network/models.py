"""The network of organisations: ties between them, declared partnerships, and the stored
result of the graph computation (metrics per organisation, a snapshot of the whole graph,
suggested introductions).

Privacy: nodes are organisations only. Nothing here names a person: ties are derived from
registrations, agenda items, cards and plan items, but keep only the organisations and a
reference (kind and id) to the source object. Pages and the API read these tables; only the
background task (tasks.rebuild_network_task) writes the derived rows.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wspolnie.organisations.models import Organisation

PARTNERSHIP_DESCRIPTION_MAX_LENGTH = 500
#: How many source references a derived tie keeps (the weight counts all of them).
TIE_SOURCES_KEPT = 20


def ordered_pair(first_id: int, second_id: int) -> tuple[int, int]:
    """A pair of organisation ids as ties and suggestions store it: the smaller id first."""
    return (first_id, second_id) if first_id < second_id else (second_id, first_id)


class Partnership(models.Model):
    """A partnership an organisation's admin declares with another organisation; it counts
    (becomes a tie) only once the other organisation's admins confirm it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    proposer = models.ForeignKey(
        Organisation, verbose_name=_("proposed by"), on_delete=models.CASCADE,
        related_name="partnerships_proposed",
    )
    partner = models.ForeignKey(
        Organisation, verbose_name=_("partner"), on_delete=models.CASCADE,
        related_name="partnerships_received",
    )
    description = models.CharField(
        _("what the partnership is about"), max_length=PARTNERSHIP_DESCRIPTION_MAX_LENGTH,
        blank=True,
    )
    started_on = models.DateField(_("since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposer", "partner"], name="network_partnership_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(proposer=models.F("partner")),
                name="network_partnership_two_organisations",
            ),
        ]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return f"{self.proposer} – {self.partner}"

    def clean(self) -> None:
        if self.proposer_id and self.proposer_id == self.partner_id:
            raise ValidationError({"partner": _("An organisation cannot partner itself.")})

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class TieQuerySet(models.QuerySet):
    def between_public(self) -> TieQuerySet:
        """Ties whose both ends are approved organisations: the only ones any page shows.

        Written as "neither end among the organisations not approved" (a short list, looked
        up once per query) rather than as two joins to organisations: at 200,000 ties the
        joins cost a B-tree lookup per end and row, and made every count take seconds."""
        not_approved = Organisation.objects.exclude(
            status=Organisation.Status.APPROVED
        ).order_by().values("pk")
        return self.exclude(org_a__in=not_approved).exclude(org_b__in=not_approved)


class Tie(models.Model):
    """One kind of connection between two organisations (org_a.id < org_b.id), with a weight
    (how many times it happened) and the first and last date it did."""

    class Kind(models.TextChoices):
        CO_ORGANISING = "co_organising", _("Co-organised a meeting")
        CO_PRESENTING = "co_presenting", _("Presented at the same meeting")
        CO_ATTENDING = "co_attending", _("Attended the same meeting")
        BOARD = "board", _("Posted on the same board")
        DISTRIBUTION = "distribution", _("Carried the other's announcement")
        PARTNERSHIP = "partnership", _("Declared partnership")
        INTRODUCTION = "introduction", _("Introduced by the coordinator")

    #: The kinds the derivation recomputes from other apps' data; the others come from
    #: actions in this app (a confirmed partnership, an introduction marked done).
    DERIVED_KINDS = (
        Kind.CO_ORGANISING, Kind.CO_PRESENTING, Kind.CO_ATTENDING, Kind.BOARD,
        Kind.DISTRIBUTION,
    )
    #: Ties of people meeting in person or online at the hub's meetings.
    MEETING_KINDS = (Kind.CO_ORGANISING, Kind.CO_PRESENTING, Kind.CO_ATTENDING)

    org_a = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    org_b = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    weight = models.PositiveIntegerField(_("weight"), default=1)
    first_date = models.DateField(_("first"), null=True, blank=True)
    last_date = models.DateField(_("last"), null=True, blank=True, db_index=True)
    #: [["meetings.event", 12], …]: what the tie was derived from (at most TIE_SOURCES_KEPT).
    sources = models.JSONField(default=list, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = TieQuerySet.as_manager()

    class Meta:
        # By the ids, not by "org_a" (that would order by the organisations' names, a join
        # and a sort of every tie in each query that keeps the default order).
        ordering = ["org_a_id", "org_b_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["org_a", "org_b", "kind"], name="network_tie_unique"),
            models.CheckConstraint(
                condition=models.Q(org_a__lt=models.F("org_b")), name="network_tie_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["org_b", "org_a"], name="network_tie_reverse"),
            # The ties table's sorts (newest first is the default) and "what changed".
            models.Index(fields=["first_date"], name="network_tie_first_date"),
            models.Index(fields=["weight"], name="network_tie_weight"),
        ]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")

    def __str__(self) -> str:
        return f"{self.org_a_id}–{self.org_b_id} ({self.kind})"


class GraphSnapshot(models.Model):
    """The aggregate result of one computation of the graph (the newest one is current)."""

    computed_at = models.DateTimeField(_("computed at"), db_index=True)
    seconds = models.FloatField(default=0)
    organisations = models.PositiveIntegerField(default=0)
    ties = models.PositiveIntegerField(default=0)
    #: Pairs of organisations with at least one tie (the edges of the graph).
    connected_pairs = models.PositiveIntegerField(default=0)
    density = models.FloatField(default=0)
    components = models.PositiveIntegerField(default=0)
    largest_component = models.PositiveIntegerField(default=0)
    communities = models.PositiveIntegerField(default=0)
    modularity = models.FloatField(default=0)
    isolated = models.PositiveIntegerField(default=0)
    peripheral = models.PositiveIntegerField(default=0)
    bridges = models.PositiveIntegerField(default=0)
    #: {kind: number of ties}
    ties_by_kind = models.JSONField(default=dict, blank=True)
    #: Whether betweenness was estimated from a sample of sources (large graphs).
    betweenness_sampled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = "computed_at"
        verbose_name = _("computation of the network")
        verbose_name_plural = _("computations of the network")

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"


class OrganisationMetrics(models.Model):
    """One organisation's place in the graph, as the last computation found it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="network_metrics"
    )
    degree = models.PositiveIntegerField(_("ties"), default=0, db_index=True)
    weighted_degree = models.PositiveIntegerField(_("weighted ties"), default=0)
    betweenness = models.FloatField(_("betweenness"), default=0, db_index=True)
    component = models.PositiveIntegerField(_("component"), default=0)
    component_size = models.PositiveIntegerField(_("size of the component"), default=1)
    community = models.PositiveIntegerField(_("community"), default=0, db_index=True)
    is_isolated = models.BooleanField(_("isolated"), default=False)
    is_peripheral = models.BooleanField(_("one tie only"), default=False)
    met_at_meetings = models.BooleanField(_("met others at meetings"), default=False)
    #: How many of its ties are bridges (removing one splits its component).
    bridges = models.PositiveIntegerField(_("bridges"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-degree", "organisation_id"]
        verbose_name = _("metrics of an organisation")
        verbose_name_plural = _("metrics of organisations")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.degree}"


class Suggestion(models.Model):
    """Two organisations with no tie that could meet, with the reasons as data (rendered in
    the viewer's language by reasons.describe)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Introduced")
        DISMISSED = "dismissed", _("Dismissed")

    org_a = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    org_b = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"), default=0, db_index=True)
    #: [{"code": "community", "values": ["georgian"]}, {"code": "need_offer", …}, …]
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org_a", "org_b"], name="network_suggestion_unique"),
            models.CheckConstraint(
                condition=models.Q(org_a__lt=models.F("org_b")),
                name="network_suggestion_ordered",
            ),
        ]
        verbose_name = _("suggested introduction")
        verbose_name_plural = _("suggested introductions")

    def __str__(self) -> str:
        return f"{self.org_a_id}–{self.org_b_id} ({self.score:.2f})"


class NetworkState(models.Model):
    """One row: what the last computation was made from, so that the worker's sweep starts a
    new one only when the sources changed (see sweeps.py)."""

    fingerprint = models.CharField(max_length=200, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    requested = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("state of the network computation")

    def __str__(self) -> str:
        return self.fingerprint

    @classmethod
    def get(cls) -> NetworkState:
        state, _created = cls.objects.get_or_create(pk=1)
        return state
