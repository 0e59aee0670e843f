"""A town's support requests: drafting, and each step of talent_pool.lifecycle that a
person takes (proposals move them too: services/proposals.py)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo.accounts.policy import (
    can_draft_support_request,
    can_edit_support_request,
    can_take_request_action,
)
from kyodo.errors import DomainError, ErrorCode
from talent_pool import notices
from talent_pool.lifecycle import RequestAction, allowed, target
from talent_pool.models import MatchDecision, RequiredSkill, Skill, SupportRequest
from talent_pool.services.common import (
    audit,
    fields_of,
    full_clean_or_invalid,
    invalid,
    require,
)

EDITABLE_FIELDS = ("theme", "title", "hours_per_month", "period_from", "period_until",
                   "on_site_percent", "priority", "reason")


def _audit(*, actor, action: str, request: SupportRequest, before=None) -> None:
    audit(actor=actor, action=action, target=request, before=before,
          after={**fields_of(request, SupportRequest.AUDITED_FIELDS),
                 "skills": _skills_snapshot(request)},
          tenant_schema=request.municipality.schema_name)


def _skills_snapshot(request: SupportRequest) -> dict:
    if request.pk is None:
        return {}
    rows = request.required_skills.select_related("skill")
    return {row.skill.code: row.min_level for row in rows}


def _check(request: SupportRequest) -> None:
    if request.period_from and request.period_until and request.period_until < request.period_from:
        raise invalid("period_until", "period_order",
                      _("支援終了日は支援開始日以降の日付にしてください。"))
    full_clean_or_invalid(request, validate_constraints=False,
                          exclude=["municipality", "created_by", "status"])


def _set_skills(request: SupportRequest, skills: dict[Skill, int]) -> None:
    if not skills:
        raise invalid("skills", "required", _("必要なスキルを1つ以上選んでください。"))
    for level in skills.values():
        if not 1 <= int(level) <= 4:
            raise invalid("skills", "invalid_level", _("レベルは1から4で指定してください。"))
    request.required_skills.all().delete()
    RequiredSkill.objects.bulk_create(
        [RequiredSkill(request=request, skill=skill, min_level=int(level))
         for skill, level in skills.items()])


def support_request_create(*, actor, municipality, data: dict,
                           skills: dict[Skill, int]) -> SupportRequest:
    """A draft, by any member of the town."""
    require(can_draft_support_request(actor, municipality))
    with transaction.atomic():
        request = SupportRequest(municipality=municipality, created_by=actor,
                                 **{name: data[name] for name in EDITABLE_FIELDS if name in data})
        _check(request)
        request.save()
        _set_skills(request, skills)
        _audit(actor=actor, action="support_request.create", request=request)
    return request


def support_request_update(*, actor, request: SupportRequest, data: dict,
                           skills: dict[Skill, int]) -> SupportRequest:
    """Drafts only: once submitted, the coordinator plans with what the town sent."""
    with transaction.atomic():
        request = SupportRequest.objects.select_for_update().select_related(
            "municipality").get(pk=request.pk)
        require(can_edit_support_request(actor, request))
        before = {**fields_of(request, SupportRequest.AUDITED_FIELDS),
                  "skills": _skills_snapshot(request)}
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(request, name, data[name])
        _check(request)
        request.save()
        _set_skills(request, skills)
        _audit(actor=actor, action="support_request.update", request=request, before=before)
    return request


def _locked(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().select_related("municipality").get(
        pk=request.pk)


def transition_refused(request: SupportRequest) -> DomainError:
    return DomainError(ErrorCode.INVALID_TRANSITION,
                       _("この支援要請は「%(state)s」のため、この操作はできません。")
                       % {"state": request.get_status_display()}, status=409)


def _step(*, actor, request: SupportRequest, action: RequestAction, **changes) -> SupportRequest:
    with transaction.atomic():
        request = _locked(request)
        if not allowed(action, request.status):
            raise transition_refused(request)
        require(can_take_request_action(actor, request, action))
        before = fields_of(request, SupportRequest.AUDITED_FIELDS)
        request.status = target(action)
        for name, value in changes.items():
            setattr(request, name, value)
        request.save()
        _audit(actor=actor, action=f"support_request.{action}", request=request, before=before)
    return request


def support_request_submit(*, actor, request: SupportRequest) -> SupportRequest:
    with transaction.atomic():
        request = _step(actor=actor, request=request, action=RequestAction.SUBMIT,
                        submitted_at=timezone.now())
        notices.request_submitted(actor=actor, request=request)
    return request


def support_request_withdraw(*, actor, request: SupportRequest) -> SupportRequest:
    """The town no longer needs it; an undecided match for it is dropped."""
    with transaction.atomic():
        request = _step(actor=actor, request=request, action=RequestAction.WITHDRAW)
        request.proposed_matches.filter(decision=MatchDecision.PENDING).update(
            decision=MatchDecision.SUPERSEDED)
    return request


def support_request_decline(*, actor, request: SupportRequest, reason: str) -> SupportRequest:
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", "required", _("見送りの理由を入力してください。"))
    with transaction.atomic():
        request = _step(actor=actor, request=request, action=RequestAction.DECLINE,
                        decline_reason=reason)
        request.proposed_matches.filter(decision=MatchDecision.PENDING).update(
            decision=MatchDecision.SUPERSEDED)
        notices.request_declined(actor=actor, request=request)
    return request
