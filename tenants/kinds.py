from django.db import models
from django.utils.translation import gettext_lazy as _


class MunicipalityKind(models.TextChoices):
    """The kind of local government (地方公共団体の種類)."""

    PREFECTURE = "prefecture", _("都道府県")
    CITY = "city", _("市")
    TOWN = "town", _("町")
    VILLAGE = "village", _("村")
    SPECIAL_WARD = "special_ward", _("特別区")
