"""Values every page's layout needs: the prefecture's name and the portal switcher."""

from django.conf import settings

from kyodo.accounts.policy import can_use_console, workspaces_of


def platform(request) -> dict:
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    portal = {"console": False, "workspaces": [], "here": None}
    if user is not None and user.is_authenticated:
        portal = {
            "console": can_use_console(user),
            "workspaces": list(workspaces_of(user)),
            "here": "console" if tenant is None or tenant.is_public else tenant.schema_name,
        }
    return {"kyodo_prefecture": settings.KYODO_PREFECTURE, "portal": portal}
