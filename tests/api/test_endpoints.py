"""Every endpoint over HTTP (in-process client), on SQLite and PostgreSQL: what each role sees,
errors in one shape, pages and limits, and case work end to end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.api.conftest import Api, make_api
from tests.api.world import BROKER, POST
from tradeguard.api.config import ApiConfig
from tradeguard.cases.access import Principal, Role
from tradeguard.store.repository import AuditStore

A, S, B, C, PO, R, PU = (
    Role.ANALYST,
    Role.SUPERVISOR,
    Role.BROKER,
    Role.EXPRESS_CARRIER,
    Role.POST,
    Role.RIGHTS_HOLDER,
    Role.PUBLIC,
)
LISTED = {"party_id": "P-7", "name": "GLOBAL EAGLE SUPPLY LLC"}


def _listed_name(api: Api) -> str:
    import csv

    [path] = [p for p in api.world.data.iterdir() if p.name.startswith("SAM")]
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Classification"] == "Firm" and "DHS-CBP" in row["Excluding Agency"]:
                return row["Name"]
    raise AssertionError("no CBP firm in the world")


def test_errors_share_one_shape(api: Api) -> None:
    missing = api.client.get("/v1/decisions/999999", headers=api.headers(A))
    assert missing.status_code == 404 and missing.json()["error"] == "NotFound"
    bad = api.client.post(
        "/v1/parties/screen", headers=api.headers(A), json={"parties": [{"party_id": "P1"}]}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "parties.0.name"
    unknown = api.client.get("/v1/me", headers={"X-API-Key": "tg_nope_nope"})
    assert unknown.status_code == 401 and unknown.headers["www-authenticate"]
    malformed = api.client.get("/v1/me", headers={"Authorization": "Bearer nonsense"})
    assert malformed.status_code == 401
    forbidden = api.client.get("/v1/referrals", headers=api.headers(B))
    assert forbidden.status_code == 403 and forbidden.json()["error"] == "Forbidden"
    no_route = api.client.get("/v1/nothing-here")
    assert no_route.status_code == 404 and no_route.json()["error"] == "HTTPError"


def test_request_size_and_batch_limits(store: Engine, world: object) -> None:
    small = ApiConfig(api_max_body_bytes=2_000, api_max_upload_bytes=5_000, api_max_batch_items=3)
    api = make_api(store, world, small)  # type: ignore[arg-type]
    big = api.client.post(
        "/v1/parties/screen",
        headers=api.headers(A),
        content=b"{" + b" " * 3_000 + b"}",
    )
    assert big.status_code == 413 and big.json()["errors"][0]["field"] == "body"
    upload = api.client.post(
        "/v1/ingest", headers=api.headers(A), files={"file": ("posts.csv", b"x" * 6_000)}
    )
    assert upload.status_code == 413
    parties = [{"party_id": f"P{i}", "name": "ACME"} for i in range(4)]
    many = api.client.post("/v1/parties/screen", headers=api.headers(A), json={"parties": parties})
    assert many.status_code == 422 and many.json()["errors"][0]["field"] == "parties"


def test_pages_and_limits(api: Api) -> None:
    first = api.client.get("/v1/decisions?limit=5", headers=api.headers(A)).json()
    assert len(first["items"]) == 5 and first["next_offset"] == 5 and first["total"] > 5
    second = api.client.get("/v1/decisions?limit=5&offset=5", headers=api.headers(A)).json()
    assert {d["id"] for d in first["items"]}.isdisjoint({d["id"] for d in second["items"]})
    too_many = api.client.get("/v1/decisions?limit=501", headers=api.headers(A))
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "limit"


def test_broker_sees_only_its_clients_and_notices(api: Api) -> None:
    client, other = api.world.broker_client, api.world.other_importer
    seen = api.client.get("/v1/decisions?limit=500", headers=api.headers(B)).json()["items"]
    subjects = {d["subject"] for d in seen}
    assert f"IOR:{client}" in subjects and f"FAC:{BROKER}:S4MRXXXXX" in subjects
    assert all(s.startswith(f"FAC:{BROKER}") or s.startswith("IOR:") for s in subjects)
    assert f"IOR:{other}" not in subjects and "FAC:ECO-09:S4MRXXXXX" not in subjects
    demands = api.client.get("/v1/importers/bond-demands", headers=api.headers(B)).json()
    assert [d["subject"] for d in demands["items"]] == [f"IOR:{client}"]
    everyone = api.client.get("/v1/importers/bond-demands", headers=api.headers(A)).json()
    assert {d["subject"] for d in everyone["items"]} == {f"IOR:{client}", f"IOR:{other}"}
    mine = api.client.get(f"/v1/importers/{client}", headers=api.headers(B))
    assert mine.status_code == 200
    assert "adcvd_security" in {d["kind"] for d in mine.json()["decisions"]}
    assert api.client.get(f"/v1/importers/{other}", headers=api.headers(B)).status_code == 404
    hidden = next(
        d
        for d in api.client.get(
            f"/v1/decisions?subject=IOR:{other}", headers=api.headers(A)
        ).json()["items"]
    )
    assert (
        api.client.get(f"/v1/decisions/{hidden['id']}", headers=api.headers(B)).status_code == 404
    )


def test_screening_explains_and_keeps_each_facilitators_parties_apart(api: Api) -> None:
    party = {"party_id": "P-7", "name": _listed_name(api)}
    found = api.client.post(
        "/v1/parties/screen",
        headers=api.headers(B),
        json={"parties": [party, {"party_id": "P-8", "name": "ZZQX"}]},
    )
    assert found.status_code == 200
    first, second = found.json()["results"]
    assert first["party_id"] == "P-7" and first["outcome"] in ("alert", "match")
    assert first["matches"][0]["explanations"][0]["reason"]
    assert second["outcome"] == "clear" and second["matches"] == []
    assert (
        api.client.get(f"/v1/decisions?subject=PARTY:{BROKER}:P-7", headers=api.headers(B)).json()[
            "total"
        ]
        == 1
    )
    assert (
        api.client.get(f"/v1/decisions?subject=PARTY:{BROKER}:P-7", headers=api.headers(C)).json()[
            "total"
        ]
        == 0
    )
    strict = api.client.post(
        "/v1/parties/screen", headers=api.headers(B), json={"parties": [party], "threshold": 1.0}
    ).json()
    assert strict["results"][0]["matches"] == []
    decision = api.client.post(
        "/v1/parties/eligibility",
        headers=api.headers(B),
        json={"applicant": party, "on": str(api.world.as_of)},
    ).json()
    assert decision["kind"] == "ior_eligibility" and decision["outcome"] in ("ineligible", "review")
    assert decision["provision"].startswith("EO 13904 s.2(b)")


def test_post_sees_only_its_own_scores_and_items(api: Api) -> None:
    own = api.client.get("/v1/posts/scores", headers=api.headers(PO)).json()["items"]
    assert own and {r["post_code"] for r in own} == {POST}
    assert any(r["score"] == 58.0 and r["level"] == 1 for r in own)
    all_posts = api.client.get("/v1/posts/scores", headers=api.headers(A)).json()["items"]
    assert {"CNA", "HKA"} <= {r["post_code"] for r in all_posts}
    assert api.client.get("/v1/posts/HKA/scores", headers=api.headers(PO)).status_code == 404
    item = {
        "item_id": "LX123456785CN",
        "post_code": "CNA",
        "mail_class": "LETTER_GOODS",
        "content_description": "gift",
    }
    gate = api.client.post("/v1/posts/gate", headers=api.headers(PO), json={"items": [item]})
    assert gate.status_code == 200
    [decision] = gate.json()["decisions"]
    assert decision["subject"] == "ITEM:LX123456785CN"
    assert decision["outcome"] == "TARGETED_INSPECTION" and decision["score"] == 1.0
    foreign = {**item, "post_code": "HKA"}
    assert (
        api.client.post(
            "/v1/posts/gate", headers=api.headers(PO), json={"items": [foreign]}
        ).status_code
        == 403
    )
    batch = api.client.post(
        "/v1/posts/gate", headers=api.headers(A), json={"items": [item, foreign]}
    ).json()["decisions"]
    assert [d["outcome"] for d in batch] == ["TARGETED_INSPECTION", "RELEASE"]


def test_rights_holder_gets_only_its_recordations_and_every_disclosure_is_logged(
    api: Api,
) -> None:
    on = str(api.world.as_of)
    mine = api.client.get(f"/v1/disclosures?on={on}", headers=api.headers(R)).json()["items"]
    assert mine and {p["recipient"] for p in mine} == {api.world.rights_holder}
    everything = api.client.get(f"/v1/disclosures?on={on}", headers=api.headers(A)).json()
    assert len(everything["items"]) > len(mine)
    events = AuditStore(api.engine).events(object_kind="ipr_disclosure", limit=10_000)
    disclosed = [e for e in events if e.action == "disclose"]
    assert len(disclosed) == len(mine)
    assert all("fields" in e.detail and "values" not in e.detail for e in disclosed)


def test_public_sees_published_data_only(api: Api) -> None:
    for headers in ({}, api.headers(PU)):
        items = api.client.get("/v1/publications", headers=headers).json()["items"]
        assert [i["kind"] for i in items] == ["seizure_publication"]
        assert api.client.get("/v1/decisions", headers=headers).status_code == 403
        assert api.client.get("/v1/posts/scores", headers=headers).status_code == 403
    kinds = {
        i["kind"]
        for i in api.client.get("/v1/publications", headers=api.headers(A)).json()["items"]
    }
    assert kinds == {"seizure_publication", "publication_cell"}


def test_referrals_fees_and_ingest(api: Api) -> None:
    referrals = api.client.get("/v1/referrals", headers=api.headers(A)).json()["items"]
    assert {r["kind"] for r in referrals} <= {
        "prosecution_priority",
        "present_responsibility_referral",
    }
    assert any(r["outcome"] == "refer" for r in referrals)
    fees = api.client.get("/v1/fees?fiscal_year=2026", headers=api.headers(S)).json()
    assert {d["kind"] for d in fees["decisions"]} == {"fee_coverage", "fee_recommendation"}
    body = b"post_code,country,name\nZZA,FR,LA POSTE\nXXA,XX,NOWHERE\n"
    loaded = api.client.post(
        "/v1/ingest", headers=api.headers(A), files={"file": ("../posts.csv", body)}
    )
    assert loaded.status_code == 201, loaded.text
    report = loaded.json()
    assert (report["kind"], report["rows_loaded"], report["rows_rejected"]) == ("posts", 1, 1)
    assert report["rejected"][0]["line"] == 3 and report["rejected"][0]["field"] == "country"
    unknown = api.client.post(
        "/v1/ingest", headers=api.headers(A), files={"file": ("mystery.csv", b"a,b\n1,2\n")}
    )
    assert unknown.status_code == 422


def test_case_work_over_http(api: Api) -> None:
    h = api.headers(A)
    synced = api.client.post("/v1/cases/sync", headers=h).json()
    assert synced["opened"] > 0
    assert api.client.post("/v1/cases/sync", headers=h).json()["seen"] == 0  # idempotent
    inbox = api.client.get("/v1/cases?kind=reestablishment", headers=h).json()
    case = inbox["items"][0]
    assert case["priority"] == 3 and case["status"] == "open"
    page = api.client.get(f"/v1/cases/{case['id']}", headers=h).json()
    assert page["evidence"] and page["timeline"][0]["action"] == "opened"
    api.client.post(f"/v1/cases/{case['id']}/assign", headers=h, json={})
    api.client.post(
        f"/v1/cases/{case['id']}/comments",
        headers=h,
        json={"text": "Same officer and street as the excluded firm"},
    )
    done = api.client.post(
        f"/v1/cases/{case['id']}/confirm", headers=h, json={"reason": "officer and address match"}
    )
    assert done.json()["status"] == "confirmed" and done.json()["assignee"] == "ann"
    again = api.client.post(
        f"/v1/cases/{case['id']}/dismiss", headers=h, json={"reason": "changed my mind"}
    )
    assert again.status_code == 409
    timeline = api.client.get(f"/v1/cases/{case['id']}", headers=h).json()["timeline"]
    assert [e["action"] for e in timeline][-3:] == ["assigned", "comment", "confirmed"]
    notice = api.client.get("/v1/cases?kind=facilitator_notice&status=", headers=h).json()
    due = [c for c in notice["items"] if c["subject"] == f"FAC:{BROKER}:S4MRXXXXX"]
    assert due and due[0]["due_on"] == str(api.world.as_of + dt.timedelta(days=60))


def test_dismissed_match_is_remembered_for_the_party(api: Api) -> None:
    h = api.headers(A)
    party = {"party_id": "P-9", "name": _listed_name(api)}
    api.client.post("/v1/parties/screen", headers=h, json={"parties": [party]})
    api.client.post("/v1/cases/sync", headers=h)
    [case] = api.client.get("/v1/cases?subject=PARTY:P-9", headers=h).json()["items"] or [None]
    assert case is not None and case["match_key"].startswith("SAM:")
    dismissed = api.client.post(
        f"/v1/cases/{case['id']}/dismiss", headers=h, json={"reason": "different firm, other city"}
    )
    assert dismissed.json()["status"] == "dismissed"
    again = api.client.post("/v1/parties/screen", headers=h, json={"parties": [party]}).json()
    assert again["results"][0]["previously_dismissed"] == [case["match_key"]]
    synced = api.client.post("/v1/cases/sync", headers=h).json()
    assert synced["opened"] == 0
    assert (
        api.client.get("/v1/cases?subject=PARTY:P-9&status=active", headers=h).json()["total"] == 0
    )


def test_override_and_maker_checker(api: Api) -> None:
    subject = f"IOR:{api.world.broker_client}"
    made = api.client.post(
        "/v1/overrides",
        headers=api.headers(A),
        json={
            "subject": subject,
            "kind": "revenue_risk",
            "level": "low",
            "reason": "paid every bill after review",
        },
    )
    assert made.status_code == 201 and made.json()["actor"] == "analyst:ann"
    shown = api.client.get(f"/v1/importers/{api.world.broker_client}", headers=api.headers(B))
    risk = next(d for d in shown.json()["decisions"] if d["kind"] == "revenue_risk")
    assert risk["outcome"] == "risk" and risk["override"]["level"] == "low"
    missing = api.client.post(
        "/v1/overrides",
        headers=api.headers(A),
        json={"subject": "IOR:nobody", "kind": "revenue_risk", "level": "low", "reason": "why not"},
    )
    assert missing.status_code == 404
    change = api.client.post(
        "/v1/policy/changes",
        headers=api.headers(A),
        json={
            "rule_key": "bond.insufficiency.letter_days",
            "value": 10,
            "effective_from": "2026-01-01",
            "reason": "letters sooner",
        },
    ).json()
    ctx = api.app.state.ctx
    assert ctx.book().version == ctx.base_book.version  # pending: not in force
    wrong = api.client.post(
        "/v1/policy/changes",
        headers=api.headers(A),
        json={
            "rule_key": "bond.insufficiency.letter_days",
            "value": "soon",
            "effective_from": "2026-01-01",
            "reason": "letters sooner",
        },
    )
    assert wrong.status_code == 422
    same_person = make_key(api, Role.SUPERVISOR, "ann")
    refused = api.client.post(
        f"/v1/policy/changes/{change['id']}/approve", headers={"X-API-Key": same_person}, json={}
    )
    assert refused.status_code == 403
    approved = api.client.post(
        f"/v1/policy/changes/{change['id']}/approve",
        headers=api.headers(S),
        json={"note": "agreed"},
    )
    assert approved.json()["status"] == "approved"
    assert ctx.book().version.endswith(f"+chg{change['id']}")
    assert ctx.book().value("bond.insufficiency.letter_days", api.world.as_of) == 10
    actions = {e.action for e in AuditStore(api.engine).events(object_kind="policy_change")}
    assert actions == {"propose", "approved"}


def make_key(api: Api, role: Role, subject: str) -> str:
    token: str = api.app.state.ctx.keys.create(role.value, subject)
    return token


@pytest.fixture
def _unused() -> Iterator[None]:
    yield


def test_disclosures_become_cases_due_in_30_business_days(api: Api) -> None:
    from tradeguard.cases import service as cases
    from tradeguard.domain.calendar import add_business_days

    analyst = make_principal(A, "ann")
    made = cases.disclosure_decisions(api.engine, api.app.state.ctx.book(), api.world.as_of)
    assert made and {d.kind for d in made} == {"ipr_disclosure"}
    cases.sync_alerts(api.engine, api.app.state.ctx.book(), analyst)
    items, total = cases.list_cases(api.engine, analyst, kind="ipr_disclosure", limit=500)
    assert total == len({d.subject for d in made})
    first = next(d for d in made if d.subject == items[0].subject)
    notice = dt.date.fromisoformat(str(first.hits[0].evidence["notice_on"]))
    assert items[0].due_on == add_business_days(notice, 30)
    assert items[0].due_rule == "disclosure_30_business_days"


def make_principal(role: Role, subject: str) -> Principal:
    return Principal(role, subject)
