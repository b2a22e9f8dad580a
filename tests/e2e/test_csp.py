"""The Content-Security-Policy in Chromium: the key pages load and work with the header on, and the
browser reports no violation (neither a `securitypolicyviolation` event nor a console message).

The header comes from config.middleware.ContentSecurityPolicyMiddleware, on whenever settings.CSP is on
(the default), DEBUG or not. For checking in and the board the server's clock is 07:20 on a working day
(units.clock.now patched in this process, where the live server runs).
"""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from attendance.boards import views
from attendance.models import CheckIn
from config.middleware import CSP_POLICY
from policy.models import Arrangement
from tests.e2e.conftest import next_working_day, sign_in, sign_out
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee

ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")
HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")
STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")
BOARD = re.compile(r"/papan/unit/disdukcapil/")

# Runs in every document before its own scripts (Playwright injects it outside the page's CSP).
WATCH = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.reportViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " +
                         (e.sourceFile || location.pathname) + ":" + e.lineNumber);
});
"""


class Watch:
    """What the browser refused, and the CSP header of every page it opened."""

    def __init__(self, page):
        self.violations = []
        self.documents = []
        page.expose_function("reportViolation", lambda text: self.violations.append(text))
        page.add_init_script(WATCH)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.violations.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message):
        if "Content Security Policy" in message.text or "htmx:evalDisallowedError" in message.text:
            self.violations.append(f"console: {message.text}")

    def _response(self, response):
        if response.request.resource_type == "document":
            self.documents.append((response.url, response.headers.get("content-security-policy")))

    def assert_clean(self):
        assert self.violations == []
        assert self.documents, "no page was opened"
        assert [url for url, header in self.documents if header != CSP_POLICY] == []


@pytest.fixture
def morning(demo, monkeypatch):
    day = next_working_day(dt.date(2026, 5, 3))
    moment = dt.datetime.combine(day, dt.time(7, 20), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(clock, "now", lambda: moment)
    CheckIn.objects.filter(employee__nip=STAFF["nip"], date=day).delete()
    return day


@pytest.fixture
def watched(browser, live_server, demo):
    """A browser that has granted the location permission, standing at the staff member's office."""
    unit = Employee.objects.select_related("unit").get(nip=STAFF["nip"]).unit
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 800},
        locale="id-ID",
        permissions=["geolocation"],
        geolocation={"latitude": float(unit.latitude), "longitude": float(unit.longitude), "accuracy": 10},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch = Watch(page)
    yield page, watch
    context.close()


def test_the_watch_sees_a_violation(watched):
    """The check of the other tests is not blind: an inline style added to a page is reported."""
    page, watch = watched
    page.goto("/masuk/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(300)
    assert any("style-src" in v for v in watch.violations)


def test_signing_in_and_checking_in_work_under_the_policy(watched, morning):
    page, watch = watched
    sign_in(page, STAFF["login"], "salah-" + DEMO_PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("kata sandi salah")
    sign_in(page, STAFF["login"], DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/saya/$"))

    page.evaluate("window.hadirNoReload = 'still here'")
    checkin = page.locator("#checkin")
    saved = checkin.get_by_role("status").filter(has_text="Tersimpan: Presensi masuk pukul 07:20.")
    refused = checkin.get_by_text("Wajah tidak terlihat pada foto.")
    for _attempt in range(3):  # htmx, after the location is read and the face photo taken under the policy
        checkin.evaluate("card => card.dataset.answered = 'before'")  # the answer swaps in a new card
        checkin.get_by_role("button", name="Presensi masuk").click()
        expect(page.locator("#checkin:not([data-answered])")).to_be_attached()
        expect(saved.or_(refused)).to_be_visible()
        if not refused.count():
            break
        # Under load the fake camera's first frame can be blank: refused in words, as a person would press again.
    expect(saved).to_be_visible()
    expect(checkin).to_contain_text("di dalam radius")
    assert page.evaluate("window.hadirNoReload") == "still here"
    watch.assert_clean()


def test_the_unit_board_filters_refreshes_and_decides_under_the_policy(watched, morning, monkeypatch):
    monkeypatch.setattr(views, "UNIT_REFRESH_SECONDS", 600)  # refreshes below come from events
    person = Employee.objects.get(nip=STAFF["nip"])
    request = Arrangement.objects.create(
        employee=person, kind="izin", start_date=morning, end_date=morning,
        status=Arrangement.Status.PENDING, reason="Mengantar orang tua berobat",
    )
    page, watch = watched
    board_gets = []
    page.on(
        "request",
        lambda r: board_gets.append(r.url)
        if r.method == "GET" and BOARD.search(r.url) and r.headers.get("hx-request") else None,
    )
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto("/papan/unit/disdukcapil/")
    row = page.locator(f"#req-{request.code}")
    expect(row).to_contain_text("Mengantar orang tua berobat")

    # A filter: htmx swaps the board and pushes the address.
    page.get_by_label("Tampilkan").select_option("wfh")
    expect(page).to_have_url(re.compile(r"status=wfh"))
    page.get_by_label("Tampilkan").select_option("")
    expect(page).not_to_have_url(re.compile(r"status=wfh"))

    # Hidden tab: no refresh; shown again: a refresh at once (board_unit.js, no hx-trigger filter).
    page.evaluate(
        "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
        "htmx.trigger('#board', 'board-refresh')"
    )
    page.wait_for_timeout(500)
    before = len(board_gets)
    page.evaluate("htmx.trigger('#board', 'board-refresh')")
    page.wait_for_timeout(500)
    assert len(board_gets) == before
    with page.expect_request(lambda r: BOARD.search(r.url) and r.method == "GET"):
        page.evaluate(
            "Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});"
            "document.dispatchEvent(new Event('visibilitychange'))"
        )

    # An inline decision under the board: the row answers, then the board refreshes its counts.
    row.get_by_label("Alasan penolakan").fill("Loket sedang kekurangan petugas")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_request(lambda r: BOARD.search(r.url) and r.method == "GET"):
        row.get_by_role("button", name="Tolak").click()
    expect(page.locator(f"#req-{request.code}")).to_contain_text("Ditolak")
    request.refresh_from_db()
    assert request.status == Arrangement.Status.REJECTED
    watch.assert_clean()


def test_the_trends_page_and_the_django_admin_load_under_the_policy(watched):
    """On the real clock: the demo's attendance history ends yesterday."""
    page, watch = watched
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto("/tren/")
    expect(page.locator("svg.chart").first).to_be_visible(timeout=30_000)  # after htmx's progress
    sign_out(page)

    sign_in(page, ADMIN["login"], DEMO_PASSWORD)
    for path in [
        "/admin/",
        "/admin/units/holiday/add/",  # the admin's calendar and clock widgets
        "/admin/units/employee/",
        "/admin/axes/accessattempt/",
        "/admin/policy/auditevent/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
    page.goto("/admin/units/holiday/add/")
    page.locator(".datetimeshortcuts a").first.click()  # "Hari ini": the admin's JavaScript runs
    expect(page.locator("input[name=date]")).not_to_have_value("")
    watch.assert_clean()
