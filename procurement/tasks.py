"""Celery beat's part: the side effects of time (the states themselves come from the clock).

`open_due_tenders` runs every few minutes and opens each tender whose opening time has
come; `tender_open` is idempotent, so a late, repeated or concurrent run changes nothing.
"""

import logging

from celery import shared_task
from django.utils import timezone

from procurement.lifecycle import Stage
from procurement.models import Procurement
from procurement.services.opening import tender_open

logger = logging.getLogger(__name__)


def due_tenders():
    return Procurement.objects.filter(stage=Stage.PUBLISHED, opened_at__isnull=True,
                                      opening_at__lte=timezone.now())


@shared_task(name="procurement.open_due_tenders")
def open_due_tenders() -> int:
    opened = 0
    for procurement in due_tenders():
        tender_open(actor=None, procurement=procurement)
        logger.info("procurement %s opened", procurement.pk)
        opened += 1
    return opened
