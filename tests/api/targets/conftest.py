"""API clients with a token for one membership (the catalog's fixture)."""

from tests.api.catalog.conftest import api_as  # noqa: F401 (a fixture, used by name)
