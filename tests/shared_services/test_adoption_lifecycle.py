"""The adoption request's lifecycle: every action allowed and refused, by state and role."""

import pytest
from django.core.exceptions import PermissionDenied

from kyodo.accounts.models import User
from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError, ErrorCode
from shared_services.lifecycle import TRANSITIONS, AdoptionAction, AdoptionStatus, Side
from shared_services.models import AdoptionRequest, AdoptionTransition
from shared_services.services.adoption import (
    adoption_request_act,
    adoption_request_create,
    adoption_request_update,
)

pytestmark = pytest.mark.django_db


def _request_in(status, *, town, lead, system, data) -> AdoptionRequest:
    """A request in `status`: an active one through the real lifecycle (it has a
    subscription), the others set directly."""
    request = adoption_request_create(actor=lead, municipality=town, system=system, data=data)
    if status == AdoptionStatus.ACTIVE:
        coordinator = User.objects.get(email="coordinator@pref.example")
        for actor, action in ((lead, "submit"), (coordinator, "approve"),
                              (coordinator, "activate")):
            request = adoption_request_act(actor=actor, request=request, action=action)
        AdoptionTransition.objects.filter(request=request).delete()
        return request
    AdoptionRequest.objects.filter(pk=request.pk).update(status=status)
    request.refresh_from_db()
    return request


@pytest.mark.parametrize("status", list(AdoptionStatus))
@pytest.mark.parametrize("action", list(AdoptionAction))
def test_each_action_is_allowed_exactly_from_its_states_and_to_its_side(
        status, action, himeshima, himeshima_lead, himeshima_staff, coordinator, system,
        request_data):
    transition = TRANSITIONS[action]
    request = _request_in(status, town=himeshima, lead=himeshima_lead, system=system,
                          data=request_data)
    right = himeshima_lead if transition.side == Side.TOWN else coordinator
    wrong = [coordinator if transition.side == Side.TOWN else himeshima_lead, himeshima_staff]

    for person in wrong:
        with pytest.raises((PermissionDenied, DomainError)):
            adoption_request_act(actor=person, request=request, action=action, comment="理由")
    if status not in transition.sources:
        with pytest.raises(DomainError) as refused:
            adoption_request_act(actor=right, request=request, action=action, comment="理由")
        assert refused.value.code == ErrorCode.INVALID_TRANSITION
        assert refused.value.status == 409
    else:
        done = adoption_request_act(actor=right, request=request, action=action, comment="理由")
        assert done.status == transition.target
        step = done.transitions.get()
        assert (step.actor, step.from_status, step.comment) == (right, status, "理由")


@pytest.mark.parametrize("action", [action for action, transition in TRANSITIONS.items()
                                    if transition.comment_required])
def test_returning_or_rejecting_without_a_reason_is_refused(action, himeshima, himeshima_lead,
                                                          coordinator, system, request_data):
    request = _request_in(AdoptionStatus.SUBMITTED, town=himeshima, lead=himeshima_lead,
                          system=system, data=request_data)

    with pytest.raises(DomainError) as refused:
        adoption_request_act(actor=coordinator, request=request, action=action, comment="  ")

    assert refused.value.details[0]["field"] == "comment"
    request.refresh_from_db()
    assert request.status == AdoptionStatus.SUBMITTED


def test_staff_draft_the_lead_submits_and_every_step_is_audited(
        himeshima, himeshima_lead, himeshima_staff, system, request_data):
    request = adoption_request_create(actor=himeshima_staff, municipality=himeshima,
                                      system=system, data=request_data)
    adoption_request_update(actor=himeshima_staff, request=request,
                            data={"expected_users": 12})
    with pytest.raises(PermissionDenied):
        adoption_request_act(actor=himeshima_staff, request=request, action="submit")

    adoption_request_act(actor=himeshima_lead, request=request, action="submit")

    actions = list(AuditEvent.objects.filter(target_id=str(request.pk)).order_by("pk")
                   .values_list("action", flat=True))
    assert actions == ["adoption_request.create", "adoption_request.update",
                       "adoption_request.submit"]


def test_a_submitted_request_cannot_be_changed_until_it_is_returned(
        himeshima, himeshima_lead, coordinator, system, request_data):
    request = adoption_request_create(actor=himeshima_lead, municipality=himeshima,
                                      system=system, data=request_data)
    adoption_request_act(actor=himeshima_lead, request=request, action="submit")
    with pytest.raises(PermissionDenied):
        adoption_request_update(actor=himeshima_lead, request=request, data={"reason": "変更"})

    adoption_request_act(actor=coordinator, request=request, action="return",
                         comment="利用者数の根拠を添えてください")
    adoption_request_update(actor=himeshima_lead, request=request, data={"reason": "変更"})
    request = adoption_request_act(actor=himeshima_lead, request=request, action="submit")

    assert request.status == AdoptionStatus.SUBMITTED
    assert request.reason == "変更"


def test_one_open_request_per_town_and_system(himeshima, himeshima_lead, system, request_data):
    adoption_request_create(actor=himeshima_lead, municipality=himeshima, system=system,
                            data=request_data)

    with pytest.raises(DomainError) as refused:
        adoption_request_create(actor=himeshima_lead, municipality=himeshima, system=system,
                                data=request_data)

    assert refused.value.code == ErrorCode.ALREADY_REQUESTED


def test_a_town_that_already_uses_a_system_cannot_request_it_again(
        himeshima, himeshima_lead, system, adopt, request_data):
    adopt(himeshima, himeshima_lead, system)

    with pytest.raises(DomainError) as refused:
        adoption_request_create(actor=himeshima_lead, municipality=himeshima, system=system,
                                data=request_data)

    assert refused.value.code == ErrorCode.ALREADY_REQUESTED
    assert "既に" in refused.value.message


def test_only_published_systems_can_be_requested(himeshima, himeshima_lead, system,
                                                 request_data):
    system.status = "draft"
    system.save()

    with pytest.raises(DomainError):
        adoption_request_create(actor=himeshima_lead, municipality=himeshima, system=system,
                                data=request_data)
