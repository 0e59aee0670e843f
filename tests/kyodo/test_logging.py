import json
import logging

import pytest
from django.conf import settings
from django.utils.module_loading import import_string
from django_tenants.utils import tenant_context

from kyodo import request_context
from kyodo.request_context import RequestContextFilter


def json_formatter():
    config = settings.LOGGING["formatters"]["json"]
    return import_string(config["()"])(fmt=config["fmt"])


@pytest.mark.django_db
def test_a_log_line_written_in_a_town_request_names_the_tenant_and_the_request(beppu):
    record = logging.LogRecord("kyodo", logging.INFO, __file__, 1, "profile saved", None, None)
    token = request_context._request_id.set("req-0123456789")
    try:
        with tenant_context(beppu):
            RequestContextFilter().filter(record)
    finally:
        request_context._request_id.reset(token)

    line = json.loads(json_formatter().format(record))

    assert line["message"] == "profile saved"
    assert line["tenant"] == "lg_442020"
    assert line["request_id"] == "req-0123456789"


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_a_bad_incoming_one_is_replaced(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="<script>")

    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32
