"""Property-based run of the published OpenAPI schema (schemathesis, in process over ASGI): for
every operation, requests generated from the schema (valid ones, then invalid ones) and sent
with an analyst's key never get a server error, and every response conforms to the schema
(documented status code, content type and body).

Bounded: a few dozen examples per operation and mode, no deadline, no example database, a
fixed seed."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from tests.api.conftest import Api
from tradeguard.cases.access import Role

EXAMPLES = 25


@pytest.mark.slow
def test_schema_run_finds_no_server_error(api: Api) -> None:
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.app)
    headers = api.headers(Role.ANALYST)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 28
    seen: dict[str, set[int]] = {}

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for operation in operations:

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                response = case.call(headers=headers)
                seen.setdefault(case.operation.label, set()).add(response.status_code)
                case.validate_response(response, checks=checks)

            try:
                run()
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
                assert mode is GenerationMode.NEGATIVE
    assert len(seen) == len(operations)
    assert all(code < 500 for codes in seen.values() for code in codes)
    assert {200, 422} <= seen["POST /v1/parties/screen"]
