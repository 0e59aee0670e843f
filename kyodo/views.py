"""The platform's front door: send each person to where their work is."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from kyodo.accounts.policy import can_use_console, workspaces_of


@login_required
def home(request):
    if can_use_console(request.user):
        return redirect("console:home")
    workspaces = list(workspaces_of(request.user))
    if len(workspaces) == 1:
        return redirect(workspaces[0].workspace_url)
    return render(request, "portal.html", {"workspaces": workspaces})
