"""The dashboard in a real headless Chromium (Debian's, driven by Playwright): an analyst signs
in with an API key, opens the inbox and a re-established-person case, comments, confirms, and
sees both on the timeline; a broker signs in, screens a party, reads the match with its
explanation, then its notices and their deadlines. Screenshots go to the test's folder (and to
docs/img with TRADEGUARD_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.api.conftest import Api
from tests.web.conftest import LiveServer
from tests.web.test_dashboard_pages import listed_name
from tradeguard.cases.access import Role

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.mark.slow
@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_analyst_confirms_a_reestablished_person(
    api: Api, live: type[LiveServer], tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.fail("install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    api.client.post("/v1/cases/sync", headers=api.headers(Role.ANALYST))
    with live(api.app) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/ui/")
        page.fill("#api_key", api.keys[Role.ANALYST])
        page.click("#sign-in")
        expect(page.get_by_test_id("inbox")).to_be_visible()
        expect(page.get_by_test_id("me")).to_contain_text("analyst")
        page.screenshot(path=str(tmp_path / "inbox.png"))
        page.select_option("select[name=status]", "open")
        page.locator("tr", has_text="reestablishment").locator("a.case-link").first.click()
        expect(page.get_by_test_id("timeline")).to_contain_text("opened")
        page.fill("#comment-text", "Same officer and street as the excluded firm")
        page.click("#add-comment")
        expect(page.get_by_test_id("timeline")).to_contain_text(
            "Same officer and street as the excluded firm"
        )
        page.fill("#reason", "officer and address match the listed firm")
        page.click("#confirm")
        expect(page.get_by_test_id("status")).to_have_text("confirmed")
        expect(page.get_by_test_id("timeline")).to_contain_text("confirmed")
        page.goto(page.url.split("#")[0])
        shot = tmp_path / "dashboard.png"
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert shot.stat().st_size > 10_000
    if os.environ.get("TRADEGUARD_UPDATE_SCREENSHOTS") == "1":  # refresh the README picture
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS_IMG / "dashboard.png")


@pytest.mark.slow
@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_broker_screens_a_party_and_sees_its_notices(
    api: Api, live: type[LiveServer], tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.fail("install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    name = listed_name(api)
    with live(api.app) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/ui/")
        page.fill("#api_key", api.keys[Role.BROKER])
        page.click("#sign-in")
        expect(page.get_by_test_id("me")).to_contain_text("broker")
        page.fill("#party-name", name)
        page.fill("#party-id", "ORDER-4711")
        page.click("#screen")
        result = page.get_by_test_id("screening-result")
        expect(result).to_be_visible()
        expect(page.get_by_test_id("outcome")).to_have_text(re.compile("^(alert|match)$"))
        expect(page.get_by_test_id("match").first).to_contain_text("Why:")
        expect(page.locator(".hits li").first).to_be_visible()
        screened = tmp_path / "broker-screening.png"
        page.screenshot(path=str(screened), full_page=True)
        page.click("header a[href='/ui/notices']")
        notices = page.get_by_test_id("notices")
        expect(notices).to_contain_text("FAC:BRK-0001:")
        expect(notices).to_contain_text(f"IOR:{api.world.broker_client}")
        expect(notices).not_to_contain_text(f"IOR:{api.world.other_importer}")
        expect(notices.locator("tr").nth(1).locator("td").first).to_have_text(
            re.compile(r"^\d{4}-\d{2}-\d{2}$")
        )
        deadlines = tmp_path / "broker-notices.png"
        page.screenshot(path=str(deadlines), full_page=False)
        browser.close()
    assert screened.stat().st_size > 10_000 and deadlines.stat().st_size > 10_000
    if os.environ.get("TRADEGUARD_UPDATE_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(screened, DOCS_IMG / "broker-screening.png")
        shutil.copyfile(deadlines, DOCS_IMG / "broker-notices.png")
