"""Who may do what. Views, services, selectors and the API ask here; nowhere else decides.

Every function takes the acting user first and answers with a bool, so a template
or a test can call it as readily as a view.
"""

from kyodo.accounts.models import MUNICIPALITY_ROLES, PREFECTURE_ROLES


def can_use_console(user) -> bool:
    """The prefecture console is for the prefecture's coordinators and operators."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(
        municipality__schema_name="public", role__in=PREFECTURE_ROLES
    ).exists()


def can_enter_workspace(user, municipality) -> bool:
    """A town's private workspace is open only to that town's own members.

    Prefecture roles give no way in: coordinators see what a town publishes through
    the console, not its workspace, unless they also hold a membership in the town.
    """
    if not user.is_authenticated or municipality.is_public:
        return False
    return user.memberships.filter(municipality=municipality, role__in=MUNICIPALITY_ROLES).exists()


def can_edit_workspace_profile(user, municipality) -> bool:
    return can_enter_workspace(user, municipality)


def workspaces_of(user):
    """The municipalities whose workspace the user may enter, for the portal switcher."""
    from tenants.models import Municipality

    if not user.is_authenticated:
        return Municipality.objects.none()
    return (
        Municipality.objects.exclude(schema_name="public")
        .filter(memberships__user=user, memberships__role__in=MUNICIPALITY_ROLES)
        .distinct()
        .order_by("lg_code")
    )
