"""Joint procurements and everything recorded about them (public schema).

A procurement carries its survey, its tender terms and timeline, and the tender key
its bids are sealed to (procurement.sealing). A bid's price, くじ番号, declarations and
documents exist only as ciphertext (`BidItem`) until the opening; the opening writes
what it decrypted to `BidOpening`. Yen are integers, tax-exclusive.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyodo.accounts.models import QualificationCategory
from procurement.evaluation import Method, PriceFormula
from procurement.lifecycle import Stage, state_of
from shared_services.models import Category


class LowPriceKind(models.TextChoices):
    NONE = "", _("設定しない")
    MINIMUM = "minimum", _("最低制限価格")
    INVESTIGATION = "investigation", _("低入札価格調査基準価格")


class Procurement(models.Model):
    """共同調達: one need of several towns, bought once by the prefecture."""

    title = models.CharField(_("件名"), max_length=200)
    need = models.TextField(_("調達の目的・必要な機能"), max_length=4000)
    category = models.CharField(_("共通システムの分類"), max_length=32, blank=True,
                                choices=Category.choices)
    qualification = models.CharField(_("必要な競争入札参加資格"), max_length=32,
                                     choices=QualificationCategory.choices,
                                     default=QualificationCategory.INFORMATION_SYSTEMS)
    stage = models.CharField(_("段階"), max_length=16, choices=Stage.choices,
                             default=Stage.DRAFT)
    survey_deadline = models.DateTimeField(_("参加意向調査の回答期限"), null=True, blank=True)

    # The tender's terms (set when it is published).
    method = models.CharField(_("落札者の決定方法"), max_length=16, choices=Method.choices,
                              default=Method.PRICE_ONLY)
    ceiling_price = models.PositiveBigIntegerField(_("予定価格（税抜）"), null=True, blank=True)
    ceiling_published = models.BooleanField(_("予定価格を公表する"), default=False)
    low_price_kind = models.CharField(_("低価格の基準"), max_length=16, blank=True,
                                      choices=LowPriceKind.choices)
    low_price = models.PositiveBigIntegerField(_("基準価格（税抜）"), null=True, blank=True)
    technical_items = models.JSONField(_("技術評価項目"), default=list, blank=True)
    price_points_max = models.DecimalField(_("価格点の満点"), max_digits=8, decimal_places=2,
                                           default=0)
    price_formula = models.CharField(_("価格点の算定式"), max_length=16, blank=True,
                                     choices=PriceFormula.choices)
    standard_points = models.DecimalField(_("標準点"), max_digits=8, decimal_places=2,
                                          default=0)
    asks_town_prices = models.BooleanField(_("団体ごとの価格を求める"), default=False)
    equal_weight = models.PositiveSmallIntegerField(_("均等割（%）"), default=50)
    population_weight = models.PositiveSmallIntegerField(_("人口割（%）"), default=50)
    published_at = models.DateTimeField(_("公告日時"), null=True, blank=True)
    clarification_deadline = models.DateTimeField(_("質問の受付期限"), null=True, blank=True)
    bid_deadline = models.DateTimeField(_("入札書の提出期限"), null=True, blank=True)
    opening_at = models.DateTimeField(_("開札日時"), null=True, blank=True)
    terms_version = models.PositiveIntegerField(_("公告の版"), default=0)
    reasons_deadline_days = models.PositiveSmallIntegerField(
        _("理由の説明を求められる期間（日）"), default=10)

    tender_key = models.TextField(editable=False, blank=True)  # procurement.sealing.TenderKey
    opened_at = models.DateTimeField(_("開札した日時"), null=True, blank=True)
    cancel_reason = models.CharField(_("中止の理由"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDITED_FIELDS = ["title", "need", "category", "qualification", "stage", "survey_deadline",
                      "method", "ceiling_price", "ceiling_published", "low_price_kind",
                      "low_price", "technical_items", "price_points_max", "price_formula",
                      "standard_points", "asks_town_prices", "equal_weight", "population_weight",
                      "published_at", "clarification_deadline", "bid_deadline", "opening_at",
                      "terms_version", "opened_at", "cancel_reason"]

    class Meta:
        verbose_name = _("共同調達")
        verbose_name_plural = _("共同調達")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(equal_weight__lte=100, population_weight__lte=100),
                name="procurement_weights_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    def state(self, now=None):
        return state_of(self, now or timezone.now())

    @property
    def sealed(self) -> bool:
        """True until the opening has decrypted the bids (forever, if it never does)."""
        return self.opened_at is None


class SurveyInvitation(models.Model):
    """参加意向調査: a town asked to join, and its lead's answer."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE,
                                    related_name="invitations")
    municipality = models.ForeignKey("tenants.Municipality", on_delete=models.PROTECT,
                                     related_name="procurement_invitations")
    joins = models.BooleanField(_("参加する"), null=True)
    users = models.PositiveIntegerField(_("利用者数"), default=0)
    licences = models.PositiveIntegerField(_("ライセンス数"), default=0)
    expected_usage = models.PositiveBigIntegerField(_("見込み利用量（年間）"), default=0)
    note = models.CharField(_("備考"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    AUDITED_FIELDS = ["joins", "users", "licences", "expected_usage", "note"]

    class Meta:
        ordering = ["municipality__lg_code"]
        constraints = [models.UniqueConstraint(fields=["procurement", "municipality"],
                                               name="one_invitation_per_town")]

    def __str__(self) -> str:
        return f"{self.procurement} / {self.municipality}"


class Amendment(models.Model):
    """A change to a published tender: a new version of its terms, told to every vendor."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE,
                                    related_name="amendments")
    version = models.PositiveIntegerField()
    summary = models.CharField(_("変更の内容"), max_length=2000)
    changes = models.JSONField(default=dict)  # field → [before, after]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]
        constraints = [models.UniqueConstraint(fields=["procurement", "version"],
                                               name="one_amendment_per_version")]

    def __str__(self) -> str:
        return f"{self.procurement} 第{self.version}版"


class Clarification(models.Model):
    """A vendor's question and the published answer. The asker is never shown to others."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE,
                                    related_name="clarifications")
    vendor = models.ForeignKey("accounts.Vendor", on_delete=models.PROTECT, related_name="+")
    question = models.CharField(_("質問"), max_length=2000)
    answer = models.CharField(_("回答"), max_length=4000, blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return self.question[:50]


class BidStatus(models.TextChoices):
    CURRENT = "current", _("有効")
    NEEDS_CONFIRMATION = "needs_confirmation", _("公告の変更の確認待ち")
    REPLACED = "replaced", _("差し替え済み")
    WITHDRAWN = "withdrawn", _("辞退")


LIVE_BID_STATUSES = (BidStatus.CURRENT, BidStatus.NEEDS_CONFIRMATION)


class Bid(models.Model):
    """A sealed bid. Only the vendor's id, the time and the receipt digest are in the clear,
    and no one but the bidding vendor reads even those before the opening."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="bids")
    vendor = models.ForeignKey("accounts.Vendor", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=24, choices=BidStatus.choices,
                              default=BidStatus.CURRENT)
    received_at = models.DateTimeField()
    receipt_sha256 = models.CharField(max_length=64)
    sealed_key = models.BinaryField()
    terms_version = models.PositiveIntegerField(default=0)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["received_at"]
        constraints = [models.UniqueConstraint(
            fields=["procurement", "vendor"], condition=models.Q(status__in=LIVE_BID_STATUSES),
            name="one_live_bid_per_vendor")]

    def __str__(self) -> str:
        return f"入札 {self.pk}"


class BidItem(models.Model):
    """One sealed item of a bid: its content (role `content`) or a document."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="items")
    role = models.CharField(max_length=100)
    ciphertext = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bid", "role"], name="one_item_per_role")]

    def __str__(self) -> str:
        return f"{self.bid_id} {self.role}"


class BidOpening(models.Model):
    """What the opening decrypted, and how the bid stands against the tender's prices."""

    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="opening")
    price = models.PositiveBigIntegerField()
    kuji_number = models.CharField(max_length=3)
    content = models.BinaryField()  # the canonical content the receipt covers
    validity = models.CharField(max_length=16)
    town_prices = models.JSONField(default=dict)
    documents = models.JSONField(default=list)  # [{name, sha256, size}]

    def __str__(self) -> str:
        return f"開札 {self.bid_id}"


class TechnicalScore(models.Model):
    """One evaluator's points for one item of one opened bid."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="scores")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    item_key = models.CharField(max_length=32)
    points = models.DecimalField(max_digits=8, decimal_places=2)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bid", "evaluator", "item_key"],
                                               name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.bid_id} {self.item_key}"


class Award(models.Model):
    """落札者の決定, with the reason when it is not the first rank."""

    procurement = models.OneToOneField(Procurement, on_delete=models.PROTECT,
                                       related_name="award")
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    rank = models.PositiveIntegerField()
    reason = models.CharField(_("理由"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.procurement} 落札"


class ReasonRequest(models.Model):
    """A non-winning vendor asks why; the answer is recorded."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT,
                                    related_name="reason_requests")
    vendor = models.ForeignKey("accounts.Vendor", on_delete=models.PROTECT, related_name="+")
    question = models.CharField(_("説明を求める事項"), max_length=2000)
    answer = models.CharField(_("回答"), max_length=4000, blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["procurement", "vendor"],
                                               name="one_reason_request_per_vendor")]

    def __str__(self) -> str:
        return self.question[:50]


class Contract(models.Model):
    """The contract, and each participating town's exact share of its value."""

    procurement = models.OneToOneField(Procurement, on_delete=models.PROTECT,
                                       related_name="contract")
    vendor = models.ForeignKey("accounts.Vendor", on_delete=models.PROTECT, related_name="+")
    value = models.PositiveBigIntegerField(_("契約金額（税抜）"))
    signed_on = models.DateField(_("契約締結日"))
    starts_on = models.DateField(_("契約期間の始期"))
    ends_on = models.DateField(_("契約期間の終期"))
    # The catalog entry the contract made, where the need came from a catalog category.
    catalog_system = models.OneToOneField("shared_services.CommonSystem", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="contract",
                                          verbose_name=_("共通システム"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__gte=models.F("starts_on")),
            name="contract_period_ordered")]

    def __str__(self) -> str:
        return f"{self.procurement} 契約"


class ContractShare(models.Model):
    """A town's share of the contract value under one version of the allocation."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="shares")
    version = models.PositiveIntegerField(default=1)
    municipality = models.ForeignKey("tenants.Municipality", on_delete=models.PROTECT,
                                     related_name="+")
    amount = models.PositiveBigIntegerField()
    population = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "municipality__lg_code"]
        constraints = [models.UniqueConstraint(fields=["contract", "version", "municipality"],
                                               name="one_share_per_town_and_version")]

    def __str__(self) -> str:
        return f"{self.contract} {self.municipality_id}"
