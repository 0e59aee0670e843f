"""The adoption request's lifecycle, written once: its states, and which actions move a
request from which states to which, taken by whom. Services, the policy module, the
pages, the API and the tests all read this table.

    draft ──submit──▶ submitted ──approve──▶ approved ──activate──▶ active ──end──▶ ended
      ▲                │  │  ▲
      │            return  reject            (withdraw: from draft, submitted, returned
      │                ▼  ▼  │submit          or approved, by the town)
      └────────── returned  rejected
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class AdoptionStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")  # the town is preparing it; the prefecture does not see it yet
    SUBMITTED = "submitted", _("申請中")  # the town's lead sent it; awaiting the prefecture
    RETURNED = "returned", _("差戻し")  # the prefecture asked the town to change something
    APPROVED = "approved", _("承認済み")  # agreed; the system goes live at activation
    ACTIVE = "active", _("利用中")  # the town uses the system and shares its cost
    ENDED = "ended", _("利用終了")  # the town stopped using it
    REJECTED = "rejected", _("却下")  # the prefecture declined it, with a reason
    WITHDRAWN = "withdrawn", _("取下げ")  # the town withdrew it


class AdoptionAction(models.TextChoices):
    SUBMIT = "submit", _("申請する")
    RETURN = "return", _("差し戻す")
    APPROVE = "approve", _("承認する")
    REJECT = "reject", _("却下する")
    ACTIVATE = "activate", _("利用を開始する")
    END = "end", _("利用を終了する")
    WITHDRAW = "withdraw", _("取り下げる")


class Side(models.TextChoices):
    """Who takes an action: the town (its lead acts for it) or the prefecture."""

    TOWN = "town", _("市町村")
    PREFECTURE = "prefecture", _("県")


@dataclass(frozen=True)
class Transition:
    action: AdoptionAction
    sources: frozenset[AdoptionStatus]
    target: AdoptionStatus
    side: Side
    comment_required: bool = False  # the other side must be told why


TRANSITIONS: dict[AdoptionAction, Transition] = {transition.action: transition for transition in (
    Transition(AdoptionAction.SUBMIT, frozenset({AdoptionStatus.DRAFT, AdoptionStatus.RETURNED}),
               AdoptionStatus.SUBMITTED, Side.TOWN),
    Transition(AdoptionAction.RETURN, frozenset({AdoptionStatus.SUBMITTED}),
               AdoptionStatus.RETURNED, Side.PREFECTURE, comment_required=True),
    Transition(AdoptionAction.APPROVE, frozenset({AdoptionStatus.SUBMITTED}),
               AdoptionStatus.APPROVED, Side.PREFECTURE),
    Transition(AdoptionAction.REJECT, frozenset({AdoptionStatus.SUBMITTED}),
               AdoptionStatus.REJECTED, Side.PREFECTURE, comment_required=True),
    Transition(AdoptionAction.ACTIVATE, frozenset({AdoptionStatus.APPROVED}),
               AdoptionStatus.ACTIVE, Side.PREFECTURE),
    Transition(AdoptionAction.END, frozenset({AdoptionStatus.ACTIVE}),
               AdoptionStatus.ENDED, Side.PREFECTURE),
    Transition(AdoptionAction.WITHDRAW,
               frozenset({AdoptionStatus.DRAFT, AdoptionStatus.SUBMITTED, AdoptionStatus.RETURNED,
                          AdoptionStatus.APPROVED}),
               AdoptionStatus.WITHDRAWN, Side.TOWN),
)}

# The town may still change what it asks for.
EDITABLE = frozenset({AdoptionStatus.DRAFT, AdoptionStatus.RETURNED})
# Not yet decided for good: at most one such request per town and system.
OPEN = frozenset({AdoptionStatus.DRAFT, AdoptionStatus.SUBMITTED, AdoptionStatus.RETURNED,
                  AdoptionStatus.APPROVED})
# What the prefecture's queue shows: waiting for its decision or for activation.
AWAITING_PREFECTURE = frozenset({AdoptionStatus.SUBMITTED, AdoptionStatus.APPROVED})


def actions_from(status: str) -> list[Transition]:
    return [transition for transition in TRANSITIONS.values() if status in transition.sources]
