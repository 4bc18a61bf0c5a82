"""Dashboard pages through the in-process client: sign-in, inbox, case page with its
timeline and evidence, the decision explorer, post scores with their chart, and the checks."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import Api
from tradeguard.cases.access import Role
from tradeguard.web.charts import score_chart_svg

SQLITE = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


def _login(api: Api, role: Role) -> None:
    response = api.client.post(
        "/ui/login", data={"api_key": api.keys[role], "next": "/ui/"}, follow_redirects=False
    )
    assert response.status_code == 303 and "httponly" in response.headers["set-cookie"].lower()
    assert "samesite=strict" in response.headers["set-cookie"].lower()


@SQLITE
def test_pages_need_a_key_and_show_the_inbox(api: Api) -> None:
    first = api.client.get("/ui/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/ui/login")
    wrong = api.client.post("/ui/login", data={"api_key": "tg_x_y"})
    assert wrong.status_code == 401 and "unknown or revoked" in wrong.text
    _login(api, Role.ANALYST)
    api.client.post("/ui/sync")
    inbox = api.client.get("/ui/")
    assert inbox.status_code == 200 and "Case inbox" in inbox.text
    case_id = re.search(r'href="/ui/cases/(\d+)"', inbox.text)
    assert case_id is not None
    page = api.client.get(f"/ui/cases/{case_id.group(1)}")
    assert "Timeline" in page.text and "Evidence" in page.text and "<code>" in page.text
    posted = api.client.post(
        f"/ui/cases/{case_id.group(1)}/comments", data={"text": "<b>checked</b> the filings"}
    )
    assert "&lt;b&gt;checked&lt;/b&gt; the filings" in posted.text  # escaped, not markup
    cross = api.client.post(
        f"/ui/cases/{case_id.group(1)}/comments",
        data={"text": "x"},
        headers={"origin": "http://evil.example"},
    )
    assert cross.status_code == 403


@SQLITE
def test_explorer_and_post_chart_follow_the_roles(api: Api) -> None:
    _login(api, Role.POST)
    assert api.client.get("/ui/", follow_redirects=False).headers["location"] == "/ui/decisions"
    posts = api.client.get("/ui/posts")
    assert posts.status_code == 200 and "<svg" in posts.text
    assert ">CNA<" in posts.text and ">HKA<" not in posts.text
    explorer = api.client.get("/ui/decisions")
    assert "IOR:" not in explorer.text
    _login(api, Role.RIGHTS_HOLDER)
    assert api.client.get("/ui/decisions").status_code == 403
    _login(api, Role.ANALYST)
    found = api.client.get("/ui/decisions?kind=adcvd_security")
    assert found.status_code == 200 and "adcvd_security" in found.text
    decision = re.search(r'href="/ui/decisions/(\d+)"', found.text)
    assert decision is not None
    assert "Inputs digest" in api.client.get(f"/ui/decisions/{decision.group(1)}").text


def test_chart_is_data() -> None:
    rows: list[dict[str, object]] = [
        {"post_code": "CNA", "quarter": "FY2026Q1", "score": 70.0},
        {"post_code": "CNA", "quarter": "FY2026Q2", "score": None},
        {"post_code": "CNA", "quarter": "FY2026Q3", "score": 55.0},
        {"post_code": "H<K", "quarter": "FY2026Q1", "score": 90.0},
    ]
    svg = score_chart_svg(rows)
    assert svg == score_chart_svg(list(reversed(rows)))
    assert "H&lt;K" in svg and svg.count("<circle") == 3
