"""The coordinator's proposals and the decisions on each match.

A proposal runs the optimiser over every open request (submitted, or proposed by an
earlier run that nobody decided), keeps the result with its weights, and marks the matched
requests `proposed`. Accepting a match (as proposed, or edited: another qualified
specialist, other hours) makes the engagement; rejecting it returns the request to the
queue for the next proposal.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_run_proposal
from kyodo.errors import DomainError, ErrorCode
from talent_pool import notices
from talent_pool.candidates import HOURS_TOLERANCE
from talent_pool.fit import DEFAULT_WEIGHTS, AssignmentWeights
from talent_pool.instance import assignment_instance, current_load, open_requests
from talent_pool.lifecycle import RequestAction, RequestStatus, allowed, target
from talent_pool.models import (
    Engagement,
    MatchDecision,
    Proposal,
    ProposedMatch,
    Specialist,
    SupportRequest,
)
from talent_pool.optimiser import propose_assignment
from talent_pool.services.common import audit, fields_of, invalid, require
from talent_pool.services.requests import transition_refused

PROPOSAL_TIME_LIMIT_SECONDS = 30.0


def weights_as_dict(weights: AssignmentWeights) -> dict:
    return {"base": weights.base, "skill_surplus": weights.skill_surplus,
            "continuity": weights.continuity, "travel_per_km": weights.travel_per_km,
            "travel_max_km": weights.travel_max_km,
            "priority": {str(key): value for key, value in weights.priority.items()},
            "population_band": {str(key): value for key, value in weights.population_band.items()}}


def proposal_run(*, actor, weights: AssignmentWeights = DEFAULT_WEIGHTS,
                 time_limit_seconds: float = PROPOSAL_TIME_LIMIT_SECONDS) -> Proposal:
    require(can_run_proposal(actor))
    with transaction.atomic():
        requests = list(open_requests().select_for_update(of=("self",)))
        ProposedMatch.objects.filter(decision=MatchDecision.PENDING).update(
            decision=MatchDecision.SUPERSEDED)
        specialists, inputs = assignment_instance(requests)
        result = propose_assignment(specialists, inputs, weights=weights,
                                    time_limit_seconds=time_limit_seconds)
        outcome = result.as_dict()
        proposal = Proposal.objects.create(
            created_by=actor, objective=result.objective, bound=result.bound, gap=result.gap,
            optimal=result.optimal, status=str(result.status), weights=weights_as_dict(weights),
            unserved=outcome["unserved"], seconds=result.stats.seconds)
        ProposedMatch.objects.bulk_create([
            ProposedMatch(proposal=proposal, request_id=match.request,
                          specialist_id=match.specialist, hours=round(match.hours),
                          fit=match.fit, explanation=match.explanation.as_dict())
            for match in result.matches])
        matched = {match.request for match in result.matches}
        SupportRequest.objects.filter(pk__in=matched).update(status=RequestStatus.PROPOSED)
        SupportRequest.objects.filter(pk__in=[r.pk for r in requests if r.pk not in matched]
                                      ).update(status=RequestStatus.SUBMITTED)
        audit(actor=actor, action="proposal.run", target=proposal,
              after={"objective": proposal.objective, "optimal": proposal.optimal,
                     "gap": proposal.gap, "matches": len(result.matches),
                     "unserved": len(result.unserved), "weights": proposal.weights})
    return proposal


def _locked_match(match: ProposedMatch) -> ProposedMatch:
    match = ProposedMatch.objects.select_for_update().get(pk=match.pk)
    if match.decision != MatchDecision.PENDING:
        raise DomainError(ErrorCode.INVALID_TRANSITION,
                          _("この割当て案はすでに「%(decision)s」です。")
                          % {"decision": match.get_decision_display()}, status=409)
    return match


def _check_edit(request: SupportRequest, specialist: Specialist, hours: int) -> None:
    """An edited match must still respect what the optimiser respects."""
    levels = {row.skill_id: row.level for row in specialist.skills.all()}
    for row in request.required_skills.select_related("skill"):
        if levels.get(row.skill_id, 0) < row.min_level:
            raise invalid("specialist", "below_min_level",
                          _("%(name)sさんは「%(skill)s」の必要なレベル（%(level)d）を満たしていません。")
                          % {"name": specialist.name, "skill": row.skill.name,
                             "level": row.min_level})
    if (specialist.available_from and specialist.available_from > request.period_from) or (
            specialist.available_until and specialist.available_until < request.period_until):
        raise invalid("specialist", "not_available",
                      _("%(name)sさんは依頼の期間に稼働できません。") % {"name": specialist.name})
    if request.on_site_percent > 0 and specialist.work_mode == "remote_only":
        raise invalid("specialist", "remote_only",
                      _("%(name)sさんはリモートでの支援に限られます。") % {"name": specialist.name})
    if not 1 <= hours <= request.hours_per_month:
        raise invalid("hours", "out_of_range",
                      _("支援時間は1から%(max)d時間の範囲で指定してください。")
                      % {"max": request.hours_per_month})
    load, towns = current_load()
    if load.get(specialist.pk, 0.0) + hours > specialist.monthly_capacity_hours + HOURS_TOLERANCE:
        raise invalid("hours", "over_capacity",
                      _("%(name)sさんの月あたりの稼働可能時間（%(capacity)d時間）を超えます"
                        "（支援中 %(used)d時間）。")
                      % {"name": specialist.name, "capacity": specialist.monthly_capacity_hours,
                         "used": load.get(specialist.pk, 0.0)})
    current = towns.get(specialist.pk, frozenset())
    if request.municipality.lg_code not in current and len(current) >= specialist.max_towns:
        raise invalid("specialist", "max_towns",
                      _("%(name)sさんは同時に支援できる団体数（%(count)d）に達しています。")
                      % {"name": specialist.name, "count": specialist.max_towns})


def match_accept(*, actor, match: ProposedMatch, specialist: Specialist | None = None,
                 hours: int | None = None, started_on=None) -> Engagement:
    """Accept the match as proposed, or edited (another specialist, fewer hours).

    The engagement starts on the request's first day, or today if that has passed;
    `started_on` records an arrangement that began earlier within the request's period."""
    require(can_run_proposal(actor))
    with transaction.atomic():
        match = _locked_match(match)
        request = SupportRequest.objects.select_for_update().select_related(
            "municipality").get(pk=match.request_id)
        if not allowed(RequestAction.ACCEPT, request.status):
            raise transition_refused(request)
        # Lock the specialist row so two accepts cannot both use the last free hours.
        chosen = Specialist.objects.select_for_update().get(
            pk=(specialist or match.specialist).pk)
        hours = match.hours if hours is None else int(hours)
        _check_edit(request, chosen, hours)
        before = fields_of(request, SupportRequest.AUDITED_FIELDS)
        if started_on is None:
            started_on = max(request.period_from, timezone.localdate())
        elif not request.period_from <= started_on <= request.period_until:
            raise invalid("started_on", "outside_period",
                          _("開始日は依頼の期間内の日付にしてください。"))
        engagement = Engagement.objects.create(
            request=request, specialist=chosen, hours_per_month=hours, started_on=started_on)
        edited = chosen.pk != match.specialist_id or hours != match.hours
        match.decision = MatchDecision.ACCEPTED
        match.decided_by, match.decided_at = actor, timezone.now()
        match.save(update_fields=["decision", "decided_by", "decided_at"])
        request.status = target(RequestAction.ACCEPT)
        request.save(update_fields=["status"])
        audit(actor=actor, action="support_request.accept", target=request, before=before,
              after={**fields_of(request, SupportRequest.AUDITED_FIELDS),
                     "specialist": chosen.name, "hours_per_month": hours,
                     "proposed": {"specialist": match.specialist.name, "hours": match.hours},
                     "edited": edited},
              tenant_schema=request.municipality.schema_name)
        notices.engagement_started(actor=actor, engagement=engagement)
    return engagement


def match_reject(*, actor, match: ProposedMatch) -> ProposedMatch:
    """The request goes back to the queue for the next proposal."""
    require(can_run_proposal(actor))
    with transaction.atomic():
        match = _locked_match(match)
        request = SupportRequest.objects.select_for_update().select_related(
            "municipality").get(pk=match.request_id)
        match.decision = MatchDecision.REJECTED
        match.decided_by, match.decided_at = actor, timezone.now()
        match.save(update_fields=["decision", "decided_by", "decided_at"])
        if allowed(RequestAction.RELEASE, request.status):
            request.status = target(RequestAction.RELEASE)
            request.save(update_fields=["status"])
        audit(actor=actor, action="proposed_match.reject", target=request,
              after={"specialist": match.specialist.name, "hours": match.hours,
                     "status": request.status},
              tenant_schema=request.municipality.schema_name)
    return match
