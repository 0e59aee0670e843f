"""Tenant and organisation isolation, route by route (see tests/isolation/walk.py).

Every route of both URLConfs is requested by every role, signed in as that role, with
its path parameters filled with both sides' ids and its POSTs carrying a body its
legitimate user's post was accepted with. No response may show a role data it must
not see, no request may change state the role may not change, and no request but a
sign-out may change who is signed in.
"""

import pytest

from tests.isolation.foreign_data import ROLES, SIGNED_IN_ROLES
from tests.isolation.walk import survey, targets_of, walk

pytestmark = pytest.mark.django_db


def test_every_route_as_every_role_shows_and_changes_only_what_the_role_may(world):
    targets, unreachable = targets_of(world)
    surveyed = survey(world, targets)
    report = walk(world, roles=ROLES, targets=targets, surveyed=surveyed)

    assert unreachable == [], "routes the walk could not build a URL for"
    assert surveyed.problems == []
    assert report.leaks == []
    assert report.changes == []
    assert report.sessions == []
    assert report.errors == []
    signed_in = sum(report.signed_in.values())
    assert signed_in == sum(report.requests[role] for role in SIGNED_IN_ROLES) > 0
    print(f"\nisolation walk: {len(targets)} routes ({sum(len(urls) for _, urls in targets)} "
          f"URLs) x {len(ROLES)} roles: {sum(report.requests.values())} requests, "
          f"{signed_in} of them signed in as their role; {len(surveyed.proven_routes)} of "
          f"{len(surveyed.post_routes)} POST routes with a proven body, sent "
          f"{report.proven_posts} times")
