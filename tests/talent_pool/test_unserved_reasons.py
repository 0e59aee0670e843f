"""Each unserved request says why: the first test that left nobody, or who took them."""

import datetime

from talent_pool.candidates import WorkMode
from talent_pool.optimiser import Blocker, UnservedReason, propose_assignment

from .builders import APRIL, BEPPU, HIJI, HIMESHIMA, OITA, request, specialist


def reasons(proposal):
    return {u.request: u.reason for u in proposal.unserved}


def test_nobody_with_the_skill_at_the_minimum_level():
    proposal = propose_assignment([specialist(skills={"security": 4, "data": 2})],
                                  [request(required_skills={"security": 2, "data": 3})])

    assert reasons(proposal) == {"R1": UnservedReason.NO_SKILL}
    assert proposal.unserved[0].survivors["skill"] == 0


def test_skilled_specialists_who_start_after_the_request_begins():
    late = specialist(available_from=APRIL + datetime.timedelta(days=30))
    leaves_early = specialist("S2", available_until=datetime.date(2026, 12, 31))

    proposal = propose_assignment([late, leaves_early], [request()])

    assert reasons(proposal) == {"R1": UnservedReason.NO_AVAILABILITY}
    assert proposal.unserved[0].survivors == {
        "skill": 2, "period": 0, "on_site": 0, "capacity": 0, "town_slot": 0}


def test_only_remote_specialists_for_a_request_that_needs_presence():
    remote = specialist(work_mode=WorkMode.REMOTE_ONLY)

    proposal = propose_assignment([remote], [request("on-site", on_site_share=0.25),
                                             request("remote", on_site_share=0.0)])

    assert reasons(proposal) == {"on-site": UnservedReason.NO_ON_SITE}
    assert [m.request for m in proposal.matches] == ["remote"]


def test_hours_already_committed_to_other_engagements():
    busy = specialist(monthly_capacity_hours=40, committed_hours=32)

    proposal = propose_assignment([busy], [request(hours_per_month=16)])

    assert reasons(proposal) == {"R1": UnservedReason.NO_CAPACITY}


def test_every_town_slot_already_taken_by_existing_engagements():
    full = specialist(max_towns=1, current_towns=frozenset({OITA}))

    proposal = propose_assignment([full], [request(lg_code=HIMESHIMA)])

    assert reasons(proposal) == {"R1": UnservedReason.NO_TOWN_SLOT}


def test_a_town_the_specialist_already_supports_needs_no_new_slot():
    full = specialist(max_towns=1, current_towns=frozenset({HIMESHIMA}))

    proposal = propose_assignment([full], [request(lg_code=HIMESHIMA)])

    assert [m.request for m in proposal.matches] == ["R1"]
    assert proposal.matches[0].explanation.continuity


def test_capacity_taken_by_requests_with_a_higher_total_fit_names_them():
    one = specialist(monthly_capacity_hours=32)
    small_requests = [request("hiji", lg_code=HIJI, hours_per_month=16),
                      request("himeshima", lg_code=HIMESHIMA, hours_per_month=16)]
    big_request = request("beppu", lg_code=BEPPU, hours_per_month=24)

    proposal = propose_assignment([one], [big_request, *small_requests])

    assert reasons(proposal) == {"beppu": UnservedReason.TAKEN_BY_OTHER_REQUESTS}
    [unserved] = proposal.unserved
    assert unserved.candidates == 1
    [blocked] = unserved.blocked
    assert blocked.specialist == "S1"
    assert blocked.blocked_by == (Blocker.CAPACITY,)
    assert sorted(blocked.requests) == ["hiji", "himeshima"]


def test_town_slots_taken_by_other_requests():
    one_town = specialist(max_towns=1, monthly_capacity_hours=80)

    proposal = propose_assignment([one_town], [request("himeshima", lg_code=HIMESHIMA),
                                               request("hiji", lg_code=HIJI)])

    [unserved] = proposal.unserved
    assert unserved.reason == UnservedReason.TAKEN_BY_OTHER_REQUESTS
    assert unserved.blocked[0].blocked_by == (Blocker.TOWNS,)


def test_two_requests_of_one_town_use_one_town_slot():
    one_town = specialist(max_towns=1, monthly_capacity_hours=80)

    proposal = propose_assignment([one_town], [request("security", lg_code=HIMESHIMA),
                                               request("bpr", lg_code=HIMESHIMA),
                                               request("hiji", lg_code=HIJI)])

    assert sorted(m.request for m in proposal.matches) == ["bpr", "security"]
    assert reasons(proposal) == {"hiji": UnservedReason.TAKEN_BY_OTHER_REQUESTS}
