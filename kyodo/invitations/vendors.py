"""事業者登録申請: a vendor registers itself, a coordinator approves it.

Registration opens no account. Approval invites the contact person as the vendor's
administrator, so the first account is made through the same signed, single-use
link as everyone else's.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import Role, Vendor, VendorQualification, VendorStatus
from kyodo.accounts.policy import (
    can_approve_vendor,
    can_reinstate_vendor,
    can_suspend_vendor,
    is_coordinator,
)
from kyodo.audit.services import audit_record, snapshot
from kyodo.errors import DomainError, ErrorCode
from kyodo.invitations.services import invitation_create

VENDOR_FIELDS = ("legal_name", "legal_name_kana", "corporate_number", "address", "contact_name",
                 "contact_email", "contact_phone")
AUDITED_FIELDS = [*VENDOR_FIELDS, "status", "status_reason", "approved_at"]
QUALIFICATION_FIELDS = ("category", "valid_from", "valid_until")


def vendor_register(*, data: dict, qualifications: list[dict]) -> Vendor:
    """Record an application (status pending) with its 競争入札参加資格. Anyone may apply."""
    if not qualifications:
        raise DomainError(ErrorCode.VALIDATION_ERROR,
                          _("競争入札参加資格を一つ以上入力してください。"))
    with transaction.atomic():
        vendor = Vendor(status=VendorStatus.PENDING,
                        **{field: data[field] for field in VENDOR_FIELDS if field in data})
        vendor.full_clean()
        vendor.save()
        for item in qualifications:
            qualification = VendorQualification(
                vendor=vendor, **{field: item[field] for field in QUALIFICATION_FIELDS})
            qualification.full_clean()
            qualification.save()
        audit_record(
            actor=None, action="vendor.register", target=vendor,
            after={**snapshot(vendor, AUDITED_FIELDS),
                   "qualifications": [{field: str(item[field]) for field in QUALIFICATION_FIELDS}
                                      for item in qualifications]},
            tenant_schema=get_public_schema_name(),
        )
    return vendor


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


def vendor_suspend(*, actor, vendor: Vendor, reason: str) -> Vendor:
    """Withdraw an approved vendor's standing: no new invitations into it are accepted.

    The reason is required: the vendor sees it, with the prefecture's contact."""
    if not is_coordinator(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ErrorCode.VALIDATION_ERROR, _("停止の理由を入力してください。"),
                          details=[{"field": "reason", "code": "required",
                                    "message": _("停止の理由を入力してください。")}])
    with transaction.atomic():
        return _vendor_change_status(
            actor=actor, vendor=vendor, allowed=can_suspend_vendor,
            status=VendorStatus.SUSPENDED, action="vendor.suspend",
            refusal=_("承認済みの事業者だけを停止できます。"), reason=reason)


def vendor_reinstate(*, actor, vendor: Vendor) -> Vendor:
    with transaction.atomic():
        return _vendor_change_status(
            actor=actor, vendor=vendor, allowed=can_reinstate_vendor,
            status=VendorStatus.APPROVED, action="vendor.reinstate",
            refusal=_("停止中の事業者だけを再開できます。"))
