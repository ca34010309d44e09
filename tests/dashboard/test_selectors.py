from __future__ import annotations

import datetime

from wspolnie.dashboard.selectors import FIGURE_KEYS, Period, coverage_map, dashboard, figure

from .helpers import DashboardDataTestCase


class MeetingFiguresTests(DashboardDataTestCase):
    def board(self, step="month"):
        return dashboard(Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30), step))

    def by_key(self, figure) -> dict:
        return {row.key: row.values for row in figure.rows}

    def test_meetings_held_leave_out_cancelled_drafts_and_other_periods(self):
        meetings = self.by_key(self.board().meetings.meetings)
        self.assertEqual(list(meetings), ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05",
                                          "2025-06"])
        self.assertEqual(meetings["2025-03"], [1])
        self.assertEqual(meetings["2025-04"], [0])
        self.assertEqual(meetings["2025-05"], [1])

    def test_registrations_and_attendance_rate(self):
        board = self.board()
        self.assertEqual(self.by_key(board.meetings.registrations)["2025-03"], [3, 2])
        self.assertEqual(self.by_key(board.meetings.registrations)["2025-05"], [3, 2])
        rate = self.by_key(board.meetings.attendance)
        self.assertEqual(rate["2025-03"], [67])
        self.assertEqual(rate["2025-05"], [100])
        self.assertEqual(rate["2025-01"], [None])  # nothing to divide by: not 0%

    def test_first_time_and_returning_organisations(self):
        attending = self.by_key(self.board().meetings.organisations)
        self.assertEqual(attending["2025-03"], [0, 1])  # returning: came in November 2024
        self.assertEqual(attending["2025-05"], [1, 1])  # Stowarzyszenie Inne's first check-in

    def test_totals(self):
        totals = self.board().totals
        self.assertEqual(totals["meetings"], 2)
        self.assertEqual(totals["registrations"], 6)
        self.assertEqual(totals["attendance_rate"], 80)
        self.assertEqual(totals["organisations_taking_part"], 2)
        self.assertEqual(totals["organisations"], 2)
        self.assertEqual(totals["pending_organisations"], 1)

    def test_quarters_add_up_the_months(self):
        board = self.board("quarter")
        self.assertEqual(self.by_key(board.meetings.meetings), {"2025-Q1": [1], "2025-Q2": [1]})
        self.assertEqual(self.by_key(board.meetings.attendance), {"2025-Q1": [67],
                                                                  "2025-Q2": [100]})
        self.assertEqual(self.by_key(board.meetings.organisations),
                         {"2025-Q1": [0, 1], "2025-Q2": [1, 1]})

    def test_organisations_by_community_count_approved_ones_only(self):
        board = self.board()
        communities = self.by_key(board.figure("organisations-by-community"))
        self.assertEqual(communities, {"bialoruska": [0], "gruzinska": [1]})
        languages = self.by_key(board.figure("organisations-by-language"))
        self.assertEqual(languages, {"pl": [2], "ka": [1]})
        kinds = self.by_key(board.figure("organisations-by-kind"))
        self.assertEqual(kinds["foundation"], [1])
        self.assertEqual(kinds["informal_group"], [0])  # the pending group

    def test_announcement_reach_by_community_and_language(self):
        board = self.board()
        self.assertEqual(board.totals["announcements"], 1)
        self.assertEqual(self.by_key(board.figure("reach-by-community")),
                         {"bialoruska": [1, 0], "gruzinska": [1, 1]})
        self.assertEqual(self.by_key(board.figure("reach-by-language")),
                         {"ka": [1, 0], "pl": [1, 1]})
        self.assertEqual(dashboard(Period(datetime.date(2025, 5, 1), datetime.date(2025, 6, 30))
                                   ).totals["announcements"], 0)


class CoverageMapTests(DashboardDataTestCase):
    def test_counts_and_white_spots(self):
        found = coverage_map()
        communities = {line.key: line for line in found.communities}
        self.assertEqual((communities["gruzinska"].organisations,
                          communities["gruzinska"].services,
                          communities["gruzinska"].channels), (1, 1, 1))
        # Only a pending organisation serves the Belarusian community: a white spot.
        self.assertTrue(communities["bialoruska"].white_spot)
        languages = {line.key: line for line in found.languages}
        self.assertEqual((languages["pl"].organisations, languages["pl"].channels), (2, 1))
        self.assertEqual(languages["ka"].services, 1)
        districts = {line.key: line for line in found.districts}
        # The city-wide channel reaches every district.
        self.assertEqual((districts["nadodrze"].organisations, districts["nadodrze"].channels),
                         (0, 1))
        self.assertFalse(districts["nadodrze"].white_spot)
        self.assertEqual(dict((c.slug, v) for c, v in found.grid.rows()),
                         {"bialoruska": [0, 0], "gruzinska": [1, 0]})
        self.assertEqual(found.grid.empty_cells, 3)


class OneFigureTests(DashboardDataTestCase):
    def test_each_chart_alone_has_the_dashboards_numbers(self):
        period = Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30), "quarter")
        board = dashboard(period)
        for key in FIGURE_KEYS:
            alone = figure(key, period)
            self.assertEqual(alone.rows, board.figure(key).rows, key)
        self.assertIsNone(figure("no-such-chart", period))
