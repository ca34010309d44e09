"""Ties derived from meetings, boards and distribution plans; declared ones; the metrics of
the small network of helpers.NetworkTestCase."""

from __future__ import annotations

import datetime as dt

from wspolnie.network.models import GraphSnapshot, OrganisationMetrics, Tie, ordered_pair
from wspolnie.network.services import rebuild_network

from .helpers import NetworkTestCase


class DerivationTest(NetworkTestCase):
    def tie(self, first, second, kind) -> Tie | None:
        a, b = ordered_pair(first.pk, second.pk)
        return Tie.objects.filter(org_a_id=a, org_b_id=b, kind=kind).first()

    def test_co_organisers_of_a_meeting_are_tied(self):
        tie = self.tie(self.org, self.other_org, Tie.Kind.CO_ORGANISING)
        assert tie.weight == 1
        assert tie.first_date == tie.last_date == dt.date(2023, 9, 14)
        assert tie.sources == [["meetings.event", self.event.pk]]

    def test_presenters_at_one_meeting_are_tied(self):
        assert self.tie(self.presenter, self.speaker, Tie.Kind.CO_PRESENTING)

    def test_organisations_named_by_registrants_are_tied_by_attendance(self):
        # "  fundacja   testowa " is Fundacja Testowa (case and spaces do not matter).
        assert self.tie(self.org, self.guest, Tie.Kind.CO_ATTENDING)
        # A cancelled registration does not count; an unknown name ties nothing.
        assert not self.tie(self.org, self.loner, Tie.Kind.CO_ATTENDING)
        assert Tie.objects.filter(kind=Tie.Kind.CO_ATTENDING).count() == 3  # with `pending`

    def test_authors_on_one_board_are_tied_with_its_owner(self):
        assert self.tie(self.org, self.poster, Tie.Kind.BOARD)

    def test_a_channel_that_published_anothers_announcement_ties_them(self):
        tie = self.tie(self.other_org, self.guest, Tie.Kind.DISTRIBUTION)
        assert tie.last_date == dt.date(2023, 10, 2)

    def test_a_second_rebuild_changes_nothing(self):
        assert rebuild_network()["created"] == 0
        result = rebuild_network()
        assert (result["created"], result["updated"], result["deleted"]) == (0, 0, 0)

    def test_a_tie_whose_source_is_gone_is_removed(self):
        self.board.cards.update(is_hidden=True)  # a moderator hid the only card
        rebuild_network()
        assert not self.tie(self.org, self.poster, Tie.Kind.BOARD)

    def test_the_metrics_name_isolated_peripheral_organisations_bridges_and_components(self):
        metrics = {m.organisation_id: m for m in OrganisationMetrics.objects.all()}
        assert self.pending.pk not in metrics  # only approved organisations are nodes
        assert metrics[self.loner.pk].is_isolated
        assert metrics[self.loner.pk].degree == 0
        assert metrics[self.loner.pk].community == 0
        assert {pk for pk, m in metrics.items() if m.is_peripheral} == {
            self.poster.pk, self.presenter.pk, self.speaker.pk}
        assert metrics[self.org.pk].degree == 3  # other_org, guest, poster
        assert metrics[self.org.pk].bridges == 1  # the one to poster
        assert metrics[self.org.pk].betweenness > metrics[self.guest.pk].betweenness
        assert metrics[self.org.pk].component == metrics[self.guest.pk].component
        assert metrics[self.org.pk].component != metrics[self.presenter.pk].component
        assert metrics[self.org.pk].component_size == 4
        assert metrics[self.poster.pk].met_at_meetings is False
        assert metrics[self.guest.pk].met_at_meetings is True
        snapshot = GraphSnapshot.objects.latest()
        assert (snapshot.organisations, snapshot.components, snapshot.bridges,
                snapshot.isolated, snapshot.peripheral) == (7, 3, 2, 1, 3)
        assert snapshot.ties_by_kind == {"co_organising": 1, "co_presenting": 1,
                                         "co_attending": 1, "board": 1, "distribution": 1}
