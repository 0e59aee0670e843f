"""The coordinators' steps, each a form page or a POST that redirects to the detail page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.policy import can_manage_procurement
from kyodo.errors import DomainError
from kyodo.forms import ReasonForm, add_domain_error
from procurement.forms import (
    AmendForm,
    AnswerForm,
    AwardForm,
    ContractForm,
    ProcurementForm,
    ScoresForm,
    SurveyOpenForm,
    TermsForm,
)
from procurement.models import BidOpening, Clarification, ReasonRequest
from procurement.selectors import procurement_get
from procurement.services.bids import clarification_answer
from procurement.services.opening import (
    award_decide,
    contract_record,
    reasons_answer,
    scores_record,
    tender_open,
)
from procurement.services.tender import (
    procurement_cancel,
    procurement_create,
    survey_open,
    tender_amend,
    tender_publish,
)
from procurement.views.detail import tabulation_of


def _managed(request, pk: int):
    procurement = procurement_get(actor=request.user, pk=pk)
    if not can_manage_procurement(request.user):
        raise PermissionDenied
    return procurement


def _form_page(request, procurement, form, *, title: str, lead: str, submit: str,
               multipart=False):
    return render(request, "procurement/form.html", {
        "procurement": procurement, "form": form, "title": title, "lead": lead,
        "submit": submit, "multipart": multipart,
        "back": reverse("procurement:detail", args=[procurement.pk]) if procurement
        else reverse("procurement:list")})


def _detail(procurement):
    return redirect("procurement:detail", pk=procurement.pk)


def _step(request, procurement, form, act, *, done, page: dict):
    """A coordinator's form step: on a valid post run `act(form)` (a service), then say
    what happened (`done(result)` or a text) and go to the procurement; otherwise show
    the form, with a service's field errors on their fields."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return _detail(procurement or result)
    return _form_page(request, procurement, form, **page)


@login_required
def procurement_new(request):
    if not can_manage_procurement(request.user):
        raise PermissionDenied
    return _step(
        request, None, ProcurementForm(request.POST or None),
        lambda form: procurement_create(actor=request.user, data=form.cleaned_data),
        done=lambda procurement: _("共同調達「%(title)s」を下書きとして作成しました。")
        % {"title": procurement.title},
        page={"title": _("共同調達の作成"), "submit": _("作成する"),
              "lead": _("調達の目的を書き、次に参加意向調査を始めます。")})


@login_required
def survey(request, pk: int):
    procurement = _managed(request, pk)
    return _step(
        request, procurement, SurveyOpenForm(request.POST or None),
        lambda form: survey_open(actor=request.user, procurement=procurement,
                                 municipalities=form.cleaned_data["municipalities"],
                                 deadline=form.cleaned_data["survey_deadline"]),
        done=_("参加意向調査を始めました。選んだ市町村の責任者に通知しました。"),
        page={"title": _("参加意向調査を始める"), "submit": _("調査を始める"),
              "lead": _("市町村の責任者が、期限までに参加するかどうかと利用見込みを回答します。"
                        "期限後に回答した団体は参加できません。")})


@login_required
def publish(request, pk: int):
    procurement = _managed(request, pk)
    return _step(
        request, procurement, TermsForm(request.POST or None, instance=procurement),
        lambda form: tender_publish(actor=request.user, procurement=procurement,
                                    data=form.terms()),
        done=_("入札を公告しました。資格のある事業者に通知しました。"),
        page={"title": _("入札を公告する"), "submit": _("公告する"),
              "lead": _("公告すると入札書の受付が始まります。参加団体はこの時点で確定します。")})


@login_required
def amend(request, pk: int):
    procurement = _managed(request, pk)

    def act(form):
        terms = form.terms()
        summary = terms.pop("summary")
        return tender_amend(actor=request.user, procurement=procurement, data=terms,
                            summary=summary)

    return _step(
        request, procurement, AmendForm(request.POST or None, instance=procurement), act,
        done=lambda amendment: _("公告を第%(version)d版に変更し、事業者に通知しました。")
        % {"version": amendment.version},
        page={"title": _("公告内容の変更"), "submit": _("変更を公告する"),
              "lead": _("提出期限まで10日を切っている場合は、期限が自動的に延長されます。"
                        "入札済みの事業者には確認又は差し替えを求めます。")})


@login_required
def cancel(request, pk: int):
    procurement = _managed(request, pk)
    return _step(
        request, procurement, ReasonForm(request.POST or None),
        lambda form: procurement_cancel(actor=request.user, procurement=procurement,
                                        reason=form.cleaned_data["reason"]),
        done=_("共同調達を中止しました。"),
        page={"title": _("共同調達の中止"), "submit": _("中止する"),
              "lead": _("中止は取り消せません。提出された入札は開札されないまま残ります。")})


@login_required
@require_POST
def open_bids(request, pk: int):
    procurement = _managed(request, pk)
    try:
        tender_open(actor=request.user, procurement=procurement)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("開札しました。"))
    return _detail(procurement)


@login_required
def scores(request, pk: int):
    procurement = _managed(request, pk)
    bids = [opening.bid for opening in BidOpening.objects.filter(
        bid__procurement=procurement, validity__in=("valid", "investigation"))
        .select_related("bid__vendor").order_by("bid__received_at")]
    return _step(
        request, procurement,
        ScoresForm(request.POST or None, bids=bids, items=procurement.technical_items),
        lambda form: scores_record(actor=request.user, procurement=procurement,
                                   points=form.points()),
        done=_("あなたの採点を保存しました。"),
        page={"title": _("技術点の採点"), "submit": _("採点を保存する"),
              "lead": _("評価者はそれぞれ独立して採点します。各項目の得点は評価者の平均です。")})


@login_required
def award(request, pk: int):
    procurement = _managed(request, pk)
    result = tabulation_of(procurement)
    if isinstance(result, DomainError):  # not opened, or the panel has not finished scoring
        messages.error(request, result.message)
        return _detail(procurement)
    choices = [(row.bid_id, _("第%(rank)d順位 %(vendor)s") % {
        "rank": row.rank, "vendor": row.vendor_name}) for row in result.rows if row.rank]
    return _step(
        request, procurement, AwardForm(request.POST or None, choices=choices),
        lambda form: award_decide(actor=request.user, procurement=procurement,
                                  bid=procurement.bids.get(pk=form.cleaned_data["bid"]),
                                  reason=form.cleaned_data["reason"]),
        done=_("落札者を決定し、入札者と参加団体に通知しました。"),
        page={"title": _("落札者の決定"), "submit": _("落札者を決定する"),
              "lead": _("第1順位以外を落札者とするときは、理由を記録します。")})


@login_required
def contract(request, pk: int):
    procurement = _managed(request, pk)
    return _step(
        request, procurement,
        ContractForm(request.POST or None, for_catalog=bool(procurement.category)),
        lambda form: contract_record(actor=request.user, procurement=procurement,
                                     data=form.cleaned_data),
        done=_("契約を登録し、参加団体ごとの負担額を計算しました。"),
        page={"title": _("契約の登録"), "submit": _("契約を登録する"),
              "lead": _("契約金額は、公告した分担方法（均等割・人口割）で参加団体に配分します。")})


@login_required
@require_POST
def clarification_reply(request, pk: int):
    clarification = get_object_or_404(Clarification, pk=pk)
    procurement = _managed(request, clarification.procurement_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("回答を入力してください。"))
        return _detail(procurement)
    try:
        clarification_answer(actor=request.user, clarification=clarification,
                             answer=form.cleaned_data["answer"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("回答を公表しました。質問者の名前は公表されません。"))
    return _detail(procurement)


@login_required
@require_POST
def reasons_reply(request, pk: int):
    reason_request = get_object_or_404(ReasonRequest, pk=pk)
    procurement = _managed(request, reason_request.procurement_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("回答を入力してください。"))
        return _detail(procurement)
    reasons_answer(actor=request.user, request=reason_request, answer=form.cleaned_data["answer"])
    messages.success(request, _("理由の説明を記録し、事業者に通知しました。"))
    return _detail(procurement)
