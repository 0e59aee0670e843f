"""The list and the detail page every role shares; what each sees is the policy's call."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from kyodo.accounts.policy import (
    can_ask_clarification,
    can_bid_for,
    can_manage_procurement,
    can_request_reasons,
    can_view_tabulation,
    vendors_of,
)
from kyodo.errors import DomainError
from procurement import exports
from procurement.forms import AnswerForm, QuestionForm
from procurement.lifecycle import State
from procurement.models import ReasonRequest
from procurement.selectors import (
    demand_of,
    own_bids,
    pending_clarifications,
    procurement_get,
    procurement_list,
    published_clarifications,
)
from procurement.services.opening import evaluation_of
from procurement.tabulation import tabulation_build


@login_required
def procurement_index(request):
    procurements = list(procurement_list(actor=request.user))
    return render(request, "procurement/list.html", {
        "procurements": [(procurement, procurement.state()) for procurement in procurements],
        "may_manage": can_manage_procurement(request.user)})


def acting_vendor(user, procurement=None):
    """The vendor a member acts for on these pages: the first of theirs that may bid (or
    has bid), otherwise the first of theirs."""
    vendors = list(vendors_of(user).order_by("pk"))
    if procurement is not None:
        for vendor in vendors:
            if can_bid_for(user, vendor, procurement) or procurement.bids.filter(
                    vendor=vendor).exists():
                return vendor
    return vendors[0] if vendors else None


def tabulation_of(procurement):
    try:
        return tabulation_build(evaluation_of(procurement))
    except DomainError as error:  # scores not complete yet
        return error


@login_required
def procurement_detail(request, pk: int):
    procurement = procurement_get(actor=request.user, pk=pk)
    state = procurement.state()
    manage = can_manage_procurement(request.user)
    vendor = acting_vendor(request.user, procurement)
    context = {
        "procurement": procurement, "state": state, "may_manage": manage,
        "demand": demand_of(procurement), "States": State,
        "clarifications": published_clarifications(procurement),
        "amendments": procurement.amendments.all(),
        "vendor": vendor,
        "may_bid": vendor is not None and can_bid_for(request.user, vendor, procurement),
        "may_ask": vendor is not None and can_ask_clarification(request.user, vendor,
                                                                 procurement),
        "question_form": QuestionForm(),
        "own_bids": own_bids(actor=request.user, procurement=procurement),
        "may_see_tabulation": can_view_tabulation(request.user, procurement),
    }
    if manage:
        context |= {"pending": pending_clarifications(actor=request.user,
                                                      procurement=procurement),
                    "answer_form": AnswerForm(),
                    "invitations": procurement.invitations.select_related("municipality"),
                    "reason_requests": procurement.reason_requests.select_related("vendor")}
    if vendor is not None:
        context["may_ask_reasons"] = can_request_reasons(request.user, vendor, procurement)
        context["own_reason_request"] = ReasonRequest.objects.filter(
            procurement=procurement, vendor=vendor).first()
    if hasattr(procurement, "contract") and manage:
        context["shares"] = procurement.contract.shares.select_related("municipality")
    return render(request, "procurement/detail.html", context)


def lottery_rounds(tabulation) -> list[list[dict]]:
    """Each くじ's rounds with the bidders named, as the tabulation page explains them."""
    names = {row.bid_id: row.vendor_name for row in tabulation.rows}
    return [[{"round": round_, "lines": [
        {"position": line.position, "vendor": names.get(line.bid_id, line.bid_id),
         "kuji_number": line.kuji_number, "last_digits": line.received_epoch_seconds % 1000,
         "decision_number": line.decision_number} for line in round_.lines],
        "winner": names.get(round_.winner_bid_id, round_.winner_bid_id)}
        for round_ in lottery.rounds] for lottery in tabulation.lotteries]


@login_required
def tabulation(request, pk: int, file_format: str = ""):
    procurement = procurement_get(actor=request.user, pk=pk)
    if not can_view_tabulation(request.user, procurement):
        raise PermissionDenied
    result = tabulation_of(procurement)
    if file_format and not isinstance(result, DomainError):
        return exports.tabulation_response(procurement, result, file_format)
    unopened = procurement.bids.filter(opening__isnull=True).exclude(
        status__in=("replaced", "withdrawn")).count()
    tabulation = None if isinstance(result, DomainError) else result
    return render(request, "procurement/tabulation.html", {
        "procurement": procurement, "tabulation": tabulation,
        "lotteries": lottery_rounds(tabulation) if tabulation else [],
        "incomplete": result.message if isinstance(result, DomainError) else "",
        "unopened": unopened, "may_manage": can_manage_procurement(request.user)})
