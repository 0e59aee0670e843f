"""Who may do what. Services, selectors, views, templates and the API ask here.

Every function takes the acting user first and answers with a bool (or, for the
`*_of` helpers, what the user may reach), so a template or a test can call it as
readily as a service. Nothing else in the code base decides permissions.

Organisations are the prefecture (the public tenant, which also holds the specialist
pool), each municipality (its tenant) and each vendor. A membership gives a user one
role in one organisation; a user may hold several.
"""

from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import (
    MUNICIPALITY_ROLES,
    PREFECTURE_ROLES,
    VENDOR_ROLES,
    Membership,
    Role,
    Vendor,
    VendorStatus,
)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _memberships(user):
    """The memberships the user acts with: all of them, or, for a request authenticated
    by an API token, only the token's own (the token acts for one organisation)."""
    memberships = Membership.objects.filter(user=user)
    scope = getattr(user, "api_token_membership_id", None)
    if scope is not None:
        memberships = memberships.filter(pk=scope)
    return memberships


def has_prefecture_role(user, roles=PREFECTURE_ROLES) -> bool:
    return _signed_in(user) and _memberships(user).filter(
        municipality__schema_name=get_public_schema_name(), role__in=roles
    ).exists()


def is_coordinator(user) -> bool:
    return has_prefecture_role(user, {Role.PREFECTURE_COORDINATOR})


def can_use_console(user) -> bool:
    """The prefecture console is for the prefecture's coordinators and operators."""
    return has_prefecture_role(user)


def requires_mfa(user) -> bool:
    """Prefecture coordinators and operators, and anyone who may use the admin, must use a
    second factor. This is about the person, so an API token's scope does not narrow it."""
    if not _signed_in(user):
        return False
    return user.is_staff or Membership.objects.filter(
        user=user, municipality__schema_name=get_public_schema_name(), role__in=PREFECTURE_ROLES
    ).exists()


def can_enter_workspace(user, municipality) -> bool:
    """A town's private workspace is open only to that town's own members.

    Prefecture roles give no way in: coordinators see what a town publishes through
    the console, not its workspace, unless they also hold a membership in the town.
    """
    if not _signed_in(user) or municipality.is_public:
        return False
    return _memberships(user).filter(
        municipality=municipality, role__in=MUNICIPALITY_ROLES
    ).exists()


def can_edit_workspace_profile(user, municipality) -> bool:
    return can_enter_workspace(user, municipality)


def is_municipality_lead(user, municipality) -> bool:
    """A lead may act on behalf of the town: submit, and invite colleagues."""
    if not _signed_in(user) or municipality.is_public:
        return False
    return _memberships(user).filter(
        municipality=municipality, role=Role.MUNICIPALITY_LEAD
    ).exists()


def is_vendor_member(user, vendor: Vendor, roles=VENDOR_ROLES) -> bool:
    return _signed_in(user) and _memberships(user).filter(vendor=vendor, role__in=roles).exists()


def is_vendor_admin(user, vendor: Vendor) -> bool:
    return is_vendor_member(user, vendor, {Role.VENDOR_ADMIN})


def can_view_vendor(user, vendor: Vendor) -> bool:
    """A vendor's record: its own members, and the prefecture's staff."""
    return is_vendor_member(user, vendor) or can_use_console(user)


def can_approve_vendor(user, vendor: Vendor) -> bool:
    return is_coordinator(user) and vendor.status == VendorStatus.PENDING


def can_reject_vendor(user, vendor: Vendor) -> bool:
    """An application the prefecture cannot accept is declined with a reason."""
    return is_coordinator(user) and vendor.status == VendorStatus.PENDING


def can_edit_vendor(user, vendor: Vendor) -> bool:
    """A vendor keeps its own registration (name, address, contact, qualifications)
    current; the prefecture's coordinators may correct it too."""
    return is_vendor_admin(user, vendor) or is_coordinator(user)


def can_suspend_vendor(user, vendor: Vendor) -> bool:
    """指名停止 and the like: a coordinator withdraws an approved vendor's standing."""
    return is_coordinator(user) and vendor.status == VendorStatus.APPROVED


def can_reinstate_vendor(user, vendor: Vendor) -> bool:
    return is_coordinator(user) and vendor.status == VendorStatus.SUSPENDED


def is_specialist(user) -> bool:
    return has_prefecture_role(user, {Role.SPECIALIST})


def can_invite(user, *, municipality=None, vendor=None, role: str) -> bool:
    """May `user` invite someone into this organisation with this role?

    - a coordinator: anyone into any municipality or vendor, and prefecture roles;
    - a town's lead: colleagues into that town (staff or lead);
    - a vendor's administrator: colleagues into that vendor.
    """
    if not _signed_in(user) or (municipality is None) == (vendor is None):
        return False
    if vendor is not None:
        if role not in VENDOR_ROLES:
            return False
        return is_coordinator(user) or is_vendor_admin(user, vendor)
    if municipality.is_public:
        return role in PREFECTURE_ROLES | {Role.SPECIALIST} and is_coordinator(user)
    if role not in MUNICIPALITY_ROLES:
        return False
    return is_coordinator(user) or is_municipality_lead(user, municipality)


def can_remove_membership(user, membership: Membership) -> bool:
    """Who may end someone's membership: a coordinator, any; a town's lead, the town's
    members; a vendor's administrator, the vendor's. Nobody removes their own: leaving
    an organisation goes through its lead, so no town is left without one by mistake."""
    if not _signed_in(user) or membership.user_id == user.pk:
        return False
    if is_coordinator(user):
        return True
    if membership.vendor_id:
        return is_vendor_admin(user, membership.vendor)
    if membership.municipality.is_public:
        return False
    return is_municipality_lead(user, membership.municipality)


def can_change_role(user, membership: Membership, role: str) -> bool:
    """Who may give a member another role in their organisation: the same people who may
    remove them (can_remove_membership), and only to a role that organisation has."""
    return role in membership.roles_available() and can_remove_membership(user, membership)


def can_view_members(user, municipality=None) -> bool:
    """Who belongs to a town and who is invited to it: the town's own members and the
    prefecture's staff. Every organisation's (municipality=None): the prefecture's staff."""
    if municipality is not None and can_enter_workspace(user, municipality):
        return True
    return can_use_console(user)


# --- The common-system catalog and adoption requests (shared_services) -----------------

def can_manage_catalog(user) -> bool:
    """Curating the catalog (systems, prices, specifications, status) is the coordinators'."""
    return is_coordinator(user)


def can_view_common_system(user, system) -> bool:
    """Published and retired systems are for everyone signed in (a retired one keeps its
    adopters' history); drafts only for the prefecture's staff."""
    from shared_services.models import SystemStatus

    if not _signed_in(user):
        return False
    return system.status != SystemStatus.DRAFT or can_use_console(user)


def can_draft_adoption_request(user, municipality) -> bool:
    """Any member of a town may draft a request for it; only its lead submits."""
    return can_enter_workspace(user, municipality)


def can_view_adoption_request(user, request) -> bool:
    """The town's own members always; the prefecture's staff once it has been submitted
    (a draft is the town's own work in progress)."""
    from shared_services.lifecycle import AdoptionStatus

    if can_enter_workspace(user, request.municipality):
        return True
    return can_use_console(user) and request.status != AdoptionStatus.DRAFT


def can_edit_adoption_request(user, request) -> bool:
    from shared_services.lifecycle import EDITABLE

    return request.status in EDITABLE and can_enter_workspace(user, request.municipality)


def can_take_adoption_action(user, request, action: str) -> bool:
    """The lifecycle table (shared_services.lifecycle.TRANSITIONS) says from which states an
    action may be taken and by which side: the town's lead, or a coordinator."""
    from shared_services.lifecycle import TRANSITIONS, Side

    transition = TRANSITIONS.get(action)
    if transition is None or request.status not in transition.sources:
        return False
    if transition.side == Side.TOWN:
        return is_municipality_lead(user, request.municipality)
    return is_coordinator(user)


def can_comment_on_adoption_request(user, request) -> bool:
    """The thread is shared by the town's members and the coordinators."""
    from shared_services.lifecycle import AdoptionStatus

    if can_enter_workspace(user, request.municipality):
        return True
    return is_coordinator(user) and request.status != AdoptionStatus.DRAFT


def can_view_town_charges(user, municipality) -> bool:
    """A town's 負担金 lines: the town's own members and the prefecture's staff."""
    return can_enter_workspace(user, municipality) or can_use_console(user)


def can_preview_allocation(user) -> bool:
    """Working out what a sharing rule would charge which towns (from public master data,
    nothing stored) is for the coordinators, who set the rules, and the towns' members,
    who weigh joining."""
    return is_coordinator(user) or workspaces_of(user).exists()


def can_create_api_token(user, membership: Membership) -> bool:
    """A token acts for one of the user's own memberships, never for someone else's."""
    return _signed_in(user) and membership.user_id == user.pk


def can_revoke_api_token(user, token) -> bool:
    """Only the token's owner revokes it; removing the membership removes it too."""
    return _signed_in(user) and token.user_id == user.pk


def can_use_notifications(user) -> bool:
    """Everyone signed in has an inbox and chooses how it reaches them by e-mail."""
    return _signed_in(user)


def can_read_notification(user, notification) -> bool:
    """A notification is its recipient's alone: nobody else opens or marks it, not even
    the prefecture's staff."""
    return _signed_in(user) and notification.recipient_id == user.pk


def memberships_of(user, *, api_token=None):
    """The memberships a request acts for: all of the user's, or, when the request
    is authenticated by an API token, only the token's own membership."""
    if not _signed_in(user):
        return Membership.objects.none()
    memberships = _memberships(user)
    if api_token is not None:
        memberships = memberships.filter(pk=api_token.membership_id)
    return memberships.select_related("user", "municipality", "vendor").order_by("pk")


def workspaces_of(user):
    """The municipalities whose workspace the user may enter."""
    from tenants.models import Municipality

    if not _signed_in(user):
        return Municipality.objects.none()
    return (
        Municipality.objects.exclude(schema_name=get_public_schema_name())
        .filter(memberships__in=_memberships(user).filter(role__in=MUNICIPALITY_ROLES))
        .distinct()
        .order_by("lg_code")
    )


def vendors_of(user):
    if not _signed_in(user):
        return Vendor.objects.none()
    return Vendor.objects.filter(
        memberships__in=_memberships(user).filter(role__in=VENDOR_ROLES)).distinct()


def portals_of(user) -> list[dict]:
    """Every place the user works, for the portal switcher and the front door.

    Each entry has a `key` (what the header marks as current), a `label` and a `url`.
    """
    if not _signed_in(user):
        return []
    portals = []
    if can_use_console(user):
        portals.append({"key": "console", "label": _("県コンソール"), "url": "/console/"})
    portals += [{"key": town.schema_name, "label": town.name, "url": town.workspace_url}
                for town in workspaces_of(user)]
    portals += [{"key": f"vendor-{vendor.pk}", "label": vendor.legal_name,
                 "url": f"/vendors/{vendor.pk}/"} for vendor in vendors_of(user)]
    if is_specialist(user):
        portals.append({"key": "specialist", "label": _("デジタル人材"), "url": "/specialist/"})
    return portals


# --- Joint DX targets (joint_targets) ---------------------------------------------------

def can_view_procedures(user, municipality) -> bool:
    """The procedure inventory is the town's own evidence: its members only. The prefecture
    sees the values computed from it, never the rows."""
    return can_enter_workspace(user, municipality)


def can_edit_procedures(user, municipality) -> bool:
    """Any member of the town keeps the inventory, as any member drafts a catalog request
    and edits the profile; nothing in it is submitted on the town's behalf."""
    return can_enter_workspace(user, municipality)


def can_view_organisation_checklist(user, municipality) -> bool:
    """The checklist's dates and evidence are the town's own: its members only."""
    return can_enter_workspace(user, municipality)


def can_edit_organisation_checklist(user, municipality) -> bool:
    """The checklist (CIO, policy, structure …) is kept like the inventory: by any member."""
    return can_enter_workspace(user, municipality)


def can_view_town_indicators(user, municipality) -> bool:
    """The town's dashboard: its values, the targets and its band's median."""
    return can_enter_workspace(user, municipality)


def can_view_indicators(user) -> bool:
    """The indicators' definitions and national references: everyone signed in."""
    return _signed_in(user)


def can_view_target_progress(user) -> bool:
    """Every town's published values against the targets: the prefecture's staff."""
    return can_use_console(user)


def can_view_band_aggregates(user) -> bool:
    """Per-band medians and quartiles of the published values are open data: anyone may
    read them, signed in or not. They are shown only where no town's value can be told."""
    return True
