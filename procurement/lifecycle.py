"""One lifecycle for a joint procurement, written once.

What people decide is stored (`Stage`): a coordinator opens the survey, publishes the
tender, runs the opening, awards, records the contract, or cancels. What the law makes a
matter of time is derived from the clock (`state_of`): the survey closes at its
deadline, bids stop at the bid deadline, and the tender waits for its opening from then
on. A page loaded after a deadline therefore shows the right state even when Celery beat,
which only performs the side effects (procurement.tasks), is late.

    draft → intent_survey → published → tendering → opening → evaluation → awarded
          → contracted;  cancelled (with a reason) from any state before the award;
          unsuccessful when the opening finds no valid bid.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """What has been decided (stored)."""

    DRAFT = "draft", _("下書き")
    SURVEY = "survey", _("参加意向調査")
    PUBLISHED = "published", _("公告済み")
    OPENED = "opened", _("開札済み")
    AWARDED = "awarded", _("落札者決定")
    CONTRACTED = "contracted", _("契約締結")
    CANCELLED = "cancelled", _("中止")
    UNSUCCESSFUL = "unsuccessful", _("不調")


class State(models.TextChoices):
    """What a reader sees: the stage, refined by the clock."""

    DRAFT = "draft", _("下書き")
    INTENT_SURVEY = "intent_survey", _("参加意向調査中")
    SURVEY_CLOSED = "survey_closed", _("参加団体確定")
    PUBLISHED = "published", _("公告中（質問受付中）")
    TENDERING = "tendering", _("入札受付中")
    OPENING = "opening", _("開札待ち")
    EVALUATION = "evaluation", _("評価中")
    AWARDED = "awarded", _("落札者決定")
    CONTRACTED = "contracted", _("契約締結")
    CANCELLED = "cancelled", _("中止")
    UNSUCCESSFUL = "unsuccessful", _("不調")


FINAL_STAGES = (Stage.CONTRACTED, Stage.CANCELLED, Stage.UNSUCCESSFUL)
BIDDING_STATES = (State.PUBLISHED, State.TENDERING)
# Before the opening nobody but the bidder may learn a price, a document or who bid.
SEALED_STATES = (State.DRAFT, State.INTENT_SURVEY, State.SURVEY_CLOSED, State.PUBLISHED,
                 State.TENDERING, State.OPENING)


def state_of(procurement, now: datetime.datetime) -> State:
    stage = procurement.stage
    if stage == Stage.SURVEY:
        if procurement.survey_deadline and now >= procurement.survey_deadline:
            return State.SURVEY_CLOSED
        return State.INTENT_SURVEY
    if stage == Stage.PUBLISHED:
        if now >= procurement.bid_deadline:
            return State.OPENING
        if now >= procurement.clarification_deadline:
            return State.TENDERING
        return State.PUBLISHED
    return {
        Stage.DRAFT: State.DRAFT, Stage.OPENED: State.EVALUATION, Stage.AWARDED: State.AWARDED,
        Stage.CONTRACTED: State.CONTRACTED, Stage.CANCELLED: State.CANCELLED,
        Stage.UNSUCCESSFUL: State.UNSUCCESSFUL,
    }[stage]
