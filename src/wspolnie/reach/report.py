"""Measured figures beside the planned ones: the parts the distribution pages (plan, coverage
report, coverage overview) take from this app — charts, tables' data and CSV datasets."""

from __future__ import annotations

import tablib
from django.utils.translation import gettext as _

from wspolnie.lib.charts import Series, bar_chart

from . import qr
from .models import TrackedLink
from .selectors import Measured, OverviewMeasured, measured, overview_measured
from .services import issue_links

VISITS_COLOUR, CONVERSIONS_COLOUR = "#0b5394", "#1d6b2c"


def _series() -> list[Series]:
    return [Series(_("Visits"), VISITS_COLOUR), Series(_("Conversions"), CONVERSIONS_COLOUR)]


def _chart(chart_id: str, title: str, rows) -> str:
    rows = [(label, [figures.visits, figures.conversions]) for label, figures in rows
            if figures.visits or figures.conversions]
    if not rows:
        return ""
    return bar_chart(
        chart_id, title,
        _("Visits through the tracked links and what the visitors did next (registrations, "
          "subscriptions, board posts); the table below gives the same numbers."),
        _series(), rows,
    )


def link_qr(link: TrackedLink, label: str = "") -> str:
    return qr.svg_inline(link.public_url(), label or _("QR code of the tracked link"))


def plan_links(items) -> None:
    """Gives each plan item its tracked link (`item.link`), issued when missing."""
    issue_links(items)


def coverage_context(announcement, items=None) -> dict:
    found = measured(announcement, items)
    return {
        "measured": found,
        "measured_channel_chart": _chart(
            "measured-channels-chart", _("Visits and conversions per channel"),
            [(f.channel.name, f) for f in found.links]),
        "measured_language_chart": _chart(
            "measured-languages-chart", _("Visits and conversions per language"),
            [(row.label, row) for row in found.languages]),
        "measured_community_chart": _chart(
            "measured-communities-chart", _("Visits and conversions per community"),
            [(row.label, row) for row in found.communities]),
    }


def overview_context(announcements) -> dict:
    found = overview_measured(announcements)
    return {
        "measured": found,
        "measured_community_chart": _chart(
            "measured-overview-chart", _("Visits and conversions per community"),
            [(row.label, row) for row, _channels in found.by_community]),
        "measured_kind_chart": _chart(
            "measured-kinds-chart", _("Visits and conversions per kind of channel"),
            [(row.label, row) for row in found.kinds]),
    }


def _kind_headers() -> list[str]:
    return [_("Visits"), _("Registrations"), _("Subscriptions"), _("Board posts")]


def _kind_values(figures) -> list[int]:
    return [figures.visits, figures.registrations, figures.subscriptions, figures.board_posts]


def measured_dataset(found: Measured) -> tablib.Dataset:
    """One row per channel and language (a row "all languages" per channel first)."""
    data = tablib.Dataset(headers=[_("Channel"), _("Kind"), _("Organisation"),
                                   _("Tracked link"), _("Language"), *_kind_headers()])
    data.title = "measured"
    for figures in found.links:
        channel = figures.channel
        head = [channel.name, channel.get_kind_display(), channel.organisation.name,
                figures.link.public_url()]
        data.append([*head, _("all languages"), *_kind_values(figures)])
        for code, _name, per_language in figures.language_list():
            data.append([*head, code, *_kind_values(per_language)])
    return data


def overview_dataset(found: OverviewMeasured) -> tablib.Dataset:
    data = tablib.Dataset(headers=[_("Community"), _("Channel"), _("Kind"), _("Organisation"),
                                   _("Announcements"), *_kind_headers()])
    data.title = "measured-overview"
    for row, channel_rows in found.by_community:
        for channel_row in channel_rows:
            channel = channel_row.channel
            data.append([row.label, channel.name, channel.get_kind_display(),
                         channel.organisation.name, len(channel_row.announcements),
                         *_kind_values(channel_row)])
    return data
