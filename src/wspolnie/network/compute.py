"""The graph computation (networkx): metrics per organisation, a snapshot of the whole graph,
suggested introductions. Run only by the background task and `wspolnie rebuild_network`;
pages read what it stored."""

from __future__ import annotations

import time
from collections import Counter

import networkx as nx
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from wspolnie.organisations.models import Organisation

from .models import GraphSnapshot, OrganisationMetrics, Tie

#: Above this many organisations betweenness is estimated from this many sampled sources
#: (exact betweenness is O(nodes × edges): minutes at city scale).
BETWEENNESS_EXACT_UP_TO = 1500
BETWEENNESS_SAMPLES = 100
#: Fixed seeds: the same data gives the same communities and the same estimates.
SEED = 2023
#: Snapshots kept (the newest is current; the older ones show how the graph changed).
SNAPSHOTS_KEPT = 50


def build_graph() -> nx.Graph:
    """Approved organisations as nodes; one edge per pair with ties, weighted by the sum of
    their ties' weights, with the kinds of those ties."""
    graph = nx.Graph()
    graph.add_nodes_from(Organisation.objects.public().values_list("pk", flat=True))
    ties = Tie.objects.between_public().values_list("org_a_id", "org_b_id", "kind", "weight")
    for a, b, kind, weight in ties.iterator(chunk_size=5000):
        if graph.has_edge(a, b):
            data = graph[a][b]
            data["weight"] += weight
            data["kinds"].add(kind)
        else:
            graph.add_edge(a, b, weight=weight, kinds={kind})
    return graph


def compute_metrics(graph: nx.Graph) -> dict:
    """Everything stored about the graph, as plain values (no database access)."""
    nodes = graph.number_of_nodes()
    if nodes > BETWEENNESS_EXACT_UP_TO:
        betweenness = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLES, seed=SEED)
    else:
        betweenness = nx.betweenness_centrality(graph)
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    component_of = {node: index for index, nodes_ in enumerate(components) for node in nodes_}
    connected = graph.subgraph(node for node in graph if graph.degree(node) > 0)
    if connected.number_of_edges():
        communities = nx.community.louvain_communities(connected, weight="weight", seed=SEED)
        modularity = nx.community.modularity(connected, communities, weight="weight")
    else:
        communities, modularity = [], 0.0
    communities = sorted(communities, key=lambda c: (-len(c), min(c)))
    # Community 0 is "none": isolated organisations belong to no community.
    community_of = {node: index + 1 for index, nodes_ in enumerate(communities)
                    for node in nodes_}
    bridges = list(nx.bridges(graph))
    bridge_count: Counter = Counter()
    for a, b in bridges:
        bridge_count[a] += 1
        bridge_count[b] += 1
    per_node = {}
    for node in graph:
        degree = graph.degree(node)
        kinds = set().union(*(graph[node][other]["kinds"] for other in graph[node]))
        per_node[node] = {
            "degree": degree,
            "weighted_degree": int(graph.degree(node, weight="weight")),
            "betweenness": betweenness.get(node, 0.0),
            "component": component_of[node],
            "component_size": len(components[component_of[node]]),
            "community": community_of.get(node, 0),
            "is_isolated": degree == 0,
            "is_peripheral": degree == 1,
            "met_at_meetings": bool(kinds & set(Tie.MEETING_KINDS)),
            "bridges": bridge_count[node],
        }
    return {
        "nodes": per_node,
        "organisations": nodes,
        "connected_pairs": graph.number_of_edges(),
        "density": nx.density(graph) if nodes > 1 else 0.0,
        "components": len(components),
        "largest_component": len(components[0]) if components else 0,
        "communities": len(communities),
        "modularity": modularity,
        "bridges": len(bridges),
        "betweenness_sampled": nodes > BETWEENNESS_EXACT_UP_TO,
    }


def store(result: dict, started: float) -> GraphSnapshot:
    now = timezone.now()
    rows = [OrganisationMetrics(organisation_id=node, computed_at=now, **values)
            for node, values in result["nodes"].items()]
    by_kind = dict(
        Tie.objects.between_public().order_by().values_list("kind")
        .annotate(count=Count("pk"))
    )
    with transaction.atomic():
        OrganisationMetrics.objects.all().delete()
        OrganisationMetrics.objects.bulk_create(rows, batch_size=2000)
        snapshot = GraphSnapshot.objects.create(
            computed_at=now,
            seconds=time.monotonic() - started,
            organisations=result["organisations"],
            ties=sum(by_kind.values()),
            connected_pairs=result["connected_pairs"],
            density=result["density"],
            components=result["components"],
            largest_component=result["largest_component"],
            communities=result["communities"],
            modularity=result["modularity"],
            isolated=sum(1 for values in result["nodes"].values() if values["is_isolated"]),
            peripheral=sum(1 for values in result["nodes"].values() if values["is_peripheral"]),
            bridges=result["bridges"],
            ties_by_kind=by_kind,
            betweenness_sampled=result["betweenness_sampled"],
        )
        old = GraphSnapshot.objects.values_list("pk", flat=True)[SNAPSHOTS_KEPT:]
        GraphSnapshot.objects.filter(pk__in=list(old)).delete()
    return snapshot
