"""Charts every module draws: server-rendered SVG with its data table, no script, no CDN.

A chart is decoration for sighted readers; the numbers are in the table beside it, which
screen readers read (the SVG is `aria-hidden`). `includes/bar_chart.html` draws both:

    {% include "includes/bar_chart.html" with chart=chart %}

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

    def scale(self) -> float:
        values = [float(bar.value) for bar in self.bars if bar.value is not None]
        if self.reference is not None:
            values.append(float(self.reference))
        return float(self.maximum) if self.maximum else max([*values, 1.0])

    def value_text(self, value) -> str:
        if value is None:
            return "—"
        number = float(value)
        text = f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"
        return f"{text}{self.unit}"

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
