"""Japanese sentences for a proposal: why each match, and why a request is unserved.

The optimiser returns structured explanations (talent_pool.fit.Explanation,
talent_pool.optimiser.Unserved); these functions turn them into the short lines the
coordinator and the town read, e.g. 「セキュリティ レベル3（必要2）・移動距離12km・継続支援・
小規模団体優先」. Skill names come from the caller's taxonomy; a code without a name is
shown as it is.
"""

from collections.abc import Hashable, Mapping

from django.utils.translation import gettext

from talent_pool.fit import Explanation, FitBreakdown, Priority, SkillEvidence
from talent_pool.optimiser import BlockedCandidate, Blocker, Unserved, UnservedReason


def match_text(explanation: Explanation, skill_names: Mapping[str, str] | None = None) -> str:
    """One line: each required skill with its level, travel, continuity, band, priority."""
    names = skill_names or {}
    parts = [
        gettext("%(skill)s レベル%(level)d（必要%(required)d）") % {
            "skill": names.get(evidence.skill, evidence.skill), "level": evidence.level,
            "required": evidence.required}
        for evidence in explanation.skills
    ]
    if explanation.on_site_share > 0:
        parts.append(gettext("移動距離%(km)dkm") % {"km": round(explanation.distance_km)})
    else:
        parts.append(gettext("リモート支援"))
    if explanation.continuity:
        parts.append(gettext("継続支援"))
    if explanation.breakdown.band_weight > 1:
        parts.append(gettext("小規模団体優先"))
    if explanation.priority == Priority.HIGH:
        parts.append(gettext("優先度：高"))
    elif explanation.priority == Priority.LOW:
        parts.append(gettext("優先度：低"))
    return gettext("・").join(parts)  # the separator: " · " in English


def _blocked_text(unserved: Unserved, request_labels: Mapping[Hashable, str]) -> str:
    taken = sorted({request_labels.get(request, str(request)) for candidate in unserved.blocked
                    for request in candidate.requests})
    blockers = {blocker for candidate in unserved.blocked for blocker in candidate.blocked_by}
    if blockers == {Blocker.TOWNS}:
        text = gettext("対応できる専門人材（%(count)d人）は、ほかの依頼で"
                       "担当できる団体数の上限に達しました。")
    elif blockers == {Blocker.CAPACITY}:
        text = gettext("対応できる専門人材（%(count)d人）の稼働時間は、全体の適合度が高くなる"
                       "ほかの依頼に充てました。")
    else:
        text = gettext("対応できる専門人材（%(count)d人）の稼働時間や担当できる団体数は、"
                       "全体の適合度が高くなるほかの依頼に充てました。")
    text %= {"count": unserved.candidates}
    if taken:
        text += gettext("（充てた依頼：%(requests)s）") % {"requests": "、".join(taken)}
    return text


def unserved_text(unserved: Unserved,
                  request_labels: Mapping[Hashable, str] | None = None) -> str:
    """Why the request has no match; `request_labels` names the requests that took its
    candidates (their ids are shown otherwise)."""
    if unserved.reason == UnservedReason.TAKEN_BY_OTHER_REQUESTS:
        return _blocked_text(unserved, request_labels or {})
    if unserved.reason == UnservedReason.NO_SKILL:
        return gettext("必要なスキルとレベルを満たす専門人材がいません。")
    text = {
        UnservedReason.NO_AVAILABILITY: gettext(
            "必要なスキルを持つ専門人材（%(count)d人）は、依頼の期間に稼働できません。"),
        UnservedReason.NO_ON_SITE: gettext(
            "期間内に稼働できる専門人材（%(count)d人）は、リモートでの支援に限られます。"),
        UnservedReason.NO_CAPACITY: gettext(
            "条件を満たす専門人材（%(count)d人）には、既存の支援のため"
            "月あたりの稼働時間の余裕がありません。"),
        UnservedReason.NO_TOWN_SLOT: gettext(
            "条件を満たす専門人材（%(count)d人）は、既存の支援で"
            "担当できる団体数の上限に達しています。"),
    }[unserved.reason]
    return text % {"count": _count_before(unserved)}


def _count_before(unserved: Unserved) -> int:
    """How many specialists passed every test before the one that left nobody."""
    counts = list(unserved.survivors.values())
    return counts[counts.index(0) - 1]


def explanation_from_dict(data: Mapping) -> Explanation:
    """An Explanation back from its stored form (Explanation.as_dict()), so a kept
    proposal is explained in the reader's language, not the one it was made in."""
    return Explanation(
        skills=tuple(SkillEvidence(row["skill"], row["level"], row["required"])
                     for row in data["skills"]),
        distance_km=data["distance_km"], on_site_share=data["on_site_share"],
        continuity=data["continuity"], priority=data["priority"],
        population_band=data["population_band"], breakdown=FitBreakdown(**data["fit"]))


def unserved_from_dict(data: Mapping) -> Unserved:
    """An Unserved back from its stored form (one entry of AssignmentProposal.as_dict())."""
    return Unserved(
        request=data["request"], reason=UnservedReason(data["reason"]),
        survivors=dict(data["survivors"]), candidates=data["candidates"],
        blocked=tuple(BlockedCandidate(row["specialist"], row["fit"],
                                       tuple(Blocker(b) for b in row["blocked_by"]),
                                       tuple(row["requests"])) for row in data["blocked"]))
