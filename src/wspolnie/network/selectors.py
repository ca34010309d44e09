"""Reading the stored network for pages, the API and exports (never recomputing it).

Who sees what: anyone sees the aggregate numbers (`summary`); members of the hub (people in
at least one organisation) and staff see the ties and the metrics of approved organisations;
only staff see suggested introductions. No person appears anywhere: nodes are organisations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from wspolnie.directory.models import Visibility, viewer_level
from wspolnie.organisations.models import Organisation

from .models import GraphSnapshot, OrganisationMetrics, Suggestion, Tie

#: The interactive graph draws at most this many organisations (the best connected of the
#: filtered ones): beyond a few hundred nodes a drawing is neither readable nor fast.
GRAPH_NODE_LIMIT = 300
GRAPH_NODE_LIMIT_MAX = 1000


def can_see_ties(user) -> bool:
    return viewer_level(user) in (Visibility.MEMBERS, Visibility.STAFF)


def can_manage_suggestions(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def latest_snapshot() -> GraphSnapshot | None:
    return GraphSnapshot.objects.order_by("-computed_at", "-id").first()


@dataclass
class Filters:
    """What the graph page, the tables, the JSON and the exports are narrowed to."""

    kind: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    community: str = ""
    topic: str = ""

    def ties(self, queryset: QuerySet[Tie] | None = None,
             by_organisations: bool = True) -> QuerySet[Tie]:
        """The ties of the kind and period; with `by_organisations`, only those between
        organisations of the community and topic (leave it to a caller that already holds
        ids of such organisations: the subquery per end is then pure cost)."""
        ties = Tie.objects.between_public() if queryset is None else queryset
        if self.kind:
            ties = ties.filter(kind=self.kind)
        if self.since:
            ties = ties.filter(last_date__gte=self.since)
        if self.until:
            ties = ties.filter(first_date__lte=self.until)
        organisations = self.organisations_condition() if by_organisations else None
        if organisations is not None:
            chosen = Organisation.objects.filter(organisations).values("pk")
            ties = ties.filter(org_a__in=chosen, org_b__in=chosen)
        return ties

    def organisations_condition(self) -> Q | None:
        condition = None
        if self.community:
            condition = Q(communities__slug=self.community)
        if self.topic:
            topic = Q(pk__in=Organisation.objects.filter(topics__slug=self.topic).values("pk"))
            condition = topic if condition is None else condition & topic
        return condition

    def metrics(self) -> QuerySet[OrganisationMetrics]:
        metrics = OrganisationMetrics.objects.filter(
            organisation__status=Organisation.Status.APPROVED
        ).select_related("organisation")
        condition = self.organisations_condition()
        if condition is not None:
            metrics = metrics.filter(
                organisation__in=Organisation.objects.filter(condition).values("pk")
            )
        return metrics

    @property
    def narrows_ties(self) -> bool:
        return bool(self.kind or self.since or self.until)


def graph_data(filters: Filters, limit: int = GRAPH_NODE_LIMIT) -> dict:
    """Nodes (the `limit` best connected organisations of the filtered ones) and the edges
    among them, for the interactive graph."""
    metrics = list(filters.metrics().order_by("-degree", "-betweenness", "organisation_id")
                   [:limit])
    ids = [row.organisation_id for row in metrics]
    edges: dict[tuple[int, int], dict] = {}
    # The ids are of the filtered organisations already (metrics() applied the community and
    # topic), so the ties need only the kind and period.
    among = filters.ties(by_organisations=False).filter(org_a__in=ids, org_b__in=ids)
    for a, b, kind, weight in among.order_by().values_list(
        "org_a_id", "org_b_id", "kind", "weight"
    ):
        edge = edges.setdefault((a, b), {"source": a, "target": b, "weight": 0, "kinds": []})
        edge["weight"] += weight
        edge["kinds"].append(kind)
    if filters.narrows_ties:
        linked = {end for pair in edges for end in pair}
        metrics = [row for row in metrics if row.organisation_id in linked]
    total = filters.metrics().count()
    return {
        "nodes": [
            {"id": row.organisation_id, "label": row.organisation.name,
             "url": row.organisation.get_absolute_url(), "degree": row.degree,
             "community": row.community, "isolated": row.is_isolated,
             "peripheral": row.is_peripheral}
            for row in metrics
        ],
        "edges": list(edges.values()),
        "organisations": total,
        "shown": len(metrics),
        "limited": total > len(metrics),
    }


METRIC_SORTS = {
    "name": "organisation__name", "-name": "-organisation__name",
    "degree": "degree", "-degree": "-degree",
    "betweenness": "betweenness", "-betweenness": "-betweenness",
    "community": "community", "-community": "-community",
    "component": "component", "-component": "-component",
    "bridges": "bridges", "-bridges": "-bridges",
}
TIE_SORTS = {
    "a": "org_a__name", "-a": "-org_a__name", "b": "org_b__name", "-b": "-org_b__name",
    "kind": "kind", "-kind": "-kind", "weight": "weight", "-weight": "-weight",
    "first": "first_date", "-first": "-first_date", "last": "last_date", "-last": "-last_date",
}


def sorted_metrics(filters: Filters, sort: str, only: str = "") -> QuerySet:
    metrics = filters.metrics()
    if only == "isolated":
        metrics = metrics.filter(is_isolated=True)
    elif only == "peripheral":
        metrics = metrics.filter(is_peripheral=True)
    elif only == "never_met":
        metrics = metrics.filter(met_at_meetings=False)
    elif only == "bridges":
        metrics = metrics.filter(bridges__gt=0)
    return metrics.order_by(METRIC_SORTS.get(sort, "-degree"), "organisation__name",
                            "organisation_id")


def sorted_ties(filters: Filters, sort: str) -> QuerySet[Tie]:
    order = TIE_SORTS.get(sort, "-last_date")
    if order.lstrip("-").endswith("__name"):
        return filters.ties().select_related("org_a", "org_b").order_by(
            order, "org_a__name", "org_b__name", "kind", "pk")
    # Equal values in the order of the ids, in the sort's direction: an index on the sorted
    # column then gives a page without sorting every tie (200,000 at city scale).
    return filters.ties().select_related("org_a", "org_b").order_by(
        order, "-pk" if order.startswith("-") else "pk")


def changes(since: dt.date, until: dt.date) -> dict:
    """Ties new in [since, until] (their first date falls in it) and ties lost in it (active
    in the period of the same length before, not since)."""
    length = until - since
    before = since - length - dt.timedelta(days=1)
    ties = Tie.objects.between_public().select_related("org_a", "org_b")
    # The newest first (the page lists the first 20): an index order, no sort of every tie.
    new = ties.filter(first_date__gte=since, first_date__lte=until).order_by(
        "-first_date", "-pk")
    lost = ties.filter(last_date__gte=before, last_date__lt=since).exclude(
        kind__in=[Tie.Kind.PARTNERSHIP, Tie.Kind.INTRODUCTION]).order_by("-last_date", "-pk")
    return {"since": since, "until": until, "new": new, "lost": lost,
            "new_count": new.count(), "lost_count": lost.count()}


def open_suggestions() -> QuerySet[Suggestion]:
    approved = Organisation.Status.APPROVED
    return Suggestion.objects.filter(
        org_a__status=approved, org_b__status=approved
    ).select_related("org_a", "org_b")


def dashboard_figures():
    """The coordinator dashboard's network block, read from the last stored computation
    (None while nothing is stored): `wspolnie.dashboard.selectors.NetworkFigures`."""
    from wspolnie.dashboard.selectors import ISOLATED_SHOWN, NetworkFigures

    snapshot = latest_snapshot()
    if snapshot is None:
        return None
    isolated = (
        OrganisationMetrics.objects.filter(is_isolated=True,
                                           organisation__status=Organisation.Status.APPROVED)
        .select_related("organisation").order_by("organisation__name")
    )
    return NetworkFigures(
        computed_at=snapshot.computed_at, organisations=snapshot.organisations,
        ties=snapshot.ties, density=snapshot.density,
        isolated=[(m.organisation.name, m.organisation.get_absolute_url())
                  for m in isolated[:ISOLATED_SHOWN]],
        isolated_count=isolated.count(),
    )
