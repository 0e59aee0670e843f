"""What the prefecture's coordinators are told about vendors' registrations
(kyodo.notifications). The applicant's own e-mails are kyodo.invitations.vendor_mail: an
applicant has no account, and so no inbox, yet."""

from django.utils.translation import gettext_lazy as _

from kyodo.accounts.models import QualificationCategory, Vendor
from kyodo.notifications.kinds import (
    NotificationKind,
    as_choice,
    as_date,
    as_field_labels,
    register,
)

VENDOR_APPLIED = register(NotificationKind(
    code="vendor.applied",
    title=_("事業者の登録申請がありました"),
    body=_("%(vendor)s（法人番号 %(number)s）から事業者登録申請がありました。内容を確認し、"
           "承認または却下してください。"),
))

VENDOR_REGISTRATION_CHANGED = register(NotificationKind(
    code="vendor.registration_changed",
    title=_("事業者の登録内容が変更されました"),
    body=_("%(vendor)sが登録内容を変更しました（%(fields)s）。"),
    formats={"fields": as_field_labels(Vendor)},
))

VENDOR_QUALIFICATION_ADDED = register(NotificationKind(
    code="vendor.qualification_added",
    title=_("競争入札参加資格が登録されました"),
    body=_("%(vendor)sが競争入札参加資格（%(category)s、%(start)s〜%(end)s）を登録しました。"
           "県の資格者名簿と照合してください。"),
    formats={"category": as_choice(QualificationCategory), "start": as_date, "end": as_date},
))
