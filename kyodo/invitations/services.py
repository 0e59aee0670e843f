"""Inviting people into organisations, and their accepting. Each write is audited.

The invitation e-mail carries an absolute link. It is built from the request being
served (allauth keeps it for its own mails, e.g. password reset), so these services
are meant to be called while a request is served; the link then names the host the
inviter used.
"""

import functools

from allauth.account.models import EmailAddress
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import Membership, User, Vendor, VendorStatus
from kyodo.accounts.policy import can_invite
from kyodo.audit.services import audit_record, snapshot
from kyodo.errors import DomainError, ErrorCode
from kyodo.invitations import tokens
from kyodo.invitations.errors import already_member, invitation_refused
from kyodo.invitations.models import Invitation, pending_q
from kyodo.invitations.selectors import invitation_get_for_token
from tenants.models import Municipality


def _schema_of(invitation: Invitation) -> str:
    if invitation.municipality_id:
        return invitation.municipality.schema_name
    return get_public_schema_name()


def _audit(*, actor, action: str, invitation: Invitation, before: dict | None = None) -> None:
    audit_record(actor=actor, action=action, target=invitation, before=before,
                 after=snapshot(invitation, list(Invitation.AUDITED_FIELDS)),
                 tenant_schema=_schema_of(invitation))


def invitation_create(
    *, actor, email: str, role: str, municipality: Municipality | None = None,
    vendor: Vendor | None = None,
) -> Invitation:
    """Invite `email` into a municipality (or the prefecture) or a vendor with `role`,
    and e-mail them the link once the invitation is committed.

    A newer invitation replaces any earlier pending one of the same address into the
    same organisation, so only the latest link works.
    """
    if not can_invite(actor, municipality=municipality, vendor=vendor, role=role):
        raise PermissionDenied
    if vendor is not None and vendor.status != VendorStatus.APPROVED:
        raise DomainError(ErrorCode.CONFLICT, _("承認済みの事業者にだけ招待を送ることができます。"),
                          status=409)
    email = User.objects.normalize_email(email).strip().lower()
    existing = Membership.objects.select_related("user").filter(
        user__email__iexact=email, municipality=municipality, vendor=vendor).first()
    if existing is not None:
        raise already_member(existing)
    nonce = tokens.nonce_new()
    with transaction.atomic():
        earlier = (Invitation.objects.select_for_update()
                   .filter(pending_q(), email__iexact=email, municipality=municipality,
                           vendor=vendor))
        for replaced in earlier:
            _revoke(actor=actor, invitation=replaced)
        invitation = Invitation.objects.create(
            email=email, municipality=municipality, vendor=vendor, role=role,
            invited_by=actor, token_hash=tokens.nonce_hash(nonce),
        )
        _audit(actor=actor, action="invitation.create", invitation=invitation)
        token = tokens.token_make(invitation_id=invitation.pk, nonce=nonce)
        link = build_absolute_uri(None, reverse(
            "invitation_accept", urlconf=settings.PUBLIC_SCHEMA_URLCONF,
            kwargs={"token": token}))
        transaction.on_commit(functools.partial(_send_invitation, invitation, link))
    return invitation


def _send_invitation(invitation: Invitation, link: str) -> None:
    """The invitation e-mail: to the person by name when they already have an account,
    signed by the prefecture's office that runs the platform."""
    from kyodo.context_processors import office

    invitee = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "organisation": invitation.organisation,
               "link": link, "prefecture": settings.KYODO_PREFECTURE,
               "invitee_name": invitee.full_name if invitee else "", "office": office()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("invitations/email/invitation_subject.txt", context)
        body = render_to_string("invitations/email/invitation_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


def invitation_accept(
    *, token: str, actor=None, full_name: str = "", password: str | None = None,
) -> Membership:
    """Join the organisation an invitation names, and use the invitation up.

    A signed-in actor joins with their own account, which must have the invited address
    (compared without regard to case). Without an actor the invitee is new: their
    account is created with `full_name` and `password`. Either way the address counts
    as verified, since only its owner could follow the link.
    """
    signed_in = actor is not None and actor.is_authenticated
    with transaction.atomic():
        invitation = invitation_get_for_token(token=token, for_update=True)
        if invitation.vendor_id and invitation.vendor.status != VendorStatus.APPROVED:
            raise DomainError(ErrorCode.CONFLICT,
                              _("この事業者は現在、承認されていないため参加できません。"),
                              status=409)
        before = snapshot(invitation, list(Invitation.AUDITED_FIELDS))
        if signed_in:
            if not invitation.is_addressed_to(actor):
                raise invitation_refused(ErrorCode.INVITATION_WRONG_EMAIL)
            user = actor
        else:
            user = _user_create(invitation=invitation, full_name=full_name, password=password)
        _address_verify(user=user, email=invitation.email)
        existing = Membership.objects.filter(
            user=user, municipality=invitation.municipality, vendor=invitation.vendor).first()
        if existing is not None and existing.role != invitation.role:
            raise already_member(existing)
        membership, created = Membership.objects.get_or_create(
            user=user, municipality=invitation.municipality, vendor=invitation.vendor,
            defaults={"role": invitation.role},
        )
        if created:
            audit_record(actor=user, action="membership.create", target=membership,
                         after={"user": user.email, "organisation": str(membership.organisation),
                                "role": membership.role, "invitation": invitation.pk},
                         tenant_schema=_schema_of(invitation))
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        _audit(actor=user, action="invitation.accept", invitation=invitation, before=before)
    return membership


def _user_create(*, invitation: Invitation, full_name: str, password: str | None) -> User:
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise DomainError(ErrorCode.CONFLICT,
                          _("このメールアドレスのアカウントは既にあります。ログインしてから"
                            "招待を受けてください。"), status=409)
    full_name = full_name.strip()
    if not full_name or not password:
        raise DomainError(ErrorCode.VALIDATION_ERROR, _("氏名とパスワードを入力してください。"))
    validate_password(password, User(email=invitation.email, full_name=full_name))
    user = User.objects.create_user(invitation.email, password, full_name=full_name)
    audit_record(actor=user, action="user.create", target=user,
                 after={"email": user.email, "full_name": user.full_name,
                        "invitation": invitation.pk},
                 tenant_schema=get_public_schema_name())
    return user


def _address_verify(*, user: User, email: str) -> None:
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(
            user=user, email=email, verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists())
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation; its link stops working at once."""
    if not can_invite(actor, municipality=invitation.municipality, vendor=invitation.vendor,
                      role=invitation.role):
        raise PermissionDenied
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise invitation_refused(ErrorCode.INVITATION_USED)
        if invitation.revoked_at is not None:
            raise invitation_refused(ErrorCode.INVITATION_REVOKED)
        _revoke(actor=actor, invitation=invitation)
    return invitation


def _revoke(*, actor, invitation: Invitation) -> None:
    before = snapshot(invitation, list(Invitation.AUDITED_FIELDS))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _audit(actor=actor, action="invitation.revoke", invitation=invitation, before=before)
