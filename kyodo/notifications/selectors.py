"""Reads of notifications. A person sees only their own: another person's notification is
answered exactly as one that does not exist (Http404)."""

import datetime

from django.http import Http404
from django.utils import timezone

from kyodo.accounts.policy import can_read_notification, can_use_notifications
from kyodo.notifications.models import EmailDelivery, Notification, NotificationPreference

# An immediate e-mail still unsent this long after its notification was written is sent
# again by the sweep (its task was lost with the broker, or failed every retry) …
RESEND_AFTER = datetime.timedelta(minutes=10)
# … for this long; after that the inbox alone tells of it.
RESEND_WITHIN = datetime.timedelta(days=2)
RESEND_BATCH = 1000


def notification_list(*, actor):
    """The actor's notifications, newest first."""
    if not can_use_notifications(actor):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=actor).order_by("-created_at", "-pk")


def notification_get(*, actor, pk: int) -> Notification:
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None or not can_read_notification(actor, notification):
        raise Http404
    return notification


def notification_unread_count(*, actor) -> int:
    """The header's badge: one count query, none for someone not signed in."""
    if not can_use_notifications(actor):
        return 0
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()


def notification_preference_get(*, actor) -> NotificationPreference:
    """The actor's choice (an unsaved default, immediate, when they have not chosen)."""
    preference = NotificationPreference.objects.filter(user=actor).first()
    return preference or NotificationPreference(user=actor,
                                                email_delivery=EmailDelivery.IMMEDIATE)


def unsent_immediate_ids(*, now: datetime.datetime | None = None) -> list[int]:
    """Immediate e-mails that should have gone by now and have not (for the sweep)."""
    now = now or timezone.now()
    return list(Notification.objects.filter(
        delivery=EmailDelivery.IMMEDIATE, emailed_at__isnull=True,
        created_at__lte=now - RESEND_AFTER, created_at__gt=now - RESEND_WITHIN,
        recipient__is_active=True,
    ).order_by("created_at").values_list("pk", flat=True)[:RESEND_BATCH])


def digest_recipient_ids(*, until: datetime.datetime) -> list[int]:
    """The people owed a digest: active, with digest notifications not yet e-mailed."""
    return list(Notification.objects.filter(
        delivery=EmailDelivery.DAILY_DIGEST, emailed_at__isnull=True, created_at__lte=until,
        recipient__is_active=True,
    ).order_by("recipient_id").values_list("recipient_id", flat=True).distinct())
