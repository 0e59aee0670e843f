"""E-mails about a vendor's registration to the applicant and the vendor itself.

An applicant has no account (and so no inbox) until approved, so these are direct
e-mails. What the prefecture's coordinators are told goes through the notifications
(kyodo.invitations.notices), to their inbox and by e-mail as each of them chose.

Each is sent once the change is committed (`transaction.on_commit`), from the request
being served (its host names the links), in the platform's language and signed by the
office that runs the platform.
"""

import functools

from allauth.utils import build_absolute_uri
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kyodo.accounts.models import Membership, Role, Vendor
from kyodo.context_processors import office


def _url(name: str, **kwargs) -> str:
    return build_absolute_uri(None, reverse(name, urlconf=settings.PUBLIC_SCHEMA_URLCONF,
                                            kwargs=kwargs or None))


def _send(*, to: list[str], subject, greeting: str, paragraphs: list, link: str = "") -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"greeting": greeting, "paragraphs": [str(text) for text in paragraphs],
                   "link": link, "office": office(), "prefecture": settings.KYODO_PREFECTURE}
        body = render_to_string("invitations/email/notice.txt", context)
        send_mail(f"【Kyodo】{subject}", body, None, to)


def _later(function, *args, **kwargs) -> None:
    transaction.on_commit(functools.partial(function, *args, **kwargs))


def on_commit_application_received(vendor: Vendor) -> None:
    _later(_application_received, vendor.pk)


def _application_received(vendor_pk: int) -> None:
    vendor = Vendor.objects.get(pk=vendor_pk)
    with translation.override(settings.LANGUAGE_CODE):
        _send(to=[vendor.contact_email], subject=_("事業者登録申請を受け付けました"),
              greeting=_("%(name)s 様") % {"name": vendor.contact_name},
              paragraphs=[
                  _("%(vendor)sの事業者登録申請を受け付けました。県の担当者が内容を確認します。")
                  % {"vendor": vendor.legal_name},
                  _("承認されると、このメールアドレスに招待メールをお送りします。メールに記載"
                    "されたリンクから、アカウントを作成してください。"),
              ])


def on_commit_application_rejected(vendor: Vendor) -> None:
    _later(_application_rejected, vendor.pk, link=_url("vendor_register"))


def _application_rejected(vendor_pk: int, *, link: str) -> None:
    vendor = Vendor.objects.get(pk=vendor_pk)
    with translation.override(settings.LANGUAGE_CODE):
        _send(to=[vendor.contact_email], subject=_("事業者登録申請の結果について"),
              greeting=_("%(name)s 様") % {"name": vendor.contact_name},
              paragraphs=[
                  _("%(vendor)sの事業者登録申請は、次の理由により承認できませんでした。")
                  % {"vendor": vendor.legal_name},
                  vendor.status_reason,
                  _("内容を改めて申請することができます。同じ法人番号で、次のページから"
                    "申請してください。"),
              ], link=link)


def on_commit_suspended(vendor: Vendor) -> None:
    _later(_suspended, vendor.pk, link=_url("vendor_portal", pk=vendor.pk))


def _suspended(vendor_pk: int, *, link: str) -> None:
    vendor = Vendor.objects.get(pk=vendor_pk)
    admins = Membership.objects.filter(vendor=vendor, role=Role.VENDOR_ADMIN).values_list(
        "user__email", flat=True)
    with translation.override(settings.LANGUAGE_CODE):
        _send(to=sorted({vendor.contact_email, *admins}), subject=_("事業者の停止について"),
              greeting=_("%(vendor)s ご担当者様") % {"vendor": vendor.legal_name},
              paragraphs=[
                  _("%(vendor)sは、県により停止されました。停止中は共同調達の入札に参加"
                    "できません。") % {"vendor": vendor.legal_name},
                  _("停止の理由：%(reason)s") % {"reason": vendor.status_reason},
              ], link=link)
