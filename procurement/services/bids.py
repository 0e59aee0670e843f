"""Vendors' bids and questions.

A bid is sealed in the request that places it (procurement.sealing): its content (price,
くじ番号, town prices, declarations, the documents' digests) and each document are
encrypted to the tender's public key; only the vendor id, the server's time of receipt
and the receipt's digest are stored in the clear, and nothing that shows them to anyone
but the bidding vendor exists before the opening (the audit events of bids are sealed
too: procurement.apps registers them with kyodo.audit.visibility). A replacement makes
the earlier bid `replaced`; the last one counts.
"""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyodo.accounts.policy import (
    can_ask_clarification,
    can_bid_for,
    can_manage_procurement,
    can_view_bid,
    is_vendor_member,
    is_vendor_qualified,
)
from kyodo.errors import DomainError, ErrorCode
from procurement import notices
from procurement.keys import keyring
from procurement.lifecycle import BIDDING_STATES, State
from procurement.models import (
    LIVE_BID_STATUSES,
    Bid,
    BidItem,
    BidStatus,
    Clarification,
    Procurement,
)
from procurement.receipts import BidContent, BidDocument, Receipt, receipt_issue
from procurement.sealing import TenderKey, bid_seal
from procurement.services.common import (
    audit,
    conflict,
    deadline_passed,
    fresh,
    invalid,
    now,
    require,
    wrong_state,
)

# What every bidder declares (誓約), each answered yes for the bid to be accepted.
DECLARATIONS = {
    "qualification": gettext_lazy("入札参加資格を有し、指名停止の措置を受けていません。"),
    "no_antisocial_forces": gettext_lazy("暴力団等の反社会的勢力に該当しません。"),
    "specification_read": gettext_lazy("仕様書及び質問への回答をすべて確認しました。"),
    "no_collusion": gettext_lazy("他の入札者と入札価格について協議していません。"),
}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 5


def _refuse_unless_bidding(actor, vendor, procurement: Procurement) -> None:
    """Late is refused by the server's clock; then membership; then qualification."""
    moment = now()
    state = procurement.state(moment)
    if state == State.OPENING:
        raise deadline_passed(_("入札書の提出"), procurement.bid_deadline)
    if state not in BIDDING_STATES:
        raise wrong_state(procurement)
    require(is_vendor_member(actor, vendor))
    if not is_vendor_qualified(vendor, procurement.qualification,
                               timezone.localdate(moment)):
        raise DomainError(ErrorCode.NOT_QUALIFIED, _(
            "この入札に必要な競争入札参加資格（%(category)s）が有効ではありません。")
            % {"category": procurement.get_qualification_display()}, status=403)
    require(can_bid_for(actor, vendor, procurement))


def _town_prices(procurement: Procurement, town_prices: dict, total_price: int) -> dict:
    """Where the tender asks, a price for every joining town (no other), adding up to the
    total: the breakdown is what each town's share of the contract is checked against."""
    participants = set(procurement.invitations.filter(joins=True).values_list(
        "municipality__lg_code", flat=True))
    if not procurement.asks_town_prices:
        return {}
    missing = participants - set(town_prices)
    if missing:
        raise invalid("town_prices", "required", _("参加団体ごとの価格をすべて入力してください。"))
    unknown = set(town_prices) - participants
    if unknown:
        raise invalid("town_prices", "unknown_town", _("参加団体でない団体の価格があります。"))
    if sum(town_prices.values()) != total_price:
        raise invalid("town_prices", "sum_mismatch", _(
            "団体ごとの価格の合計（%(sum)s円）が入札金額（%(total)s円）と一致しません。")
            % {"sum": f"{sum(town_prices.values()):,}", "total": f"{total_price:,}"})
    return dict(town_prices)


def _declarations(declarations: dict) -> dict:
    answers = {key: bool(declarations.get(key)) for key in DECLARATIONS}
    for key, answer in answers.items():
        if not answer:
            raise invalid(f"declarations.{key}", "declaration_required",
                          _("誓約事項をすべて確認してください：%(text)s")
                          % {"text": DECLARATIONS[key]})
    return answers


def bid_submit(*, actor, vendor, procurement: Procurement, total_price, kuji_number: str,
               town_prices: dict | None = None, declarations: dict | None = None,
               documents: list[tuple[str, bytes]] = ()) -> tuple[Bid, Receipt]:
    """Seal and store a bid (replacing the vendor's live one); return it and its receipt."""
    procurement = fresh(procurement)
    _refuse_unless_bidding(actor, vendor, procurement)
    if len(documents) > MAX_DOCUMENTS:
        raise invalid("documents", "too_many", _("添付できる書類は%(count)d件までです。")
                      % {"count": MAX_DOCUMENTS})
    for name, data in documents:
        if len(data) > MAX_DOCUMENT_BYTES:
            raise invalid("documents", "too_large", _("%(name)sは10MBを超えています。")
                          % {"name": name})
    bid_id = uuid.uuid4()
    with transaction.atomic():
        procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
        moment = now()  # the time of receipt, taken under the tender's lock
        if moment >= procurement.bid_deadline:
            raise deadline_passed(_("入札書の提出"), procurement.bid_deadline)
        content = BidContent(
            tender_id=str(procurement.pk), bid_id=str(bid_id), vendor_id=str(vendor.pk),
            total_price=total_price, kuji_number=kuji_number, submitted_at=moment,
            town_prices=_town_prices(procurement, town_prices or {}, total_price),
            declarations=_declarations(declarations or {}),
            documents=tuple(BidDocument.from_bytes(name, data) for name, data in documents))
        receipt = receipt_issue(content)
        items = {"content": receipt.canonical}
        items |= {f"document.{index}": data for index, (_name, data) in enumerate(documents)}
        sealed = bid_seal(tender_key=TenderKey.from_text(procurement.tender_key),
                          tender_id=str(procurement.pk), bid_id=str(bid_id), keyring=keyring(),
                          items=items)
        replaced = list(procurement.bids.filter(vendor=vendor, status__in=LIVE_BID_STATUSES))
        procurement.bids.filter(pk__in=[bid.pk for bid in replaced]).update(
            status=BidStatus.REPLACED)
        bid = Bid.objects.create(id=bid_id, procurement=procurement, vendor=vendor,
                                 received_at=moment, receipt_sha256=receipt.sha256,
                                 sealed_key=sealed.sealed_key, submitted_by=actor,
                                 terms_version=procurement.terms_version)
        BidItem.objects.bulk_create([BidItem(bid=bid, role=role, ciphertext=ciphertext)
                                     for role, ciphertext in sealed.items.items()])
        audit(actor=actor, action="procurement.bid.submit", target=bid,
              after={"receipt_sha256": receipt.sha256,
                     "replaces": [str(old.pk) for old in replaced]})
    return bid, receipt


def bid_withdraw(*, actor, bid: Bid) -> Bid:
    """辞退: the vendor takes its live bid back before the deadline."""
    bid = Bid.objects.select_related("procurement", "vendor").get(pk=bid.pk)
    _refuse_unless_bidding(actor, bid.vendor, bid.procurement)
    require(can_view_bid(actor, bid))
    if bid.status not in LIVE_BID_STATUSES:
        raise conflict(ErrorCode.INVALID_TRANSITION, _("この入札は既に有効ではありません。"))
    with transaction.atomic():
        Bid.objects.filter(pk=bid.pk).update(status=BidStatus.WITHDRAWN)
        bid.status = BidStatus.WITHDRAWN
        audit(actor=actor, action="procurement.bid.withdraw", target=bid,
              after={"status": bid.status})
    return bid


def bid_confirm(*, actor, bid: Bid) -> Bid:
    """The vendor keeps its bid as it is under the amended terms."""
    bid = Bid.objects.select_related("procurement", "vendor").get(pk=bid.pk)
    _refuse_unless_bidding(actor, bid.vendor, bid.procurement)
    require(can_view_bid(actor, bid))
    if bid.status != BidStatus.NEEDS_CONFIRMATION:
        raise conflict(ErrorCode.INVALID_TRANSITION, _("確認が必要な入札ではありません。"))
    with transaction.atomic():
        Bid.objects.filter(pk=bid.pk).update(status=BidStatus.CURRENT,
                                             terms_version=bid.procurement.terms_version)
        bid.status = BidStatus.CURRENT
        audit(actor=actor, action="procurement.bid.confirm", target=bid,
              after={"status": bid.status, "terms_version": bid.procurement.terms_version})
    return bid


def clarification_ask(*, actor, vendor, procurement: Procurement, question: str) -> Clarification:
    procurement = fresh(procurement)
    if procurement.state() == State.TENDERING or procurement.state() == State.OPENING:
        raise deadline_passed(_("質問"), procurement.clarification_deadline)
    require(can_ask_clarification(actor, vendor, procurement))
    if not question.strip():
        raise invalid("question", "required", _("質問を入力してください。"))
    with transaction.atomic():
        clarification = Clarification.objects.create(procurement=procurement, vendor=vendor,
                                                     question=question.strip())
        audit(actor=actor, action="procurement.clarification_ask", target=clarification,
              after={"question": clarification.question})
        notices.clarification_asked(procurement=procurement)
    return clarification


def clarification_answer(*, actor, clarification: Clarification, answer: str) -> Clarification:
    """The answer is published to every vendor and participating town, without the asker."""
    require(can_manage_procurement(actor))
    procurement = clarification.procurement
    if procurement.state() not in (State.PUBLISHED, State.TENDERING):
        raise wrong_state(procurement)
    if not answer.strip():
        raise invalid("answer", "required", _("回答を入力してください。"))
    with transaction.atomic():
        clarification.answer = answer.strip()
        clarification.answered_at = now()
        clarification.save()
        audit(actor=actor, action="procurement.clarification_answer", target=clarification,
              after={"answer": clarification.answer})
        notices.clarification_answered(procurement=procurement)
    return clarification
