"""What a town keeps about itself in its own schema."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PUBLISHED = _("県に公開され、県コンソールに表示されます。")
NOTES_MAX_LENGTH = 4_000
phone_number = RegexValidator(
    r"^0\d{1,4}-?\d{1,4}-?\d{3,4}$",
    _("電話番号は市外局番から半角数字で入力してください（例: 0978-87-2111）。"),
    code="phone_format",
)


class TownProfile(models.Model):
    """The town's DX contact details and notes. One row per town schema.

    The contact fields are what the town publishes to the prefecture (see
    `services.profile_publish`); the notes stay private to the town.
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    department = models.CharField(_("DX担当部署"), max_length=100, blank=True,
                                  help_text=PUBLISHED)
    dx_lead_name = models.CharField(_("DX推進責任者"), max_length=100, blank=True,
                                    help_text=PUBLISHED)
    dx_lead_title = models.CharField(_("責任者の職名"), max_length=100, blank=True,
                                     help_text=PUBLISHED)
    contact_email = models.EmailField(_("連絡先メールアドレス"), blank=True, help_text=PUBLISHED)
    contact_phone = models.CharField(_("連絡先電話番号"), max_length=20, blank=True,
                                     validators=[phone_number], help_text=PUBLISHED)
    # Bounded like every free text: each save copies the notes into the audit log.
    notes = models.CharField(_("メモ（庁内のみ）"), max_length=NOTES_MAX_LENGTH, blank=True,
                             help_text=_("県には公開されません。4,000文字まで入力できます。"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("団体プロフィール")
        verbose_name_plural = _("団体プロフィール")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="townprofile_single_row"
            )
        ]

    def __str__(self) -> str:
        return self.department or str(_("団体プロフィール"))

    PUBLISHED_FIELDS = ("department", "dx_lead_name", "dx_lead_title", "contact_email",
                        "contact_phone")
    AUDITED_FIELDS = (*PUBLISHED_FIELDS, "notes")
