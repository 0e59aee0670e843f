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


PREFECTURE_ROLES = frozenset({Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_OPERATOR})
MUNICIPALITY_ROLES = frozenset({Role.MUNICIPALITY_LEAD, Role.MUNICIPALITY_STAFF})


class Membership(models.Model):
    """A user's role in one organisation: the prefecture (public tenant) or a municipality."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("役割"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("所属")
        verbose_name_plural = _("所属")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[choice.value for choice in Role]),
                name="membership_role_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"
