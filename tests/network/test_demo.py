"""The demo: the seed network of the 2023 cycle, isolated organisations, and at least three
sensible introductions with reasons."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from wspolnie.core.demo import load_demo_data
from wspolnie.network.models import OrganisationMetrics, Suggestion, Tie
from wspolnie.network.reasons import describe_all


@pytest.mark.django_db
def test_the_demo_graph_has_the_2023_ties_isolated_organisations_and_introductions():
    load_demo_data(io.StringIO())
    load_demo_data(io.StringIO())  # idempotent

    def tied(first: str, second: str, kind: str) -> bool:
        return Tie.objects.filter(kind=kind, org_a__slug__in=[first, second],
                                  org_b__slug__in=[first, second]).exists()

    assert tied("wcrs", "feps", Tie.Kind.CO_ORGANISING)
    assert tied("feps", "dfop", Tie.Kind.CO_PRESENTING)
    assert tied("wromigrant", "araw", Tie.Kind.CO_ATTENDING)
    assert tied("wromigrant", "fundacja-ukraina", Tie.Kind.PARTNERSHIP)
    assert not tied("nomada", "feps", Tie.Kind.PARTNERSHIP)  # proposed, not confirmed
    assert Tie.objects.filter(first_date__year=2023).count() >= 10
    isolated = set(OrganisationMetrics.objects.filter(is_isolated=True)
                   .values_list("organisation__slug", flat=True))
    assert {"umw-kultura", "wcrs-dialog-miedzykulturowy"} <= isolated
    suggestions = Suggestion.objects.filter(status=Suggestion.Status.OPEN).select_related(
        "org_a", "org_b")
    assert suggestions.count() >= 3
    with translation.override("en"):
        described = {(s.org_a.slug, s.org_b.slug): reasons
                     for s, reasons in describe_all(suggestions)}
    assert all(reasons for reasons in described.values())
    reasons = next(reasons for (a, b), reasons in described.items()
                   if {a, b} == {"siec-cal", "wcrs-dialog-miedzykulturowy"})
    assert any("needs interpreting and translation" in reason for reason in reasons)
