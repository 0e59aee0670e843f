"""The shared SVG charts: a picture for the eye, hidden from screen readers, and a table
with the same numbers for everyone."""

from decimal import Decimal

from django.template.loader import render_to_string

from kyodo.charts import Box, LineChart, QuartileChart, Series


def test_a_quartile_chart_lists_each_rows_quartiles_and_median_in_its_table():
    chart = QuartileChart(title="電子決裁率", unit="%", places=1, note_heading="団体数",
                          boxes=[Box("一般市", Decimal("15"), Decimal("20"), Decimal("47.5"), "3"),
                                 Box("町村", median=Decimal("5"), note="1")],
                          reference=Decimal("40"), reference_label="全国")

    html = render_to_string("includes/chart.html", {"chart": chart})

    assert 'aria-hidden="true"' in html and 'class="chart-reference"' in html
    assert "<th scope=\"row\">一般市</th><td class=\"num\">15.0%</td><td class=\"num\">20.0%" \
           "</td><td class=\"num\">47.5%</td><td class=\"num\">3</td>" in html
    assert "<th scope=\"row\">町村</th><td class=\"num\">—</td><td class=\"num\">5.0%</td>" in html
    assert "全国：40.0%" in html
    assert html.count('class="chart-box"') == 1  # no box without quartiles


def test_a_line_breaks_where_a_value_is_missing_instead_of_guessing_across_the_gap():
    chart = LineChart(title="推移", unit="%", points=["2023", "2024", "2025", "2026"],
                      series=[Series("一般市", [Decimal(10), Decimal(20), None, Decimal(40)])])

    svg = chart.svg()

    assert svg.count("<polyline") == 1  # 2023–2024 joined
    assert svg.count("<circle") == 1  # 2026 alone
    assert chart.table()["rows"][2] == ("2025", ["—"])
