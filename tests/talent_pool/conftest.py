"""Fixtures for the pool's Django side: the seeded skills, specialists who can sign in,
the towns' leads, and a helper that writes and submits a support request."""

import datetime

import pytest

from kyodo.accounts.models import Role
from talent_pool.models import EngagementType, Skill
from talent_pool.services.requests import support_request_create, support_request_submit
from talent_pool.services.specialists import specialist_save
from tests.factories import MembershipFactory

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def skill(db):
    """`skill(code)` is the seeded Skill with that code."""
    return lambda code: Skill.objects.get(code=code)


@pytest.fixture
def himeshima_lead(himeshima):
    return MembershipFactory(user__email="lead@himeshima.test", municipality=himeshima,
                             role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def beppu_lead(beppu):
    return MembershipFactory(user__email="lead@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def make_specialist(coordinator, prefecture, oita_city, skill):
    """`make_specialist(email, skills={code: level}, **profile)`: a profile, and a signed-in
    person behind it when `email` is given."""
    def make(email=None, *, skills=None, **profile):
        user = None
        if email:
            user = MembershipFactory(user__email=email, municipality=prefecture,
                                     role=Role.SPECIALIST).user
        data = {"name": profile.pop("name", email or "専門 太郎"),
                "engagement_type": EngagementType.CONTRACTED_EXPERT, "home": oita_city,
                "monthly_capacity_hours": 40, "max_towns": 3, "user": user}
        data.update(profile)
        levels = {skill(code): level for code, level in (skills or {"security_manager": 3}).items()}
        return specialist_save(actor=coordinator, data=data, skills=levels)
    return make


@pytest.fixture
def make_request(skill):
    """`make_request(lead, town, skills={code: min level}, submit=True, **fields)`."""
    def make(lead, town, *, skills=None, submit=True, **fields):
        data = {"theme": "security", "title": "情報セキュリティポリシーの改定",
                "hours_per_month": 16, "period_from": TODAY,
                "period_until": datetime.date(2027, 3, 31), "on_site_percent": 25,
                "priority": "normal", "reason": "職員に専門知識がないため。"}
        data.update(fields)
        levels = {skill(code): level for code, level in (skills or {"security_manager": 2}).items()}
        request = support_request_create(actor=lead, municipality=town, data=data, skills=levels)
        if submit:
            request = support_request_submit(actor=lead, request=request)
        return request
    return make
