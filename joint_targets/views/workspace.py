"""A town's joint-target pages, under /m/<slug>/targets/ (the town's schema is active and
WorkspaceMembershipMiddleware has admitted only its members).

The inventory is one page: the year's procedures, a form to add one, the row being edited
in place (its own address, /procedures/<pk>/edit/, shows the same page with that row open),
the template downloads and the import, whose errors are listed on the page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joint_targets import procedure_file
from joint_targets.forms import (
    OrganisationMeasureForm,
    ProcedureForm,
    ProcedureImportForm,
    YearForm,
)
from joint_targets.selectors import (
    organisation_checklist,
    procedure_get,
    procedure_list,
    procedure_values,
    town_dashboard,
)
from joint_targets.services.organisation import organisation_update
from joint_targets.services.procedures import (
    procedure_create,
    procedure_delete,
    procedure_update,
    procedures_import,
)
from kyodo.accounts.policy import can_edit_organisation_checklist, can_edit_procedures
from kyodo.errors import DomainError
from kyodo.exports import csv_response, xlsx_response
from kyodo.fiscal import fiscal_year_label, fiscal_year_label_ja

FORMATS = ("xlsx", "csv")


def _year(request) -> int:
    return YearForm(request.GET or None).chosen_year()


def _list_url(fiscal_year: int) -> str:
    return f"{reverse('workspace:targets_procedures')}?fiscal_year={fiscal_year}"


def _add_model_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _inventory_page(request, fiscal_year: int, *, add_form=None, import_form=None,
                    editing=None, edit_form=None, import_errors=None, status=200):
    town = request.tenant
    procedures = procedure_list(actor=request.user, municipality=town, fiscal_year=fiscal_year)
    return render(request, "joint_targets/workspace/procedures.html", {
        "town": town, "fiscal_year": fiscal_year,
        "fiscal_year_label": fiscal_year_label(fiscal_year),
        "year_form": YearForm(initial={"fiscal_year": fiscal_year}),
        "procedures": procedures, "editing": editing, "edit_form": edit_form,
        "may_edit": can_edit_procedures(request.user, town),
        "add_form": add_form or ProcedureForm(prefix="new"),
        "import_form": import_form or ProcedureImportForm(
            prefix="import", initial={"fiscal_year": fiscal_year}),
        "import_errors": import_errors,
        "values": procedure_values(actor=request.user, municipality=town,
                                   fiscal_year=fiscal_year),
    }, status=status)


def procedures(request):
    """The year's inventory (GET); adding a procedure to it (POST)."""
    town = request.tenant
    fiscal_year = _year(request)
    if request.method != "POST":
        return _inventory_page(request, fiscal_year)
    form = ProcedureForm(request.POST, prefix="new", fiscal_year=fiscal_year)
    if form.is_valid():
        try:
            procedure_create(actor=request.user, municipality=town, fiscal_year=fiscal_year,
                             data=form.cleaned_data)
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(request, _("手続きを追加しました。"))
            return redirect(_list_url(fiscal_year))
    return _inventory_page(request, fiscal_year, add_form=form)


def procedure_edit(request, pk: int):
    """The inventory with one row open for editing (GET), and saving it (POST)."""
    town = request.tenant
    procedure = procedure_get(actor=request.user, municipality=town, pk=pk)
    form = ProcedureForm(request.POST or None, instance=procedure, prefix="edit")
    if request.method == "POST" and form.is_valid():
        try:
            procedure_update(actor=request.user, municipality=town, pk=procedure.pk,
                             data=form.cleaned_data)
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": procedure.name})
            return redirect(f"{_list_url(procedure.fiscal_year)}#procedure-{procedure.pk}")
    return _inventory_page(request, procedure.fiscal_year, editing=procedure, edit_form=form)


@require_POST
def procedure_remove(request, pk: int):
    town = request.tenant
    procedure = procedure_get(actor=request.user, municipality=town, pk=pk)
    procedure_delete(actor=request.user, municipality=town, pk=procedure.pk)
    messages.success(request, _("「%(name)s」を一覧から削除しました。") % {"name": procedure.name})
    return redirect(_list_url(procedure.fiscal_year))


@require_POST
def procedures_upload(request):
    """Import the template file: every row, or none with each row's errors listed."""
    town = request.tenant
    form = ProcedureImportForm(request.POST, request.FILES, prefix="import")
    if not form.is_valid():
        return _inventory_page(request, _year(request), import_form=form)
    fiscal_year = form.cleaned_data["fiscal_year"]
    try:
        counts = procedures_import(actor=request.user, municipality=town,
                                   fiscal_year=fiscal_year,
                                   content=form.cleaned_data["file"].read())
    except DomainError as error:
        form.add_error("file", error.message)
        return _inventory_page(request, fiscal_year, import_form=form,
                               import_errors=[row for row in error.details if row["row"]])
    messages.success(request, _("取り込みました（追加%(created)d件、更新%(updated)d件、"
                                "変更なし%(unchanged)d件）。") % counts)
    return redirect(_list_url(fiscal_year))


def procedures_template(request):
    """The template, with the year's inventory in it, as Excel or CSV."""
    town = request.tenant
    fiscal_year = _year(request)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in FORMATS:
        raise Http404
    table = procedure_file.template_table(
        town=town, fiscal_year=fiscal_year,
        procedures=procedure_list(actor=request.user, municipality=town,
                                  fiscal_year=fiscal_year))
    filename = f"行政手続き一覧_{town.name}_{fiscal_year_label_ja(fiscal_year)}"
    if file_format == "csv":
        return csv_response(filename, table)
    return xlsx_response(filename, [table])


def dashboard(request):
    """The town's values against this year's targets and its band's median."""
    town = request.tenant
    fiscal_year = _year(request)
    return render(request, "joint_targets/workspace/dashboard.html", {
        "town": town, "fiscal_year": fiscal_year,
        "fiscal_year_label": fiscal_year_label(fiscal_year),
        "year_form": YearForm(initial={"fiscal_year": fiscal_year}),
        "rows": town_dashboard(actor=request.user, municipality=town, fiscal_year=fiscal_year),
    })


def organisation(request):
    """The organisation checklist: each item's start and end dates and evidence."""
    town = request.tenant
    items = organisation_checklist(actor=request.user, municipality=town)
    forms = [OrganisationMeasureForm(request.POST or None, instance=item, prefix=item.measure)
             for item in items]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        try:
            organisation_update(actor=request.user, municipality=town, items={
                form.instance.measure: form.cleaned_data for form in forms})
        except ValidationError as error:
            _add_model_errors(forms[0], error)
        else:
            messages.success(request, _("推進体制を保存しました。"))
            return redirect("workspace:targets_organisation")
    return render(request, "joint_targets/workspace/organisation.html", {
        "town": town, "forms": forms,
        "may_edit": can_edit_organisation_checklist(request.user, town)})
