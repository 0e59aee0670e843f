"""The catalog as the prefecture runs it, under /catalog/: browsing (every signed-in
person), curation (coordinators), the queue of requests and the cost shares."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.policy import can_manage_catalog, can_use_console
from kyodo.errors import DomainError
from kyodo.fiscal import fiscal_year_label, fiscal_year_of
from shared_services import exports
from shared_services.forms import (
    CatalogFilterForm,
    CommonSystemForm,
    SpecificationForm,
    SystemStatusForm,
    fiscal_year_choices,
)
from shared_services.lifecycle import Side
from shared_services.selectors import (
    adopters,
    adoption_queue,
    adoption_request_get,
    adoption_request_list,
    allocation_lines,
    allocation_versions,
    common_system_get,
    common_system_list,
    prefecture_charges,
)
from shared_services.services.catalog import (
    ALLOWED_STATUS_CHANGES,
    common_system_create,
    common_system_set_status,
    common_system_update,
    specification_add,
)
from shared_services.views import requests as request_pages
from shared_services.views.specifications import specification_download


def _fiscal_year(request) -> int:
    try:
        return int(request.GET.get("fiscal_year", ""))
    except ValueError:
        return fiscal_year_of(timezone.localdate())


@login_required
def catalog(request):
    form = CatalogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return render(request, "shared_services/catalog.html", {
        "form": form, "may_manage": can_manage_catalog(request.user),
        "systems": common_system_list(actor=request.user, **filters),
    })


@login_required
def system_detail(request, pk: int):
    system = common_system_get(actor=request.user, pk=pk)
    fiscal_year = _fiscal_year(request)
    context = {"system": system, "adopters": adopters(system=system),
               "may_manage": can_manage_catalog(request.user),
               "prices": system.standalone_charges.all(),
               "specifications": system.specifications.all()}
    if can_use_console(request.user):
        versions = list(allocation_versions(actor=request.user, system=system,
                                            fiscal_year=fiscal_year))
        context.update(
            fiscal_year=fiscal_year, fiscal_year_label=fiscal_year_label(fiscal_year),
            years=fiscal_year_choices(first=fiscal_year_of(timezone.localdate()) - 2, count=4),
            versions=[(version, allocation_lines(actor=request.user, version=version))
                      for version in versions],
            history=system.status_changes.select_related("actor"),
            status_choices=[(status, status.label)
                            for status in ALLOWED_STATUS_CHANGES.get(system.status, ())],
            status_form=SystemStatusForm(), specification_form=SpecificationForm())
    return render(request, "shared_services/system.html", context)


@login_required
def system_new(request):
    if not can_manage_catalog(request.user):
        raise PermissionDenied
    form = CommonSystemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            system = common_system_create(actor=request.user, data=form.system_data(),
                                          standalone_prices=form.standalone_prices())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("「%(name)s」を下書きとして登録しました。") % {
                "name": system.name})
            return redirect("catalog:system", pk=system.pk)
    return render(request, "shared_services/system_form.html", {"form": form})


@login_required
def system_edit(request, pk: int):
    system = common_system_get(actor=request.user, pk=pk)
    if not can_manage_catalog(request.user):
        raise PermissionDenied
    form = CommonSystemForm(request.POST or None, instance=system)
    if request.method == "POST" and form.is_valid():
        try:
            common_system_update(actor=request.user, system=system, data=form.system_data(),
                                 standalone_prices=form.standalone_prices())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": system.name})
            return redirect("catalog:system", pk=system.pk)
    return render(request, "shared_services/system_form.html", {"form": form, "system": system})


@login_required
@require_POST
def system_status(request, pk: int):
    system = common_system_get(actor=request.user, pk=pk)
    form = SystemStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("変更後の状態を選んでください。"))
        return redirect("catalog:system", pk=system.pk)
    try:
        system = common_system_set_status(actor=request.user, system=system,
                                          status=form.cleaned_data["status"],
                                          comment=form.cleaned_data["comment"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("「%(name)s」を「%(status)s」にしました。") % {
            "name": system.name, "status": system.get_status_display()})
    return redirect("catalog:system", pk=system.pk)


@login_required
@require_POST
def specification_new(request, pk: int):
    system = common_system_get(actor=request.user, pk=pk)
    form = SpecificationForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("catalog:system", pk=system.pk)
    document = specification_add(actor=request.user, system=system,
                                 title=form.cleaned_data["title"], upload=form.cleaned_data["file"])
    messages.success(request, _("仕様書の第%(version)d版を登録しました。") % {
        "version": document.version})
    return redirect("catalog:system", pk=system.pk)


@login_required
def specification(request, pk: int, document_pk: int):
    return specification_download(request, pk, document_pk)


@login_required
def queue(request):
    """Requests waiting for the prefecture, across towns, oldest first, with days waiting."""
    now = timezone.now()
    waiting = [(adoption, (now - adoption.submitted_at).days if adoption.submitted_at else 0)
               for adoption in adoption_queue(actor=request.user)]
    return render(request, "shared_services/queue.html", {
        "waiting": waiting,
        "decided": adoption_request_list(actor=request.user).exclude(
            pk__in=[adoption.pk for adoption, _days in waiting])[:50],
    })


@login_required
def request_detail(request, pk: int):
    adoption = adoption_request_get(actor=request.user, pk=pk)
    return render(request, "shared_services/request.html",
                  request_pages.request_context(request, adoption, url=_urls(adoption),
                                                side=Side.PREFECTURE))


def _urls(adoption):
    """The prefecture's URLs of a request page (a town attaches and edits on its own)."""
    names = {"comment": "catalog:request_comment", "attachment": "catalog:request_attachment"}

    def url(name: str, *args) -> str | None:
        if name == "act":
            return reverse(f"catalog:request_{args[0]}", args=[adoption.pk])
        if name not in names:
            return None
        return reverse(names[name], args=[adoption.pk, *args])

    return url


def _here(adoption) -> str:
    return reverse("catalog:request", args=[adoption.pk])


@login_required
@require_POST
def request_act(request, pk: int, action: str):
    adoption = adoption_request_get(actor=request.user, pk=pk)
    return request_pages.act(request, adoption, action, _here(adoption))


@login_required
@require_POST
def request_comment(request, pk: int):
    adoption = adoption_request_get(actor=request.user, pk=pk)
    return request_pages.comment(request, adoption, _here(adoption))


@login_required
def request_attachment(request, pk: int, attachment_pk: int):
    adoption = adoption_request_get(actor=request.user, pk=pk)
    return request_pages.attachment_download(adoption, attachment_pk)


@login_required
def charges(request):
    fiscal_year = _fiscal_year(request)
    lines = prefecture_charges(actor=request.user, fiscal_year=fiscal_year)
    if request.GET.get("format"):
        return exports.prefecture_statement_response(fiscal_year=fiscal_year, lines=lines,
                                                     file_format=request.GET["format"])
    return render(request, "shared_services/charges.html", {
        "fiscal_year": fiscal_year, "fiscal_year_label": fiscal_year_label(fiscal_year),
        "years": fiscal_year_choices(first=fiscal_year_of(timezone.localdate()) - 2, count=4),
        "lines": lines, "total": sum(line.amount for line in lines),
    })
