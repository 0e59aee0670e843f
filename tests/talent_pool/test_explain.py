"""Each match and each unserved request explains itself in a line of Japanese (or English)."""

from django.utils import translation

from talent_pool.explain import match_text, unserved_text
from talent_pool.fit import Explanation, FitBreakdown, Priority, SkillEvidence
from talent_pool.geo import coordinates_of
from talent_pool.optimiser import (
    BlockedCandidate,
    Blocker,
    Unserved,
    UnservedReason,
    propose_assignment,
)
from tenants.bands import PopulationBand

from .builders import HIJI, HIMESHIMA, OITA, request, specialist

SKILL_NAMES = {"security": "セキュリティ", "data": "データ活用"}


def explanation(**changes) -> Explanation:
    values = {
        "skills": (SkillEvidence("security", 3, 2),),
        "distance_km": 12.3,
        "on_site_share": 0.5,
        "continuity": True,
        "priority": Priority.NORMAL,
        "population_band": PopulationBand.TOWN_VILLAGE_SMALL,
        "breakdown": FitBreakdown(base=100, skill=10, continuity=20, travel=1.23,
                                  priority_weight=1.0, band_weight=1.5, fit=193.155),
    }
    values.update(changes)
    return Explanation(**values)


def test_a_match_reads_skills_distance_continuity_and_small_town_priority():
    assert match_text(explanation(), SKILL_NAMES) == (
        "セキュリティ レベル3（必要2）・移動距離12km・継続支援・小規模団体優先")


def test_remote_work_shows_no_distance_and_priority_shows_when_not_normal():
    text = match_text(explanation(on_site_share=0.0, continuity=False, priority=Priority.HIGH,
                                  breakdown=FitBreakdown(100, 10, 0, 0, 1.3, 0.8, 114.4)),
                      SKILL_NAMES)

    assert text == "セキュリティ レベル3（必要2）・リモート支援・優先度：高"


def test_the_english_rendering_comes_from_the_catalogue():
    with translation.override("en"):
        text = match_text(explanation(), SKILL_NAMES)

    assert text == ("セキュリティ level 3 (2 required) · 12 km away · continuing support"
                    " · small municipality first")


def test_a_proposal_s_match_explains_itself_from_the_real_distance():
    proposal = propose_assignment(
        [specialist(skills={"security": 3, "data": 4}, home=coordinates_of(OITA),
                    current_towns=frozenset({HIMESHIMA}))],
        [request(required_skills={"security": 2, "data": 3}, on_site_share=0.5)])

    [match] = proposal.matches
    assert match_text(match.explanation, SKILL_NAMES) == (
        "セキュリティ レベル3（必要2）・データ活用 レベル4（必要3）・移動距離54km・継続支援・"
        "小規模団体優先")
    assert match.explanation.as_dict()["skills"] == [
        {"skill": "security", "level": 3, "required": 2},
        {"skill": "data", "level": 4, "required": 3}]


def test_an_unserved_request_says_how_many_passed_before_the_test_that_failed():
    late = Unserved("R1", UnservedReason.NO_AVAILABILITY,
                    {"skill": 3, "period": 0, "on_site": 0, "capacity": 0, "town_slot": 0})

    assert unserved_text(late) == (
        "必要なスキルを持つ専門人材（3人）は、依頼の期間に稼働できません。")


def test_an_unserved_request_names_the_requests_that_took_its_candidates():
    one = specialist(monthly_capacity_hours=16)
    proposal = propose_assignment([one], [request("hiji", lg_code=HIJI),
                                          request("himeshima", lg_code=HIMESHIMA,
                                                  priority=Priority.HIGH)])

    [unserved] = proposal.unserved
    assert unserved_text(unserved, {"himeshima": "姫島村 セキュリティ監査"}) == (
        "対応できる専門人材（1人）の稼働時間は、全体の適合度が高くなるほかの依頼に充てました。"
        "（充てた依頼：姫島村 セキュリティ監査）")


def test_only_town_slots_blocking_says_so():
    blocked = Unserved("R1", UnservedReason.TAKEN_BY_OTHER_REQUESTS, {}, candidates=2,
                       blocked=(BlockedCandidate("S1", 150.0, (Blocker.TOWNS,), ("R2",)),))

    assert unserved_text(blocked) == (
        "対応できる専門人材（2人）は、ほかの依頼で担当できる団体数の上限に達しました。"
        "（充てた依頼：R2）")


def test_hours_and_town_slots_blocking_together_say_both():
    blocked = Unserved("R1", UnservedReason.TAKEN_BY_OTHER_REQUESTS, {}, candidates=2,
                       blocked=(BlockedCandidate("S1", 150.0, (Blocker.CAPACITY,), ("R2",)),
                                BlockedCandidate("S2", 140.0, (Blocker.TOWNS,), ("R3",))))

    assert unserved_text(blocked) == (
        "対応できる専門人材（2人）の稼働時間や担当できる団体数は、全体の適合度が高くなる"
        "ほかの依頼に充てました。（充てた依頼：R2、R3）")
