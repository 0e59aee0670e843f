"""Kyodo (共同): the shared-service platform a prefecture runs for its municipalities."""

from kyodo.celery import app as celery_app

__all__ = ["celery_app"]
