"""Rate limits that count only what was accepted, and say how long to wait.

allauth counts each sign-in attempt as it is made, which is right against guessing
passwords. Kyodo's own public forms (事業者登録申請) limit how much a client may file, so
only accepted submissions count: a vendor correcting a refused form is never held back.
A view calls `wait_seconds` before it processes anything (nothing is counted), and
`count_accepted` once the submission is accepted; when the limit is reached,
`too_many_requests` answers 429 with the real wait, in words and in `Retry-After`.

The limits are written in ACCOUNT_RATE_LIMITS and counted exactly as allauth counts
its own (same cache keys, same client address through the account adapter). allauth
has no public call that tells how long a client must wait, so the history is read
through its rate-limit module; `tests/kyodo/test_rate_limits.py` notices if that changes.
"""

import math
import time

from allauth.core import ratelimit
from allauth.core.internal import ratelimit as allauth_internal
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render

APP = "allauth.account"  # where ACCOUNT_RATE_LIMITS is read from


def wait_seconds(request, *, action: str) -> int:
    """Seconds until this client may submit `action` again; 0 when it may now.

    Each rate keeps the times of the counted submissions, newest first. The client is
    held back while `amount` of them fall within `duration`; it may go again when the
    oldest of the newest `amount` leaves the window.
    """
    now = time.time()
    wait = 0.0
    for rate in allauth_internal.get_rates(app=APP, action=action):
        key = allauth_internal.get_cache_key(request, app=APP, action=action, rate=rate)
        recent = sorted((moment for moment in cache.get(key, [])
                         if moment > now - rate.duration), reverse=True)
        if len(recent) >= rate.amount:
            wait = max(wait, recent[rate.amount - 1] + rate.duration - now)
    return math.ceil(wait)


def count_accepted(request, *, action: str) -> None:
    """Count one accepted submission of `action` for this client."""
    ratelimit.consume(request, action=action)


def too_many_requests(request, *, wait: int) -> HttpResponse:
    """The Japanese 429 page, saying when to come back (and `Retry-After` for programs)."""
    response = render(request, "429.html",
                      {"retry_after_minutes": max(1, math.ceil(wait / 60))}, status=429)
    response["Retry-After"] = str(wait)
    return response
