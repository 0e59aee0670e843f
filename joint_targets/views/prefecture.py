"""The joint targets as the prefecture sees them, under /targets/: every town's published
values against this year's targets. Reads the public schema only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from joint_targets import exports
from joint_targets.charts import polarisation_charts
from joint_targets.forms import PolarisationForm, ProgressForm
from joint_targets.polarisation import polarisation
from joint_targets.progress import Progress
from joint_targets.selectors import indicator_list, progress_matrix
from kyodo.fiscal import fiscal_year_label


def _matrix(request) -> tuple[ProgressForm, int, str, dict]:
    form = ProgressForm(request.GET or None, indicators=indicator_list())
    fiscal_year, band = form.chosen_year(), form.chosen_band()
    matrix = progress_matrix(actor=request.user, fiscal_year=fiscal_year, band=band,
                             sort=form.chosen_sort())
    return form, fiscal_year, band, matrix


@login_required
def progress(request):
    """Towns × indicators: on track, behind or 未報告 against the year's targets."""
    form, fiscal_year, band, matrix = _matrix(request)
    return render(request, "joint_targets/prefecture/progress.html", {
        "form": form, "fiscal_year": fiscal_year, "band": band,
        "fiscal_year_label": fiscal_year_label(fiscal_year), "matrix": matrix,
        "progress": Progress, "query": request.GET.urlencode(),
    })


@login_required
def progress_download(request):
    _form, fiscal_year, band, matrix = _matrix(request)
    return exports.progress_response(matrix=matrix, fiscal_year=fiscal_year, band=band)


@login_required
def polarisation_view(request):
    """Per band: the year's quartiles and median of each indicator, and the medians over
    the years, as charts with their tables."""
    form = PolarisationForm(request.GET or None, indicators=indicator_list())
    fiscal_year = form.chosen_year()
    data = polarisation(actor=request.user, fiscal_year=fiscal_year,
                        indicator_code=form.chosen_indicator())
    return render(request, "joint_targets/prefecture/polarisation.html", {
        "form": form, "fiscal_year": fiscal_year,
        "fiscal_year_label": fiscal_year_label(fiscal_year),
        "charts": polarisation_charts(data, fiscal_year)})
