"""Whom to tell: the people every module addresses its notices to.

Each returns a queryset of active users, ordered by e-mail address, ready for
`notify(recipients=…)`. They answer who holds a role, not who may see something: the
calling service has already decided that the notice concerns them.
"""

from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import MUNICIPALITY_ROLES, VENDOR_ROLES, Membership, Role, User


def _holding(memberships):
    return User.objects.filter(is_active=True,
                               pk__in=memberships.values("user_id")).order_by("email")


def prefecture_coordinators():
    """The prefecture's coordinators (県コーディネーター): they review and decide."""
    return _holding(Membership.objects.filter(
        municipality__schema_name=get_public_schema_name(), role=Role.PREFECTURE_COORDINATOR))


def town_leads(municipality):
    """A town's leads (市町村責任者), who act for the town."""
    return _holding(Membership.objects.filter(municipality=municipality,
                                              role=Role.MUNICIPALITY_LEAD))


def town_members(municipality):
    """Everyone who works in a town's workspace: its leads and staff."""
    return _holding(Membership.objects.filter(municipality=municipality,
                                              role__in=MUNICIPALITY_ROLES))


def vendor_admins(vendor):
    """A vendor's administrators (事業者管理者)."""
    return _holding(Membership.objects.filter(vendor=vendor, role=Role.VENDOR_ADMIN))


def vendor_members(vendor):
    """Everyone acting for a vendor: its administrators and members."""
    return _holding(Membership.objects.filter(vendor=vendor, role__in=VENDOR_ROLES))
