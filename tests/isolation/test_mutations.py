"""The route walk catches a loosened policy.

Each check loosens one predicate of kyodo/accounts/policy.py in a named way, walks
the roles and routes it concerns, and expects the walk to report the leak or the
change (and nothing without the loosening). Modules import the predicates by name
(`from kyodo.accounts.policy import can_enter_workspace`), so the loosened version is
bound wherever the original is.
"""

import sys
from contextlib import contextmanager

import pytest

from kyodo.accounts import policy
from kyodo.accounts.models import MUNICIPALITY_ROLES
from tests.isolation.foreign_data import BEPPU_NOTES, HIMESHIMA_NOTES, VENDOR_B_ADDRESS
from tests.isolation.walk import survey, targets_of, walk

pytestmark = pytest.mark.django_db


@contextmanager
def bound_everywhere(original, replacement):
    """Bind `replacement` wherever a loaded module binds `original`, then restore it."""
    bindings = [(module, name) for module in list(sys.modules.values())
                for name, value in list(getattr(module, "__dict__", {}).items())
                if value is original]
    assert bindings, f"{original.__qualname__} is bound nowhere"
    for module, name in bindings:
        setattr(module, name, replacement)
    try:
        yield
    finally:
        for module, name in bindings:
            setattr(module, name, original)


def walk_loosened(world, original, loosened, *, roles, where):
    """The walk's report for these roles and URLs, as the policy is and loosened."""
    targets, _ = targets_of(world, where=where)
    surveyed = survey(world, targets)
    as_is = walk(world, roles=roles, targets=targets, surveyed=surveyed)
    with bound_everywhere(original, loosened):
        return as_is, walk(world, roles=roles, targets=targets, surveyed=surveyed)


def test_a_coordinator_let_into_town_workspaces_is_reported(world):
    original = policy.can_enter_workspace

    def coordinators_enter_workspaces(user, municipality):
        return original(user, municipality) or (
            policy.is_coordinator(user) and not municipality.is_public)

    as_is, loosened = walk_loosened(world, original, coordinators_enter_workspaces,
                                    roles=["prefecture_coordinator"],
                                    where=lambda url: url.startswith("/m/"))

    assert as_is.problems == []
    beppu, himeshima = f"/m/{world.beppu.slug}/", f"/m/{world.himeshima.slug}/"
    assert f"prefecture_coordinator GET {beppu} shows {BEPPU_NOTES}" in loosened.leaks
    assert f"prefecture_coordinator GET {himeshima} shows {HIMESHIMA_NOTES}" in loosened.leaks
    assert (f"prefecture_coordinator POST {beppu}profile/edit/ changed 別府市の団体プロフィール"
            in loosened.changes)


def test_town_staff_allowed_to_invite_is_reported(world):
    original = policy.can_invite

    def staff_invite(user, *, municipality=None, vendor=None, role):
        return original(user, municipality=municipality, vendor=vendor, role=role) or (
            municipality is not None and not municipality.is_public
            and role in MUNICIPALITY_ROLES and policy.can_enter_workspace(user, municipality))

    as_is, loosened = walk_loosened(world, original, staff_invite, roles=["municipality_staff"],
                                    where=lambda url: url.startswith("/m/"))

    assert as_is.problems == []
    assert (f"municipality_staff POST /m/{world.himeshima.slug}/members/ changed 姫島村への招待"
            in loosened.changes)


def test_town_staff_allowed_to_remove_a_colleague_is_reported(world):
    original = policy.can_remove_membership

    def staff_remove_colleagues(user, membership):
        return original(user, membership) or (
            membership.user_id != user.pk and membership.municipality is not None
            and policy.can_enter_workspace(user, membership.municipality))

    as_is, loosened = walk_loosened(world, original, staff_remove_colleagues,
                                    roles=["municipality_staff"],
                                    where=lambda url: url.startswith("/m/"))

    lead_membership = world.people["municipality_lead"].memberships.get()
    assert as_is.problems == []
    assert (f"municipality_staff POST /m/{world.himeshima.slug}/members/{lead_membership.pk}"
            f"/remove/ changed 姫島村の所属" in loosened.changes)


def test_a_vendor_reading_another_vendor_is_reported(world):
    original = policy.can_view_vendor

    def vendors_read_each_other(user, vendor):
        return original(user, vendor) or policy.vendors_of(user).exists()

    as_is, loosened = walk_loosened(world, original, vendors_read_each_other,
                                    roles=["vendor_member"],
                                    where=lambda url: url.startswith("/vendors/"))

    assert as_is.problems == []
    assert (f"vendor_member GET /vendors/{world.vendor_b.pk}/ shows {VENDOR_B_ADDRESS}"
            in loosened.leaks)


def test_bidders_shown_the_tabulation_before_the_award_are_reported(world):
    from tests.isolation.procurement_data import EVALUATED_PRICE

    original = policy.can_view_tabulation

    def bidders_see_it_early(user, procurement):
        return original(user, procurement) or (
            not procurement.sealed and procurement.bids.filter(
                vendor__in=policy.vendors_of(user)).exists())

    as_is, loosened = walk_loosened(world, original, bidders_see_it_early,
                                    roles=["vendor_member"],
                                    where=lambda url: url.startswith("/procurement/"))

    assert as_is.problems == []
    assert (f"vendor_member GET /procurement/{world.beppu.pk}/tabulation/ shows "
            f"{EVALUATED_PRICE:,}" in loosened.leaks)


def test_a_vendor_allowed_to_run_procurements_is_reported(world):
    original = policy.can_manage_procurement

    def vendors_manage(user):
        return original(user) or policy.vendors_of(user).exists()

    as_is, loosened = walk_loosened(world, original, vendors_manage, roles=["vendor_admin"],
                                    where=lambda url: url.startswith("/procurement/900001/"))

    assert as_is.problems == []
    assert ("vendor_admin POST /procurement/900001/cancel/ changed "
            "共同調達（公告・開札・落札・契約）" in loosened.changes)


def test_specialists_let_into_the_coordinators_pool_pages_are_reported(world):
    from tests.isolation.talent_data import BEPPU_TALENT_REASON

    original = policy.can_manage_specialists

    def specialists_manage_the_pool(user):
        return original(user) or policy.is_specialist(user)

    as_is, loosened = walk_loosened(world, original, specialists_manage_the_pool,
                                    roles=["specialist"],
                                    where=lambda url: url.startswith("/talent/")
                                    and not url.startswith("/talent/me/"))

    assert as_is.problems == []
    assert (f"specialist GET /talent/requests/900001/ shows {BEPPU_TALENT_REASON}"
            in loosened.leaks)
    assert "specialist POST /talent/proposal/ changed 割当て案" in loosened.changes
