"""Every read of joint procurement that depends on who is asking."""

from django.db.models import CharField, Count, Q, Sum
from django.db.models.functions import Cast
from django.http import Http404

from kyodo.accounts.policy import (
    can_manage_procurement,
    can_use_console,
    can_view_bid,
    can_view_procurement,
    vendors_of,
)
from procurement.lifecycle import Stage
from procurement.models import (
    LIVE_BID_STATUSES,
    Bid,
    Clarification,
    Procurement,
    ReasonRequest,
    SurveyInvitation,
    TechnicalScore,
)


def sealed_bid_events() -> Q:
    """The audit events of bids on tenders not yet opened: hidden from every reader of
    the log until the opening (kyodo.audit.visibility)."""
    sealed = Bid.objects.filter(procurement__opened_at__isnull=True).annotate(
        text=Cast("pk", output_field=CharField())).values("text")
    return Q(target_type="procurement.bid", target_id__in=sealed)


def procurement_list(*, actor):
    """What the asking person may see, newest first."""
    queryset = Procurement.objects.all()
    if can_use_console(actor):
        return queryset
    visible = [procurement.pk for procurement in queryset.exclude(stage=Stage.DRAFT)
               if can_view_procurement(actor, procurement)]
    return queryset.filter(pk__in=visible)


def procurement_get(*, actor, pk: int) -> Procurement:
    procurement = Procurement.objects.filter(pk=pk).first()
    if procurement is None or not can_view_procurement(actor, procurement):
        raise Http404
    return procurement


def town_invitation(*, procurement: Procurement, municipality) -> SurveyInvitation | None:
    return procurement.invitations.filter(municipality=municipality).first()


def town_procurements(*, municipality):
    """The procurements a town was asked to join, for its workspace."""
    return Procurement.objects.filter(invitations__municipality=municipality).exclude(
        stage=Stage.DRAFT).distinct()


def demand_of(procurement: Procurement) -> dict:
    """The aggregated demand vendors see: how many towns, people and units, never which
    town asked for how much."""
    totals = procurement.invitations.filter(joins=True).aggregate(
        towns=Count("pk"), population=Sum("municipality__population"), users=Sum("users"),
        licences=Sum("licences"), expected_usage=Sum("expected_usage"))
    answered = procurement.invitations.aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    return {name: value or 0 for name, value in (totals | answered).items()}


def own_bids(*, actor, procurement: Procurement):
    """The asking vendor members' own bids on this tender, latest first."""
    return [bid for bid in procurement.bids.filter(vendor__in=vendors_of(actor))
            .order_by("-received_at") if can_view_bid(actor, bid)]


def own_live_bid(*, actor, procurement: Procurement, vendor) -> Bid | None:
    return procurement.bids.filter(vendor=vendor, status__in=LIVE_BID_STATUSES).filter(
        vendor__in=vendors_of(actor)).first()


def bid_get(*, actor, pk) -> Bid:
    bid = Bid.objects.filter(pk=pk).select_related("procurement", "vendor").first()
    if bid is None or not can_view_bid(actor, bid):
        raise Http404
    return bid


def published_clarifications(procurement: Procurement):
    """Answered questions, without who asked."""
    return procurement.clarifications.exclude(answer="").values(
        "pk", "question", "answer", "answered_at")


def pending_clarifications(*, actor, procurement: Procurement):
    if not can_manage_procurement(actor):
        return procurement.clarifications.none()
    return procurement.clarifications.filter(answer="")


def clarifications_for(*, actor, procurement: Procurement):
    """The questions on a tender the asker may read: every answered one (published, never
    with who asked); the unanswered ones too for the coordinators who answer them; and a
    vendor's own unanswered ones."""
    clarifications = procurement.clarifications.all()
    if can_manage_procurement(actor):
        return clarifications
    return clarifications.filter(~Q(answer="") | Q(vendor__in=vendors_of(actor)))


def clarification_get(*, actor, pk: int) -> Clarification:
    clarification = Clarification.objects.filter(pk=pk).select_related("procurement").first()
    if clarification is None or not can_view_procurement(actor, clarification.procurement) \
            or not clarifications_for(actor=actor, procurement=clarification.procurement
                                      ).filter(pk=pk).exists():
        raise Http404
    return clarification


def reason_requests_for(*, actor, procurement: Procurement):
    """Requests for the reasons of an award: all of them for the coordinators, who answer;
    a vendor's own for its members."""
    requests = procurement.reason_requests.select_related("vendor").order_by("asked_at", "pk")
    if can_manage_procurement(actor):
        return requests
    return requests.filter(vendor__in=vendors_of(actor))


def reason_request_get(*, actor, pk: int) -> ReasonRequest:
    request = ReasonRequest.objects.filter(pk=pk).select_related("procurement").first()
    if request is None or not reason_requests_for(
            actor=actor, procurement=request.procurement).filter(pk=pk).exists():
        raise Http404
    return request


def own_scores(*, actor, procurement: Procurement):
    """The technical points this evaluator gave (each evaluator scores independently and
    reads only their own until the tabulation averages them)."""
    if not can_manage_procurement(actor):
        return TechnicalScore.objects.none()
    return TechnicalScore.objects.filter(bid__procurement=procurement, evaluator=actor).order_by(
        "bid__received_at", "item_key")


def participants_of(procurement: Procurement):
    """The towns that joined, once the tender is published (the 公告 names them; before,
    a town's answer is its own)."""
    if procurement.published_at is None:
        return procurement.invitations.none()
    return procurement.invitations.filter(joins=True).select_related("municipality").order_by(
        "municipality__lg_code")


def own_bids_of(*, vendors):
    """Every bid of these vendors (the caller's own), newest first."""
    return Bid.objects.filter(vendor__in=vendors).order_by("-received_at")
