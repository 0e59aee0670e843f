"""Open data of the joint targets, under /targets/bands/: per-band aggregates of the values
towns publish, for anyone (no sign-in), as a page and as CSV."""

from django.shortcuts import render

from joint_targets import exports
from joint_targets.forms import YearForm
from joint_targets.selectors import band_aggregates
from kyodo.fiscal import fiscal_year_label


def bands(request):
    form = YearForm(request.GET or None)
    fiscal_year = form.chosen_year()
    return render(request, "joint_targets/public/bands.html", {
        "form": form, "fiscal_year": fiscal_year,
        "fiscal_year_label": fiscal_year_label(fiscal_year),
        "rows": band_aggregates(actor=request.user, fiscal_year=fiscal_year)})


def bands_download(request):
    fiscal_year = YearForm(request.GET or None).chosen_year()
    return exports.bands_response(
        rows=band_aggregates(actor=request.user, fiscal_year=fiscal_year),
        fiscal_year=fiscal_year)
