"""GraphML and GEXF (for Gephi) and CSV of the ties: organisations only, never a person.
Members of the hub and staff download them (views.export, api)."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
from django.conf import settings
from django.urls import reverse

from .selectors import Filters

CSV_HEADERS = ["organisation_a", "organisation_a_slug", "organisation_b",
               "organisation_b_slug", "kind", "weight", "first_date", "last_date"]
CONTENT_TYPES = {"graphml": "application/graphml+xml; charset=utf-8",
                 "gexf": "application/gexf+xml; charset=utf-8"}


def tie_rows(filters: Filters) -> Iterator[list]:
    ties = filters.ties().order_by("org_a__name", "org_b__name", "kind", "pk").values_list(
        "org_a__name", "org_a__slug", "org_b__name", "org_b__slug", "kind", "weight",
        "first_date", "last_date")
    for a, a_slug, b, b_slug, kind, weight, first, last in ties.iterator(chunk_size=5000):
        yield [a, a_slug, b, b_slug, kind, weight, first.isoformat() if first else "",
               last.isoformat() if last else ""]


def graph_for_export(filters: Filters) -> nx.Graph:
    graph = nx.Graph()
    for row in filters.metrics().values_list(
        "organisation_id", "organisation__name", "organisation__slug", "degree", "betweenness",
        "community", "component", "is_isolated", "is_peripheral",
    ).iterator(chunk_size=5000):
        pk, name, slug, degree, betweenness, community, component, isolated, peripheral = row
        url = settings.SITE_URL + reverse("organisations:detail", kwargs={"slug": slug})
        graph.add_node(pk, label=name, slug=slug, url=url,
                       degree=degree, betweenness=float(betweenness), community=community,
                       component=component, isolated=isolated, peripheral=peripheral)
    for a, b, kind, weight, first, last in filters.ties().values_list(
        "org_a_id", "org_b_id", "kind", "weight", "first_date", "last_date"
    ).iterator(chunk_size=5000):
        if a not in graph or b not in graph:
            continue
        if graph.has_edge(a, b):
            edge = graph[a][b]
            edge["weight"] += weight
            edge["kinds"] = ",".join(sorted({*edge["kinds"].split(","), kind}))
        else:
            graph.add_edge(a, b, weight=weight, kinds=kind,
                           first=first.isoformat() if first else "",
                           last=last.isoformat() if last else "")
    return graph


def graph_file(filters: Filters, file_format: str) -> tuple[str, bytes]:
    graph = graph_for_export(filters)
    if file_format == "graphml":
        text = "\n".join(nx.generate_graphml(graph))
    else:
        text = "\n".join(nx.generate_gexf(graph))
    return CONTENT_TYPES[file_format], text.encode("utf-8")


