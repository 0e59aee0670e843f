"""A support request's lifecycle, written once: the states, and who moves it from which.

    draft → submitted → proposed → active → completed → rated
                      ↘ declined (coordinator, with a reason)
    draft / submitted / proposed → withdrawn (the town)

`proposed` means a proposal holds a match for it that the coordinator has not decided;
rejecting that match (or a newer proposal without it) returns it to `submitted`.
Services and policy both read TRANSITIONS; no view compares status strings.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")  # the town is still writing it
    SUBMITTED = "submitted", _("受付済み")  # waiting for the coordinator's proposal
    PROPOSED = "proposed", _("割当て案あり")  # a proposal matched it; not decided yet
    ACTIVE = "active", _("支援中")  # an engagement serves it
    COMPLETED = "completed", _("支援終了")  # the engagement ended; the town may rate it
    RATED = "rated", _("評価済み")
    DECLINED = "declined", _("見送り")  # the coordinator could not take it on (reason given)
    WITHDRAWN = "withdrawn", _("取下げ")  # the town no longer needs it


class Side(StrEnum):
    TOWN = "town"  # a member of the requesting town (submitting and withdrawing: its lead)
    COORDINATOR = "coordinator"
    SYSTEM = "system"  # a proposal run


class RequestAction(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    PROPOSE = "propose"
    RELEASE = "release"  # the match was rejected or superseded
    ACCEPT = "accept"
    DECLINE = "decline"
    COMPLETE = "complete"
    RATE = "rate"


S = RequestStatus
TRANSITIONS: dict[RequestAction, tuple[frozenset[RequestStatus], RequestStatus, Side]] = {
    RequestAction.SUBMIT: (frozenset({S.DRAFT}), S.SUBMITTED, Side.TOWN),
    RequestAction.WITHDRAW: (frozenset({S.DRAFT, S.SUBMITTED, S.PROPOSED}), S.WITHDRAWN,
                             Side.TOWN),
    RequestAction.PROPOSE: (frozenset({S.SUBMITTED, S.PROPOSED}), S.PROPOSED, Side.SYSTEM),
    RequestAction.RELEASE: (frozenset({S.PROPOSED}), S.SUBMITTED, Side.SYSTEM),
    RequestAction.ACCEPT: (frozenset({S.PROPOSED}), S.ACTIVE, Side.COORDINATOR),
    RequestAction.DECLINE: (frozenset({S.SUBMITTED, S.PROPOSED}), S.DECLINED, Side.COORDINATOR),
    RequestAction.COMPLETE: (frozenset({S.ACTIVE}), S.COMPLETED, Side.COORDINATOR),
    RequestAction.RATE: (frozenset({S.COMPLETED}), S.RATED, Side.TOWN),
}

# The requests a proposal considers.
OPEN_STATUSES = frozenset({S.SUBMITTED, S.PROPOSED})
# The requests whose engagement exists (hours, rating).
ENGAGED_STATUSES = frozenset({S.ACTIVE, S.COMPLETED, S.RATED})


def allowed(action: RequestAction, status: str) -> bool:
    sources, _target, _side = TRANSITIONS[action]
    return status in sources


def target(action: RequestAction) -> RequestStatus:
    return TRANSITIONS[action][1]


def side(action: RequestAction) -> Side:
    return TRANSITIONS[action][2]
