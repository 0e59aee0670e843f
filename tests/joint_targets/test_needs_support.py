"""The needs-support list: towns behind a target of the year, and the coordinator's one-click
suggestions, which reach the town's members as a notice (audited) and open the town's own
form filled in, without anything written in the town's name."""

from decimal import Decimal

import pytest
from django.urls import reverse

from joint_targets import demo
from joint_targets.models import Indicator
from joint_targets.needs_support import needs_support_list
from joint_targets.services.support import support_suggest
from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError, ErrorCode
from kyodo.notifications.models import Notification
from shared_services.models import AdoptionRequest, CommonSystem, SystemStatus
from talent_pool.models import SupportRequest
from tests.factories import VendorFactory
from tests.joint_targets.conftest import YEAR, publish_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(prefecture):
    demo.targets_create()  # 令和8年度 (YEAR): 電子決裁率 70%, オンライン化率 60%


@pytest.fixture
def e_approval_system(db):
    return CommonSystem.objects.create(
        name="共同電子決裁", category="e_approval", delivery="lgwan_asp",
        provider=VendorFactory(legal_name="株式会社決裁"), annual_cost=1_000_000,
        equal_weight=100, population_weight=0, usage_weight=0, status=SystemStatus.PUBLISHED)


def _suggest(actor, town, suggestion="specialist", **kwargs):
    return support_suggest(actor=actor, municipality=town, fiscal_year=YEAR,
                           indicator=Indicator.objects.get(code="e_approval_rate"),
                           suggestion=suggestion, **kwargs)


def test_only_towns_behind_a_target_are_listed_most_behind_first(
        coordinator, beppu, himeshima, oita_city, targets):
    publish_value(beppu, e_approval_rate=Decimal("75.0"), online_procedure_rate=Decimal("50.0"))
    publish_value(himeshima, e_approval_rate=Decimal("10.0"),
                  online_procedure_rate=Decimal("20.0"))
    # 大分市 publishes nothing: 未報告 is not "behind"

    rows = needs_support_list(actor=coordinator, fiscal_year=YEAR)

    assert [row["town"] for row in rows] == [himeshima, beppu]
    assert [cell["indicator"].code for cell in rows[1]["behind"]] == ["online_procedure_rate"]


def test_the_list_is_the_prefectures_only(client, beppu_staff):
    client.force_login(beppu_staff)

    assert client.get("/targets/needs-support/").status_code == 403


def test_suggesting_a_system_tells_the_towns_members_with_the_catalog_form_prefilled(
        client, coordinator, himeshima, himeshima_staff, targets, e_approval_system):
    publish_value(himeshima, e_approval_rate=Decimal("10.0"))
    client.force_login(coordinator)

    page = client.get("/targets/needs-support/", {"fiscal_year": YEAR}).content.decode()
    assert "共同電子決裁" in page[page.index('data-town="443221"'):]
    response = client.post(reverse("targets:suggest", args=[himeshima.pk]), {
        "fiscal_year": YEAR, "indicator": "e_approval_rate", "suggestion": "system",
        "system": e_approval_system.pk})

    assert response.status_code == 302
    notice = Notification.objects.get(recipient=himeshima_staff)
    assert notice.kind == "joint_targets.system_suggested"
    assert notice.url == f"/m/himeshima/catalog/requests/new/?system={e_approval_system.pk}"
    assert "共同電子決裁" in notice.body and "電子決裁率" in notice.body
    event = AuditEvent.objects.get(action="support_suggestion.system")
    assert event.actor == coordinator and event.target_id == str(himeshima.pk)
    assert event.after == {"suggestion": "system", "fiscal_year": YEAR,
                           "indicator": "e_approval_rate", "system": e_approval_system.pk}
    assert not AdoptionRequest.objects.exists()  # the town decides whether to draft it
    client.force_login(himeshima_staff)
    form = client.get(notice.url).content.decode()
    assert "共同電子決裁" in form


def test_suggesting_a_specialist_opens_the_towns_request_form_with_theme_and_title(
        client, coordinator, himeshima, himeshima_staff, targets):
    publish_value(himeshima, e_approval_rate=Decimal("10.0"))

    told = _suggest(coordinator, himeshima)

    assert told == 1
    notice = Notification.objects.get(recipient=himeshima_staff)
    assert notice.url.startswith("/m/himeshima/talent/new/?theme=bpr&title=")
    assert AuditEvent.objects.filter(action="support_suggestion.specialist").count() == 1
    assert not SupportRequest.objects.exists()
    client.force_login(himeshima_staff)
    form = client.get(notice.url).content.decode()
    assert 'value="電子決裁率の改善"' in form
    assert '<option value="bpr" selected>' in form


def test_a_town_on_track_gets_no_suggestion(coordinator, beppu, beppu_staff, targets):
    publish_value(beppu, e_approval_rate=Decimal("75.0"))

    with pytest.raises(DomainError) as raised:
        _suggest(coordinator, beppu)

    assert raised.value.code == ErrorCode.NOT_BEHIND
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="support_suggestion").exists()


def test_only_a_published_system_may_be_suggested(coordinator, himeshima, himeshima_staff,
                                                  targets, e_approval_system):
    publish_value(himeshima, e_approval_rate=Decimal("10.0"))
    CommonSystem.objects.filter(pk=e_approval_system.pk).update(status=SystemStatus.DRAFT)

    with pytest.raises(DomainError) as raised:
        _suggest(coordinator, himeshima, "system", system_id=e_approval_system.pk)

    assert raised.value.details[0]["field"] == "system"
    assert not Notification.objects.exists()


def test_a_town_without_members_cannot_be_told(coordinator, himeshima, targets):
    publish_value(himeshima, e_approval_rate=Decimal("10.0"))

    with pytest.raises(DomainError) as raised:
        _suggest(coordinator, himeshima)

    assert raised.value.code == ErrorCode.NO_RECIPIENTS


def test_an_operator_reads_the_list_but_cannot_suggest(client, prefecture, himeshima,
                                                       himeshima_staff, targets):
    from kyodo.accounts.models import Role
    from tests.factories import MembershipFactory
    from tests.mfa import activate_totp

    operator = MembershipFactory(municipality=prefecture, role=Role.PREFECTURE_OPERATOR).user
    activate_totp(operator)
    publish_value(himeshima, e_approval_rate=Decimal("10.0"))
    client.force_login(operator)

    assert client.get("/targets/needs-support/").status_code == 200
    response = client.post(reverse("targets:suggest", args=[himeshima.pk]), {
        "fiscal_year": YEAR, "indicator": "e_approval_rate", "suggestion": "specialist"})
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_only_systems_that_move_the_indicator_are_offered(
        client, coordinator, himeshima, himeshima_staff, targets, e_approval_system):
    """An e-approval system does nothing for the online-procedure rate: the row offers a
    specialist only, and a hand-made suggestion of it is refused with the field named."""
    publish_value(himeshima, e_approval_rate=Decimal("10.0"),
                  online_procedure_rate=Decimal("20.0"))
    client.force_login(coordinator)

    page = client.get(f"/targets/needs-support/?fiscal_year={YEAR}").content.decode()

    assert f'id="system-{himeshima.pk}-e_approval_rate"' in page
    assert f'id="system-{himeshima.pk}-online_procedure_rate"' not in page
    with pytest.raises(DomainError) as raised:
        support_suggest(actor=coordinator, municipality=himeshima, fiscal_year=YEAR,
                        indicator=Indicator.objects.get(code="online_procedure_rate"),
                        suggestion="system", system_id=e_approval_system.pk)
    assert raised.value.details[0] | {"message": ""} == {
        "field": "system", "code": "system_not_relevant", "message": ""}
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="support_suggestion").exists()


def test_the_page_opens_with_an_overview_linking_to_each_towns_section(
        client, coordinator, beppu, himeshima, targets):
    """With every town of a prefecture listed, the coordinator first sees who is behind on
    how many, and jumps to the town."""
    publish_value(beppu, online_procedure_rate=Decimal("50.0"))
    publish_value(himeshima, e_approval_rate=Decimal("10.0"),
                  online_procedure_rate=Decimal("20.0"))
    client.force_login(coordinator)

    page = client.get(f"/targets/needs-support/?fiscal_year={YEAR}").content.decode()

    overview = page[page.index('id="overview"'):page.index("</table>")]
    assert overview.index(himeshima.name) < overview.index(beppu.name)
    assert f'href="#town-{himeshima.lg_code}"' in overview
    assert f'id="town-{himeshima.lg_code}"' in page
