"""The town's records behind the reported indicators, and its roadmap, under
/m/<slug>/targets/: the automation register, the monthly approval counts, the resident
surveys and the 工程表. Each is one page drawn the same way as the procedure inventory:
the rows (with the values they give for the year chosen), a form to add one, the row
being edited open in place at its own address (…/<pk>/edit/) and a button to remove it.
`RecordPage` says what differs between them; the views below serve all four.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from joint_targets.forms import (
    ApprovalMonthForm,
    AutomatedProcessForm,
    MilestoneForm,
    ResidentSurveyForm,
    YearForm,
)
from joint_targets.indicators import approval_values, automation_values, percent, survey_values
from joint_targets.selectors import (
    roadmap_by_step,
    town_record_get,
    town_record_list,
    town_record_values,
)
from joint_targets.services import evidence, roadmap
from joint_targets.workspace.models import (
    ApprovalMonth,
    AutomatedProcess,
    Milestone,
    ResidentSurvey,
    fiscal_year_months,
)
from kyodo.accounts.policy import can_edit_town_evidence
from kyodo.fiscal import fiscal_year_label


@dataclass(frozen=True)
class Column:
    label: Promise
    value: Callable  # the row → what the cell shows
    numeric: bool = False


@dataclass(frozen=True)
class RecordPage:
    name: str  # URL names: workspace:targets_<name>, …_edit, …_remove
    title: Promise
    hint: Promise
    empty: Promise
    model: type
    form: type
    create: Callable
    update: Callable
    delete: Callable
    columns: tuple[Column, ...]
    compute: Callable | None = None  # the indicator values the records give for a year
    by_year: Callable[[int], Q] | None = None  # only the chosen year's rows are listed

    def url(self) -> str:
        return reverse(f"workspace:targets_{self.name}")


def _yes(flag) -> str:
    return "○" if flag else "×"


AUTOMATION = RecordPage(
    name="automation", title=gettext_lazy("RPA等の導入業務"),
    hint=gettext_lazy("年度末（3月31日）に稼働している業務の年間削減時間を合計して「RPA等による"
                      "削減時間」とし、ツールがRPAの業務があれば「RPAの導入」を「有」とします。"
                      "一覧が空の年度は「未報告」です。業務名や部署は県には公開されません。"),
    empty=gettext_lazy("自動化した業務はまだ登録されていません。"),
    model=AutomatedProcess, form=AutomatedProcessForm,
    create=evidence.automated_process_create, update=evidence.automated_process_update,
    delete=evidence.automated_process_delete,
    columns=(Column(gettext_lazy("業務名"), lambda row: row.name),
             Column(gettext_lazy("担当部署"), lambda row: row.department),
             Column(gettext_lazy("ツール"), lambda row: row.get_tool_display()),
             Column(gettext_lazy("稼働開始日"), lambda row: row.started_on),
             Column(gettext_lazy("稼働終了日"), lambda row: row.ended_on or "—"),
             Column(gettext_lazy("年間削減時間"), lambda row: row.hours_saved, numeric=True)),
    compute=automation_values)

APPROVALS = RecordPage(
    name="approvals", title=gettext_lazy("月別の決裁件数"),
    hint=gettext_lazy("電子決裁率は、年度（4月から翌年3月まで）に入力した月の電子決裁の件数を決裁"
                      "件数の合計で割って求めます。入力した月がない年度は「未報告」です。"),
    empty=gettext_lazy("この年度の決裁件数はまだ登録されていません。"),
    model=ApprovalMonth, form=ApprovalMonthForm,
    create=evidence.approval_month_create, update=evidence.approval_month_update,
    delete=evidence.approval_month_delete,
    columns=(Column(gettext_lazy("年月"), str),
             Column(gettext_lazy("決裁件数"), lambda row: row.decided, numeric=True),
             Column(gettext_lazy("うち電子決裁"), lambda row: row.electronic, numeric=True),
             Column(gettext_lazy("電子決裁率"),
                    lambda row: _percent_text(percent(row.electronic, row.decided)),
                    numeric=True)),
    compute=approval_values, by_year=fiscal_year_months)

SURVEYS = RecordPage(
    name="surveys", title=gettext_lazy("住民アンケートの結果"),
    hint=gettext_lazy("住民満足度は、その年度の住民アンケートで「満足」「やや満足」と答えた人数を"
                      "回答者数で割って求めます。結果を登録していない年度は「未報告」です。"),
    empty=gettext_lazy("住民アンケートの結果はまだ登録されていません。"),
    model=ResidentSurvey, form=ResidentSurveyForm,
    create=evidence.resident_survey_create, update=evidence.resident_survey_update,
    delete=evidence.resident_survey_delete,
    columns=(Column(gettext_lazy("年度"), str),
             Column(gettext_lazy("回答者数"), lambda row: row.respondents, numeric=True),
             Column(gettext_lazy("満足と回答した人数"), lambda row: row.satisfied, numeric=True),
             Column(gettext_lazy("住民満足度"),
                    lambda row: _percent_text(percent(row.satisfied, row.respondents)),
                    numeric=True)),
    compute=survey_values)

ROADMAP = RecordPage(
    name="roadmap", title=gettext_lazy("工程表"),
    hint=gettext_lazy("総務省「自治体DX全体手順書」の4つの手順ごとに、マイルストーンと担当、期限、"
                      "状況を管理します。期限を過ぎても「予定」のままのものは「期限超過」と表示します。"
                      "工程表は県には公開されません。"),
    empty=gettext_lazy("この手順のマイルストーンはまだありません。"),
    model=Milestone, form=MilestoneForm,
    create=roadmap.milestone_create, update=roadmap.milestone_update,
    delete=roadmap.milestone_delete,
    columns=(Column(gettext_lazy("マイルストーン"), lambda row: row.title),
             Column(gettext_lazy("担当"), lambda row: row.owner),
             Column(gettext_lazy("期限"), lambda row: row.due_on),
             Column(gettext_lazy("状況"), lambda row: row.get_status_display())))


def _percent_text(value) -> str:
    return _("未報告") if value is None else f"{value}%"


def _year(request) -> int:
    return YearForm(request.GET or None).chosen_year()


def _year_of(record, otherwise: int) -> int:
    """The fiscal year a row belongs to (a month's, a survey's), to show it among its
    year's rows; `otherwise` for a row of no one year."""
    return getattr(record, "fiscal_year", None) or otherwise


def _list_url(page: RecordPage, fiscal_year: int) -> str:
    return f"{page.url()}?fiscal_year={fiscal_year}"


def _rows(page: RecordPage, records: list) -> list[dict]:
    today = timezone.localdate()
    return [{"record": record, "cells": [(column.value(record), column.numeric)
                                         for column in page.columns],
             "overdue": isinstance(record, Milestone) and record.is_overdue(today)}
            for record in records]


def _sections(request, page: RecordPage, fiscal_year: int) -> list[tuple]:
    """(heading, rows) for the page's tables: one per roadmap step, one for the others."""
    town = request.tenant
    if page.model is Milestone:
        return [(step.label, _rows(page, milestones)) for step, milestones in
                roadmap_by_step(actor=request.user, municipality=town)]
    filters = page.by_year(fiscal_year) if page.by_year else None
    return [(None, _rows(page, town_record_list(actor=request.user, municipality=town,
                                                model=page.model, filters=filters)))]


def _render(request, page: RecordPage, fiscal_year: int, *, add_form=None, editing=None,
            edit_form=None):
    town = request.tenant
    values = (town_record_values(actor=request.user, municipality=town,
                                 fiscal_year=fiscal_year, compute=page.compute)
              if page.compute else [])
    return render(request, "joint_targets/workspace/records.html", {
        "town": town, "page": page, "fiscal_year": fiscal_year,
        "fiscal_year_label": fiscal_year_label(fiscal_year),
        "year_form": YearForm(initial={"fiscal_year": fiscal_year}),
        "show_year": bool(page.compute), "values": values,
        "sections": _sections(request, page, fiscal_year), "columns": page.columns,
        "list_url": _list_url(page, fiscal_year),
        "edit_name": f"workspace:targets_{page.name}_edit",
        "remove_name": f"workspace:targets_{page.name}_remove",
        "editing": editing, "edit_form": edit_form,
        "may_edit": can_edit_town_evidence(request.user, town),
        "add_form": add_form or page.form(prefix="new"),
    })


def _add_model_errors(form, error: ValidationError) -> None:
    for name, errors in error.message_dict.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


def record_list(request, page: RecordPage):
    """The page (GET); adding a row from the form under it (POST)."""
    fiscal_year = _year(request)
    if request.method != "POST":
        return _render(request, page, fiscal_year)
    form = page.form(request.POST, prefix="new")
    if form.is_valid():
        try:
            record = page.create(actor=request.user, municipality=request.tenant,
                                 data=form.cleaned_data)
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(request, _("「%(name)s」を追加しました。") % {"name": record})
            return redirect(_list_url(page, _year_of(record, fiscal_year)))
    return _render(request, page, fiscal_year, add_form=form)


def record_edit(request, pk: int, page: RecordPage):
    """The page with one row open as a form (GET), and saving it (POST)."""
    town = request.tenant
    record = town_record_get(actor=request.user, municipality=town, model=page.model, pk=pk)
    fiscal_year = _year_of(record, _year(request))
    form = page.form(request.POST or None, instance=record, prefix="edit")
    if request.method == "POST" and form.is_valid():
        try:
            saved = page.update(actor=request.user, municipality=town, pk=record.pk,
                                data=form.cleaned_data)
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": saved})
            return redirect(f"{_list_url(page, _year_of(saved, fiscal_year))}#record-{saved.pk}")
    return _render(request, page, fiscal_year, editing=record, edit_form=form)


@require_POST
def record_remove(request, pk: int, page: RecordPage):
    town = request.tenant
    record = town_record_get(actor=request.user, municipality=town, model=page.model, pk=pk)
    page.delete(actor=request.user, municipality=town, pk=record.pk)
    messages.success(request, _("「%(name)s」を削除しました。") % {"name": record})
    return redirect(_list_url(page, _year_of(record, _year(request))))
