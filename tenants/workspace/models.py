"""What a town keeps about itself in its own schema."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TownProfile(models.Model):
    """The town's DX contact details and notes. One row per town schema.

    The contact fields are what the town publishes to the prefecture (see
    `services.profile_publish`); the notes stay private to the town.
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    department = models.CharField(_("DX担当部署"), max_length=100, blank=True)
    dx_lead_name = models.CharField(_("DX推進責任者"), max_length=100, blank=True)
    dx_lead_title = models.CharField(_("責任者の職名"), max_length=100, blank=True)
    contact_email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    contact_phone = models.CharField(_("連絡先電話番号"), max_length=20, blank=True)
    notes = models.TextField(_("メモ（町内のみ）"), blank=True)
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
