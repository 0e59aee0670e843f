import pytest
from rest_framework.test import APIClient

from api.services import api_token_create


@pytest.fixture
def issue_token():
    """`issue_token(membership)` issues a token for the membership's user; returns its key."""

    def issue(membership, *, name="入札管理システム", **options) -> str:
        return api_token_create(actor=membership.user, membership=membership, name=name,
                                **options).key

    return issue


@pytest.fixture
def client_with():
    """`client_with(key)` is an API client that sends `Authorization: Bearer <key>`."""

    def client(key: str, *, keyword: str = "Bearer") -> APIClient:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
        return api

    return client
