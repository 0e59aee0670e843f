"""Values every page's layout needs: the prefecture, its office, the portal switcher and
the number of unread notifications."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from kyodo.accounts.policy import portals_of
from kyodo.notifications.selectors import notification_unread_count


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
    signed_in = user is not None and user.is_authenticated
    return {
        "kyodo_prefecture": settings.KYODO_PREFECTURE,
        "kyodo_office": office(),
        "portals": portals,
        "current_portal": _current_portal(request),
        # Counted only when the page shows it (the header), once per page; never for a
        # visitor who is not signed in.
        "notifications_unread": SimpleLazyObject(
            lambda: notification_unread_count(actor=user)) if signed_in else 0,
    }
