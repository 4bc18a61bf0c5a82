"""The authorization matrix: every endpoint of the API against every role (and no key at all).

The expected table is written out here, independently of ``tradeguard.cases.access``: a role
listed for an endpoint must get past authorization (any status but 401 and 403); any other
role must get 403. A test also checks that the table names every route the application has.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute

from tests.api.conftest import Api
from tradeguard.api.app import ROUTERS
from tradeguard.cases.access import Role

A, S, B, C, PL, PO, R, PU = (
    Role.ANALYST,
    Role.SUPERVISOR,
    Role.BROKER,
    Role.EXPRESS_CARRIER,
    Role.PLATFORM,
    Role.POST,
    Role.RIGHTS_HOLDER,
    Role.PUBLIC,
)
EVERYONE = frozenset(Role)
CBP = frozenset({A, S})
PARTY = {"party_id": "P1", "name": "GOLDEN EAGLE TRADING LLC"}
ITEM = {"item_id": "LX123456785CN", "post_code": "CNA", "mail_class": "LETTER_GOODS"}

# (method, route path) -> (concrete path or None for the route path, body, roles allowed)
MATRIX: dict[tuple[str, str], tuple[str | None, dict[str, Any], frozenset[Role]]] = {
    ("GET", "/health"): (None, {}, EVERYONE),
    ("GET", "/v1/me"): (None, {}, EVERYONE),
    ("POST", "/v1/ingest"): (
        None,
        {"files": {"file": ("posts.csv", b"post_code,country,name\n")}},
        CBP,
    ),
    ("POST", "/v1/parties/screen"): (None, {"json": {"parties": [PARTY]}}, CBP | {B, C, PL}),
    ("POST", "/v1/parties/eligibility"): (None, {"json": {"applicant": PARTY}}, CBP | {B}),
    ("GET", "/v1/importers/bond-demands"): (None, {}, CBP | {B}),
    ("GET", "/v1/importers/{ior_number}"): ("/v1/importers/{client}", {}, CBP | {B}),
    ("GET", "/v1/posts/scores"): (None, {}, CBP | {PO}),
    ("GET", "/v1/posts/{post_code}/scores"): ("/v1/posts/CNA/scores", {}, CBP | {PO}),
    ("POST", "/v1/posts/gate"): (None, {"json": {"items": [ITEM]}}, CBP | {PO}),
    ("GET", "/v1/publications"): (None, {}, EVERYONE),
    ("GET", "/v1/disclosures"): ("/v1/disclosures?on={as_of}", {}, CBP | {R}),
    ("GET", "/v1/referrals"): (None, {}, CBP),
    ("GET", "/v1/fees"): (None, {}, CBP),
    ("GET", "/v1/decisions"): (None, {}, CBP | {B, C, PL, PO}),
    ("GET", "/v1/decisions/{decision_id}"): ("/v1/decisions/1", {}, CBP | {B, C, PL, PO}),
    ("POST", "/v1/overrides"): (
        None,
        {
            "json": {
                "subject": "IOR:{client}",
                "kind": "revenue_risk",
                "level": "low",
                "reason": "checked by hand",
            }
        },
        CBP,
    ),
    ("GET", "/v1/cases"): (None, {}, CBP),
    ("POST", "/v1/cases/sync"): (None, {}, CBP),
    ("GET", "/v1/cases/{case_id}"): ("/v1/cases/{case}", {}, CBP),
    ("POST", "/v1/cases/{case_id}/comments"): (
        "/v1/cases/{case}/comments",
        {"json": {"text": "looked at it"}},
        CBP,
    ),
    ("POST", "/v1/cases/{case_id}/assign"): ("/v1/cases/{case}/assign", {"json": {}}, CBP),
    ("POST", "/v1/cases/{case_id}/confirm"): (
        "/v1/cases/{case}/confirm",
        {"json": {"reason": "same address and officer"}},
        CBP,
    ),
    ("POST", "/v1/cases/{case_id}/dismiss"): (
        "/v1/cases/{case}/dismiss",
        {"json": {"reason": "different firm"}},
        CBP,
    ),
    ("GET", "/v1/policy/changes"): (None, {}, CBP),
    ("POST", "/v1/policy/changes"): (
        None,
        {
            "json": {
                "rule_key": "bond.insufficiency.letter_days",
                "value": 10,
                "effective_from": "2027-01-01",
                "reason": "letters sooner",
            }
        },
        CBP,
    ),
    ("POST", "/v1/policy/changes/{change_id}/approve"): (
        "/v1/policy/changes/{change}/approve",
        {"json": {}},
        frozenset({S}),
    ),
    ("POST", "/v1/policy/changes/{change_id}/reject"): (
        "/v1/policy/changes/{change}/reject",
        {"json": {}},
        frozenset({S}),
    ),
}


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_the_matrix_lists_every_route(api: Api) -> None:
    mounted = [*api.app.routes, *(r for router in ROUTERS for r in router.routes)]
    routes = {
        (method, r.path)
        for r in mounted
        if isinstance(r, APIRoute) and r.include_in_schema
        for method in r.methods or ()
    }
    published = {
        (method.upper(), path)
        for path, item in api.app.openapi()["paths"].items()
        for method in item
    }
    assert routes == published == set(MATRIX)


def _fill(text: str, values: dict[str, Any]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _body(body: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    if "json" not in body:
        return body
    return {
        "json": {k: _fill(v, values) if isinstance(v, str) else v for k, v in body["json"].items()}
    }


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_every_endpoint_against_every_role(api: Api) -> None:
    """On SQLite: the matrix is about the service layer, not the backend."""
    analyst = api.headers(A)
    assert api.client.post("/v1/cases/sync", headers=analyst).status_code == 200
    cases = api.client.get("/v1/cases?limit=1", headers=analyst).json()["items"]
    change = api.client.post(
        "/v1/policy/changes",
        headers=analyst,
        json={
            "rule_key": "bond.insufficiency.letter_days",
            "value": 12,
            "effective_from": "2027-02-01",
            "reason": "letters sooner",
        },
    ).json()
    values = {
        "client": api.world.broker_client,
        "as_of": api.world.as_of,
        "case": cases[0]["id"],
        "change": change["id"],
    }
    failures = []
    for (method, route), (path, body, roles) in MATRIX.items():
        url = _fill(path or route, values)
        for role in [*Role, None]:
            response = api.client.request(
                method, url, headers=api.headers(role), **_body(body, values)
            )
            expected = roles if role is not None else roles & {PU}
            ok = response.status_code not in (401, 403)
            if ok != (role in expected or (role is None and PU in roles)):
                failures.append(
                    f"{method} {url} as {role}: {response.status_code} {response.text[:120]}"
                )
            if ok:
                assert response.status_code < 500, (method, url, role, response.text)
    assert failures == []
