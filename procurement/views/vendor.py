"""A vendor's side: bidding, its receipt, questions and asking for reasons.

The receipt page shows the digest and the exact canonical content it covers, once,
straight after bidding (kept in the session until shown): the vendor saves it to check
against the tabulation after the opening. Nothing of it is stored in the clear.
"""

import base64
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.errors import DomainError
from kyodo.forms import add_domain_error
from procurement.forms import BidForm, QuestionForm
from procurement.selectors import bid_get, procurement_get
from procurement.services.bids import (
    bid_confirm,
    bid_submit,
    bid_withdraw,
    clarification_ask,
)
from procurement.services.opening import reasons_request
from procurement.views.detail import acting_vendor

RECEIPT_SESSION_KEY = "procurement_receipt"


def _vendor(request, procurement):
    vendor = acting_vendor(request.user, procurement)
    if vendor is None:
        raise PermissionDenied
    return vendor


@login_required
def bid_new(request, pk: int):
    procurement = procurement_get(actor=request.user, pk=pk)
    vendor = _vendor(request, procurement)
    towns = ([invitation.municipality for invitation in procurement.invitations.filter(
        joins=True).select_related("municipality").order_by("municipality__lg_code")]
        if procurement.asks_town_prices else [])
    form = BidForm(request.POST or None, request.FILES or None, towns=towns)
    if request.method == "POST" and form.is_valid():
        try:
            bid, receipt = bid_submit(
                actor=request.user, vendor=vendor, procurement=procurement,
                total_price=form.cleaned_data["total_price"],
                kuji_number=form.cleaned_data["kuji_number"], town_prices=form.town_prices(),
                declarations=form.declarations(), documents=form.documents_read())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            request.session[RECEIPT_SESSION_KEY] = {
                "bid": str(bid.pk), "canonical": receipt.canonical.decode("utf-8")}
            messages.success(request, _("入札書を受け付けました。受付番号を保存してください。"))
            return redirect("procurement:bid", pk=bid.pk)
    return render(request, "procurement/bid_form.html", {
        "procurement": procurement, "vendor": vendor, "form": form})


@login_required
def bid_detail(request, pk):
    bid = bid_get(actor=request.user, pk=pk)
    shown = request.session.get(RECEIPT_SESSION_KEY)
    canonical = ""
    if shown and shown.get("bid") == str(bid.pk):
        canonical = shown["canonical"]
        del request.session[RECEIPT_SESSION_KEY]
    pretty = json.dumps(json.loads(canonical), ensure_ascii=False, indent=2) if canonical else ""
    return render(request, "procurement/receipt.html", {
        "bid": bid, "procurement": bid.procurement, "canonical": canonical, "pretty": pretty,
        "download": "data:application/json;base64," + base64.b64encode(
            canonical.encode("utf-8")).decode("ascii") if canonical else ""})


def _on_own_bid(request, pk, act, done: str):
    bid = bid_get(actor=request.user, pk=pk)
    try:
        act(actor=request.user, bid=bid)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("procurement:detail", pk=bid.procurement_id)


@login_required
@require_POST
def bid_withdrawal(request, pk):
    return _on_own_bid(request, pk, bid_withdraw,
                       _("入札を辞退しました。期限までは再び入札できます。"))


@login_required
@require_POST
def bid_confirmation(request, pk):
    return _on_own_bid(request, pk, bid_confirm, _("変更後の公告内容で、この入札を維持します。"))


def _ask(request, pk: int, act, *, missing: str, done: str):
    """A vendor's question on a tender's page (a clarification, or reasons after the
    award): the service decides whether it may be asked now."""
    procurement = procurement_get(actor=request.user, pk=pk)
    vendor = _vendor(request, procurement)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, missing)
        return redirect("procurement:detail", pk=pk)
    try:
        act(actor=request.user, vendor=vendor, procurement=procurement,
            question=form.cleaned_data["question"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("procurement:detail", pk=pk)


@login_required
@require_POST
def question(request, pk: int):
    return _ask(request, pk, clarification_ask,
                missing=_("質問を入力してください（2,000文字以内）。"),
                done=_("質問を送りました。回答は、質問者を伏せてすべての事業者に公表されます。"))


@login_required
@require_POST
def reasons(request, pk: int):
    return _ask(request, pk, reasons_request, missing=_("説明を求める事項を入力してください。"),
                done=_("理由の説明を求めました。県の回答は通知でお知らせします。"))
