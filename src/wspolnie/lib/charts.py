"""Server-rendered bar charts: no JavaScript library, readable without styles, and accessible
(role="img" with a <title> and <desc>; every page shows the same numbers in a table, because a
chart alone is not enough for screen-reader users).

One layout (`Chart.shapes`: rectangles and texts at fixed coordinates) is drawn twice: as SVG
for the page and the SVG download, and as PNG with Pillow for the PNG download — so the two
files show the same bars, and no browser or system graphics library (cairo) is needed on the
server. The numbers themselves go out as a tablib Dataset (`Chart.dataset`) for CSV."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import tablib
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

#: Colours with at least 4.5:1 contrast on white (WCAG AA), told apart by the legend too.
COLOURS = ["#1d6b2c", "#0b5394", "#8a6100", "#a61b1b"]
TEXT_COLOUR = "#1a1a1a"
LABEL_WIDTH = 200
BAR_AREA = 380
VALUE_WIDTH = 50
BAR_HEIGHT = 14
ROW_GAP = 10
LEGEND_HEIGHT = 28
LEGEND_STEP = 170
LABEL_CHARS = 30
#: Shown instead of a value that cannot be computed (e.g. a rate with nothing to divide by).
NO_VALUE = "—"
#: PNG pixels per SVG unit: sharp on high-density screens and in print.
PNG_SCALE = 2
#: Fonts with Polish and Cyrillic letters, tried in order (Debian's fonts-dejavu-core first);
#: Pillow's own font is the last resort.
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "DejaVuSans.ttf",
)

Value = int | float | None


@dataclass(frozen=True)
class Series:
    label: str
    colour: str = ""


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int
    fill: str


@dataclass(frozen=True)
class Text:
    x: int
    y: int  # the baseline, as in SVG
    text: str
    size: int
    anchor: str = "start"  # or "end"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def format_value(value: Value, unit: str = "") -> str:
    if value is None:
        return NO_VALUE
    return f"{value}{unit}"


@dataclass(frozen=True)
class Chart:
    """A horizontal grouped bar chart: one group per row (label, one value per series).

    `rows` are (label, values) pairs; a value may be None (drawn as "—", no bar). `unit` is
    written after each value ("%")."""

    chart_id: str
    title: str
    description: str
    series: Sequence[Series]
    rows: Sequence[tuple[str, Sequence[Value]]]
    unit: str = ""
    #: The header of the first column of the data table and the CSV file.
    first_column: str = ""
    colours: list[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "colours", [
            s.colour or COLOURS[i % len(COLOURS)] for i, s in enumerate(self.series)
        ])

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + VALUE_WIDTH

    @property
    def height(self) -> int:
        return LEGEND_HEIGHT + self._group_height * max(len(self.rows), 1) + 4

    @property
    def _group_height(self) -> int:
        return BAR_HEIGHT * len(self.series) + ROW_GAP

    def legend(self) -> list[tuple[Rect, Text]]:
        return [
            (Rect(LABEL_WIDTH + i * LEGEND_STEP, 6, 14, 14, self.colours[i]),
             Text(LABEL_WIDTH + i * LEGEND_STEP + 20, 18, s.label, 13))
            for i, s in enumerate(self.series)
        ]

    def shapes(self) -> list[Rect | Text]:
        """The bars and their texts, top to bottom (the legend apart: see legend())."""
        highest = max([v for _label, values in self.rows for v in values if v is not None]
                      + [1])
        shapes: list[Rect | Text] = []
        for index, (label, values) in enumerate(self.rows):
            top = LEGEND_HEIGHT + index * self._group_height
            shapes.append(Text(LABEL_WIDTH - 8, top + (BAR_HEIGHT * len(self.series)) // 2 + 5,
                               _short(label), 13, "end"))
            for i, value in enumerate(values):
                bar = round(BAR_AREA * (value or 0) / highest)
                y = top + i * BAR_HEIGHT
                shapes.append(Rect(LABEL_WIDTH, y, bar, BAR_HEIGHT - 2, self.colours[i]))
                shapes.append(Text(LABEL_WIDTH + bar + 4, y + BAR_HEIGHT - 3,
                                   format_value(value, self.unit), 12))
        return shapes

    # -- renderings ------------------------------------------------------------------------

    def svg(self) -> SafeString:
        legend = format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
            '<text x="{}" y="{}" font-size="{}" fill="' + TEXT_COLOUR + '">{}</text>',
            ((r.x, r.y, r.width, r.height, r.fill, t.x, t.y, t.size, t.text)
             for r, t in self.legend()),
        )
        parts = []
        for shape in self.shapes():
            if isinstance(shape, Rect):
                parts.append(format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                    shape.x, shape.y, shape.width, shape.height, shape.fill,
                ))
            else:
                parts.append(format_html(
                    '<text x="{}" y="{}" font-size="{}"{} fill="{}">{}</text>',
                    shape.x, shape.y, shape.size,
                    mark_safe(' text-anchor="end"') if shape.anchor == "end" else "",
                    TEXT_COLOUR, shape.text,
                ))
        return format_html(
            '<svg class="bar-chart" role="img" aria-labelledby="{id}-title {id}-desc" '
            'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            'xmlns="http://www.w3.org/2000/svg">'
            '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
            "{legend}{body}</svg>",
            id=self.chart_id,
            w=self.width,
            h=self.height,
            title=self.title,
            desc=self.description,
            legend=legend,
            body=mark_safe("".join(parts)),  # noqa: S308 (each part is built with format_html)
        )

    def svg_file(self) -> bytes:
        """The chart as a standalone SVG file (white background, as on the page)."""
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + str(self.svg())).encode("utf-8")

    def png(self) -> bytes:
        from PIL import Image, ImageDraw

        s = PNG_SCALE
        image = Image.new("RGB", (self.width * s, self.height * s), "white")
        draw = ImageDraw.Draw(image)

        def text(shape: Text) -> None:
            draw.text((shape.x * s, shape.y * s), shape.text, fill=TEXT_COLOUR,
                      font=_font(shape.size * s), anchor="rs" if shape.anchor == "end" else "ls")

        def rect(shape: Rect) -> None:
            if shape.width > 0:
                draw.rectangle([shape.x * s, shape.y * s, (shape.x + shape.width) * s - 1,
                                (shape.y + shape.height) * s - 1], fill=shape.fill)

        for box, label in self.legend():
            rect(box)
            text(label)
        for shape in self.shapes():
            rect(shape) if isinstance(shape, Rect) else text(shape)
        out = io.BytesIO()
        # Fast compression: zlib's default level spent most of the time for a few KB less.
        image.save(out, format="PNG", compress_level=1)
        return out.getvalue()

    def dataset(self) -> tablib.Dataset:
        """The numbers as a table: the row label, then one column per series (empty where a
        value cannot be computed)."""
        data = tablib.Dataset(headers=[self.first_column or self.title,
                                       *(s.label for s in self.series)])
        data.title = self.chart_id[:31]
        for label, values in self.rows:
            data.append([label, *("" if v is None else v for v in values)])
        return data


@functools.cache
def _font(size: int):
    from PIL import ImageFont

    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    series: list[Series],
    rows: list[tuple[str, list[int]]],
) -> SafeString:
    """A horizontal grouped bar chart as inline SVG (see Chart)."""
    return Chart(chart_id, title, description, series, rows).svg()
