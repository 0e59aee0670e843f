"""People and what they may act for.

A user is one account for the whole platform (public schema) and signs in with an
e-mail address. A membership ties a user to one organisation with one role; a user
may hold several (a coordinator who is also a member of a town, for instance).
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("Users sign in with an e-mail address; one is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("メールアドレス"), unique=True)
    full_name = models.CharField(_("氏名"), max_length=100, blank=True)
    is_active = models.BooleanField(_("有効"), default=True)
    is_staff = models.BooleanField(
        _("運用担当者"), default=False, help_text=_("管理サイトに入れる県の運用担当者です。")
    )
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return self.full_name or self.email


class Role(models.TextChoices):
    """What a member may do for the organisation they belong to."""

    PREFECTURE_COORDINATOR = "prefecture_coordinator", _("県コーディネーター")
    PREFECTURE_OPERATOR = "prefecture_operator", _("県運用担当")
    MUNICIPALITY_LEAD = "municipality_lead", _("市町村責任者")
    MUNICIPALITY_STAFF = "municipality_staff", _("市町村職員")
    VENDOR_ADMIN = "vendor_admin", _("事業者管理者")
    VENDOR_MEMBER = "vendor_member", _("事業者担当者")
    SPECIALIST = "specialist", _("デジタル人材")


PREFECTURE_ROLES = frozenset({Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_OPERATOR})
MUNICIPALITY_ROLES = frozenset({Role.MUNICIPALITY_LEAD, Role.MUNICIPALITY_STAFF})
VENDOR_ROLES = frozenset({Role.VENDOR_ADMIN, Role.VENDOR_MEMBER})
# The specialist pool is the prefecture's: specialists hold their membership in the
# public tenant, next to the coordinators who assign them.
PUBLIC_TENANT_ROLES = PREFECTURE_ROLES | {Role.SPECIALIST}


def one_organisation_matching_role(name: str) -> models.CheckConstraint:
    """A row names exactly one organisation (a municipality, which may be the prefecture,
    or a vendor) and a role that exists there. Memberships and invitations share it."""
    return models.CheckConstraint(
        condition=(
            models.Q(vendor__isnull=True, municipality__isnull=False,
                     role__in=sorted(PUBLIC_TENANT_ROLES | MUNICIPALITY_ROLES))
            | models.Q(vendor__isnull=False, municipality__isnull=True,
                       role__in=sorted(VENDOR_ROLES))
        ),
        name=name,
    )


def corporate_number_validator(value: str) -> None:
    """法人番号: 13 digits whose first is a check digit (python-stdnum's jp.cn)."""
    from django.core.exceptions import ValidationError
    from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
    from stdnum.jp import cn

    try:
        cn.validate(value)
    except InvalidLength as error:
        raise ValidationError(_("法人番号は13桁で入力してください。"),
                              code="corporate_number_length") from error
    except InvalidChecksum as error:
        raise ValidationError(_("法人番号の検査用数字が正しくありません。"),
                              code="corporate_number_check_digit") from error
    except InvalidFormat as error:
        raise ValidationError(_("法人番号は半角数字で入力してください。"),
                              code="corporate_number_format") from error


class VendorStatus(models.TextChoices):
    PENDING = "pending", _("承認待ち")  # registered itself; a coordinator has not approved yet
    APPROVED = "approved", _("承認済み")  # may take part in joint tenders
    SUSPENDED = "suspended", _("停止中")  # approval withdrawn by a coordinator
    REJECTED = "rejected", _("却下")  # the application was declined, with its reason; may reapply


class Vendor(models.Model):
    """事業者: a company that responds to the prefecture's joint tenders."""

    legal_name = models.CharField(_("商号又は名称"), max_length=150)
    legal_name_kana = models.CharField(_("商号又は名称（フリガナ）"), max_length=150)
    corporate_number = models.CharField(
        _("法人番号"), max_length=13, unique=True, validators=[corporate_number_validator]
    )
    address = models.CharField(_("所在地"), max_length=200)
    contact_name = models.CharField(_("担当者名"), max_length=100)
    contact_email = models.EmailField(_("担当者メールアドレス"))
    contact_phone = models.CharField(_("担当者電話番号"), max_length=20, blank=True)
    status = models.CharField(_("状態"), max_length=16, choices=VendorStatus.choices,
                              default=VendorStatus.PENDING)
    approved_at = models.DateTimeField(_("承認日時"), null=True, blank=True)
    status_reason = models.CharField(
        _("状態の理由"), max_length=1000, blank=True,
        help_text=_("停止などの理由です。事業者にも表示されます。"))
    status_changed_at = models.DateTimeField(_("状態の変更日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("事業者")
        verbose_name_plural = _("事業者")
        ordering = ["legal_name_kana"]
        constraints = [
            models.CheckConstraint(condition=models.Q(corporate_number__regex=r"^[0-9]{13}$"),
                                   name="vendor_corporate_number_digits"),
            models.CheckConstraint(
                condition=models.Q(status__in=[choice.value for choice in VendorStatus]),
                name="vendor_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name


class QualificationCategory(models.TextChoices):
    """競争入札参加資格の業種区分 as the prefecture registers vendors for joint tenders."""

    GOODS = "goods", _("物品の製造・販売")
    SERVICES = "services", _("役務の提供")
    INFORMATION_SYSTEMS = "information_systems", _("情報処理（システム開発・運用）")
    CONSULTING = "consulting", _("調査・コンサルティング")
    CONSTRUCTION_CONSULTING = "construction_consulting", _("測量・建設コンサルタント等")
    CONSTRUCTION = "construction", _("建設工事")


class VendorQualification(models.Model):
    """競争入札参加資格: a category the vendor is qualified in, for a period."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="qualifications")
    category = models.CharField(_("業種区分"), max_length=32,
                                choices=QualificationCategory.choices)
    valid_from = models.DateField(_("有効期間の始期"))
    valid_until = models.DateField(_("有効期間の終期"))

    class Meta:
        verbose_name = _("競争入札参加資格")
        verbose_name_plural = _("競争入札参加資格")
        ordering = ["category", "-valid_until"]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")),
                                   name="qualification_period_ordered"),
            models.UniqueConstraint(fields=["vendor", "category", "valid_from"],
                                    name="qualification_unique_period"),
        ]

    def __str__(self) -> str:
        period = f"{self.valid_from}–{self.valid_until}"
        return f"{self.vendor}: {self.get_category_display()} ({period})"

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until


class Membership(models.Model):
    """A user's role in one organisation: the prefecture (public tenant, with its
    specialist pool), a municipality, or a vendor. Exactly one of them is set."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.CASCADE, related_name="memberships",
        null=True, blank=True,
    )
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="memberships",
                               null=True, blank=True)
    role = models.CharField(_("役割"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("所属")
        verbose_name_plural = _("所属")
        # One role per person per organisation: a colleague who takes on more is given
        # another role (membership_change_role), never a second membership.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="membership_one_per_municipality",
                condition=models.Q(municipality__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "vendor"], name="membership_one_per_vendor",
                condition=models.Q(vendor__isnull=False),
            ),
            one_organisation_matching_role("membership_one_organisation_matching_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def organisation(self):
        return self.vendor if self.vendor_id else self.municipality

    def roles_available(self) -> list[str]:
        """The roles a member of this organisation may hold, least powerful first."""
        if self.vendor_id:
            return [Role.VENDOR_MEMBER, Role.VENDOR_ADMIN]
        if self.municipality.is_public:
            return [Role.SPECIALIST, Role.PREFECTURE_OPERATOR, Role.PREFECTURE_COORDINATOR]
        return [Role.MUNICIPALITY_STAFF, Role.MUNICIPALITY_LEAD]
