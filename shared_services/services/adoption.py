"""A town's adoption request, from the draft to the day the system goes live (and ends).

Each action is one row of shared_services.lifecycle.TRANSITIONS; `adoption_request_act`
checks the policy (which reads that table), records the step with its comment, and
does what the step means: activation starts the town's subscription and writes new
allocation versions for everyone sharing the system; ending stops it.
"""

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo.accounts.policy import (
    can_comment_on_adoption_request,
    can_draft_adoption_request,
    can_edit_adoption_request,
    can_take_adoption_action,
    is_coordinator,
)
from kyodo.audit.services import audit_record, snapshot
from kyodo.errors import DomainError, ErrorCode
from kyodo.fiscal import fiscal_year_of
from shared_services import notices
from shared_services.lifecycle import TRANSITIONS, AdoptionAction, Side
from shared_services.models import (
    AdoptionAttachment,
    AdoptionComment,
    AdoptionRequest,
    AdoptionTransition,
    CommonSystem,
    Subscription,
    SystemStatus,
)
from shared_services.signals import subscriptions_changed

EDITABLE_FIELDS = ("start_fiscal_year", "start_month", "expected_users", "expected_usage",
                   "reason")
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def _audit(*, actor, action: str, request: AdoptionRequest, before=None, after=None) -> None:
    audit_record(actor=actor, action=action, target=request, before=before, after=after,
                 tenant_schema=request.municipality.schema_name)


def _check_start(request: AdoptionRequest) -> None:
    """A town asks to start this month or later, never in the past."""
    year, month = request.start_year_month
    if datetime.date(year, month, 1) < timezone.localdate().replace(day=1):
        message = _("利用開始の月は今月以降にしてください。")
        raise DomainError(ErrorCode.VALIDATION_ERROR, message,
                          details=[{"field": "start_month", "code": "start_in_past",
                                    "message": message}])


def adoption_request_create(*, actor, municipality, system: CommonSystem,
                            data: dict) -> AdoptionRequest:
    """A draft, by any member of the town, for a published system."""
    if not can_draft_adoption_request(actor, municipality):
        raise PermissionDenied
    if system.status != SystemStatus.PUBLISHED:
        raise DomainError(ErrorCode.CONFLICT, _("公開中のシステムだけを申請できます。"),
                          status=409)
    _refuse_if_in_use(municipality, system)
    try:
        with transaction.atomic():
            request = AdoptionRequest(municipality=municipality, system=system, created_by=actor,
                                      **{field: data[field] for field in EDITABLE_FIELDS
                                         if field in data})
            request.full_clean(validate_constraints=False)
            _check_start(request)
            request.save()
            _audit(actor=actor, action="adoption_request.create", request=request,
                   after=snapshot(request, list(AdoptionRequest.AUDITED_FIELDS)))
    except IntegrityError as error:
        raise DomainError(
            ErrorCode.ALREADY_REQUESTED,
            _("このシステムには、手続き中の申請が既にあります。その申請を開いてください。"),
            status=409) from error
    return request


def adoption_request_update(*, actor, request: AdoptionRequest, data: dict) -> AdoptionRequest:
    """The town changes a draft or a returned request."""
    with transaction.atomic():
        request = AdoptionRequest.objects.select_for_update().select_related(
            "municipality").get(pk=request.pk)
        if not can_edit_adoption_request(actor, request):
            raise PermissionDenied
        before = snapshot(request, list(AdoptionRequest.AUDITED_FIELDS))
        for field in EDITABLE_FIELDS:
            if field in data:
                setattr(request, field, data[field])
        request.full_clean(validate_constraints=False)
        if {"start_fiscal_year", "start_month"} & set(data):
            _check_start(request)
        request.save()
        after = snapshot(request, list(AdoptionRequest.AUDITED_FIELDS))
        if after != before:
            _audit(actor=actor, action="adoption_request.update", request=request,
                   before=before, after=after)
    return request


def adoption_request_act(*, actor, request: AdoptionRequest, action: str, comment: str = "",
                         month: datetime.date | None = None) -> AdoptionRequest:
    """Take one lifecycle action. `month` is the first month of use (activate, defaulting to
    the requested start) or the last month of use (end, defaulting to this month, or the
    first month if use has not begun)."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(ErrorCode.VALIDATION_ERROR, _("この操作はありません。"),
                          details=[{"field": "action", "code": "invalid_choice",
                                    "message": _("この操作はありません。")}])
    comment = (comment or "").strip()
    with transaction.atomic():
        request = AdoptionRequest.objects.select_for_update().select_related(
            "municipality", "system").get(pk=request.pk)
        if request.status not in transition.sources:
            raise DomainError(
                ErrorCode.INVALID_TRANSITION,
                _("「%(status)s」の申請は「%(action)s」ことができません。") % {
                    "status": request.get_status_display(), "action": transition.action.label},
                status=409)
        if not can_take_adoption_action(actor, request, action):
            raise PermissionDenied
        if transition.comment_required and not comment:
            message = _("相手に伝える理由を入力してください。")
            raise DomainError(ErrorCode.VALIDATION_ERROR, message,
                              details=[{"field": "comment", "code": "required",
                                        "message": message}])
        previous = request.status
        request.status = transition.target
        if action == AdoptionAction.SUBMIT:
            request.submitted_at = timezone.now()
        request.save(update_fields=["status", "submitted_at", "updated_at"])
        AdoptionTransition.objects.create(request=request, action=action, from_status=previous,
                                          to_status=request.status, actor=actor, comment=comment)
        effect = {}
        if action == AdoptionAction.ACTIVATE:
            effect = _subscription_start(actor=actor, request=request, month=month)
        elif action == AdoptionAction.END:
            effect = _subscription_end(actor=actor, request=request, month=month)
        _audit(actor=actor, action=f"adoption_request.{action}", request=request,
               before={"status": previous},
               after={"status": request.status, "comment": comment, **effect})
        notices.adoption_acted(actor=actor, request=request, action=action, previous=previous,
                               comment=comment)
    return request


def _refuse_if_in_use(municipality, system) -> None:
    if Subscription.objects.filter(municipality=municipality, system=system,
                                   last_month__isnull=True).exists():
        raise DomainError(ErrorCode.ALREADY_REQUESTED,
                          _("%(town)sは既に%(system)sを利用しています。") % {
                              "town": municipality.name, "system": system.name}, status=409)


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _subscription_start(*, actor, request: AdoptionRequest, month) -> dict:
    from shared_services.services.charges import allocation_refresh

    _refuse_if_in_use(request.municipality, request.system)
    year, start_month = request.start_year_month
    first = _first_of_month(month) if month else datetime.date(year, start_month, 1)
    subscription = Subscription.objects.create(
        municipality=request.municipality, system=request.system, request=request,
        first_month=first, usage=request.expected_usage)
    subscriptions_changed.send(sender=Subscription, system=request.system,
                               municipalities=[request.municipality])
    allocation_refresh(actor=actor, system=request.system,
                       from_fiscal_year=fiscal_year_of(first),
                       reason=_("%(town)sが%(month)sから利用を開始したため") % {
                           "town": request.municipality.name,
                           "month": f"{first.year}年{first.month}月"})
    return {"first_month": str(first), "subscription": subscription.pk}


def _subscription_end(*, actor, request: AdoptionRequest, month) -> dict:
    from shared_services.services.charges import allocation_refresh

    subscription = Subscription.objects.select_for_update().get(request=request)
    # By default the last month of use is this one, or the first if use has not begun.
    last = _first_of_month(month) if month else max(_first_of_month(timezone.localdate()),
                                                    subscription.first_month)
    if last < subscription.first_month:
        message = _("利用終了月は利用開始月以降にしてください。")
        raise DomainError(ErrorCode.VALIDATION_ERROR, message,
                          details=[{"field": "month", "code": "before_start", "message": message}])
    subscription.last_month = last
    subscription.save(update_fields=["last_month"])
    subscriptions_changed.send(sender=Subscription, system=request.system,
                               municipalities=[request.municipality])
    allocation_refresh(actor=actor, system=request.system,
                       from_fiscal_year=fiscal_year_of(last),
                       reason=_("%(town)sが%(month)sで利用を終了したため") % {
                           "town": request.municipality.name,
                           "month": f"{last.year}年{last.month}月"})
    return {"last_month": str(last)}


def adoption_comment_add(*, actor, request: AdoptionRequest, body: str) -> AdoptionComment:
    """A message in the thread the town and the prefecture share."""
    if not can_comment_on_adoption_request(actor, request):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        message = _("コメントを入力してください。")
        raise DomainError(ErrorCode.VALIDATION_ERROR, message,
                          details=[{"field": "body", "code": "required", "message": message}])
    side = Side.PREFECTURE if is_coordinator(actor) and not can_draft_adoption_request(
        actor, request.municipality) else Side.TOWN
    with transaction.atomic():
        comment = AdoptionComment.objects.create(request=request, author=actor, side=side,
                                                 body=body)
        _audit(actor=actor, action="adoption_request.comment", request=request,
               after={"comment": comment.pk, "side": side, "body": body})
        notices.adoption_commented(actor=actor, request=request, comment=comment)
    return comment


def adoption_attachment_add(*, actor, request: AdoptionRequest, upload) -> AdoptionAttachment:
    """Attach a file while the request can still be changed. It is stored with the town's
    own files (the town's schema must be the active one: the workspace sets it)."""
    if not can_edit_adoption_request(actor, request):
        raise PermissionDenied
    if upload.size > MAX_ATTACHMENT_BYTES:
        message = _("添付できるファイルは10MBまでです。")
        raise DomainError(ErrorCode.VALIDATION_ERROR, message,
                          details=[{"field": "file", "code": "too_large", "message": message}])
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        attachment = AdoptionAttachment(request=request, name=upload.name[:200], size=upload.size,
                                        sha256=digest.hexdigest(), uploaded_by=actor)
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        _audit(actor=actor, action="adoption_request.attach", request=request,
               after={"name": attachment.name, "size": attachment.size,
                      "sha256": attachment.sha256})
    return attachment
