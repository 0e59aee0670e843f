"""The joint targets as the prefecture sees them, under /targets/: every town's published
values against this year's targets. Reads the public schema only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joint_targets import exports
from joint_targets.charts import polarisation_charts
from joint_targets.forms import PolarisationForm, ProgressForm, SuggestionForm, YearForm
from joint_targets.models import Indicator
from joint_targets.needs_support import needs_support_list, systems_for
from joint_targets.polarisation import polarisation
from joint_targets.progress import Progress
from joint_targets.selectors import indicator_list, progress_matrix
from joint_targets.services.support import support_suggest
from kyodo.accounts.policy import can_view_needs_support
from kyodo.errors import DomainError
from kyodo.fiscal import fiscal_year_label
from shared_services.selectors import common_system_list
from tenants.models import Municipality


def _matrix(request) -> tuple[ProgressForm, int, str, dict]:
    form = ProgressForm(request.GET or None, indicators=indicator_list())
    fiscal_year, band = form.chosen_year(), form.chosen_band()
    matrix = progress_matrix(actor=request.user, fiscal_year=fiscal_year, band=band,
                             sort=form.chosen_sort())
    return form, fiscal_year, band, matrix


# Towns per page of the progress matrix: a prefecture's (at most 179, 北海道) on one page,
# the 1,741 of a national deployment in pages a browser draws quickly.
PROGRESS_PAGE_SIZE = 200


@login_required
def progress(request):
    """Towns × indicators: on track, behind or 未報告 against the year's targets."""
    form, fiscal_year, band, matrix = _matrix(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "joint_targets/prefecture/progress.html", {
        "form": form, "fiscal_year": fiscal_year, "band": band,
        "fiscal_year_label": fiscal_year_label(fiscal_year), "matrix": matrix,
        "page": Paginator(matrix["rows"], PROGRESS_PAGE_SIZE).get_page(
            request.GET.get("page")),
        "progress": Progress, "query": query.urlencode(),
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


@login_required
def needs_support(request):
    """The towns behind the year's targets, with a suggestion to send each in one click."""
    form = YearForm(request.GET or None)
    fiscal_year, band = form.chosen_year(), form.chosen_band()
    rows = needs_support_list(actor=request.user, fiscal_year=fiscal_year, band=band)
    systems = list(common_system_list(actor=request.user, status="published"))
    for row in rows:
        for cell in row["behind"]:
            cell["systems"] = systems_for(cell["indicator"].code, systems)
    return render(request, "joint_targets/prefecture/needs_support.html", {
        "form": form, "fiscal_year": fiscal_year, "band": band, "rows": rows,
        "fiscal_year_label": fiscal_year_label(fiscal_year),
        "query": request.GET.urlencode()})


@login_required
@require_POST
def suggest(request, pk: int):
    """Send one suggestion to a town behind a target (joint_targets.services.support)."""
    if not can_view_needs_support(request.user):
        raise PermissionDenied
    town = Municipality.objects.filter(pk=pk).first()
    if town is None or town.is_public:
        raise Http404
    form = SuggestionForm(request.POST)
    indicator = form.is_valid() and Indicator.objects.filter(
        code=form.cleaned_data["indicator"]).first()
    if not indicator:
        messages.error(request, _("提案の内容を読み取れませんでした。"
                                  "一覧から操作し直してください。"))
        return redirect("targets:needs_support")
    try:
        told = support_suggest(actor=request.user, municipality=town,
                               fiscal_year=form.cleaned_data["fiscal_year"],
                               indicator=indicator,
                               suggestion=form.cleaned_data["suggestion"],
                               system_id=form.cleaned_data["system"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(town)sの利用者%(count)s人に提案を送りました。") % {
            "town": town.name, "count": told})
    query = {"fiscal_year": form.cleaned_data["fiscal_year"]}
    if form.cleaned_data["band"]:
        query["band"] = form.cleaned_data["band"]
    return redirect(f"{reverse('targets:needs_support')}?{urlencode(query)}")
