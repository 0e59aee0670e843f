"""The e-mails of notifications: one per notification, or one digest a day.

Plain text in the platform's language (settings.LANGUAGE_CODE), greeting the recipient
by name and signed by the office that runs the platform, like every e-mail Kyodo sends.
Links go through the notification's own address (/notifications/<id>/), which marks it
read and forwards to what it is about; they are absolute, on settings.KYODO_SITE_URL,
because Celery sends them with no request to take a host from.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kyodo.context_processors import office
from kyodo.notifications import kinds


def _absolute(name: str, *args) -> str:
    return settings.KYODO_SITE_URL + reverse(name, args=args or None,
                                             urlconf=settings.PUBLIC_SCHEMA_URLCONF)


def _subject(text: str) -> str:
    """【Kyodo】 and the text on one line (a header cannot hold a line break)."""
    return "【Kyodo】" + " ".join(str(text).split())


def _common(user) -> dict:
    return {"name": user.full_name or user.email, "office": office(),
            "prefecture": settings.KYODO_PREFECTURE,
            "inbox_link": _absolute("notifications:inbox"),
            "settings_link": _absolute("notifications:settings")}


def _item(notification) -> dict:
    title, body = kinds.render(notification.kind, notification.params)
    return {"title": title, "body": body, "organisation": notification.organisation_label,
            "created_at": date_format(timezone.localtime(notification.created_at),
                                      "DATETIME_FORMAT"),
            "link": _absolute("notifications:open", notification.pk)}


def send_notice(notification) -> None:
    """The e-mail of one notification, to its recipient."""
    user = notification.recipient
    with translation.override(settings.LANGUAGE_CODE):
        item = _item(notification)
        context = {**_common(user), "item": item,
                   "delivery": notification.get_delivery_display()}
        body = render_to_string("notifications/email/notice.txt", context)
        send_mail(_subject(item["title"]), body, None, [user.email])


def send_digest(user, notifications: list, *, shown: int) -> None:
    """One e-mail listing `notifications` (the first `shown` in full) to `user`."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {**_common(user), "items": [_item(item) for item in notifications[:shown]],
                   "total": len(notifications), "more": max(0, len(notifications) - shown)}
        body = render_to_string("notifications/email/digest.txt", context)
        send_mail(_subject(_("お知らせのまとめ（%(count)s件）") % {"count": len(notifications)}),
                  body, None, [user.email])
