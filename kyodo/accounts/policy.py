"""Who may do what. Services, selectors, views, templates and the API ask here.

Every function takes the acting user first and answers with a bool (or, for the
`*_of` helpers, what the user may reach), so a template or a test can call it as
readily as a service. Nothing else in the code base decides permissions.

Organisations are the prefecture (the public tenant, which also holds the specialist
pool), each municipality (its tenant) and each vendor. A membership gives a user one
role in one organisation; a user may hold several.

A user's memberships are read once per user object, which is once per request (Django
and the API's token authentication build the request's user anew each time), and every
question here is answered from them: a page that asks ten questions and shows the portal
switcher costs one query, not a dozen. A membership saved or deleted in this process
makes every user object read its memberships again (`forget_memberships`), so a change
made earlier in the same request, or in a test, is seen at once.
"""

import threading

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


_changes_lock = threading.Lock()
_changes = [0]  # how many times a membership was saved or deleted in this process


def forget_memberships(**kwargs) -> None:
    """Receiver for Membership's save and delete signals (kyodo.accounts.apps)."""
    with _changes_lock:
        _changes[0] += 1


def _all_memberships(user) -> list[Membership]:
    """Every membership of the user, with its organisation, read once per user object."""
    kept = getattr(user, "_kyodo_memberships", None)
    if kept is None or kept[0] != _changes[0]:
        changes = _changes[0]
        rows = list(Membership.objects.filter(user=user).select_related(
            "municipality", "vendor").order_by("pk"))
        kept = (changes, rows)
        user._kyodo_memberships = kept
    return kept[1]


def _acting(user) -> list[Membership]:
    """The memberships the user acts with: all of them, or, for a request authenticated
    by an API token, only the token's own (the token acts for one organisation)."""
    if not _signed_in(user):
        return []
    scope = getattr(user, "api_token_membership_id", None)
    rows = _all_memberships(user)
    return rows if scope is None else [row for row in rows if row.pk == scope]


def _in_prefecture(membership: Membership) -> bool:
    return (membership.municipality_id is not None
            and membership.municipality.schema_name == get_public_schema_name())


def _memberships(user):
    """`_acting` as a query, for the selectors below that other code filters further."""
    memberships = Membership.objects.filter(user=user)
    scope = getattr(user, "api_token_membership_id", None)
    if scope is not None:
        memberships = memberships.filter(pk=scope)
    return memberships


def has_prefecture_role(user, roles=PREFECTURE_ROLES) -> bool:
    return any(_in_prefecture(row) and row.role in roles for row in _acting(user))


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
    return user.is_staff or any(_in_prefecture(row) and row.role in PREFECTURE_ROLES
                                for row in _all_memberships(user))


def can_enter_workspace(user, municipality) -> bool:
    """A town's private workspace is open only to that town's own members.

    Prefecture roles give no way in: coordinators see what a town publishes through
    the console, not its workspace, unless they also hold a membership in the town.
    """
    if not _signed_in(user) or municipality.is_public:
        return False
    return any(row.municipality_id == municipality.pk and row.role in MUNICIPALITY_ROLES
               for row in _acting(user))


def can_edit_workspace_profile(user, municipality) -> bool:
    return can_enter_workspace(user, municipality)


def is_municipality_lead(user, municipality) -> bool:
    """A lead may act on behalf of the town: submit, and invite colleagues."""
    if not _signed_in(user) or municipality.is_public:
        return False
    return any(row.municipality_id == municipality.pk and row.role == Role.MUNICIPALITY_LEAD
               for row in _acting(user))


def is_vendor_member(user, vendor: Vendor, roles=VENDOR_ROLES) -> bool:
    return any(row.vendor_id == vendor.pk and row.role in roles for row in _acting(user))


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
    return is_coordinator(user) or bool(_towns(user))


# --- Joint procurement (procurement) ---------------------------------------------------

def can_manage_procurement(user) -> bool:
    """Drafting, surveying, publishing, amending, opening, scoring, awarding and recording
    the contract are the coordinators' (the prefecture buys on the towns' behalf)."""
    return is_coordinator(user)


def is_vendor_qualified(vendor: Vendor, category: str, day) -> bool:
    """An approved vendor holding the 競争入札参加資格 the tender requires, on `day`."""
    return vendor.status == VendorStatus.APPROVED and vendor.qualifications.filter(
        category=category, valid_from__lte=day, valid_until__gte=day).exists()


def can_view_procurement(user, procurement) -> bool:
    """The prefecture's staff see every procurement; a town sees those it was asked to
    join; a vendor sees every published one (it bids only where qualified)."""
    from procurement.lifecycle import Stage

    if not _signed_in(user):
        return False
    if can_use_console(user):
        return True
    if procurement.stage == Stage.DRAFT:
        return False
    towns = workspaces_of(user)
    if procurement.invitations.filter(municipality__in=towns).exists():
        return True
    if procurement.published_at is None:
        return False
    # A published tender is public (公告, and its OCDS release): every vendor may read it;
    # whether it may bid is can_bid_for's question.
    return vendors_of(user).exists()


def can_answer_survey(user, invitation) -> bool:
    """The town's lead answers for the town, before the survey's deadline."""
    from procurement.lifecycle import State

    return (is_municipality_lead(user, invitation.municipality)
            and invitation.procurement.state() == State.INTENT_SURVEY)


def can_bid_for(user, vendor: Vendor, procurement) -> bool:
    """A member of a qualified vendor, while bids are accepted (the clock decides)."""
    from django.utils import timezone

    from procurement.lifecycle import BIDDING_STATES

    return (is_vendor_member(user, vendor) and procurement.state() in BIDDING_STATES
            and is_vendor_qualified(vendor, procurement.qualification, timezone.localdate()))


def can_ask_clarification(user, vendor: Vendor, procurement) -> bool:
    """Questions until the clarification deadline, from vendors who may bid."""
    from procurement.lifecycle import State

    return can_bid_for(user, vendor, procurement) and procurement.state() == State.PUBLISHED


def can_view_bid(user, bid) -> bool:
    """A bid, its receipt and its documents: the bidding vendor's members only. Nobody
    else reads a bid as such; after the opening everyone who may sees the tabulation."""
    return is_vendor_member(user, bid.vendor)


def can_view_tabulation(user, procurement) -> bool:
    """The 入札経過調書 exists only after the opening: the prefecture's staff from then on;
    the vendors that bid and the participating towns once the award is made."""
    from procurement.lifecycle import Stage

    if procurement.sealed or not _signed_in(user):
        return False
    if can_use_console(user):
        return True
    if procurement.stage not in (Stage.AWARDED, Stage.CONTRACTED, Stage.UNSUCCESSFUL):
        return False
    if procurement.invitations.filter(joins=True, municipality__in=workspaces_of(user)).exists():
        return True
    return procurement.bids.filter(vendor__in=vendors_of(user)).exists()


def can_view_evaluation(user, procurement) -> bool:
    """Who may ask for a tender's evaluation and ranking: the coordinators, who run it
    (before the opening they are told it is sealed), and whoever may read the 入札経過調書."""
    return can_manage_procurement(user) or can_view_tabulation(user, procurement)


def can_request_reasons(user, vendor: Vendor, procurement) -> bool:
    """A vendor whose bid did not win may ask why, within the period the tender sets."""
    import datetime

    from django.utils import timezone

    from procurement.lifecycle import Stage

    if procurement.stage not in (Stage.AWARDED, Stage.CONTRACTED) or not is_vendor_member(
            user, vendor):
        return False
    award = procurement.award
    if award.bid.vendor_id == vendor.pk or not procurement.bids.filter(vendor=vendor).exists():
        return False
    return timezone.now() < award.decided_at + datetime.timedelta(
        days=procurement.reasons_deadline_days)


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


def _towns(user) -> list:
    """`workspaces_of`, from the memberships already read."""
    towns = {row.municipality_id: row.municipality for row in _acting(user)
             if row.role in MUNICIPALITY_ROLES and not _in_prefecture(row)}
    return sorted(towns.values(), key=lambda town: town.lg_code)


def _vendors(user) -> list[Vendor]:
    """`vendors_of`, from the memberships already read."""
    vendors = {row.vendor_id: row.vendor for row in _acting(user) if row.role in VENDOR_ROLES}
    return sorted(vendors.values(), key=lambda vendor: (vendor.legal_name_kana, vendor.pk))


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
                for town in _towns(user)]
    portals += [{"key": f"vendor-{vendor.pk}", "label": vendor.legal_name,
                 "url": f"/vendors/{vendor.pk}/"} for vendor in _vendors(user)]
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


def can_view_town_evidence(user, municipality) -> bool:
    """The automation register, monthly approval counts, resident surveys and roadmap are
    the town's own records: its lead and staff only. The prefecture sees the values
    computed from them, never the rows."""
    return can_enter_workspace(user, municipality)


def can_edit_town_evidence(user, municipality) -> bool:
    """Kept like the procedure inventory: by any of the town's lead and staff."""
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


def can_view_polarisation(user) -> bool:
    """Per-band medians and quartiles of every year, with every figure (coordinators see
    each town's value in the matrix anyway): the prefecture's staff."""
    return can_use_console(user)


def can_view_needs_support(user) -> bool:
    """Which towns are behind this year's targets: the prefecture's staff."""
    return can_use_console(user)


def can_suggest_support(user, municipality) -> bool:
    """Suggesting a common system or a specialist request to a town that is behind is the
    coordinators' (they run the catalog and the pool). The suggestion is a notice to the
    town's members: nothing is written in the town's name or schema, and only the town
    decides to draft the request."""
    return is_coordinator(user) and not municipality.is_public


def can_view_band_aggregates(user) -> bool:
    """Per-band medians and quartiles of the published values are open data: anyone may
    read them, signed in or not. They are shown only where no town's value can be told."""
    return True


# --- The shared pool of digital specialists (talent_pool) -------------------------------

def can_manage_specialists(user) -> bool:
    """Profiles, the skill taxonomy and the weights are the coordinators' to keep."""
    return is_coordinator(user)


def is_the_specialist(user, specialist) -> bool:
    """The person behind a profile, signed in with their 「デジタル人材」 membership."""
    return (_signed_in(user) and specialist.user_id == user.pk and is_specialist(user))


def can_edit_availability(user, specialist) -> bool:
    """A specialist keeps their own availability; the coordinator may correct it."""
    return is_the_specialist(user, specialist) or can_manage_specialists(user)


def can_draft_support_request(user, municipality) -> bool:
    """Any member of the town writes a request, as any member drafts a catalog request."""
    return can_enter_workspace(user, municipality)


def can_view_support_request(user, request) -> bool:
    """The requesting town's members and the coordinators; the specialist who serves it."""
    if can_enter_workspace(user, request.municipality) or can_manage_specialists(user):
        return True
    engagement = getattr(request, "engagement", None) if request.pk else None
    return engagement is not None and is_the_specialist(user, engagement.specialist)


def can_edit_support_request(user, request) -> bool:
    from talent_pool.lifecycle import RequestStatus

    return (request.status == RequestStatus.DRAFT
            and can_enter_workspace(user, request.municipality))


def can_take_request_action(user, request, action) -> bool:
    """The lifecycle's side decides: the town's lead submits, withdraws and rates (they
    commit the town); coordinators accept, decline and complete."""
    from talent_pool.lifecycle import Side, allowed, side

    if not allowed(action, request.status):
        return False
    acting_side = side(action)
    if acting_side == Side.TOWN:
        return is_municipality_lead(user, request.municipality)
    if acting_side == Side.COORDINATOR:
        return can_manage_specialists(user)
    return False


def can_run_proposal(user) -> bool:
    return can_manage_specialists(user)


def can_view_engagement(user, engagement) -> bool:
    return (can_manage_specialists(user) or is_the_specialist(user, engagement.specialist)
            or can_enter_workspace(user, engagement.request.municipality))


def can_log_time(user, engagement) -> bool:
    """Only the specialist logs their own hours, while the engagement runs."""
    from talent_pool.lifecycle import RequestStatus

    return (is_the_specialist(user, engagement.specialist)
            and engagement.request.status == RequestStatus.ACTIVE)


def can_view_rating(user, engagement) -> bool:
    """A town's rating of a specialist is for the coordinators only: not the specialist,
    not other towns (nor, once given, a list the town browses)."""
    return can_manage_specialists(user)


def can_view_utilisation(user) -> bool:
    return can_manage_specialists(user)


def can_publish_slot(user, specialist) -> bool:
    return is_the_specialist(user, specialist)


def can_book_slot(user, municipality) -> bool:
    """Any member of a town may book a spot consultation for it."""
    return can_enter_workspace(user, municipality)


def can_cancel_booking(user, booking) -> bool:
    return (can_enter_workspace(user, booking.municipality)
            or is_the_specialist(user, booking.slot.specialist))


def can_view_specialists(user) -> bool:
    """The pool's profiles (names, skills, home): coordinators. Towns see only the
    anonymised skill availability (selectors.skill_availability)."""
    return can_manage_specialists(user)


def can_view_skill_availability(user, municipality) -> bool:
    return can_enter_workspace(user, municipality)


def can_view_specialist(user, specialist) -> bool:
    """A profile: the coordinators see every one, a specialist their own (the API's
    /api/v1/talent/specialists/)."""
    return can_view_specialists(user) or is_the_specialist(user, specialist)


def can_list_own_pool_work(user) -> bool:
    """A specialist lists their own profile, engagements, hours and consultation slots."""
    return is_specialist(user)


def can_view_town_engagements(user, municipality) -> bool:
    """The engagements serving a town's requests, with the hours delivered: its members
    (never the rating, which is the coordinators' alone: can_view_rating)."""
    return can_enter_workspace(user, municipality)
