"""How an indicator's value reads on a page: 45.0%, 12件, 1,200時間, 有/無, or 未報告."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from joint_targets.models import Unit

register = template.Library()


def format_value(value: Decimal | None, unit: str) -> str:
    if value is None:
        return _("未報告")
    if unit == Unit.YES_NO:
        return _("有") if value >= 1 else _("無")
    if unit == Unit.PERCENT:
        return f"{value:.1f}%"
    number = intcomma(int(value)) if value == value.to_integral_value() else f"{value:,.1f}"
    if unit == Unit.HOURS:
        return _("%(number)s時間") % {"number": number}
    return _("%(number)s件") % {"number": number}


@register.filter
def indicator_value(value, indicator) -> str:
    return format_value(value, indicator.unit)
