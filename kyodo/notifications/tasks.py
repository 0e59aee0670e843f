"""Sending notifications by e-mail. Tasks take ids, call a service, and are safe to run
twice: a notification already e-mailed is never sent again.

A transient failure (the mail server, the network, the database) is retried with a
growing, jittered delay of at most ten minutes (well inside the broker's visibility
timeout). What every retry failed to send, or what was never queued because the broker
was down, is sent by `resend_unsent_emails` every fifteen minutes.
"""

import datetime

from django.db import InterfaceError, OperationalError
from django.utils import timezone

from kyodo.celery import app
from kyodo.notifications.selectors import digest_recipient_ids, unsent_immediate_ids
from kyodo.notifications.services import notification_digest_send, notification_email_send

RETRY = {"autoretry_for": (OSError, OperationalError, InterfaceError), "retry_backoff": 30,
         "retry_backoff_max": 600, "retry_jitter": True, "max_retries": 8}


@app.task(**RETRY)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification to a recipient who wants them at once."""
    return notification_email_send(notification_id=notification_id)


@app.task(**RETRY)
def send_digest(user_id: int, until: str) -> int:
    """E-mail one person their digest of what was notified up to `until` (ISO time)."""
    return notification_digest_send(user_id=user_id,
                                    until=datetime.datetime.fromisoformat(until))


@app.task
def send_daily_digests() -> int:
    """Celery beat, each morning at 8:00: one digest task per person who is owed one."""
    until = timezone.now()
    user_ids = digest_recipient_ids(until=until)
    for user_id in user_ids:
        send_digest.delay(user_id, until.isoformat())
    return len(user_ids)


@app.task
def resend_unsent_emails() -> int:
    """Celery beat, every 15 minutes: queue again the immediate e-mails still unsent."""
    notification_ids = unsent_immediate_ids()
    for notification_id in notification_ids:
        send_notification_email.delay(notification_id)
    return len(notification_ids)
