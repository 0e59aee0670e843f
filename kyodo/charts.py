"""Charts every module draws: server-rendered SVG with its data table, no script, no CDN.

A chart is decoration for sighted readers; the numbers are in the table beside it, which
screen readers read (the SVG is `aria-hidden`). `includes/bar_chart.html` draws both:

    {% include "includes/bar_chart.html" with chart=chart %}

Three kinds: `BarChart` (one value per row), `QuartileChart` (one box per row: first
quartile to third with the median marked, for distributions) and `LineChart` (series over
ordered points, e.g. fiscal years). `includes/chart.html` draws any of them from their
`svg()` and `table()`, and states the `reference` (e.g. the national value, the dashed
line) in words under the table.

Bars are horizontal so that long Japanese labels (「町村（1万人未満）」) fit without
rotating text. Colours come from the stylesheet's classes, so the chart follows the page's
contrast and print styles.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Real

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

ROW_HEIGHT = 28
LABEL_WIDTH = 180
BAR_WIDTH = 360
VALUE_WIDTH = 90


@dataclass(frozen=True)
class Bar:
    label: str
    value: Real | Decimal | None  # None: no data (shown as 「—」, no bar)
    note: str = ""  # shown in the table only (e.g. "3 / 5 件")


@dataclass(frozen=True)
class BarChart:
    title: str
    unit: str  # shown after each value: "%", "時間", "件"
    bars: Sequence[Bar]
    columns: Sequence[str] = ()  # the table's headings: label, value (and note)
    reference: Real | None = None  # a dashed line, e.g. the national value
    reference_label: str = ""
    maximum: Real | None = None  # the scale's end; the largest value when None
    id: str = field(default="chart")
    places: int | None = None  # decimal places shown (value_text)

    def scale(self) -> float:
        values = [float(bar.value) for bar in self.bars if bar.value is not None]
        if self.reference is not None:
            values.append(float(self.reference))
        return float(self.maximum) if self.maximum else max([*values, 1.0])

    def value_text(self, value) -> str:
        return value_text(value, self.unit, self.places)

    def table(self) -> dict:
        """For includes/chart.html, which draws every kind of chart."""
        notes = len(self.columns) > 2
        return {"headings": list(self.columns), "rows": [
            (bar.label, [self.value_text(bar.value), *([bar.note] if notes else [])])
            for bar in self.bars]}

    def reference_text(self) -> str:
        return self.value_text(self.reference)

    def svg(self) -> SafeString:
        scale = self.scale()
        height = ROW_HEIGHT * len(self.bars) + 8
        width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
        rows = []
        for index, bar in enumerate(self.bars):
            y = 4 + index * ROW_HEIGHT
            length = 0 if bar.value is None else round(BAR_WIDTH * float(bar.value) / scale, 1)
            rows.append((LABEL_WIDTH - 8, y + 18, bar.label, LABEL_WIDTH, y + 5, length,
                         LABEL_WIDTH + length + 6, y + 18, self.value_text(bar.value)))
        body = format_html_join(
            "", '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="18" class="chart-bar"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>', rows)
        reference = ""
        if self.reference is not None:
            x = LABEL_WIDTH + round(BAR_WIDTH * float(self.reference) / scale, 1)
            reference = format_html(
                '<line x1="{}" x2="{}" y1="0" y2="{}" class="chart-reference"></line>',
                x, x, height)
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart" '
            'aria-hidden="true" focusable="false" role="presentation">{}{}</svg>',
            width, height, body, reference)


def value_text(value, unit: str = "", places: int | None = None) -> str:
    """A chart's number as people read it: thousands separated, `places` decimal places
    (by default one when it has a fraction, none otherwise), the unit after it; 「—」 for
    no data."""
    if value is None:
        return "—"
    number = float(value)
    if places is None:
        places = 0 if number == int(number) else 1
    text = f"{number:,.{places}f}"
    return f"{text}{unit}"


def _svg(width: int, height: int, body) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart" '
        'aria-hidden="true" focusable="false" role="presentation">{}</svg>',
        width, height, body)


def _scale_end(values, reference, maximum) -> float:
    if maximum:
        return float(maximum)
    found = [float(value) for value in values if value is not None]
    if reference is not None:
        found.append(float(reference))
    return max([*found, 1.0])


@dataclass(frozen=True)
class Box:
    """One row of a QuartileChart. A row may have only a median (too few values for
    quartiles) or nothing at all (too few to show anything; `note` says why)."""

    label: str
    q1: Real | Decimal | None = None
    median: Real | Decimal | None = None
    q3: Real | Decimal | None = None
    note: str = ""  # shown in the table only (e.g. "5団体")


@dataclass(frozen=True)
class QuartileChart:
    """Distributions side by side on one horizontal scale: a box from the first to the
    third quartile, a stroke at the median. There are no whiskers: the extremes would be
    single towns' values."""

    title: str
    unit: str
    boxes: Sequence[Box]
    reference: Real | Decimal | None = None
    reference_label: str = ""
    maximum: Real | None = None
    id: str = "chart"
    note_heading: str = ""
    places: int | None = None

    def scale(self) -> float:
        values = [value for box in self.boxes for value in (box.q1, box.median, box.q3)]
        return _scale_end(values, self.reference, self.maximum)

    def _x(self, value, scale: float) -> float:
        return LABEL_WIDTH + round(BAR_WIDTH * float(value) / scale, 1)

    def svg(self) -> SafeString:
        scale = self.scale()
        height = ROW_HEIGHT * len(self.boxes) + 8
        parts = []
        for index, box in enumerate(self.boxes):
            y = 4 + index * ROW_HEIGHT
            parts.append(format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
                LABEL_WIDTH - 8, y + 18, box.label))
            if box.q1 is not None and box.q3 is not None:
                left, right = self._x(box.q1, scale), self._x(box.q3, scale)
                parts.append(format_html(
                    '<rect x="{}" y="{}" width="{}" height="18" class="chart-box"></rect>',
                    left, y + 5, round(max(right - left, 1), 1)))
            if box.median is not None:
                x = self._x(box.median, scale)
                parts.append(format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-median"></line>'
                    '<text x="{}" y="{}" class="chart-value">{}</text>',
                    x, x, y + 2, y + 26, LABEL_WIDTH + BAR_WIDTH + 6, y + 18,
                    value_text(box.median, self.unit, self.places)))
        if self.reference is not None:
            x = self._x(self.reference, scale)
            parts.append(format_html(
                '<line x1="{}" x2="{}" y1="0" y2="{}" class="chart-reference"></line>',
                x, x, height))
        return _svg(LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH, height,
                    format_html_join("", "{}", ((part,) for part in parts)))

    def table(self) -> dict:
        headings = ["", _("第1四分位"), _("中央値"), _("第3四分位")]
        if self.note_heading:
            headings.append(self.note_heading)
        rows = [(box.label, [*[value_text(value, self.unit, self.places)
                               for value in (box.q1, box.median, box.q3)],
                             *([box.note] if self.note_heading else [])])
                for box in self.boxes]
        return {"headings": headings, "rows": rows}

    def reference_text(self) -> str:
        return value_text(self.reference, self.unit, self.places)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Real | Decimal | None]  # one per point of the chart; None: no data


def _runs(points: list) -> list[list]:
    """The unbroken stretches of `points` between the Nones."""
    runs = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


PLOT_LEFT = 60
PLOT_WIDTH = 440
PLOT_HEIGHT = 200
LEGEND_WIDTH = 180
SERIES_STYLES = 6  # the stylesheet's chart-series-0 … 5: colour and dash both differ


@dataclass(frozen=True)
class LineChart:
    """Series over ordered points (e.g. fiscal years). A missing value breaks its line
    (no guess drawn across a gap); each series differs in colour and dash, and the legend
    names them in the same order as the table's columns."""

    title: str
    unit: str
    points: Sequence[str]  # the x axis' labels, e.g. 「2024年度」
    series: Sequence[Series]
    reference: Real | Decimal | None = None
    reference_label: str = ""
    maximum: Real | None = None
    id: str = "chart"
    point_heading: str = ""
    places: int | None = None

    def scale(self) -> float:
        values = [value for line in self.series for value in line.values]
        return _scale_end(values, self.reference, self.maximum)

    def _xy(self, index: int, value, scale: float) -> tuple[float, float]:
        step = PLOT_WIDTH / max(len(self.points) - 1, 1)
        x = round(PLOT_LEFT + index * step, 1)
        y = round(10 + PLOT_HEIGHT - PLOT_HEIGHT * float(value) / scale, 1)
        return x, y

    def svg(self) -> SafeString:
        scale = self.scale()
        bottom = 10 + PLOT_HEIGHT
        parts = [format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-axis"></line>'
            '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
            '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
            PLOT_LEFT, PLOT_LEFT + PLOT_WIDTH, bottom, bottom, PLOT_LEFT - 6, bottom,
            value_text(0, self.unit), PLOT_LEFT - 6, 20, value_text(scale, self.unit))]
        for index, point in enumerate(self.points):
            x, _y = self._xy(index, 0, scale)
            parts.append(format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                x, bottom + 18, point))
        for number, line in enumerate(self.series):
            style = f"chart-series-{number % SERIES_STYLES}"
            for run in _runs([None if value is None else self._xy(index, value, scale)
                              for index, value in enumerate(line.values)]):
                if len(run) == 1:
                    parts.append(format_html('<circle cx="{}" cy="{}" r="4" class="{}">'
                                             '</circle>', run[0][0], run[0][1], style))
                else:
                    parts.append(format_html(
                        '<polyline points="{}" class="chart-line {}"></polyline>',
                        " ".join(f"{x},{y}" for x, y in run), style))
            legend_y = 20 + number * 20
            parts.append(format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-line {}"></line>'
                '<text x="{}" y="{}" class="chart-label">{}</text>',
                PLOT_LEFT + PLOT_WIDTH + 16, PLOT_LEFT + PLOT_WIDTH + 40, legend_y - 4,
                legend_y - 4, style, PLOT_LEFT + PLOT_WIDTH + 46, legend_y, line.label))
        if self.reference is not None:
            _x, y = self._xy(0, self.reference, scale)
            parts.append(format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-reference"></line>',
                PLOT_LEFT, PLOT_LEFT + PLOT_WIDTH, y, y))
        return _svg(PLOT_LEFT + PLOT_WIDTH + LEGEND_WIDTH, bottom + 28,
                    format_html_join("", "{}", ((part,) for part in parts)))

    def table(self) -> dict:
        rows = [(point, [value_text(line.values[index], self.unit, self.places)
                         for line in self.series])
                for index, point in enumerate(self.points)]
        return {"headings": [self.point_heading, *[line.label for line in self.series]],
                "rows": rows}

    def reference_text(self) -> str:
        return value_text(self.reference, self.unit, self.places)
