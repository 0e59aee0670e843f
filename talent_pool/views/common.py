"""What the pool's pages share: running a service from a POST and saying what happened."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from kyodo.accounts.policy import can_manage_specialists
from kyodo.errors import DomainError
from kyodo.forms import add_domain_error


def post_step(request, step: Callable[[], object], *, done: str, back: str):
    """Run `step` (a service call) for a POST button (the view is require_POST) and return
    to `back`, with `done` as the message, or the service's own message when it refuses."""
    try:
        step()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(back)


def form_step(request, form, act: Callable[[object], object], *, done: str, success):
    """A form page's POST: run `act(form)` (a service) when the form is valid and go to
    `success(result)`; otherwise None, with the service's field errors on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act(form)
    except DomainError as error:
        add_domain_error(form, error)
        return None
    messages.success(request, done)
    return redirect(success(result))


def coordinator_only(request) -> None:
    """The pool's console pages are the coordinators' (profiles, taxonomy, proposals)."""
    if not can_manage_specialists(request.user):
        raise PermissionDenied
