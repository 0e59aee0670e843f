"""The opening (開札), scoring, the award and the contract.

Only `tender_open` unwraps a tender key, and only at or after the opening time
(procurement.sealing.tender_key_open refuses earlier). It is idempotent: Celery beat
calls it for every tender whose opening time has come (procurement.tasks), and a
coordinator may run it by hand; whichever comes second finds it done.
"""

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_manage_procurement, can_request_reasons
from kyodo.errors import DomainError, ErrorCode
from procurement import notices
from procurement.evaluation import TECHNICAL_METHODS, Evaluation, evaluate, validity
from procurement.evaluation import OpenedBid as EvaluatedBid
from procurement.evaluation import TechnicalScore as Score
from procurement.keys import keyring
from procurement.lifecycle import Stage, State
from procurement.models import (
    Award,
    Bid,
    BidOpening,
    BidStatus,
    Contract,
    ContractShare,
    Procurement,
    ReasonRequest,
    TechnicalScore,
)
from procurement.receipts import BidContent
from procurement.sealing import TenderKey, tender_key_open
from procurement.services.common import (
    audit,
    conflict,
    fresh,
    invalid,
    now,
    procurement_snapshot,
    require,
    wrong_state,
)
from procurement.services.tender import tender_rules
from shared_services.allocation import Adopter, SharingRule, allocate
from shared_services.models import Delivery
from shared_services.services.catalog import common_system_from_contract


def tender_open(*, actor, procurement: Procurement) -> Procurement:
    """Decrypt every bid that counts, check it against the prices and fix the outcome.

    `actor` is None when beat opens it. Bids awaiting confirmation after an amendment
    are not opened: they did not answer the terms in force.
    """
    if actor is not None:
        require(can_manage_procurement(actor))
    with transaction.atomic():
        procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
        if procurement.opened_at is not None:
            return procurement
        if procurement.stage != Stage.PUBLISHED:
            raise wrong_state(procurement)
        moment = now()
        opened = tender_key_open(tender_key=TenderKey.from_text(procurement.tender_key),
                                 tender_id=str(procurement.pk), keyring=keyring(),
                                 opening_at=procurement.opening_at, now=moment)
        rules = tender_rules(procurement)
        for bid in procurement.bids.filter(status=BidStatus.CURRENT).prefetch_related("items"):
            items = {item.role: bytes(item.ciphertext) for item in bid.items.all()}
            reader = opened.bid(bid_id=str(bid.pk), sealed_key=bytes(bid.sealed_key))
            canonical = reader.open("content", items["content"])
            content = BidContent.from_canonical(canonical)
            BidOpening.objects.create(
                bid=bid, price=content.total_price, kuji_number=content.kuji_number,
                content=canonical, validity=validity(rules, content.total_price),
                town_prices=dict(content.town_prices),
                documents=[{"name": document.name, "sha256": document.sha256,
                            "size": document.size} for document in content.documents])
        before = procurement_snapshot(procurement)
        procurement.opened_at = moment
        procurement.stage = Stage.OPENED
        procurement.save()
        outcome = _evaluation(procurement) if procurement.method not in TECHNICAL_METHODS \
            else None
        if not BidOpening.objects.filter(bid__procurement=procurement,
                                         validity__in=("valid", "investigation")).exists() or (
                outcome is not None and outcome.winner is None):
            procurement.stage = Stage.UNSUCCESSFUL
            procurement.save(update_fields=["stage", "updated_at"])
        audit(actor=actor, action="procurement.open", target=procurement, before=before,
              after=procurement_snapshot(procurement) | {
                  "opened_bids": BidOpening.objects.filter(
                      bid__procurement=procurement).count()})
        notices.tender_opened(procurement=procurement)
    return procurement


def opened_bids(procurement: Procurement) -> list[EvaluatedBid]:
    return [EvaluatedBid(bid_id=str(opening.bid_id), vendor_id=str(opening.bid.vendor_id),
                         vendor_name=opening.bid.vendor.legal_name, price=opening.price,
                         kuji_number=opening.kuji_number, received_at=opening.bid.received_at,
                         receipt_sha256=opening.bid.receipt_sha256)
            for opening in BidOpening.objects.filter(bid__procurement=procurement)
            .select_related("bid__vendor").order_by("bid__received_at")]


def _evaluation(procurement: Procurement) -> Evaluation:
    scores = [Score(evaluator_id=str(score.evaluator_id), bid_id=str(score.bid_id),
                    item_key=score.item_key, points=Fraction(score.points))
              for score in TechnicalScore.objects.filter(bid__procurement=procurement)]
    return evaluate(rules=tender_rules(procurement), bids=opened_bids(procurement),
                    scores=scores)


# The evaluation's refusals that mean "the evaluators are not done", not a bad score.
UNFINISHED_SCORING = ("scores_required", "scores_incomplete")


def evaluation_of(procurement: Procurement) -> Evaluation:
    """The evaluation as it stands: ranks when every score is in. Before the opening a
    409 `sealed_until_opening`; while a score is missing a 409 `evaluation_incomplete`
    whose details name the first one missing."""
    procurement = fresh(procurement)
    if procurement.sealed:
        raise conflict(ErrorCode.SEALED_UNTIL_OPENING, _("開札前のため、評価はできません。"))
    try:
        return _evaluation(procurement)
    except DomainError as error:
        if not any(detail.get("code") in UNFINISHED_SCORING for detail in error.details):
            raise
        raise DomainError(ErrorCode.EVALUATION_INCOMPLETE, error.message,
                          details=error.details, status=409) from error


def scores_record(*, actor, procurement: Procurement, points: dict) -> None:
    """One evaluator's points, {(bid id, item key): points}, each within the item's maximum."""
    procurement = fresh(procurement)
    require(can_manage_procurement(actor))
    if procurement.state() != State.EVALUATION:
        raise wrong_state(procurement)
    if procurement.method not in TECHNICAL_METHODS:
        raise conflict(ErrorCode.INVALID_TRANSITION, _("価格競争の入札には技術点がありません。"))
    maximum = {item["key"]: Decimal(str(item["max_points"]))
               for item in procurement.technical_items}
    bids = {str(pk) for pk in BidOpening.objects.filter(
        bid__procurement=procurement).values_list("bid_id", flat=True)}
    cleaned = {}
    for (bid_id, item_key), value in points.items():
        field = f"points.{bid_id}.{item_key}"
        if bid_id not in bids or item_key not in maximum:
            raise invalid(field, "unknown", _("評価の対象ではない入札又は項目です。"))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise invalid(field, "number", _("点数は数値で入力してください。")) from None
        if not number.is_finite() or not 0 <= number <= maximum[item_key] or \
                number != number.quantize(Decimal("0.01")):
            raise invalid(field, "range", _("点数は0から配点（%(max)s点）までで、小数第2位まで"
                                            "入力してください。") % {"max": maximum[item_key]})
        cleaned[(bid_id, item_key)] = number
    with transaction.atomic():
        for (bid_id, item_key), number in cleaned.items():
            TechnicalScore.objects.update_or_create(
                bid_id=bid_id, evaluator=actor, item_key=item_key, defaults={"points": number})
        audit(actor=actor, action="procurement.score", target=procurement,
              after={f"{bid_id}.{key}": str(number) for (bid_id, key), number in cleaned.items()})


def award_decide(*, actor, procurement: Procurement, bid: Bid | None = None,
                 bid_id: str | None = None, reason: str = "") -> Award:
    """落札者の決定: the first rank, or another rank with a recorded reason.

    The bid is given as a Bid or by its id (`bid_id`, as an API client names it): an id
    is looked up only once the tender is opened and evaluated, so before that nobody
    learns from the answer whether a bid of that id exists."""
    procurement = fresh(procurement)
    require(can_manage_procurement(actor))
    if procurement.state() != State.EVALUATION:
        raise wrong_state(procurement)
    evaluation = evaluation_of(procurement)
    ranks = {result.bid.bid_id: result.rank for result in evaluation.ranked}
    chosen = str(bid.pk if bid is not None else bid_id)
    rank = ranks.get(chosen)
    if rank is None:
        raise invalid("bid", "not_ranked", _("有効な入札ではないため、落札者にできません。"))
    bid = procurement.bids.get(pk=chosen)
    if rank != 1 and not reason.strip():
        raise invalid("reason", "required",
                      _("第1順位以外の入札者を落札者とする理由を入力してください。"))
    with transaction.atomic():
        before = procurement_snapshot(procurement)
        award = Award.objects.create(procurement=procurement, bid=bid, rank=rank,
                                     reason=reason.strip(), decided_by=actor)
        procurement.stage = Stage.AWARDED
        procurement.save()
        audit(actor=actor, action="procurement.award", target=procurement, before=before,
              after=procurement_snapshot(procurement) | {"bid": str(bid.pk), "rank": rank,
                                                         "reason": award.reason})
        notices.awarded(procurement=procurement)
    return award


def reasons_request(*, actor, vendor, procurement: Procurement, question: str) -> ReasonRequest:
    require(can_request_reasons(actor, vendor, procurement))
    if not question.strip():
        raise invalid("question", "required", _("説明を求める事項を入力してください。"))
    if ReasonRequest.objects.filter(procurement=procurement, vendor=vendor).exists():
        raise conflict(ErrorCode.ALREADY_REQUESTED, _("既に説明を求めています。"))
    with transaction.atomic():
        request = ReasonRequest.objects.create(procurement=procurement, vendor=vendor,
                                               question=question.strip())
        audit(actor=actor, action="procurement.reasons_request", target=request,
              after={"question": request.question})
        notices.reasons_requested(procurement=procurement)
    return request


def reasons_answer(*, actor, request: ReasonRequest, answer: str) -> ReasonRequest:
    require(can_manage_procurement(actor))
    if not answer.strip():
        raise invalid("answer", "required", _("回答を入力してください。"))
    with transaction.atomic():
        request.answer = answer.strip()
        request.answered_at = now()
        request.save()
        audit(actor=actor, action="procurement.reasons_answer", target=request,
              after={"answer": request.answer})
        notices.reasons_answered(request=request)
    return request


def contract_record(*, actor, procurement: Procurement, data: dict) -> Contract:
    """The contract with the awarded vendor; its value shared among the participating towns
    by the tender's rule (均等割・人口割, largest remainder, so the shares add up exactly)."""
    require(can_manage_procurement(actor))
    procurement = fresh(procurement)
    if procurement.stage != Stage.AWARDED:
        raise wrong_state(procurement)
    value = data.get("value")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise invalid("value", "yen_integer", _("金額は1円以上の整数で入力してください。"))
    for field in ("signed_on", "starts_on", "ends_on"):
        if not data.get(field):
            raise invalid(field, "required", _("日付を入力してください。"))
    if data["ends_on"] < data["starts_on"]:
        raise invalid("ends_on", "before_start", _("契約期間の終期は始期以後にしてください。"))
    if procurement.category and data.get("delivery") not in Delivery.values:
        raise invalid("delivery", "required",
                      _("共通システムとしてカタログに載せるため、提供形態を選んでください。"))
    participants = [invitation.municipality for invitation in
                    procurement.invitations.filter(joins=True).select_related("municipality")]
    allocation = allocate(
        total=value,
        rule=SharingRule(equal=procurement.equal_weight, population=procurement.population_weight,
                         usage=0),
        adopters=[Adopter(lg_code=town.lg_code, population=town.population or 0)
                  for town in participants])
    with transaction.atomic():
        contract = Contract(procurement=procurement, vendor=procurement.award.bid.vendor,
                            value=value, signed_on=data.get("signed_on"),
                            starts_on=data.get("starts_on"), ends_on=data.get("ends_on"),
                            created_by=actor)
        contract.full_clean(exclude=["procurement"])
        contract.save()
        towns = {town.lg_code: town for town in participants}
        ContractShare.objects.bulk_create([
            ContractShare(contract=contract, municipality=towns[share.lg_code],
                          amount=share.amount, population=towns[share.lg_code].population or 0)
            for share in allocation.shares])
        before = procurement_snapshot(procurement)
        procurement.stage = Stage.CONTRACTED
        procurement.save()
        audit(actor=actor, action="procurement.contract", target=procurement, before=before,
              after=procurement_snapshot(procurement) | {
                  "value": value, "shares": {share.lg_code: share.amount
                                             for share in allocation.shares}})
        if procurement.category:
            _catalog_entry(actor=actor, procurement=procurement, contract=contract,
                           delivery=data["delivery"], participants=participants)
        notices.contracted(procurement=procurement)
    return contract


def _catalog_entry(*, actor, procurement: Procurement, contract: Contract, delivery: str,
                   participants) -> None:
    """A need taken from the catalog's categories ends as a catalog entry: the system the
    towns bought, which they use from the contract's start and others may request."""
    system = common_system_from_contract(
        actor=actor, name=procurement.title, category=procurement.category, delivery=delivery,
        provider=contract.vendor, value=contract.value, starts_on=contract.starts_on,
        ends_on=contract.ends_on, equal_weight=procurement.equal_weight,
        population_weight=procurement.population_weight, adopters=participants,
        source=_("共同調達「%(title)s」の契約（%(start)s〜%(end)s）により登録") % {
            "title": procurement.title, "start": contract.starts_on.isoformat(),
            "end": contract.ends_on.isoformat()})
    contract.catalog_system = system
    contract.save(update_fields=["catalog_system"])
