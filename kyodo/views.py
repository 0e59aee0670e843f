"""The platform's front door: send each person to where their work is."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static

from kyodo.accounts.policy import can_use_console, portals_of


@login_required
def home(request):
    if can_use_console(request.user):
        return redirect("console:home")
    portals = portals_of(request.user)
    if len(portals) == 1:
        return redirect(portals[0]["url"])
    return render(request, "portal.html", {"choices": portals})


def favicon(request):
    """Pages name their icon; the admin does not, so browsers still ask for this one."""
    return redirect(static("kyodo/favicon.svg"), permanent=True)
