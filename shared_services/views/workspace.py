"""A town's catalog pages, under /m/<slug>/catalog/ (the town's schema is active and
WorkspaceMembershipMiddleware has admitted only its members)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.policy import can_draft_adoption_request
from kyodo.errors import DomainError
from kyodo.fiscal import fiscal_year_label, fiscal_year_of
from shared_services import exports
from shared_services.forms import (
    AdoptionRequestForm,
    CatalogFilterForm,
    EstimateForm,
    fiscal_year_choices,
)
from shared_services.lifecycle import OPEN, Side
from shared_services.models import SystemStatus
from shared_services.selectors import (
    adopters,
    adoption_request_get,
    adoption_request_list,
    common_system_get,
    common_system_list,
    town_charges,
)
from shared_services.services.adoption import adoption_request_create, adoption_request_update
from shared_services.services.charges import estimate
from shared_services.views import requests as request_pages
from shared_services.views.specifications import specification_download


def catalog(request):
    town = request.tenant
    form = CatalogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    systems = common_system_list(actor=request.user, category=filters.get("category"),
                                 q=filters.get("q")).filter(status=SystemStatus.PUBLISHED)
    mine = {request_.system_id: request_ for request_ in
            adoption_request_list(actor=request.user, municipality=town)
            .filter(status__in=sorted(OPEN))}
    using = set(town.subscriptions.filter(last_month__isnull=True).values_list("system_id",
                                                                               flat=True))
    return render(request, "shared_services/workspace/catalog.html", {
        "town": town, "form": form,
        "rows": [(system, mine.get(system.pk), system.pk in using) for system in systems],
    })


def _estimate_context(request, system) -> dict:
    form = EstimateForm(request.GET or None)
    usage, start = 0, timezone.localdate().replace(day=1)
    if form.is_valid():
        usage = form.cleaned_data["usage"] or 0
        start = form.cleaned_data["start"]
    return {"estimate_form": form, "estimate": estimate(
        system=system, municipality=request.tenant, usage=usage, start=start),
        "estimate_start": start}


def system_detail(request, pk: int):
    system = common_system_get(actor=request.user, pk=pk)
    town = request.tenant
    open_request = adoption_request_list(actor=request.user, municipality=town).filter(
        system=system, status__in=sorted(OPEN)).first()
    return render(request, "shared_services/workspace/system.html", {
        "town": town, "system": system, "adopters": adopters(system=system),
        "open_request": open_request,
        "may_request": system.status == SystemStatus.PUBLISHED and open_request is None
        and can_draft_adoption_request(request.user, town),
        **_estimate_context(request, system),
    })


def system_estimate(request, pk: int):
    """The estimate alone, for kyodo.js to refresh as the person types."""
    system = common_system_get(actor=request.user, pk=pk)
    return render(request, "shared_services/workspace/_estimate.html", {
        "town": request.tenant, "system": system, **_estimate_context(request, system)})


def system_specification(request, pk: int, document_pk: int):
    return specification_download(request, pk, document_pk)


def requests_list(request):
    town = request.tenant
    return render(request, "shared_services/workspace/requests.html", {
        "town": town,
        "requests": adoption_request_list(actor=request.user, municipality=town),
    })


def request_new(request):
    town = request.tenant
    try:
        system = common_system_get(actor=request.user, pk=int(request.GET.get("system", "")))
    except ValueError as error:
        raise Http404 from error
    if not can_draft_adoption_request(request.user, town):
        raise PermissionDenied
    form = AdoptionRequestForm(request.POST or None, usage_label=system.usage_label)
    if request.method == "POST" and form.is_valid():
        try:
            adoption = adoption_request_create(actor=request.user, municipality=town,
                                               system=system, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("申請の下書きを作成しました。内容を確認して、"
                                        "市町村責任者が申請してください。"))
            return redirect("workspace:catalog_request", pk=adoption.pk)
    return render(request, "shared_services/workspace/request_form.html", {
        "town": town, "system": system, "form": form})


def request_edit(request, pk: int):
    town = request.tenant
    adoption = adoption_request_get(actor=request.user, pk=pk, municipality=town)
    form = AdoptionRequestForm(request.POST or None, instance=adoption,
                               usage_label=adoption.system.usage_label)
    if request.method == "POST" and form.is_valid():
        try:
            adoption_request_update(actor=request.user, request=adoption, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("申請の内容を保存しました。"))
            return redirect("workspace:catalog_request", pk=adoption.pk)
    return render(request, "shared_services/workspace/request_form.html", {
        "town": town, "system": adoption.system, "form": form, "adoption": adoption})


def request_detail(request, pk: int):
    adoption = adoption_request_get(actor=request.user, pk=pk, municipality=request.tenant)
    return render(request, "shared_services/workspace/request.html", {
        "town": request.tenant,
        **request_pages.request_context(request, adoption, url=_urls(adoption), side=Side.TOWN)})


def _urls(adoption):
    names = {"comment": "workspace:catalog_request_comment",
             "attach": "workspace:catalog_request_attach", "edit": "workspace:catalog_request_edit",
             "attachment": "workspace:catalog_request_attachment"}

    def url(name: str, *args) -> str:
        if name == "act":
            return reverse(f"workspace:catalog_request_{args[0]}", args=[adoption.pk])
        return reverse(names[name], args=[adoption.pk, *args])

    return url


def _here(adoption) -> str:
    return reverse("workspace:catalog_request", args=[adoption.pk])


@require_POST
def request_act(request, pk: int, action: str):
    adoption = adoption_request_get(actor=request.user, pk=pk, municipality=request.tenant)
    return request_pages.act(request, adoption, action, _here(adoption))


@require_POST
def request_comment(request, pk: int):
    adoption = adoption_request_get(actor=request.user, pk=pk, municipality=request.tenant)
    return request_pages.comment(request, adoption, _here(adoption))


@require_POST
def request_attach(request, pk: int):
    adoption = adoption_request_get(actor=request.user, pk=pk, municipality=request.tenant)
    return request_pages.attach(request, adoption, _here(adoption))


def request_attachment(request, pk: int, attachment_pk: int):
    adoption = adoption_request_get(actor=request.user, pk=pk, municipality=request.tenant)
    return request_pages.attachment_download(adoption, attachment_pk)


def _fiscal_year(request) -> int:
    try:
        return int(request.GET.get("fiscal_year", ""))
    except ValueError:
        return fiscal_year_of(timezone.localdate())


def charges(request):
    """負担金明細: the town's share of each system in a 年度, every version with its reason."""
    town = request.tenant
    fiscal_year = _fiscal_year(request)
    return render(request, "shared_services/workspace/charges.html", {
        "town": town, "fiscal_year": fiscal_year, "fiscal_year_label": fiscal_year_label(
            fiscal_year),
        "years": fiscal_year_choices(first=fiscal_year_of(timezone.localdate()) - 2, count=4),
        "statement": town_charges(actor=request.user, municipality=town,
                                  fiscal_year=fiscal_year),
    })


def charges_download(request):
    town = request.tenant
    fiscal_year = _fiscal_year(request)
    statement = town_charges(actor=request.user, municipality=town, fiscal_year=fiscal_year)
    return exports.town_statement_response(town=town, fiscal_year=fiscal_year,
                                           statement=statement,
                                           file_format=request.GET.get("format", "xlsx"))
