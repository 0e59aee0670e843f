"""事業者登録申請: a vendor registers itself, a coordinator approves or declines it, and
the vendor keeps its registration current.

Registration opens no account. Approval invites the contact person as the vendor's
administrator, so the first account is made through the same signed, single-use
link as everyone else's. The applicant is told at each step by e-mail
(kyodo.invitations.vendor_mail), and the prefecture's coordinators are notified of each
new application and of each change a vendor makes to its registration
(kyodo.invitations.notices).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import Role, Vendor, VendorQualification, VendorStatus
from kyodo.accounts.policy import (
    can_approve_vendor,
    can_edit_vendor,
    can_reinstate_vendor,
    can_reject_vendor,
    can_suspend_vendor,
    is_coordinator,
)
from kyodo.audit.services import audit_record, snapshot
from kyodo.errors import DomainError, ErrorCode
from kyodo.invitations import notices, vendor_mail
from kyodo.invitations.services import invitation_create
from kyodo.notifications import recipients
from kyodo.notifications.services import notify

VENDOR_FIELDS = ("legal_name", "legal_name_kana", "corporate_number", "address", "contact_name",
                 "contact_email", "contact_phone")
# What a vendor may change about itself: its 法人番号 identifies it and never changes.
EDITABLE_FIELDS = tuple(field for field in VENDOR_FIELDS if field != "corporate_number")
AUDITED_FIELDS = [*VENDOR_FIELDS, "status", "status_reason", "approved_at"]
QUALIFICATION_FIELDS = ("category", "valid_from", "valid_until")


def vendor_register(*, data: dict, qualifications: list[dict]) -> Vendor:
    """Record an application (status pending) with its 競争入札参加資格. Anyone may apply.

    A company whose earlier application was declined applies again under the same
    法人番号: its record is reopened with what it sends now. The applicant gets an
    acknowledgement and the coordinators a notice, once the application is committed.
    """
    if not qualifications:
        raise DomainError(ErrorCode.VALIDATION_ERROR,
                          _("競争入札参加資格を一つ以上入力してください。"))
    with transaction.atomic():
        vendor = (Vendor.objects.select_for_update()
                  .filter(corporate_number=data.get("corporate_number"),
                          status=VendorStatus.REJECTED).first())
        before = snapshot(vendor, AUDITED_FIELDS) if vendor else None
        vendor = vendor or Vendor()
        for field in VENDOR_FIELDS:
            if field in data:
                setattr(vendor, field, data[field])
        vendor.status, vendor.status_reason = VendorStatus.PENDING, ""
        vendor.status_changed_at = timezone.now()
        vendor.full_clean()
        vendor.save()
        vendor.qualifications.all().delete()
        for item in qualifications:
            qualification = VendorQualification(
                vendor=vendor, **{field: item[field] for field in QUALIFICATION_FIELDS})
            qualification.full_clean()
            qualification.save()
        audit_record(
            actor=None, action="vendor.reapply" if before else "vendor.register", target=vendor,
            before=before,
            after={**snapshot(vendor, AUDITED_FIELDS),
                   "qualifications": [{field: str(item[field]) for field in QUALIFICATION_FIELDS}
                                      for item in qualifications]},
            tenant_schema=get_public_schema_name(),
        )
        vendor_mail.on_commit_application_received(vendor)
        notify(recipients=recipients.prefecture_coordinators(), kind=notices.VENDOR_APPLIED,
               params={"vendor": vendor.legal_name, "number": vendor.corporate_number},
               url=_public_path("console:vendors"), organisation_label=vendor.legal_name)
    return vendor


def _public_path(name: str, **kwargs) -> str:
    return reverse(name, urlconf=settings.PUBLIC_SCHEMA_URLCONF, kwargs=kwargs or None)


def vendor_update(*, actor, vendor: Vendor, data: dict) -> Vendor:
    """The vendor (or a coordinator) corrects its registration. Audited; a change made by
    the vendor is announced to the coordinators."""
    if not can_edit_vendor(actor, vendor):
        raise PermissionDenied
    with transaction.atomic():
        vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
        before = snapshot(vendor, AUDITED_FIELDS)
        for field in EDITABLE_FIELDS:
            if field in data:
                setattr(vendor, field, data[field])
        vendor.full_clean()
        vendor.save()
        after = snapshot(vendor, AUDITED_FIELDS)
        if after != before:
            audit_record(actor=actor, action="vendor.update", target=vendor, before=before,
                         after=after, tenant_schema=get_public_schema_name())
            if not is_coordinator(actor):
                notify(recipients=recipients.prefecture_coordinators(),
                       kind=notices.VENDOR_REGISTRATION_CHANGED,
                       params={"vendor": vendor.legal_name,
                               "fields": [field for field in after
                                          if after[field] != before.get(field)]},
                       url=_public_path("vendor_portal", pk=vendor.pk), actor=actor,
                       organisation_label=vendor.legal_name)
    return vendor


def vendor_qualification_add(*, actor, vendor: Vendor, data: dict) -> VendorQualification:
    """Record a renewed or additional 競争入札参加資格 (e.g. the next two-year period)."""
    if not can_edit_vendor(actor, vendor):
        raise PermissionDenied
    with transaction.atomic():
        qualification = VendorQualification(
            vendor=vendor, **{field: data[field] for field in QUALIFICATION_FIELDS})
        qualification.full_clean()
        qualification.save()
        audit_record(actor=actor, action="vendor.qualification_add", target=vendor,
                     after={field: str(data[field]) for field in QUALIFICATION_FIELDS},
                     tenant_schema=get_public_schema_name())
        if not is_coordinator(actor):
            notify(recipients=recipients.prefecture_coordinators(),
                   kind=notices.VENDOR_QUALIFICATION_ADDED,
                   params={"vendor": vendor.legal_name, "category": qualification.category,
                           "start": qualification.valid_from.isoformat(),
                           "end": qualification.valid_until.isoformat()},
                   url=_public_path("vendor_portal", pk=vendor.pk), actor=actor,
                   organisation_label=vendor.legal_name)
    return qualification


def _vendor_change_status(*, actor, vendor: Vendor, allowed, status: str, action: str,
                          refusal: str, reason: str = "") -> Vendor:
    """Move a vendor along its lifecycle (pending → approved ⇄ suspended), audited.

    `reason` is kept on the vendor while it is in the new state and shown to it."""
    if not is_coordinator(actor):
        raise PermissionDenied
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    if not allowed(actor, vendor):
        raise DomainError(ErrorCode.CONFLICT, refusal, status=409)
    before = snapshot(vendor, AUDITED_FIELDS)
    vendor.status = status
    vendor.status_reason = reason
    vendor.status_changed_at = timezone.now()
    if status == VendorStatus.APPROVED and vendor.approved_at is None:
        vendor.approved_at = vendor.status_changed_at
    vendor.save(update_fields=["status", "status_reason", "status_changed_at", "approved_at"])
    audit_record(actor=actor, action=action, target=vendor, before=before,
                 after=snapshot(vendor, AUDITED_FIELDS), tenant_schema=get_public_schema_name())
    return vendor


def vendor_approve(*, actor, vendor: Vendor) -> Vendor:
    """Approve an application and invite its contact person as the vendor's administrator."""
    with transaction.atomic():
        vendor = _vendor_change_status(
            actor=actor, vendor=vendor, allowed=can_approve_vendor,
            status=VendorStatus.APPROVED, action="vendor.approve",
            refusal=_("この事業者は承認待ちではありません。"))
        invitation_create(actor=actor, email=vendor.contact_email, vendor=vendor,
                          role=Role.VENDOR_ADMIN)
    return vendor


def _required_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ErrorCode.VALIDATION_ERROR, message,
                          details=[{"field": "reason", "code": "required", "message": message}])
    return reason


def vendor_reject(*, actor, vendor: Vendor, reason: str) -> Vendor:
    """Decline an application. The applicant is told why by e-mail and may apply again."""
    if not is_coordinator(actor):
        raise PermissionDenied
    reason = _required_reason(reason, _("却下の理由を入力してください。"))
    with transaction.atomic():
        vendor = _vendor_change_status(
            actor=actor, vendor=vendor, allowed=can_reject_vendor,
            status=VendorStatus.REJECTED, action="vendor.reject",
            refusal=_("承認待ちの申請だけを却下できます。"), reason=reason)
        vendor_mail.on_commit_application_rejected(vendor)
    return vendor


def vendor_suspend(*, actor, vendor: Vendor, reason: str) -> Vendor:
    """Withdraw an approved vendor's standing: no new invitations into it are accepted.

    The reason is required: the vendor sees it, with the prefecture's contact."""
    if not is_coordinator(actor):
        raise PermissionDenied
    reason = _required_reason(reason, _("停止の理由を入力してください。"))
    with transaction.atomic():
        vendor = _vendor_change_status(
            actor=actor, vendor=vendor, allowed=can_suspend_vendor,
            status=VendorStatus.SUSPENDED, action="vendor.suspend",
            refusal=_("承認済みの事業者だけを停止できます。"), reason=reason)
        vendor_mail.on_commit_suspended(vendor)
    return vendor


def vendor_reinstate(*, actor, vendor: Vendor) -> Vendor:
    with transaction.atomic():
        return _vendor_change_status(
            actor=actor, vendor=vendor, allowed=can_reinstate_vendor,
            status=VendorStatus.APPROVED, action="vendor.reinstate",
            refusal=_("停止中の事業者だけを再開できます。"))
