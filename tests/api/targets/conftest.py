"""API clients with a token for one membership (the catalog's fixture), and the joint
targets' towns of 別府市's band."""

from tests.api.catalog.conftest import api_as  # noqa: F401 (a fixture, used by name)
from tests.joint_targets.conftest import general_cities  # noqa: F401 (a fixture, used by name)
