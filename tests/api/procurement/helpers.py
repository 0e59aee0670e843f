"""Small helpers the procurement API's tests share."""

from rest_framework.test import APIClient

from tests.procurement.conftest import DECLARED

BID = {"total_price": 8_765_432, "kuji_number": "042", "declarations": DECLARED}


def api(user) -> APIClient:
    """An API client signed in as `user` (a session, as the browser's Swagger UI is)."""
    client = APIClient()
    client.force_login(user)
    return client


def error_of(response) -> tuple:
    """(status, code, [(field, code), …]) of an error answer."""
    error = response.json()["error"]
    return (response.status_code, error["code"],
            [(detail["field"], detail["code"]) for detail in error["details"]])
