"""Server-rendered SVG bar charts: no JavaScript library, readable without styles, and
accessible (role="img" with a <title> and <desc>; every page shows the same numbers in a table,
because a chart alone is not enough for screen-reader users)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

#: Colours with at least 4.5:1 contrast on white (WCAG AA), told apart by the legend too.
COLOURS = ["#1d6b2c", "#0b5394", "#8a6100", "#a61b1b"]
LABEL_WIDTH = 200
BAR_AREA = 380
VALUE_WIDTH = 50
BAR_HEIGHT = 14
ROW_GAP = 10
LEGEND_HEIGHT = 28
LABEL_CHARS = 30


@dataclass(frozen=True)
class Series:
    label: str
    colour: str = ""


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    series: list[Series],
    rows: list[tuple[str, list[int]]],
) -> SafeString:
    """A horizontal grouped bar chart: one group per row (label, one value per series)."""
    colours = [s.colour or COLOURS[i % len(COLOURS)] for i, s in enumerate(series)]
    group_height = BAR_HEIGHT * len(series) + ROW_GAP
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = LEGEND_HEIGHT + group_height * max(len(rows), 1) + 4
    highest = max([value for _label, values in rows for value in values] + [1])

    legend = format_html_join(
        "",
        '<rect x="{}" y="6" width="14" height="14" fill="{}"></rect>'
        '<text x="{}" y="18" font-size="13" fill="#1a1a1a">{}</text>',
        (
            (LABEL_WIDTH + i * 170, colours[i], LABEL_WIDTH + i * 170 + 20, s.label)
            for i, s in enumerate(series)
        ),
    )
    parts = []
    for index, (label, values) in enumerate(rows):
        top = LEGEND_HEIGHT + index * group_height
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" text-anchor="end" fill="#1a1a1a">{}</text>',
                LABEL_WIDTH - 8,
                top + (BAR_HEIGHT * len(series)) // 2 + 5,
                _short(label),
            )
        )
        for i, value in enumerate(values):
            bar = round(BAR_AREA * value / highest)
            y = top + i * BAR_HEIGHT
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" font-size="12" fill="#1a1a1a">{}</text>',
                    LABEL_WIDTH,
                    y,
                    bar,
                    BAR_HEIGHT - 2,
                    colours[i],
                    LABEL_WIDTH + bar + 4,
                    y + BAR_HEIGHT - 3,
                    value,
                )
            )
    return format_html(
        '<svg class="bar-chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{legend}{body}</svg>",
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        legend=legend,
        body=mark_safe("".join(parts)),  # noqa: S308 (each part is built with format_html)
    )
