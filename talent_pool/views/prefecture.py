"""The coordinator's pages: the request queue, proposals and decisions, specialists'
profiles, the fairness view and the utilisation with its export."""

from dataclasses import fields

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.policy import can_run_proposal
from kyodo.charts import Bar, BarChart
from kyodo.exports import csv_response, xlsx_response
from talent_pool import selectors
from talent_pool.explain import explanation_from_dict, match_text, unserved_from_dict, unserved_text
from talent_pool.exports import utilisation_tables
from talent_pool.fit import DEFAULT_WEIGHTS
from talent_pool.forms import DeclineForm, MatchEditForm, SpecialistForm
from talent_pool.lifecycle import RequestStatus
from talent_pool.models import MatchDecision, PriorityChoice, ProposedMatch
from talent_pool.services.engagements import engagement_complete
from talent_pool.services.proposals import match_accept, match_reject, proposal_run
from talent_pool.services.requests import support_request_decline
from talent_pool.services.specialists import specialist_save
from talent_pool.views.common import coordinator_only, form_step, post_step
from tenants.bands import PopulationBand


def skill_names() -> dict[str, str]:
    return {skill.code: skill.name for skill in selectors.skill_list()}


@login_required
def index(request):
    coordinator_only(request)
    status = request.GET.get("status") or ""
    if status and status not in RequestStatus.values:
        status = ""
    return render(request, "talent_pool/index.html", {
        "requests": selectors.request_list(actor=request.user, status=status or None),
        "statuses": [(value, label) for value, label in RequestStatus.choices
                     if value != RequestStatus.DRAFT],
        "status": status, "proposal": selectors.latest_proposal()})


@login_required
def request_detail(request, pk: int):
    coordinator_only(request)
    support_request = selectors.request_get(actor=request.user, pk=pk)
    engagement = getattr(support_request, "engagement", None)
    return render(request, "talent_pool/request.html", {
        "support_request": support_request, "engagement": engagement,
        "hours": selectors.hours_delivered(engagement) if engagement else None,
        "monthly": selectors.monthly_hours(engagement) if engagement else [],
        "decline_form": DeclineForm(), "may_decline": support_request.status in (
            RequestStatus.SUBMITTED, RequestStatus.PROPOSED),
        "may_complete": support_request.status == RequestStatus.ACTIVE})


@login_required
@require_POST
def decline(request, pk: int):
    coordinator_only(request)
    support_request = selectors.request_get(actor=request.user, pk=pk)
    return post_step(request, lambda: support_request_decline(
        actor=request.user, request=support_request, reason=request.POST.get("reason", "")),
        done=_("支援要請を見送りとし、団体に通知しました。"),
        back=reverse("talent:request", args=[pk]))


@login_required
@require_POST
def complete(request, pk: int):
    coordinator_only(request)
    engagement = selectors.engagement_get(actor=request.user, pk=pk)
    return post_step(request, lambda: engagement_complete(actor=request.user,
                                                          engagement=engagement),
                     done=_("支援を終了しました。団体に評価を依頼しました。"),
                     back=reverse("talent:request", args=[engagement.request_id]))


def _match_rows(proposal, names):
    labels = {}
    rows = []
    for match in selectors.proposal_matches(proposal):
        labels[match.request_id] = f"{match.request.municipality.name}「{match.request.title}」"
        rows.append({"match": match, "text": match_text(explanation_from_dict(match.explanation),
                                                        names),
                     "form": MatchEditForm(prefix=f"m{match.pk}", initial={
                         "specialist": match.specialist_id, "hours": match.hours})
                     if match.decision == MatchDecision.PENDING else None})
    return rows, labels


@login_required
def proposal(request):
    if not can_run_proposal(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return post_step(request, lambda: proposal_run(actor=request.user),
                         done=_("割当て案を作成しました。1件ずつ採用・変更・不採用を決めてください。"),
                         back=reverse("talent:proposal"))
    latest = selectors.latest_proposal()
    names = skill_names()
    rows, labels = _match_rows(latest, names) if latest else ([], {})
    unserved = []
    if latest:
        requests = {r.pk: r for r in selectors.request_list(actor=request.user).filter(
            pk__in=[row["request"] for row in latest.unserved])}
        for row in latest.unserved:
            item = unserved_from_dict(row)
            unserved.append({"request": requests.get(item.request),
                             "text": unserved_text(item, labels)})
    return render(request, "talent_pool/proposal.html", {
        "proposal": latest, "rows": rows, "unserved": unserved, "weights": weight_rows(),
        "open_count": selectors.request_list(actor=request.user).filter(
            status__in=[RequestStatus.SUBMITTED, RequestStatus.PROPOSED]).count()})


def weight_rows() -> list[tuple[str, str]]:
    """The fit's weights as the coordinator reads them (label, value)."""
    rows = []
    for item in fields(DEFAULT_WEIGHTS):
        value = getattr(DEFAULT_WEIGHTS, item.name)
        if item.name == "priority":
            value = "、".join(f"{PriorityChoice(key).label} ×{weight}"
                             for key, weight in value.items())
        elif item.name == "population_band":
            value = "、".join(f"{PopulationBand(key).label} ×{weight}"
                             for key, weight in value.items() if key != PopulationBand.PREFECTURE)
        rows.append((str(item.metadata["label"]), str(value)))
    return rows


def _pending_match(request, pk: int) -> ProposedMatch:
    if not can_run_proposal(request.user):
        raise PermissionDenied
    return get_object_or_404(ProposedMatch.objects.select_related("request", "specialist"), pk=pk)


@login_required
@require_POST
def accept(request, pk: int):
    match = _pending_match(request, pk)
    form = MatchEditForm(request.POST, prefix=f"m{match.pk}")
    if not form.is_valid():
        messages.error(request, _("担当者と支援時間を確認してください。"))
        return redirect("talent:proposal")
    return post_step(request, lambda: match_accept(
        actor=request.user, match=match, specialist=form.cleaned_data["specialist"],
        hours=form.cleaned_data["hours"]),
        done=_("%(town)sの「%(title)s」を採用し、団体と担当者に通知しました。")
        % {"town": match.request.municipality.name, "title": match.request.title},
        back=reverse("talent:proposal"))


@login_required
@require_POST
def reject(request, pk: int):
    match = _pending_match(request, pk)
    return post_step(request, lambda: match_reject(actor=request.user, match=match),
                     done=_("不採用にしました。この要請は次の割当て案の対象に戻ります。"),
                     back=reverse("talent:proposal"))


@login_required
def specialist_list(request):
    return render(request, "talent_pool/specialists.html", {
        "specialists": selectors.specialist_list(actor=request.user)})


@login_required
def specialist_edit(request, pk: int | None = None):
    coordinator_only(request)
    specialist = selectors.specialist_get(actor=request.user, pk=pk) if pk else None
    form = SpecialistForm(request.POST or None, instance=specialist)
    done = form_step(request, form, lambda f: specialist_save(
        actor=request.user, specialist=specialist, data=f.data_for_service(),
        skills=f.skill_levels()), done=_("デジタル人材の情報を保存しました。"),
        success=lambda _result: reverse("talent:specialists"))
    if done:
        return done
    return render(request, "talent_pool/specialist_form.html", {
        "form": form, "specialist": specialist,
        "title": _("デジタル人材の情報を編集") if specialist else _("デジタル人材を登録")})


@login_required
def fairness(request):
    rows = selectors.fairness(actor=request.user)
    served = BarChart(
        title=_("団体区分別の支援要請の充足率"), unit="%", id="served-chart", maximum=100,
        columns=[_("団体区分"), _("充足率"), _("支援中・終了／要請")],
        bars=[Bar(row.label, row.served_percent, f"{row.served} / {row.requests}")
              for row in rows])
    hours = BarChart(
        title=_("団体区分別の支援時間（記録された稼働の合計）"), unit=_("時間"), id="hours-chart",
        columns=[_("団体区分"), _("支援時間")],
        bars=[Bar(row.label, row.hours) for row in rows])
    return render(request, "talent_pool/fairness.html", {"charts": [served, hours]})


@login_required
def utilisation(request, file_format: str | None = None):
    months = selectors.recent_months(6)
    rows = selectors.utilisation(actor=request.user, months=months)
    if file_format is not None:
        tables = utilisation_tables(rows, months)
        if file_format == "xlsx":
            return xlsx_response("utilisation.xlsx", tables)
        if file_format == "csv":
            return csv_response("utilisation.csv", tables[0])
        raise Http404
    by_specialist: dict = {}
    for row in rows:
        by_specialist.setdefault(row.specialist, []).append(row)
    return render(request, "talent_pool/utilisation.html", {
        "months": months, "table": list(by_specialist.items()),
        "engagements": selectors.engagement_list(actor=request.user)})
