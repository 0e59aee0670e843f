"""The procurement API's tests use the procurement tests' clock, vendors, towns' leads and
tenders (tests/procurement/conftest.py)."""

from tests.procurement.conftest import (  # noqa: F401  (fixtures)
    bidder_a,
    bidder_b,
    clock,
    surveyed,
    tender,
    town_leads,
    unqualified_vendor,
)
