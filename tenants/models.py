"""Municipalities as tenants: each one owns a PostgreSQL schema.

The prefecture that runs the platform is a row here too: it is the public tenant,
whose schema (`public`) holds the prefecture-level modules.
"""

import logging

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.postgresql_backend.base import _check_schema_name
from django_tenants.utils import (
    get_creation_fakes_migrations,
    get_public_schema_name,
    get_subfolder_prefix,
    schema_exists,
)

from tenants.bands import PopulationBand
from tenants.kinds import MunicipalityKind
from tenants.lg_code import validate_lg_code

logger = logging.getLogger(__name__)


class Municipality(TenantMixin):
    lg_code = models.CharField(
        _("地方公共団体コード"), max_length=6, unique=True, validators=[validate_lg_code]
    )
    name = models.CharField(_("団体名"), max_length=50)
    name_kana = models.CharField(_("団体名（かな）"), max_length=100)
    kind = models.CharField(_("種類"), max_length=16, choices=MunicipalityKind.choices)
    prefecture = models.CharField(_("都道府県"), max_length=10)
    slug = models.SlugField(_("URL名"), max_length=60, unique=True)
    population = models.PositiveIntegerField(_("人口"), null=True, blank=True)
    population_as_of = models.DateField(_("人口の基準日"), null=True, blank=True)
    population_source = models.CharField(_("人口の出典"), max_length=200, blank=True)
    population_band = models.CharField(
        _("団体区分"), max_length=24, choices=PopulationBand.choices
    )
    mynumber_card_rate = models.DecimalField(
        _("マイナンバーカード交付率（%）"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    mynumber_card_rate_as_of = models.DateField(_("交付率の基準日"), null=True, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("市町村")
        verbose_name_plural = _("市町村")
        ordering = ["lg_code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lg_code__regex=r"^[0-9]{6}$"), name="municipality_lg_code_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[choice.value for choice in MunicipalityKind]),
                name="municipality_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(population_band__in=[band.value for band in PopulationBand]),
                name="municipality_band_known",
            ),
            models.CheckConstraint(
                condition=models.Q(mynumber_card_rate__isnull=True)
                | models.Q(mynumber_card_rate__gte=0, mynumber_card_rate__lte=100),
                name="municipality_card_rate_percent",
            ),
        ]
        indexes = [models.Index(fields=["prefecture", "population_band"])]

    def __str__(self) -> str:
        return self.name

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """The new schema as a replay of the template's DDL (tenants/schema_replay.py).

        django-tenants' own way (clone, or migrations without a template) remains for a
        template the replay cannot reproduce; `schema_created_by` tells which ran.
        """
        from tenants import schema_replay

        _check_schema_name(self.schema_name)
        template = self.get_base_schema()
        if check_if_exists and schema_exists(self.schema_name):
            return False
        if (settings.KYODO_SCHEMA_REPLAY and sync_schema and get_creation_fakes_migrations()
                and schema_exists(template)):
            try:
                schema_replay.replay(template, self.schema_name)
            except schema_replay.TemplateNotReplayable as reason:
                logger.warning("Template %s is cloned, not replayed: %s", template, reason)
            else:
                self.schema_created_by = "replay"
                return True
        self.schema_created_by = "django-tenants"
        return super().create_schema(
            check_if_exists=check_if_exists, sync_schema=sync_schema, verbosity=verbosity)

    @property
    def is_public(self) -> bool:
        return self.schema_name == get_public_schema_name()

    @property
    def workspace_url(self) -> str:
        return f"/{get_subfolder_prefix()}/{self.slug}/"


class Domain(DomainMixin):
    """The routing key of a town's workspace: `/m/<domain>/` (the municipality's slug)."""

    class Meta:
        verbose_name = _("ルーティング名")
        verbose_name_plural = _("ルーティング名")


class PublishedContact(models.Model):
    """A town's DX contact as the town published it to the prefecture (public schema).

    Written only by `tenants.workspace.services.profile_publish`, after each change to
    the town's profile and by the nightly fan-out, so the prefecture console reads
    one table instead of visiting every town's schema.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="published_contact"
    )
    department = models.CharField(_("DX担当部署"), max_length=100, blank=True)
    dx_lead_name = models.CharField(_("DX推進責任者"), max_length=100, blank=True)
    dx_lead_title = models.CharField(_("責任者の職名"), max_length=100, blank=True)
    contact_email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    contact_phone = models.CharField(_("連絡先電話番号"), max_length=20, blank=True)
    published_at = models.DateTimeField(_("公開日時"))

    class Meta:
        verbose_name = _("公開された連絡先")
        verbose_name_plural = _("公開された連絡先")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.department}"
