"""Suggested introductions: pairs of approved organisations with no tie that serve the same
community, district, language or topic, or whose open needs match the other's offers.

Reasons are stored as data ({"code": …, "values": [slugs]}) and put into words in the
viewer's language by reasons.describe. The computation is bounded at city scale: candidate
pairs come only from small groups (organisations sharing a community *and* a district, …; a
large group is cut to its least connected members, who need an introduction most), and each
organisation appears in at most PER_ORGANISATION open suggestions.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wspolnie.organisations.models import Organisation

from .models import Suggestion, ordered_pair

GROUP_LIMIT = 50
PER_ORGANISATION = 5
KEPT = 1000
WEIGHTS = {"need_offer": 4.0, "community": 2.0, "district": 1.0, "language": 1.0,
           "topic": 0.5}
#: Said of nearly everyone here, so not a reason to meet.
COMMON_LANGUAGES = {settings.LANGUAGE_CODE, "en"}
#: A need and an offer of this category say too little to suggest a meeting.
VAGUE_CATEGORIES = {"other"}


def _attributes() -> dict[str, dict[int, frozenset]]:
    public = Organisation.objects.public()
    result: dict[str, dict[int, frozenset]] = {}
    for name, field, value in [("community", "communities", "community__slug"),
                               ("district", "districts", "district__slug"),
                               ("language", "languages", "language_id"),
                               ("topic", "topics", "topic__slug")]:
        through = getattr(Organisation, field).through
        sets: dict[int, set] = defaultdict(set)
        for organisation_id, slug in through.objects.filter(
            organisation__in=public
        ).values_list("organisation_id", value).iterator():
            if not (name == "language" and slug in COMMON_LANGUAGES):
                sets[organisation_id].add(slug)
        result[name] = {key: frozenset(values) for key, values in sets.items()}
    return result


def _needs_offers() -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    from wspolnie.needs.models import NeedOffer

    needs: dict[int, set[str]] = defaultdict(set)
    offers: dict[int, set[str]] = defaultdict(set)
    for organisation_id, kind, category in NeedOffer.objects.public().exclude(
        category__in=VAGUE_CATEGORIES
    ).values_list("organisation_id", "kind", "category"):
        (needs if kind == NeedOffer.Kind.NEED else offers)[organisation_id].add(category)
    return needs, offers


def _least_connected(members, degree: dict[int, int]) -> list[int]:
    return sorted(members, key=lambda node: (degree.get(node, 0), node))[:GROUP_LIMIT]


def candidate_pairs(attributes, needs, offers, degree) -> set[tuple[int, int]]:
    groups: dict[tuple, set[int]] = defaultdict(set)
    for first, second in [("community", "district"), ("community", "topic"),
                          ("community", "language"), ("topic", "district")]:
        for organisation_id, values in attributes[first].items():
            for value, other in itertools.product(
                values, attributes[second].get(organisation_id, ())
            ):
                groups[(first, value, second, other)].add(organisation_id)
    pairs: set[tuple[int, int]] = set()
    for members in groups.values():
        for a, b in itertools.combinations(_least_connected(members, degree), 2):
            pairs.add(ordered_pair(a, b))
    needing, offering = defaultdict(set), defaultdict(set)
    for organisation_id, categories in needs.items():
        for category in categories:
            needing[category].add(organisation_id)
    for organisation_id, categories in offers.items():
        for category in categories:
            offering[category].add(organisation_id)
    for category, needers in needing.items():
        for a, b in itertools.product(_least_connected(needers, degree),
                                      _least_connected(offering.get(category, ()), degree)):
            if a != b:
                pairs.add(ordered_pair(a, b))
    return pairs


def reasons_for(a: int, b: int, attributes, needs, offers) -> tuple[float, list[dict]]:
    score, reasons = 0.0, []
    for name in ("community", "district", "language", "topic"):
        shared = attributes[name].get(a, frozenset()) & attributes[name].get(b, frozenset())
        if shared:
            score += WEIGHTS[name] * len(shared)
            reasons.append({"code": name, "values": sorted(shared)})
    for needer, offerer in ((a, b), (b, a)):
        for category in sorted(needs.get(needer, set()) & offers.get(offerer, set())):
            score += WEIGHTS["need_offer"]
            reasons.append({"code": "need_offer", "needs": needer, "offers": offerer,
                            "category": category})
    return score, reasons


def compute_suggestions(connected: set[tuple[int, int]], degree: dict[int, int],
                        decided: set[tuple[int, int]]) -> list[tuple[int, int, float, list]]:
    """Ranked (a, b, score, reasons) for pairs not in `connected` and not `decided` before."""
    attributes = _attributes()
    needs, offers = _needs_offers()
    scored = []
    for a, b in candidate_pairs(attributes, needs, offers, degree):
        if (a, b) in connected or (a, b) in decided:
            continue
        score, reasons = reasons_for(a, b, attributes, needs, offers)
        # A meeting is only worth suggesting for more than one shared vocabulary word.
        if score < 2.5:
            continue
        for node in (a, b):
            if degree.get(node, 0) <= 1:
                score += 1.0
                reasons.append({"code": "peripheral", "organisation": node,
                                "ties": degree.get(node, 0)})
        scored.append((round(score, 2), a, b, reasons))
    scored.sort(key=lambda row: (-row[0], row[1], row[2]))
    chosen, count = [], defaultdict(int)
    for score, a, b, reasons in scored:
        if count[a] >= PER_ORGANISATION or count[b] >= PER_ORGANISATION:
            continue
        count[a] += 1
        count[b] += 1
        chosen.append((a, b, score, reasons))
        if len(chosen) >= KEPT:
            break
    return chosen


def store_suggestions(graph) -> int:
    """Recompute the open suggestions; done and dismissed ones are kept as they are (and their
    pairs are not suggested again). Returns how many are open."""
    now = timezone.now()
    degree = dict(graph.degree())
    connected = {ordered_pair(a, b) for a, b in graph.edges()}
    existing = {(a, b): (pk, status) for pk, a, b, status in
                Suggestion.objects.values_list("pk", "org_a_id", "org_b_id", "status")}
    decided = {pair for pair, (_pk, status) in existing.items()
               if status != Suggestion.Status.OPEN}
    chosen = compute_suggestions(connected, degree, decided)
    wanted = {(a, b) for a, b, _score, _reasons in chosen}
    to_create, to_update = [], []
    for a, b, score, reasons in chosen:
        if (a, b) in existing:
            to_update.append(Suggestion(pk=existing[(a, b)][0], score=score, reasons=reasons,
                                        computed_at=now))
        else:
            to_create.append(Suggestion(org_a_id=a, org_b_id=b, score=score, reasons=reasons,
                                        computed_at=now))
    stale = [pk for pair, (pk, status) in existing.items()
             if status == Suggestion.Status.OPEN and pair not in wanted]
    with transaction.atomic():
        Suggestion.objects.filter(pk__in=stale).delete()
        Suggestion.objects.bulk_update(to_update, ["score", "reasons", "computed_at"],
                                       batch_size=1000)
        Suggestion.objects.bulk_create(to_create, batch_size=1000)
    return len(chosen)
