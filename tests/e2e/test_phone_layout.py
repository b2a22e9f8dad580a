"""Two wide pages on a 390 × 844 phone: the unit board's labels never cover their values, and the trend charts
keep their axis labels and legend on the screen. The same pages at 1366 × 768 for comparison.

The server's clock is Friday 29 May 2026 at 10:00 WIB from before the demo is loaded (units.clock.now patched
in this process, where the live server runs), so the demo history reaches this morning.
"""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, sign_in
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")
ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")
FRIDAY_10 = dt.datetime(2026, 5, 29, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

# The boxes of every board cell's label and value, as the person sees them: the label is a real element
# (span.cell-label) on phones.
CELL_BOXES = """() => [...document.querySelectorAll('#board tbody td')].filter(td => td.offsetParent).map(td => {
  const label = td.querySelector('.cell-label'), value = td.querySelector(':scope > div');
  const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {label: label && label.offsetParent ? box(label) : null, value: box(value), text: td.innerText};
})"""

# The text of the visible charts matching a selector (axis labels, titles, direct labels, legend items).
CHART_BOXES = """selector => [...document.querySelectorAll(selector)]
  .filter(el => el.getClientRects().length).map(el => {
    const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, text: el.textContent};
  })"""
DAY_CHARTS = ".chart-section svg.chart text, .chart-section .chart-legend li"
# The comparison of two periods scrolls sideways on a phone (its five measures need the width; the same numbers
# are in the table above it): at the start its y axis and legend are on the screen.
COMPARISON_AXIS = "#chart-compare .grid text, #chart-compare .legend text, #chart-compare .axis-title"


@pytest.fixture
def friday_morning(monkeypatch):
    """Requested before `demo`, so load_demo already runs at this time."""
    monkeypatch.setattr(clock, "now", lambda: FRIDAY_10)


def context_at(browser, live_server, viewport):
    phone = viewport == PHONE
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="id-ID", is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(30_000)
    return context


def keep(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def overlap(a, b) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
def test_the_unit_board_never_covers_a_value_with_its_label(browser, live_server, friday_morning, demo, viewport):
    context = context_at(browser, live_server, viewport)
    page = context.new_page()
    sign_in(page, HEAD["login"], DEMO_PASSWORD)
    page.goto("/papan/unit/disdukcapil/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kehadiran hari ini")
    cells = page.evaluate(CELL_BOXES)
    assert cells
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    times = [c for c in cells if re.search(r"\d\d:\d\d", c["text"])]
    assert times  # the morning's check-ins are on the board
    for cell in cells:
        if viewport == PHONE:
            assert cell["label"] is not None, cell["text"]  # each value says what it is
            assert not overlap(cell["label"], cell["value"]), cell
            assert cell["value"]["right"] <= viewport["width"], cell
        else:
            assert cell["label"] is None  # the column headers say it
    keep(page, f"board-unit-{viewport['width']}")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
def test_the_trend_charts_keep_their_axis_and_legend_on_screen(browser, live_server, friday_morning, demo, viewport):
    context = context_at(browser, live_server, viewport)
    page = context.new_page()
    sign_in(page, ADMIN["login"], DEMO_PASSWORD)
    page.goto("/tren/")
    # The first visit may count the days first (a progress page that reloads itself when done).
    expect(page.get_by_role("heading", name="Tingkat kehadiran")).to_be_visible(timeout=60_000)
    charts = page.locator("svg.chart:visible")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    boxes = page.evaluate(CHART_BOXES, DAY_CHARTS)
    texts = [b["text"] for b in boxes]
    assert "Persen (%)" in texts and "Tanggal" in texts
    assert any(re.fullmatch(r"\d+%", t) for t in texts)  # the y axis' ticks
    assert "Seluruh Kota Bengkulu" in texts  # the legend (below the chart on a phone)
    comparison = page.evaluate(CHART_BOXES, COMPARISON_AXIS)
    if viewport == PHONE:
        assert page.locator(".chart-legend").first.is_visible()
        assert page.locator(".chart-wide").first.is_hidden()
        for box in boxes + comparison:
            assert 0 <= box["left"] and box["right"] <= viewport["width"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    keep(page, f"trends-{viewport['width']}")
    context.close()
