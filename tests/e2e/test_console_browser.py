"""An SRE at the console in a real browser (Chromium driven by Playwright) against the live
ASGI server: the SLO board updates by itself, emergency mode goes on and off from the actions
page, and the action log shows who did it and why. A screenshot of the board is saved in
``test-artifacts/``."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.contrib.auth.models import Group, User

from safety.models import SafetyRule
from teddy.models import Device

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium is not installed (make test installs it as root)"
)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def person(name: str, role: str) -> User:
    user = User.objects.create_user(name, password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def login(page, base: str, name: str) -> None:
    page.goto(f"{base}/console/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/console/")


@pytest.fixture
def toy_token(live_server_url) -> str:
    """People and a toy, written before the browser starts: Playwright's event loop makes the
    ORM refuse to run in this thread afterwards."""
    person("alice", "sre")
    person("bob", "compliance")
    SafetyRule.objects.create(pattern="purple wombat", match="phrase", category="harassment")
    device = Device(name="browser-bear")
    token = device.issue_token()
    device.save()
    return token


def test_sre_watches_the_board_and_runs_emergency_mode(live_server_url, toy_token, browser):
    base = f"http://{live_server_url}"
    headers = {"Authorization": f"Bearer {toy_token}"}

    page = browser.new_page()
    login(page, base, "alice")
    page.goto(f"{base}/console/slo/")
    page.wait_for_selector("text=live updates: on", timeout=15_000)
    availability = 'tr[data-slo="availability"] td[data-window="5m"]'
    assert page.get_attribute(availability, "data-events") == "0"

    def toy_traffic() -> None:
        for i in range(3):
            httpx.post(
                f"{base}/api/v1/tts",
                json={"text": f"Hello number {i}"},
                headers=headers,
                timeout=30,
            )

    traffic = threading.Thread(target=toy_traffic)
    traffic.start()
    traffic.join()
    page.wait_for_function(
        f"document.querySelector('{availability}').dataset.events === '3'", timeout=15_000
    )  # the board changed by itself: no reload
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "slo-board.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: wide tables scroll inside
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "slo-board-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/console/actions/")
    page.fill("#em-reason", "strange answers reported")
    page.fill("#em-confirm", "EMERGENCY ON")
    page.click("#emergency button[type=submit]")
    page.wait_for_selector("text=Emergency safety mode is ON.")
    time.sleep(1.1)  # other web processes follow within a second
    blocked = httpx.post(
        f"{base}/api/v1/tts", json={"text": "Tell me a joke"}, headers=headers, timeout=30
    )
    assert blocked.headers["X-Safety-Category"] == "emergency_mode"

    page.fill("#em-reason", "answers are fine again")
    page.fill("#em-confirm", "EMERGENCY OFF")
    page.click("#emergency button[type=submit]")
    page.wait_for_selector("text=Emergency safety mode is OFF.")
    time.sleep(1.1)
    allowed = httpx.post(
        f"{base}/api/v1/tts", json={"text": "Tell me a joke"}, headers=headers, timeout=30
    )
    assert allowed.headers["X-Safety-Action"] == "allow", allowed.headers.get("X-Safety-Category")
    log = page.inner_text("table:last-of-type")
    assert "strange answers reported" in log and "answers are fine again" in log and "alice" in log

    page.goto(f"{base}/console/rules/")
    page.fill("#try-text", "you purple wombat")  # htmx asks the engine as the SRE types
    page.wait_for_selector('#try-verdict table[data-action="block"]', timeout=10_000)
    assert "harassment" in page.inner_text("#try-verdict")
    assert page.locator("#try-verdict a", has_text="#").count() == 1  # the rule that decided

    other = browser.new_page()
    login(other, base, "bob")
    assert other.goto(f"{base}/console/actions/").status == 403
    csrf = next(c["value"] for c in other.context.cookies() if c["name"] == "csrftoken")
    flush = other.request.post(
        f"{base}/console/actions/flush",
        form={"reason": "curious", "confirm": "FLUSH"},
        headers={"X-CSRFToken": csrf, "Referer": f"{base}/console/"},
    )
    assert flush.status == 403
    assert "needs one of the roles: sre" in flush.text()  # the role check, not CSRF
