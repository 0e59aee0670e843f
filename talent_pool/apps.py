from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentPoolConfig(AppConfig):
    """The prefecture's shared pool of digital specialists: profiles, the towns' support
    requests and spot consultations, the assignment proposals, engagements and hours.
    Everything lives in the public schema, next to the coordinators who assign."""

    name = "talent_pool"
    verbose_name = _("デジタル人材プール")
