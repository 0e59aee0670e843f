"""Where a value stands against its target: on track, behind, 未報告, or no target."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from joint_targets.models import Direction


class Progress(models.TextChoices):
    ON_TRACK = "on_track", _("達成")
    BEHIND = "behind", _("未達成")
    NOT_REPORTED = "not_reported", _("未報告")
    NO_TARGET = "no_target", _("目標なし")


def progress_of(value: Decimal | None, target: Decimal | None, direction: str) -> Progress:
    if value is None:
        return Progress.NOT_REPORTED
    if target is None:
        return Progress.NO_TARGET
    if direction == Direction.LOWER_IS_BETTER:
        return Progress.ON_TRACK if value <= target else Progress.BEHIND
    return Progress.ON_TRACK if value >= target else Progress.BEHIND
