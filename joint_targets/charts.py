"""The polarisation charts (kyodo.charts) of the values by population band.

For each indicator: the chosen year's distribution in each band (a quartile chart; for a
yes/no indicator, a bar chart of the share answering 有) and each band's median over the
years (a line chart; for yes/no, the share). The national reference, where the indicator
has one, is the dashed line of both. Both carry their data table for screen readers.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from joint_targets.models import Indicator, Unit
from kyodo.charts import Bar, BarChart, Box, LineChart, QuartileChart, Series
from kyodo.fiscal import fiscal_year_label


def _unit(indicator: Indicator) -> str:
    return "%" if indicator.unit in (Unit.PERCENT, Unit.YES_NO) else str(
        Unit(indicator.unit).label)


def _places(indicator: Indicator) -> int | None:
    """Rates with one decimal place, as everywhere in the joint targets; counts as they are."""
    return 1 if indicator.unit in (Unit.PERCENT, Unit.YES_NO) else None


def _maximum(indicator: Indicator):
    return 100 if indicator.unit in (Unit.PERCENT, Unit.YES_NO) else None


def _reference(indicator: Indicator) -> dict:
    if indicator.national_value is None:
        return {}
    label = _("全国の参考値（%(year)s年）") % {"year": indicator.national_year}
    return {"reference": indicator.national_value, "reference_label": label}


def _count_note(count: int) -> str:
    return ngettext("%(count)s団体", "%(count)s団体", count) % {"count": count}


def year_chart(row: dict, fiscal_year: int):
    """One indicator's distribution in each band for the year."""
    indicator = row["indicator"]
    common = {"unit": _unit(indicator), "maximum": _maximum(indicator),
              "places": _places(indicator),
              "id": f"year-{indicator.code}", **_reference(indicator)}
    if indicator.unit == Unit.YES_NO:
        return BarChart(
            title=_("%(indicator)s：「有」の団体の割合（%(year)s）") % {
                "indicator": indicator.name, "year": fiscal_year_label(fiscal_year)},
            bars=[Bar(label=str(band["band"].label), value=band["share_yes"],
                      note=_count_note(band["count"])) for band in row["bands"]],
            columns=[_("団体区分"), _("「有」の割合"), _("値のある団体数")], **common)
    return QuartileChart(
        title=_("%(indicator)s：団体区分別の分布（%(year)s）") % {
            "indicator": indicator.name, "year": fiscal_year_label(fiscal_year)},
        boxes=[Box(label=str(band["band"].label), q1=band["q1"], median=band["median"],
                   q3=band["q3"], note=_count_note(band["count"])) for band in row["bands"]],
        note_heading=_("値のある団体数"), **common)


def trend_chart(row: dict, years: list[int]):
    """Each band's median (for yes/no, the share answering 有) over the years."""
    indicator = row["indicator"]
    figure = "share_yes" if indicator.unit == Unit.YES_NO else "median"
    title = (_("%(indicator)s：「有」の団体の割合の推移") if figure == "share_yes"
             else _("%(indicator)s：団体区分別の中央値の推移")) % {"indicator": indicator.name}
    return LineChart(
        title=title, unit=_unit(indicator), maximum=_maximum(indicator),
        places=_places(indicator),
        points=[fiscal_year_label(year) for year in years], point_heading=_("年度"),
        series=[Series(label=str(trend["band"].label),
                       values=[point[figure] for point in trend["years"]])
                for trend in row["trend"]],
        id=f"trend-{indicator.code}", **_reference(indicator))


def polarisation_charts(data: dict, fiscal_year: int) -> list[dict]:
    return [{"indicator": row["indicator"], "year": year_chart(row, fiscal_year),
             "trend": trend_chart(row, data["years"])} for row in data["indicators"]]
