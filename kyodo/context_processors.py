"""Values every page's layout needs: the prefecture, its office and the portal switcher."""

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


def office() -> dict:
    """Who to ask: the prefecture's office that runs the platform."""
    return {"name": settings.KYODO_OFFICE_NAME,
            "email": settings.KYODO_OFFICE_EMAIL or settings.DEFAULT_FROM_EMAIL,
            "phone": settings.KYODO_OFFICE_PHONE}


def platform(request) -> dict:
    user = getattr(request, "user", None)
    portals = portals_of(user) if user is not None else []
    return {
        "kyodo_prefecture": settings.KYODO_PREFECTURE,
        "kyodo_office": office(),
        "portals": portals,
        "current_portal": _current_portal(request),
    }
