"""Open data of the joint targets, under /targets/bands/: per-band aggregates of the values
towns publish, for anyone (no sign-in), as a page and as CSV."""

from django.shortcuts import render

from joint_targets import exports
from joint_targets.charts import trend_chart
from joint_targets.forms import YearForm
from joint_targets.polarisation import band_trends
from joint_targets.selectors import band_aggregates
from kyodo.fiscal import fiscal_year_label


def bands(request):
    form = YearForm(request.GET or None)
    fiscal_year = form.chosen_year()
    trends = band_trends(actor=request.user, fiscal_year=fiscal_year)
    return render(request, "joint_targets/public/bands.html", {
        "form": form, "fiscal_year": fiscal_year,
        "fiscal_year_label": fiscal_year_label(fiscal_year),
        "rows": band_aggregates(actor=request.user, fiscal_year=fiscal_year),
        "trend_charts": [trend_chart(row, trends["years"]) for row in trends["indicators"]
                         if any(point["count"] for trend in row["trend"]
                                for point in trend["years"])]})


def bands_download(request):
    fiscal_year = YearForm(request.GET or None).chosen_year()
    return exports.bands_response(
        rows=band_aggregates(actor=request.user, fiscal_year=fiscal_year),
        fiscal_year=fiscal_year)


def bands_trends_download(request):
    """Every year's per-band figures as CSV (the same minimums as the page)."""
    fiscal_year = YearForm(request.GET or None).chosen_year()
    return exports.band_trends_response(
        trends=band_trends(actor=request.user, fiscal_year=fiscal_year))
