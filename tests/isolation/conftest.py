import pytest

from tests.isolation.foreign_data import build_world


@pytest.fixture
def world(prefecture, beppu, himeshima):
    """Our side (姫島村, vendor A) and the foreign side (別府市, vendors B to D)."""
    return build_world(prefecture=prefecture, beppu=beppu, himeshima=himeshima)
