"""What every endpoint shares: the error shape, Vietnamese messages, the schema and its docs page."""
from __future__ import annotations

import re

import pytest
from django.http import Http404
from rest_framework import exceptions
from rest_framework.test import APIClient, APIRequestFactory

from thidua.core.api import NOT_FOUND_MESSAGE, IsoDateField, exception_handler, validated
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.organisations.serializers import OrganisationMergeSerializer


def handle(exc, method: str = "GET"):
    request = APIRequestFactory().generic(method, "/api/v1/x/")
    return exception_handler(exc, {"request": request})


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (UserError("Sai rồi.", field="code"), 400, {"detail": "Sai rồi.", "field": "code"}),
        (NotFound(), 404, {"detail": NOT_FOUND_MESSAGE, "field": None}),
        (Forbidden(), 403, {"detail": Forbidden().message, "field": None}),
        (Http404("anything"), 404, {"detail": NOT_FOUND_MESSAGE, "field": None}),
        (exceptions.NotFound(), 404, {"detail": NOT_FOUND_MESSAGE, "field": None}),
    ],
)
def test_domain_errors_become_their_status(exc, status, body):
    response = handle(exc)
    assert response.status_code == status
    assert response.data == body


def test_drf_errors_are_translated():
    assert "đăng nhập" in handle(exceptions.NotAuthenticated()).data["detail"]
    assert "JSON" in handle(exceptions.ParseError()).data["detail"]
    assert handle(exceptions.MethodNotAllowed("DELETE"), "DELETE").data["detail"] == "Phương thức DELETE không dùng được ở địa chỉ này."
    response = handle(exceptions.Throttled(wait=30))
    assert response.status_code == 429 and response["Retry-After"] == "30"


def test_a_drf_validation_error_gives_its_first_field():
    response = handle(exceptions.ValidationError({"name": ["Không được để trống."], "kind": ["x"]}))
    assert response.status_code == 400
    assert response.data == {"detail": "Name: Không được để trống.", "field": "name"}


def test_an_unexpected_exception_is_left_to_django():
    assert handle(ZeroDivisionError()) is None


def test_validated_names_the_field_by_its_label_and_the_item():
    with pytest.raises(UserError) as caught:
        validated(OrganisationMergeSerializer, {"sources": ["A", {"x": 1}], "on": "2025-07-01"})
    assert caught.value.field == "sources"
    assert caught.value.message == "Các tổ chức được hợp nhất (phần tử thứ 2): Cần một chuỗi ký tự."


@pytest.mark.parametrize(
    ("value", "contains"),
    [("2025-13-45", "YYYY-MM-DD"), ("01/07/2025", "YYYY-MM-DD"), ("0001-01-01", "ngoài khoảng"), (20250701, "YYYY-MM-DD")],
)
def test_iso_date_field_refuses_in_vietnamese(value, contains):
    field = IsoDateField(label="ngày hiệu lực")
    with pytest.raises(exceptions.ValidationError) as caught:
        field.run_validation(value)
    assert contains in str(caught.value.detail[0])


# --- Schema and docs ----------------------------------------------------------------------------


def test_schema_lists_every_operation(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    operations = {(method.upper(), path) for path, item in paths.items() for method in item}
    from tests.scope_world import SCOPE_MODULES

    # The apps of the emulation year list their own operations beside their code.
    apps = {tuple(label.split(" ", 1)) for module in SCOPE_MODULES for label in getattr(module, "API_OPERATIONS", ())}
    assert operations - apps == {
        ("GET", "/api/v1/organisations/"), ("POST", "/api/v1/organisations/"),
        ("GET", "/api/v1/organisations/{code}/"),
        ("POST", "/api/v1/organisations/{code}/rename/"), ("POST", "/api/v1/organisations/{code}/move/"),
        ("POST", "/api/v1/organisations/{code}/merge/"), ("POST", "/api/v1/organisations/{code}/split/"),
        ("GET", "/api/v1/organisations/tree/"), ("GET", "/api/v1/organisations/{code}/history/"),
        ("GET", "/api/v1/organisations/{code}/members/"),
        ("GET", "/api/v1/people/"), ("POST", "/api/v1/people/"), ("GET", "/api/v1/people/{id}/"),
        ("PATCH", "/api/v1/people/{id}/"), ("GET", "/api/v1/people/{id}/history/"),
        ("GET", "/api/v1/people/{id}/eligibility/"), ("GET", "/api/v1/organisations/{code}/eligibility/"),
        ("GET", "/api/v1/organisations/{code}/rules/"), ("POST", "/api/v1/organisations/{code}/rules/"),
        ("POST", "/api/v1/eligibility/check/"), ("GET", "/api/v1/eligibility/catalogue/"),
        ("GET", "/api/v1/eligibility-runs/"), ("POST", "/api/v1/eligibility-runs/"),
        ("GET", "/api/v1/eligibility-runs/{id}/"), ("GET", "/api/v1/eligibility-runs/{id}/results/"),
        ("GET", "/api/v1/parameter-corrections/"), ("POST", "/api/v1/parameter-corrections/"),
    }
    assert apps <= operations


def test_docs_page_loads_everything_from_this_server(db):
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    assert any("swagger-ui-bundle" in s for s in sources)
    # The start-up script comes from the same address, not inline.
    assert "/api/docs/?script=" in sources
    script = APIClient().get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert "/api/schema/" in script.content.decode()


def test_docs_page_csp_allows_only_its_own_inline_style(db):
    policy = APIClient().get("/api/docs/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"].startswith("'self' 'sha256-")
    assert "unsafe" not in policy
    # Every other page keeps the strict policy.
    assert "sha256" not in APIClient().get("/api/schema/")["Content-Security-Policy"]
