"""What each adopting town pays for a system in a 年度 (負担金), versioned.

A new version is written whenever the shares change (a town starts or stops, the cost or
the rule changes), with the reason; the old versions stay, so a town can see every
version of its own line and why it changed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AllocationVersion(models.Model):
    system = models.ForeignKey("shared_services.CommonSystem", on_delete=models.PROTECT,
                               related_name="allocation_versions")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveIntegerField(_("版"))
    reason = models.CharField(_("改定の理由"), max_length=500)
    total = models.PositiveBigIntegerField(_("総額（円）"))
    equal_weight = models.PositiveSmallIntegerField()
    population_weight = models.PositiveSmallIntegerField()
    usage_weight = models.PositiveSmallIntegerField()
    taper = models.DecimalField(max_digits=4, decimal_places=3)
    rounding_unit = models.PositiveIntegerField()
    population_as_of = models.DateField(null=True, blank=True)
    computed_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("負担金の配分")
        verbose_name_plural = _("負担金の配分")
        ordering = ["system", "fiscal_year", "-version"]
        constraints = [models.UniqueConstraint(fields=["system", "fiscal_year", "version"],
                                               name="allocation_version_unique")]

    def __str__(self) -> str:
        return f"{self.system} {self.fiscal_year} v{self.version}"


class AllocationLine(models.Model):
    """One town's share in one version, with the inputs and the parts that explain it."""

    version = models.ForeignKey(AllocationVersion, on_delete=models.CASCADE,
                                related_name="lines")
    municipality = models.ForeignKey("tenants.Municipality", on_delete=models.PROTECT,
                                     related_name="allocation_lines")
    amount = models.PositiveBigIntegerField(_("負担額（円）"))
    months = models.PositiveSmallIntegerField(_("利用月数"))
    population = models.PositiveIntegerField(_("人口"))
    usage = models.PositiveBigIntegerField(_("利用量"))
    equal_part = models.DecimalField(_("均等割"), max_digits=18, decimal_places=2)
    population_part = models.DecimalField(_("人口割"), max_digits=18, decimal_places=2)
    usage_part = models.DecimalField(_("利用量割"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["municipality__lg_code"]
        constraints = [models.UniqueConstraint(fields=["version", "municipality"],
                                               name="allocation_line_one_per_town")]

    def __str__(self) -> str:
        return f"{self.version}: {self.municipality_id}"
