"""Writing notifications, reading them, and sending them by e-mail.

`notify()` is what every module calls, inside the transaction of the change it reports:

    with transaction.atomic():
        ...  # the change, and its audit_record
        notify(recipients=recipients.prefecture_coordinators(), kind=notices.SUBMITTED,
               params={"town": town.name, "system": system.name},
               url=reverse("catalog:request", args=[request.pk]), actor=actor,
               organisation_label=town.name)

The inbox rows are part of the caller's transaction; the e-mails are sent by Celery once
it commits. Creating a notification is not audited: the change that caused it is.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import User
from kyodo.accounts.policy import can_read_notification, can_use_notifications
from kyodo.audit.services import audit_record
from kyodo.notifications import kinds, mail
from kyodo.notifications.models import EmailDelivery, Notification, NotificationPreference

URL_MAX_LENGTH = Notification._meta.get_field("url").max_length
LABEL_MAX_LENGTH = Notification._meta.get_field("organisation_label").max_length
# A digest lists this many notifications in full; the inbox has the rest.
DIGEST_MAX_ITEMS = 100


def _kind(kind) -> kinds.NotificationKind:
    code = kind.code if isinstance(kind, kinds.NotificationKind) else kind
    registered = kinds.get(code)
    if registered is None:
        raise ValueError(f"Notification kind {code!r} is not registered: declare it in the "
                         f"module's notices.py with kinds.register().")
    return registered


def _checked_url(url: str) -> str:
    """A path on this platform ("/console/vendors/"), never another site's address."""
    url = url or ""
    if url and not (url.startswith("/") and not url.startswith("//")
                    and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
                    and len(url) <= URL_MAX_LENGTH):
        raise ValueError(f"A notification's url must be a path on this platform: {url!r}.")
    return url


def _users(recipients: Iterable, actor) -> list[User]:
    """The distinct active recipients, without the actor: nobody is told of their own act."""
    if isinstance(recipients, QuerySet):
        ids = recipients.values("pk")
    else:
        ids = {getattr(user, "pk", user) for user in recipients}
    users = User.objects.filter(pk__in=ids, is_active=True).order_by("pk")
    if actor is not None and getattr(actor, "is_authenticated", False):
        users = users.exclude(pk=actor.pk)
    return list(users)


def notify(*, recipients: Iterable, kind, params: dict, url: str = "", actor=None,
           organisation_label: str = "") -> list[Notification]:
    """Tell `recipients` (users) that something happened; call it inside the caller's
    transaction.

    Writes one inbox row per distinct active recipient (the actor excepted), rolled back
    with the caller's change, and sends the e-mails of those who want them at once by
    Celery after the commit; those who chose the daily digest get it at 8:00.
    `kind` is a registered NotificationKind (or its code); `params` must be JSON and
    match the kind's placeholders exactly, `url` a path on this platform. A mismatch
    raises ValueError or TypeError: it is the calling module's mistake.
    """
    kind = _kind(kind)
    params = kind.check_params(params)
    url = _checked_url(url)
    users = _users(recipients, actor)
    if not users:
        return []
    choices = dict(NotificationPreference.objects.filter(user__in=users).values_list(
        "user_id", "email_delivery"))
    rows = [Notification(recipient=user, kind=kind.code, params=params, url=url,
                         actor=actor if getattr(actor, "is_authenticated", False) else None,
                         organisation_label=(organisation_label or "")[:LABEL_MAX_LENGTH],
                         delivery=choices.get(user.pk, EmailDelivery.IMMEDIATE))
            for user in users]
    with transaction.atomic():
        rows = Notification.objects.bulk_create(rows)
        immediate = [row.pk for row in rows if row.delivery == EmailDelivery.IMMEDIATE]
        if immediate:
            # robust: the change is committed whatever the broker says; an e-mail that
            # could not be queued is sent by the sweep (tasks.resend_unsent_emails).
            transaction.on_commit(lambda: _queue_emails(immediate), robust=True)
    return rows


def _queue_emails(notification_ids: list[int]) -> None:
    from kyodo.notifications.tasks import send_notification_email

    for notification_id in notification_ids:
        send_notification_email.delay(notification_id)


def notification_open(*, actor, notification: Notification) -> Notification:
    """The recipient opens a notification: it is read from now on."""
    if not can_read_notification(actor, notification):
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now)
        notification.read_at = now
    return notification


def notification_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor as read; returns how many."""
    if not can_use_notifications(actor):
        raise PermissionDenied
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now())


def notification_preference_set(*, actor, email_delivery: str) -> NotificationPreference:
    """Choose how notifications reach the actor by e-mail. Audited when it changes; it
    applies to notifications from now on."""
    if not can_use_notifications(actor):
        raise PermissionDenied
    if email_delivery not in EmailDelivery.values:
        raise ValueError(f"Unknown e-mail delivery {email_delivery!r}.")
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
            user=actor)
        before = {"email_delivery": preference.email_delivery}
        if preference.email_delivery != email_delivery:
            preference.email_delivery = email_delivery
            preference.save(update_fields=["email_delivery", "updated_at"])
            audit_record(actor=actor, action="notification_preference.update",
                         target=preference, before=before,
                         after={"email_delivery": email_delivery},
                         tenant_schema=get_public_schema_name())
    return preference


def notification_email_send(*, notification_id: int) -> bool:
    """E-mail one notification to its recipient, once: a row already e-mailed, or being
    e-mailed by another worker right now, is left alone. Raises on a failure to send, so
    the task retries; the row stays unsent until the mail has gone."""
    with transaction.atomic():
        notification = (Notification.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("recipient")
                        .filter(pk=notification_id, emailed_at__isnull=True,
                                delivery=EmailDelivery.IMMEDIATE).first())
        if notification is None or not notification.recipient.is_active:
            return False
        mail.send_notice(notification)
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def notification_digest_send(*, user_id: int, until) -> int:
    """E-mail one digest of a person's digest notifications not yet e-mailed (up to
    `until`), and mark them e-mailed. Returns how many it covered; 0 sends nothing."""
    with transaction.atomic():
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return 0
        notifications = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(recipient=user, delivery=EmailDelivery.DAILY_DIGEST,
                    emailed_at__isnull=True, created_at__lte=until)
            .order_by("created_at", "pk"))
        if not notifications:
            return 0
        mail.send_digest(user, notifications, shown=DIGEST_MAX_ITEMS)
        Notification.objects.filter(pk__in=[item.pk for item in notifications]).update(
            emailed_at=timezone.now())
    return len(notifications)
