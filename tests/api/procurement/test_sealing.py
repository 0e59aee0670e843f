"""Before the opening, no endpoint of the procurement API tells anyone but the bidding
vendor a price, a document or who bid: every GET as every role, and the answers to the
writes that touch bids."""

import pytest

from tests.api.procurement.helpers import BID, api, error_of
from tests.procurement.conftest import place

pytestmark = pytest.mark.django_db
SEALED_PRICE = 7_777_123


def test_no_endpoint_shows_a_sealed_bid_to_anyone_but_its_vendor(
        tender, bidder_a, bidder_b, coordinator, town_leads, himeshima, himeshima_staff):
    procurement = tender(ceiling_published=False)
    bid, _ = place(procurement, bidder_b, SEALED_PRICE, kuji="987")
    api(bidder_b[1]).post(f"/api/v1/procurement/tenders/{procurement.pk}/clarifications/",
                          {"question": "質問"}, format="json")
    base = f"/api/v1/procurement/tenders/{procurement.pk}/"
    addresses = ["/api/v1/procurement/tenders/", base, "/api/v1/procurement/bids/",
                 *(f"{base}{name}/" for name in ("clarifications", "scores", "evaluation",
                                                 "reasons")),
                 f"/m/{himeshima.slug}/api/v1/procurement/surveys/",
                 f"/m/{himeshima.slug}/api/v1/procurement/surveys/{procurement.pk}/"]
    secrets = (str(SEALED_PRICE), f"{SEALED_PRICE:,}", str(bid.pk), bid.receipt_sha256,
               bidder_b[0].legal_name)
    for person in (coordinator, bidder_a[1], town_leads["himeshima"], himeshima_staff):
        client = api(person)
        for address in addresses:
            text = client.get(address).content.decode()
            assert not [secret for secret in secrets if secret in text], (person, address)
    own = api(bidder_b[1]).get("/api/v1/procurement/bids/").content.decode()
    assert bid.receipt_sha256 in own


def test_a_second_bidder_learns_nothing_of_the_first_from_its_answers(tender, bidder_a,
                                                                      bidder_b):
    procurement = tender()
    place(procurement, bidder_b, SEALED_PRICE)
    response = api(bidder_a[1]).post(f"/api/v1/procurement/tenders/{procurement.pk}/bids/",
                                     BID, format="json")
    assert response.status_code == 201
    assert str(SEALED_PRICE) not in response.content.decode()
    assert bidder_b[0].legal_name not in response.content.decode()


def test_the_evaluation_is_sealed_for_every_role_before_the_opening(
        tender, bidder_a, bidder_b, coordinator, town_leads):
    procurement = tender()
    place(procurement, bidder_b, SEALED_PRICE)
    evaluation = f"/api/v1/procurement/tenders/{procurement.pk}/evaluation/"
    assert error_of(api(coordinator).get(evaluation))[:2] == (409, "sealed_until_opening")
    for person in (bidder_b[1], bidder_a[1], town_leads["beppu"]):
        assert error_of(api(person).get(evaluation))[:2] == (403, "permission_denied")
