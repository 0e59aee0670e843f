"""A town's answer to the intent survey (参加意向調査)."""

from django.db import transaction
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_answer_survey
from kyodo.audit.services import snapshot
from procurement.lifecycle import State
from procurement.models import SurveyInvitation
from procurement.services.common import (
    audit,
    deadline_passed,
    invalid,
    now,
    require,
    wrong_state,
)

ANSWER_FIELDS = ("joins", "users", "licences", "expected_usage", "note")


def survey_answer(*, actor, invitation: SurveyInvitation, data: dict) -> SurveyInvitation:
    """Join or not, with quantities; the lead may change the answer until the deadline."""
    invitation = SurveyInvitation.objects.select_related("procurement", "municipality").get(
        pk=invitation.pk)
    procurement = invitation.procurement
    if procurement.state() != State.INTENT_SURVEY:
        if procurement.survey_deadline is not None and now() >= procurement.survey_deadline:
            raise deadline_passed(_("参加意向調査の回答"), procurement.survey_deadline)
        raise wrong_state(procurement)
    require(can_answer_survey(actor, invitation))
    if data.get("joins") is None:
        raise invalid("joins", "required", _("参加するかどうかを選んでください。"))
    with transaction.atomic():
        invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        before = snapshot(invitation, SurveyInvitation.AUDITED_FIELDS)
        for name in ANSWER_FIELDS:
            if name in data:
                setattr(invitation, name, data[name])
        if not invitation.joins:
            invitation.users = invitation.licences = invitation.expected_usage = 0
        invitation.answered_by = actor
        invitation.answered_at = now()
        invitation.full_clean()
        invitation.save()
        audit(actor=actor, action="procurement.survey_answer", target=invitation, before=before,
              after=snapshot(invitation, SurveyInvitation.AUDITED_FIELDS))
    return invitation

