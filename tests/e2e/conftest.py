"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live_server.

Never downloads a browser: CHROMIUM_PATH (default /usr/bin/chromium, `make browser` installs it
with apt). Without it the tests are skipped locally and fail on CI (CI=true).
Every test gets the demo organisation from `manage.py load_demo` with a small staff count.
"""

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A fake front camera for every page (the check-in's face photo, SE BKPSDM 4/2025): Chromium plays a video file
# as the camera and grants the camera without a prompt. The video is a drawn face (fake_camera below).
FAKE_CAMERA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
DEMO_EMPLOYEES = 60
HERE = Path(__file__).resolve().parent
RESULTS = HERE.parents[1] / "test-results"
# Set E2E_SCREENSHOTS=/some/dir to keep screenshots of each step at 1280 and 360 px (for review).
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")
_report_key = pytest.StashKey[pytest.TestReport]()


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_report_key] = report
    return report


def _no_browser(message):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} CI must run the browser tests.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_while_playwright_runs():
    """Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses ORM
    calls (load_demo, the flush after each test) while a loop runs. Only for this package, so the
    rest of the suite and its subprocesses (`check --deploy`) keep Django's async-safety check."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def camera_args(video: Path) -> list[str]:
    """Chromium's launch arguments for a fake camera playing `video` (YUV4MPEG2, .y4m)."""
    return [*FAKE_CAMERA_ARGS, f"--use-file-for-fake-video-capture={video}"]


@pytest.fixture(scope="package")
def fake_camera(tmp_path_factory) -> Path:
    """The camera every page of the package sees: a drawn face (attendance.checkin.face_sample), never a
    real person, standing still in front of it."""
    from attendance.checkin import face_sample

    video = tmp_path_factory.mktemp("camera") / "face.y4m"
    video.write_bytes(face_sample.y4m(face_sample.face(seed=1)))
    return video


# One Chromium for the whole e2e package (not "session"): it is closed, with Playwright's loop,
# before the tests in the other folders run.
@pytest.fixture(scope="package")
def browser(_allow_orm_while_playwright_runs, fake_camera):
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        _no_browser(
            f"No Chromium at {CHROMIUM_PATH}: run `make browser` (apt-get install chromium) "
            "or set CHROMIUM_PATH."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("The playwright package is missing: pip install -e '.[dev]'.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=[*CHROMIUM_ARGS, *camera_args(fake_camera)]
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """The real organisation with the DEMO_ACCOUNTS and a few dozen staff (fast). Uploads (the demo's face
    photos, what the tests send) go to a temporary MEDIA_ROOT, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", employees=DEMO_EMPLOYEES, stdout=io.StringIO())


@pytest.fixture
def page(request, browser, live_server, demo):
    """A fresh Indonesian-speaking browser at 1280×800; a screenshot in test-results/ on failure."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, locale="id-ID"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = request.node.stash.get(_report_key, None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name.removeprefix("test_it_"))
        page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    context.close()


def sign_in(page, login, password):
    """Fill the sign-in form on /masuk/ and submit it, as a person would."""
    page.goto("/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(login)
    # Django's own label for the field; "sandi" also matches if the app renames it "Kata sandi".
    page.get_by_label("sandi").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk", exact=True).click()


def sign_out(page):
    """Press "Keluar" in the header, as a person handing the computer to a colleague would (on a phone, after
    opening the folded menu)."""
    toggle = page.get_by_role("banner").get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="Keluar", exact=True).click()


def next_working_day(after: dt.date) -> dt.date:
    """The first Monday–Friday after `after` that is not a holiday in the database (load_demo
    syncs the national calendar), computed from the server clock the test gives it."""
    from units.models import Holiday

    holidays = set(
        Holiday.objects.filter(date__gt=after, date__lte=after + dt.timedelta(days=60)).values_list(
            "date", flat=True
        )
    )
    day = after + dt.timedelta(days=1)
    while day.weekday() >= 5 or day in holidays:
        day += dt.timedelta(days=1)
    return day


PHONE = {"width": 360, "height": 740}


def phone_context(browser, base_url: str, latitude: float = 0.0, longitude: float = 0.0, accuracy: float = 10,
                  timeout: int = 10_000):
    """A phone-sized browser context (touch, Indonesian) that has granted the location permission, at the
    given position (tests move it with set_geolocation); the caller closes it."""
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="id-ID", is_mobile=True, has_touch=True,
        permissions=["geolocation"], geolocation={"latitude": latitude, "longitude": longitude, "accuracy": accuracy},
    )
    context.set_default_timeout(timeout)
    return context


def screenshot(page, name):
    """With E2E_SCREENSHOTS set, save the whole page at 1280 px and at 360 px wide; else nothing."""
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(folder / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=str(folder / f"{name}-360.png"), full_page=True)
    page.set_viewport_size(size)
