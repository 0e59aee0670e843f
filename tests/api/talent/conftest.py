"""The pool's people and data (tests/talent_pool/conftest.py), and API clients for them."""

import pytest

from talent_pool.models import ProposedMatch
from talent_pool.services.proposals import match_accept, proposal_run
from tests.talent_pool.conftest import (  # noqa: F401  (fixtures, used by name)
    beppu_lead,
    himeshima_lead,
    make_request,
    make_specialist,
    skill,
)


@pytest.fixture
def api_as(issue_token, client_with):
    """`api_as(user)`: an API client with a token for the user's only membership."""

    def client(user):
        return client_with(issue_token(user.memberships.get()))

    return client


@pytest.fixture
def engaged(coordinator):
    """`engaged(request)`: the coordinator runs a proposal and accepts the request's match;
    returns the engagement."""

    def make(request):
        proposal = proposal_run(actor=coordinator)
        match = ProposedMatch.objects.get(proposal=proposal, request=request)
        return match_accept(actor=coordinator, match=match)

    return make


def error_of(response) -> tuple[int, str, list[tuple[str, str]]]:
    error = response.json()["error"]
    return (response.status_code, error["code"],
            [(detail["field"], detail["code"]) for detail in error["details"]])
