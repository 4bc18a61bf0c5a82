"""The dashboard's remaining pages through the in-process client: a broker screens a party and
reads its notices with their deadlines; an analyst's overview of the cycle, importers and bond
demands, screening alerts with evidence and actions, publications and disclosures (a rights
holder sees only its own); each page answers quickly on the test world."""

from __future__ import annotations

import csv
import re
import time

import pytest

from tests.api.conftest import Api
from tradeguard.cases.access import Role

ROW = re.compile(r"<tr><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>")  # a disclosure's recipient
SQLITE = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


def _login(api: Api, role: Role) -> None:
    response = api.client.post(
        "/ui/login", data={"api_key": api.keys[role], "next": "/ui/"}, follow_redirects=False
    )
    assert response.status_code == 303


def listed_name(api: Api) -> str:
    [path] = [p for p in api.world.data.iterdir() if p.name.startswith("SAM")]
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Classification"] == "Firm" and "DHS-CBP" in row["Excluding Agency"]:
                return row["Name"]
    raise AssertionError("no CBP firm in the world")


def _get(api: Api, path: str) -> str:
    started = time.perf_counter()
    response = api.client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    assert elapsed < 2.0, (path, elapsed)
    return response.text


@SQLITE
def test_broker_screens_a_party_and_reads_its_notices(api: Api) -> None:
    _login(api, Role.BROKER)
    home = api.client.get("/ui/", follow_redirects=False)
    assert home.headers["location"] == "/ui/screen"
    form = _get(api, "/ui/screen")
    assert 'name="name"' in form and ">Notices<" in form and ">Cases<" not in form
    name = listed_name(api)
    found = api.client.post("/ui/screen", data={"name": name, "party_id": "REF-1"})
    assert found.status_code == 200
    assert re.search(r'data-testid="outcome"[^>]*>(alert|match)<', found.text)
    assert "Why:" in found.text and "<code>" in found.text
    clear = api.client.post("/ui/screen", data={"name": "ZZQX QQZX"})
    assert re.search(r'data-testid="outcome"[^>]*>clear<', clear.text)
    bad = api.client.post("/ui/screen", data={"name": "ACME", "country": "USA"})
    assert bad.status_code == 422
    cross = api.client.post(
        "/ui/screen", data={"name": name}, headers={"origin": "http://evil.example"}
    )
    assert cross.status_code == 403
    notices = _get(api, "/ui/notices")
    assert "FAC:BRK-0001:S4MRXXXXX" in notices and "FAC:ECO-09" not in notices
    assert f"IOR:{api.world.broker_client}" in notices  # its client's security demand
    assert f"IOR:{api.world.other_importer}" not in notices
    assert "facilitator_notice" in notices and "adcvd_security" in notices
    # the broker's own screening is in its decisions; no other facilitator's is
    assert "PARTY:BRK-0001:REF-1" in _get(api, "/ui/decisions?kind=party_screening")
    own = _get(api, "/ui/overview")  # counts of its own decisions only, and no case
    assert "party_screening" in own and "post_quarter_status" not in own
    assert api.client.get("/ui/alerts").status_code == 403
    assert api.client.get("/ui/disclosures").status_code == 403
    importers = _get(api, "/ui/importers")
    assert api.world.broker_client in importers and api.world.other_importer not in importers
    other = api.client.get(f"/ui/importers?ior={api.world.other_importer}")
    assert other.status_code == 404


@SQLITE
def test_analyst_pages(api: Api) -> None:
    _login(api, Role.ANALYST)
    api.client.post("/ui/sync")
    overview = _get(api, "/ui/overview")
    assert 'data-testid="decision-counts"' in overview and "reestablishment" in overview
    assert "overdue" in overview and "no deadline" in overview
    counts = re.findall(r'<td class="num">(\d+)</td>', overview)
    assert sum(int(n) for n in counts) > 0
    importers = _get(api, "/ui/importers")
    assert "supplemental_security" in importers and "live_entry" in importers
    one = _get(api, f"/ui/importers?ior={api.world.broker_client}")
    assert 'data-testid="assessment"' in one and "revenue_risk" in one
    alerts = _get(api, "/ui/alerts")
    assert 'data-testid="alert"' in alerts and "<code>" in alerts
    case = re.search(r'formaction="/ui/cases/(\d+)/dismiss"', alerts)
    assert case is not None
    dismissed = api.client.post(
        f"/ui/cases/{case.group(1)}/dismiss", data={"text": "different firm, other state"}
    )
    assert dismissed.status_code == 200 and "dismissed" in dismissed.text
    publications = _get(api, "/ui/publications")
    assert "PUBLICATION:FY2026Q3" in publications and "CELL:" in publications
    disclosures = _get(api, "/ui/disclosures")
    assert 'data-testid="disclosures"' in disclosures
    assert api.world.rights_holder in disclosures
    notices = _get(api, "/ui/notices")
    assert "FAC:ECO-09" in notices and "FAC:BRK-0001" in notices


@SQLITE
def test_rights_holder_sees_only_its_disclosures_and_the_public_publications(api: Api) -> None:
    _login(api, Role.ANALYST)
    every = _get(api, "/ui/disclosures")
    everyone = set(re.findall(ROW, every))
    assert api.world.rights_holder in everyone and len(everyone) > 1
    _login(api, Role.RIGHTS_HOLDER)
    assert api.client.get("/ui/", follow_redirects=False).headers["location"] == "/ui/disclosures"
    own = _get(api, "/ui/disclosures")
    assert set(re.findall(ROW, own)) == {api.world.rights_holder}
    assert api.client.get("/ui/overview").status_code == 403
    _login(api, Role.PUBLIC)
    assert api.client.get("/ui/", follow_redirects=False).headers["location"] == "/ui/publications"
    public = _get(api, "/ui/publications")
    assert "PUBLICATION:FY2026Q3" in public and "CELL:" not in public
