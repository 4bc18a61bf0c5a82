"""The published OpenAPI schema is valid and describes every route, with the error shape."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from tests.api.conftest import Api


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_openapi_schema_is_valid_and_complete(api: Api) -> None:
    response = api.client.get("/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    operations = [(m, p) for p, item in schema["paths"].items() for m in item]
    assert len(operations) == 28
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if path.startswith("/v1/") and path != "/v1/me":
                assert "403" in op["responses"] and "422" in op["responses"], (method, path)
                assert op["responses"]["422"]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorOut"
                }
    assert schema["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"
