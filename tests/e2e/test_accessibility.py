"""WCAG 2.1 AA basics on the main pages of every role (issue 16): axe-core (shipped inside axe-playwright-python, never
a CDN) finds no serious or critical violation, at a phone's 390×844 and a desktop's 1366×768."""

import pytest

from tests.e2e.conftest import sign_in
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
LOGINS = {(a["role"], a["unit"]): a["login"] for a in DEMO_ACCOUNTS}
# The main pages of each role, as its menu offers them.
ROLES = {
    "warga": (None, ["/status/", "/status/disdukcapil/", "/masuk/", "/privasi/"]),
    "pegawai": (LOGINS[("staff", "disdukcapil")], ["/saya/", "/saya/bulan/", "/pengajuan/", "/pengajuan/baru/",
                                                   "/koreksi/", "/koreksi/baru/", "/akun/ponsel/", "/pemberitahuan/",
                                                   "/tukar-shift/", "/tukar-shift/baru/"]),
    "kepala": (LOGINS[("head", "disdukcapil")], ["/papan/", "/rencana/", "/rekap/", "/persetujuan/", "/verifikasi/",
                                               "/tren/", "/pegawai/", "/kios/disdukcapil/", "/presensi-mencurigakan/",
                                               "/persetujuan/tukar-shift/"]),
    "operator": (LOGINS[("operator", "disdukcapil")], ["/papan/", "/rencana/", "/rekap/"]),
    "lurah": (LOGINS[("head", "17.71.01.1001")], ["/papan/", "/rencana/"]),
    "admin": (LOGINS[("admin", "bkpsdm")], ["/kota/", "/papan/kota/", "/kebijakan/", "/unit/", "/rekap/kota/",
                                           "/rencana/", "/tren/"]),
}
SERIOUS = {"serious", "critical"}


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ROLES)
def test_the_main_pages_have_no_serious_accessibility_violation(page, role, size):
    login, paths = ROLES[role]
    page.set_viewport_size(SIZES[size])
    if login:
        sign_in(page, login, DEMO_PASSWORD)
    problems = {}
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found = violations(page)
        if found:
            problems[path] = found
    assert not problems, problems


def test_the_check_catches_a_violation(page):
    """The guard above is not vacuous: an unlabelled input and an image without a text alternative are caught."""
    page.goto("/status/")
    page.evaluate(
        """document.querySelector("main").insertAdjacentHTML("beforeend", '<input type=text><img src="/static/img/icon.svg">')"""
    )
    found = " ".join(violations(page))
    assert "label (critical)" in found and "image-alt (critical)" in found
