"""Values every page's layout needs: the prefecture's name and the portal switcher."""

from django.conf import settings

from kyodo.accounts.policy import portals_of


def _current_portal(request) -> str | None:
    tenant = getattr(request, "tenant", None)
    if tenant is not None and not tenant.is_public:
        return tenant.schema_name
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    if match.namespace == "console":
        return "console"
    if match.url_name == "vendor_portal":
        return f"vendor-{match.kwargs.get('pk')}"
    if match.url_name == "specialist_home":
        return "specialist"
    return None


def platform(request) -> dict:
    user = getattr(request, "user", None)
    portals = portals_of(user) if user is not None else []
    return {
        "kyodo_prefecture": settings.KYODO_PREFECTURE,
        "portals": portals,
        "current_portal": _current_portal(request),
    }
