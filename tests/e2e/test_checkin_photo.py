"""The check-in's face photo in Chromium with a fake front camera (tests/e2e/conftest.py: a drawn face,
never a real person) and a Playwright position inside the office radius.

Arrival with a photo from the camera; a photo without a face refused (a camera that shows no face), then
retried with the phone's own camera through the file input; and the file input alone when the camera
cannot be opened.
"""

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from playwright.sync_api import expect

from attendance.checkin import face_sample, photos
from attendance.models import CheckIn
from tests.e2e.conftest import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    camera_args,
    next_working_day,
    phone_context,
    screenshot,
    sign_in,
)
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, Unit

STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")


@pytest.fixture
def morning(demo, monkeypatch):
    """07:20 on a working day, no check-in yet, and the person's unit asking for a face photo."""
    day = next_working_day(dt.date(2026, 5, 3))
    moment = dt.datetime.combine(day, dt.time(7, 20), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(clock, "now", lambda: moment)
    person = Employee.objects.select_related("unit").get(nip=STAFF["nip"])
    CheckIn.objects.filter(employee=person, date=day).delete()
    Unit.objects.filter(pk=person.unit_id).update(photo_required=True)
    return person


@pytest.fixture
def media(morning, settings) -> Path:
    """The folder of the morning's photos in the test's MEDIA_ROOT (tests/e2e/conftest.py, `demo`); the
    live server runs in a thread of this process, so it writes there."""
    return Path(settings.MEDIA_ROOT) / "presensi" / clock.today().strftime("%Y/%m/%d")


def stored(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def phone_in(browser, live_server, person, *, camera=True):
    """A phone-sized page at the office (12 m accuracy); camera=False: getUserMedia refused, as when
    the person said no to the camera or the phone has none."""
    context = phone_context(
        browser, live_server.url, float(person.unit.latitude), float(person.unit.longitude), accuracy=12, timeout=15_000
    )
    if not camera:
        context.add_init_script(
            "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no', 'NotAllowedError'));"
        )
    page = context.new_page()
    sign_in(page, STAFF["login"], DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/saya/$"))
    return context, page


@pytest.fixture(scope="module")
def faceless_browser(browser, tmp_path_factory):
    """A second Chromium whose camera shows a wall with shapes and text, no face."""
    video = tmp_path_factory.mktemp("faceless") / "no-face.y4m"
    video.write_bytes(face_sample.y4m(face_sample.no_face(seed=4)))
    other = browser.browser_type.launch(executable_path=CHROMIUM_PATH, args=[*CHROMIUM_ARGS, *camera_args(video)])
    yield other
    other.close()


def test_it_checks_in_inside_the_radius_with_a_photo_from_the_front_camera(browser, live_server, morning, media):
    context, page = phone_in(browser, live_server, morning)
    card = page.locator("#checkin")
    state = card.locator("#photo-state")
    expect(state).to_have_text(re.compile("Kamera depan siap"))
    expect(card.get_by_label("Pratinjau kamera depan")).to_be_visible()
    expect(card.get_by_role("button", name="Buka kamera")).to_be_hidden()
    screenshot(page, "34-checkin-camera")

    card.get_by_role("button", name="Presensi masuk").click()

    expect(card.get_by_role("status")).to_contain_text("Tersimpan: Presensi masuk pukul 07:20.")
    expect(card).to_contain_text("di dalam radius")
    row = CheckIn.objects.get(employee=morning, kind="in", date=clock.today())
    assert stored(media) == [media / Path(row.photo.name).name]
    data = (media / Path(row.photo.name).name).read_bytes()
    assert len(data) <= 100 * 1024 and photos.header(data)[:3] == ("jpeg", 640, 480)  # the camera's frame
    thumbnail = card.get_by_role("img", name="Foto wajah saat Presensi masuk pukul 07:20")
    expect(thumbnail).to_be_visible()
    loaded = page.wait_for_function("img => img.complete && img.naturalWidth", arg=thumbnail.element_handle())
    assert loaded.json_value() == 640  # the photo view served it to the person
    expect(state).to_have_text(re.compile("Kamera dimatikan setelah presensi tersimpan"))
    expect(card.get_by_label("Pratinjau kamera depan")).to_be_hidden()
    screenshot(page, "35-checkin-photo-saved")
    card.get_by_role("button", name="Buka kamera").click()  # for the check-out, later
    expect(state).to_have_text(re.compile("Kamera depan siap"))
    context.close()


def test_it_refuses_a_photo_without_a_face_then_takes_a_retry(faceless_browser, live_server, morning, media, tmp_path):
    context, page = phone_in(faceless_browser, live_server, morning)
    card = page.locator("#checkin")
    expect(card.locator("#photo-state")).to_have_text(re.compile("Kamera depan siap"))
    token = card.locator("input[name=token]").input_value()

    card.get_by_role("button", name="Presensi masuk").click()

    expect(card.get_by_role("alert")).to_contain_text("Wajah tidak terlihat pada foto.")
    assert not CheckIn.objects.filter(employee=morning, date=clock.today()).exists() and stored(media) == []
    assert card.locator("input[name=token]").input_value() == token  # the same form: a retry is safe
    screenshot(page, "36-checkin-photo-refused")

    # The retry with the phone's own camera app: a large picture, made small in the browser.
    big = tmp_path / "kamera.jpg"
    big.write_bytes(face_sample.jpeg(face_sample.face(1600, 1200, seed=2, grain=12), quality=95))
    assert big.stat().st_size > 300 * 1024
    card.get_by_label("Ambil foto wajah").set_input_files(str(big))
    expect(card.locator("#photo-state")).to_have_text(re.compile(r"Foto wajah siap dikirim \(\d+ KB\)"))
    card.get_by_role("button", name="Presensi masuk").click()

    expect(card.get_by_role("status")).to_contain_text("Tersimpan: Presensi masuk pukul 07:20.")
    row = CheckIn.objects.get(employee=morning, kind="in", date=clock.today())
    data = (media / Path(row.photo.name).name).read_bytes()
    assert len(data) <= 100 * 1024 and photos.header(data)[1:3] == (640, 480)  # made small in the browser
    context.close()


def test_it_falls_back_to_the_file_input_when_the_camera_cannot_be_opened(browser, live_server, morning, media, tmp_path):
    context, page = phone_in(browser, live_server, morning, camera=False)
    card = page.locator("#checkin")
    expect(card.locator("#photo-state")).to_have_text(re.compile("Kamera tidak dapat dibuka"))
    expect(card.get_by_label("Pratinjau kamera depan")).to_be_hidden()
    card.get_by_role("button", name="Presensi masuk").click()
    expect(card.get_by_role("alert")).to_contain_text("memerlukan foto wajah")

    wall = tmp_path / "dinding.png"
    wall.write_bytes(face_sample.png(face_sample.no_face(seed=5)))
    card.get_by_label("Ambil foto wajah").set_input_files(str(wall))
    expect(card.locator("#photo-state")).to_have_text(re.compile("Foto wajah siap dikirim"))
    card.get_by_role("button", name="Presensi masuk").click()
    expect(card.get_by_role("alert")).to_contain_text("Wajah tidak terlihat pada foto.")

    selfie = tmp_path / "swafoto.jpg"
    selfie.write_bytes(face_sample.jpeg(face_sample.face(seed=3)))
    card.get_by_label("Ambil foto wajah").set_input_files(str(selfie))
    expect(card.locator("#photo-state")).to_have_text(re.compile("Foto wajah siap dikirim"))
    card.get_by_role("button", name="Presensi masuk").click()
    expect(card.get_by_role("status")).to_contain_text("Tersimpan: Presensi masuk pukul 07:20.")
    assert CheckIn.objects.get(employee=morning, kind="in", date=clock.today()).photo.name
    context.close()
