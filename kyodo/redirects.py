"""Where a page sends someone after an action posted from elsewhere."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback: str, *args):
    """Back to the page that posted (its `next` field), if that is one of ours, else
    `fallback` (a URL name or path, with its arguments)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback, *args)
