"""Authorization matrix: every URL of the project against six personas.

The URL list is read from the resolver (includes followed), so a URL added without a row in RULES fails
here ("new URL without an authorization rule"). Each row says, per persona, whether the URL is allowed
("A": 2xx, or 3xx to a page other than the sign-in page) or denied ("-": anonymous is sent to the
sign-in page, everyone else gets 403 or 404, and the database is left as it was).

The ids in the URLs name objects of kel_alpha1 (Kelurahan Alpha Satu) and its staff member
staff_alpha1, so "head of another unit" (lurah_beta1) is a real cross-unit attempt made by changing an
id. The Django admin, the language switch and static files are left out of the walk; the admin has its
own test below.
"""

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from attendance.checkin import kiosk
from attendance.models import (
    CheckIn,
    Correction,
    CoverageAlert,
    KioskDevice,
    SuspicionCase,
    Verification,
)
from policy.models import Arrangement, Policy, ShiftSwap
from tests.conftest import World, login, make_employee
from units import clock
from units.models import Passkey, Schedule, Shift, StaffImport

NOW = timezone.make_aware(dt.datetime(2026, 4, 10, 12, 0))  # Friday, 12:00 in Bengkulu
MONDAY_BEFORE = dt.date(2026, 4, 6)
MONDAY_AFTER = dt.date(2026, 4, 13)
TUESDAY_AFTER = dt.date(2026, 4, 14)

ANON, STAFF, OTHER_HEAD, HEAD, OPERATOR, ADMIN = (
    "anonymous",
    "staff",
    "other_head",
    "head",
    "operator",
    "admin",
)
PERSONAS = (ANON, STAFF, OTHER_HEAD, HEAD, OPERATOR, ADMIN)
# The World attribute each signed-in persona logs in as.
ACCOUNTS = {
    STAFF: "staff_alpha1",
    OTHER_HEAD: "lurah_beta1",
    HEAD: "lurah_alpha1",
    OPERATOR: "operator_alpha1",
    ADMIN: "admin_user",
}
GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")


# --- The objects the URLs point at ---------------------------------------------------------------------


@dataclass
class Objects:
    world: World
    arrangement: Arrangement  # staff_alpha1's pending request, with a letter
    correction: Correction  # staff_alpha1's pending correction, with an attachment
    verification: Verification  # staff_alpha1's check-in outside the office, waiting, with an attachment
    draft: Policy
    active: Policy
    staff_import: StaffImport
    photo_checkin: CheckIn  # staff_alpha1's check-out with a face photo
    alert: CoverageAlert  # kel_alpha1 short now, nobody has taken it on
    case: SuspicionCase  # staff_alpha1's check-ins flagged, not reviewed yet
    passkey: Passkey  # staff_alpha1's registered phone
    kiosk_device: KioskDevice  # kel_alpha1's registered counter tablet
    swap: ShiftSwap  # a colleague of staff_alpha1 proposes a shift swap to them, not answered yet


def build_objects() -> Objects:
    world = World()
    staff = world.staff_alpha1
    arrangement = Arrangement.objects.create(
        employee=staff,
        kind=Arrangement.Kind.IZIN,
        start_date=MONDAY_AFTER,
        end_date=MONDAY_AFTER,
        working_days=1,
        reason="Mengurus surat di kantor camat",
    )
    arrangement.attachment.save("surat.pdf", ContentFile(b"%PDF-1.4 uji"))
    correction = Correction.objects.create(
        employee=staff,
        date=MONDAY_BEFORE,
        kind=Correction.Kind.FORGOT_OUT,
        time_out=dt.time(16, 5),
        reason="Lupa menekan tombol pulang",
    )
    correction.attachment.save("bukti.pdf", ContentFile(b"%PDF-1.4 uji"))
    outside = CheckIn.objects.create(
        employee=staff, date=MONDAY_BEFORE, kind="in", at=timezone.make_aware(dt.datetime(2026, 4, 6, 7, 20)),
        location="outside", distance_m=320, reason="Rapat di kantor camat", created_by=staff.user,
    )
    verification = Verification.objects.create(checkin=outside, employee=staff, date=MONDAY_BEFORE)
    verification.attachment.save("undangan.pdf", ContentFile(b"%PDF-1.4 uji"))
    policy = dict(
        legal_basis_type="se_walikota",
        legal_basis_number="800/1/2026",
        decided_by="Wali Kota Bengkulu",
        decided_on=dt.date(2026, 1, 21),
        effective_from=dt.date(2026, 1, 1),
        rule=Policy.Rule.WFO_REQUIRED,
        reason="Loket tidak boleh kosong",
        scope_city=True,
        created_by=world.admin_user,
    )
    active = Policy.objects.create(title="Kerja di kantor", status=Policy.Status.ACTIVE, **policy)
    draft = Policy.objects.create(title="Draf uji", status=Policy.Status.DRAFT, **policy)
    staff_import = StaffImport.objects.create(
        filename="pegawai.csv",
        created_by=world.admin_user,
        rows=[
            {
                "line": 2,
                "data": {
                    "nip": "123",
                    "full_name": "Tanpa Nama",
                    "asn_type": "PNS",
                    "position_title": "",
                    "position_category": "",
                    "unit": "",
                    "service_role": "",
                    "start_date": "",
                },
                "errors": ["NIP harus 18 digit."],
                "action": "error",
            }
        ],
    )
    photo_checkin = CheckIn.objects.create(
        employee=staff, date=MONDAY_BEFORE, kind="out", at=timezone.make_aware(dt.datetime(2026, 4, 6, 16, 5)),
        location="inside", distance_m=12, photo="presensi/2026/04/06/0123456789abcdef0123456789abcdef.jpg",
        created_by=staff.user,
    )
    photo_checkin.photo.storage.save(photo_checkin.photo.name, ContentFile(b"\xff\xd8\xff\xe0 uji"))
    alert = CoverageAlert.objects.create(
        unit=world.kel_alpha1, date=NOW.date(), opened_at=NOW, needed=2, present=0, missing=2
    )
    case = SuspicionCase.objects.create(
        employee=staff, unit=world.kel_alpha1, scored_at=NOW, period_start=dt.date(2026, 3, 9),
        period_end=dt.date(2026, 4, 7), signals=[{"kind": "on_point", "reason": "Tepat di titik kantor", "checkins": [outside.pk]}],
    )
    passkey = Passkey.objects.create(user=staff.user, credential_id="dWppLXBvbnNlbA", public_key=b"uji", name="Ponsel uji",
                                     created_at=NOW)
    kiosk_device = KioskDevice.objects.create(
        unit=world.kel_alpha1, name="Tablet uji", token_hash="0" * 64, created_by=world.lurah_alpha1.user, created_at=NOW
    )
    shifts = Schedule.objects.create(code="uji-shift", name="Uji shift", kind=Schedule.Kind.SHIFT)
    night = Shift.objects.create(schedule=shifts, code="malam", name="Malam", start=dt.time(21), end=dt.time(7))
    swap = ShiftSwap.objects.create(
        employee=make_employee(world.kel_alpha1, "Rekan Alpha", schedule=shifts), date=TUESDAY_AFTER, shift=night,
        partner=staff, partner_date=TUESDAY_AFTER + dt.timedelta(days=1), partner_shift=night,
    )
    return Objects(
        world, arrangement, correction, verification, draft, active, staff_import, photo_checkin, alert, case, passkey,
        kiosk_device, swap,
    )


@contextmanager
def objects_for_the_module(django_db_blocker, tmp_path_factory):
    """Built once inside a transaction rolled back at the end; each test runs in a savepoint of it
    (pytest-django's `db`), so what a test changes is undone before the next."""
    media = tmp_path_factory.mktemp("media")
    settings = override_settings(
        MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), settings, transaction.atomic():
        yield build_objects()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def objects(django_db_setup, django_db_blocker, tmp_path_factory):
    with objects_for_the_module(django_db_blocker, tmp_path_factory) as built:
        yield built


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)


# URL arguments, all naming kel_alpha1 and its staff.
def _unit(o):
    return {"code": o.world.kel_alpha1.code}


def _person(o):
    return {"code": o.world.staff_alpha1.code}


def _arrangement(o):
    return {"code": o.arrangement.code}


def _correction(o):
    return {"code": o.correction.code}


def _photo(o):
    return {"pk": o.photo_checkin.pk, "ref": "0123456789abcdef0123456789abcdef"}


def _kiosk_device(o):
    return {"code": o.world.kel_alpha1.code, "device": o.kiosk_device.code}


def _photo_checkout(o):
    return {"pk": o.photo_checkin.pk}


def _verification(o):
    return {"code": o.verification.code}


def _swap(o):
    return {"code": o.swap.code}


def _draft(o):
    return {"code": o.draft.code}


def _active(o):
    return {"code": o.active.code}


def _import(o):
    return {"code": o.staff_import.code}


def _cell(o):
    return {
        "code": o.world.kel_alpha1.code,
        "employee": o.world.staff_alpha1.code,
        "day": TUESDAY_AFTER.isoformat(),
    }


def _kiosk_code(o):
    return {"token": kiosk.issue(o.world.kel_alpha1.code, clock.now())}


def _unit_filter(o):
    return {"unit": o.world.kel_alpha1.code}


def _alert(o):
    return {"pk": o.alert.pk}


def _case(o):
    return {"pk": o.case.pk}


def _phone(o):
    return {"code": o.world.staff_alpha1.code, "pk": o.passkey.pk}


def _no_args(o):
    return {}


@dataclass(frozen=True)
class Rule:
    expect: str  # one letter per persona, in PERSONAS order: "A" allowed, "-" denied
    args: Callable[[Objects], dict] = _no_args
    methods: tuple[str, ...] = GET
    query: Callable[[Objects], dict] = _no_args
    lands_on_login: bool = False  # an allowed answer may send to the sign-in page (signing out)
    needs_body: bool = False  # a JSON endpoint: an allowed empty POST is refused as bad input (400), past the checks
    device_only: bool = False  # answers for a registered device's cookie, not a person: 403 without one, anonymous too
    outcomes: dict = field(init=False, default=None)

    def __post_init__(self):
        letters = self.expect.split()
        assert len(letters) == len(PERSONAS) and set(letters) <= {"A", "-"}, self.expect
        object.__setattr__(self, "outcomes", dict(zip(PERSONAS, letters, strict=True)))

    def allows(self, persona: str) -> bool:
        return self.outcomes[persona] == "A"


# fmt: off
RULES = {
    # name                             anon staff other head oper admin
    # Everyone; sign-in and account.
    "home":                      Rule("-    A     A     A    A    A"),
    "login":                     Rule("A    A     A     A    A    A"),
    "logout":                    Rule("A    A     A     A    A    A", methods=POST, lands_on_login=True),
    "password_change":           Rule("-    A     A     A    A    A", methods=BOTH),
    "password_change_done":      Rule("-    A     A     A    A    A"),
    "password_reset_redeem":     Rule("A    A     A     A    A    A", methods=BOTH),
    # Units and staff.
    "city_overview":             Rule("-    -     -     -    -    A"),
    "unit_list":                 Rule("-    -     A     A    A    A"),
    "unit_create":               Rule("-    -     -     -    -    A", methods=BOTH),
    "unit_detail":               Rule("-    -     -     A    A    A", _unit),
    "unit_edit":                 Rule("-    -     -     -    -    A", _unit, BOTH),
    # Deputies (Plh./Plt., issue 17): named by the unit's own head or a city admin (a deputy's own: below).
    "deputy_list":               Rule("-    -     -     A    -    A", _unit, BOTH),
    "employee_list":             Rule("-    -     A     A    A    A"),
    "employee_create":           Rule("-    -     A     A    A    A", methods=BOTH),
    "employee_detail":           Rule("-    -     -     A    A    A", _person),
    "employee_edit":             Rule("-    -     -     A    A    A", _person, BOTH),
    "password_reset_issue":      Rule("-    -     -     A    A    A", _person, BOTH),
    "password_set_temporary":    Rule("-    -     -     -    -    A", _person, BOTH),
    "employee_history":          Rule("-    A     -     A    -    A", _person),
    "employee_month":            Rule("-    A     -     A    A    A", _person),
    # Staff import (city admins).
    "employee_import":           Rule("-    -     -     -    -    A", methods=BOTH),
    "employee_import_template":  Rule("-    -     -     -    -    A"),
    "employee_import_preview":   Rule("-    -     -     -    -    A", _import),
    "employee_import_run":       Rule("-    -     -     -    -    A", _import, POST),
    "employee_import_cancel":    Rule("-    -     -     -    -    A", _import, POST),
    "employee_import_errors":    Rule("-    -     -     -    -    A", _import),
    # Policies (city admins); the guide for everyone signed in.
    "policy_list":               Rule("-    -     -     -    -    A"),
    "policy_help":               Rule("-    A     A     A    A    A"),
    "policy_create":             Rule("-    -     -     -    -    A", methods=BOTH),
    "policy_detail":             Rule("-    -     -     -    -    A", _draft),
    "policy_edit":               Rule("-    -     -     -    -    A", _draft, BOTH),
    "policy_delete":             Rule("-    -     -     -    -    A", _draft, BOTH),
    "policy_new_version":        Rule("-    -     -     -    -    A", _active, POST),
    "policy_revoke":             Rule("-    -     -     -    -    A", _active, BOTH),
    "policy_impact":             Rule("-    -     -     -    -    A", _draft),
    "policy_activate":           Rule("-    -     -     -    -    A", _draft, POST),
    # Requests: the person's own; read by their heads and admins; decided by heads and admins.
    "request_list":              Rule("-    A     A     A    A    -"),
    "request_create":            Rule("-    A     A     A    A    -", methods=BOTH),
    "request_detail":            Rule("-    A     -     A    -    A", _arrangement),
    "request_cancel":            Rule("-    A     -     -    -    -", _arrangement, BOTH),
    "request_withdraw":          Rule("-    A     -     -    -    -", _arrangement, BOTH),
    "request_letter":            Rule("-    A     -     A    -    A", _arrangement),
    "approval_list":             Rule("-    -     A     A    -    A"),
    "approval_approve":          Rule("-    -     -     A    -    A", _arrangement, POST),
    "approval_reject":           Rule("-    -     -     A    -    A", _arrangement, POST),
    # Shift swaps: the person's own (proposed or asked of them); answered by the partner (staff_alpha1 here); read
    # by their heads and admins; decided by heads and admins.
    "swap_list":                 Rule("-    A     A     A    A    -"),
    "swap_create":               Rule("-    A     A     A    A    -", methods=BOTH),
    "swap_detail":               Rule("-    A     -     A    -    A", _swap),
    "swap_accept":               Rule("-    A     -     -    -    -", _swap, POST),
    "swap_decline":              Rule("-    A     -     -    -    -", _swap, POST),
    "swap_approval_list":        Rule("-    -     A     A    -    A"),
    "swap_approve":              Rule("-    -     -     A    -    A", _swap, POST),
    "swap_reject":               Rule("-    -     -     A    -    A", _swap, POST),
    # The plan.
    "plan_home":                 Rule("-    -     A     A    A    A"),
    "plan_unit":                 Rule("-    -     -     A    A    A", _unit),
    "plan_cell":                 Rule("-    -     -     A    A    A", _cell, BOTH),
    # Checking in (admin has no employee record: sent home).
    "my_day":                    Rule("-    A     A     A    A    A"),
    "checkin":                   Rule("-    A     A     A    A    A", methods=POST),
    # Taking back one's own check-out (issue 16): only its owner.
    "checkout_undo":             Rule("-    A     -     -    -    -", _photo_checkout, POST),
    "checkin_qr":                Rule("-    A     -     A    A    -", _kiosk_code, BOTH),
    # A check-in's face photo (UU 27/2022): the person, the heads above them and admins; operators never.
    "checkin_photo":             Rule("-    A     -     A    -    A", _photo),
    "kiosk":                     Rule("-    -     -     A    A    A", _unit),
    # Kiosk devices (issue 16): registered and revoked by heads and admins; the screen only for a registered device.
    "kiosk_devices":             Rule("-    -     -     A    -    A", _unit, BOTH),
    "kiosk_device_revoke":       Rule("-    -     -     A    -    A", _kiosk_device, BOTH),
    "kiosk_screen":              Rule("-    -     -     -    -    -", device_only=True),
    # Corrections and the month calendar.
    "correction_list":           Rule("-    A     A     A    A    A"),
    "correction_create":         Rule("-    A     A     A    A    -", methods=BOTH),
    "correction_detail":         Rule("-    A     -     A    -    A", _correction),
    "correction_attachment":     Rule("-    A     -     A    -    A", _correction),
    "correction_withdraw":       Rule("-    A     -     -    -    -", _correction, BOTH),
    "correction_approve":        Rule("-    -     -     A    -    A", _correction, POST),
    "correction_reject":         Rule("-    -     -     A    -    A", _correction, POST),
    "my_month":                  Rule("-    A     A     A    A    A"),
    # Check-ins outside every place: the person's own, read by their heads and admins, decided by heads and admins.
    "verification_list":         Rule("-    A     A     A    A    A"),
    "verification_detail":       Rule("-    A     -     A    -    A", _verification),
    "verification_attachment":   Rule("-    A     -     A    -    A", _verification),
    "verification_approve":      Rule("-    -     -     A    -    A", _verification, POST),
    "verification_reject":       Rule("-    -     -     A    -    A", _verification, POST),
    # Monthly recap: a unit for its heads and operators, the city for admins.
    "recap_home":                Rule("-    -     A     A    A    A"),
    "recap_unit":                Rule("-    -     -     A    A    A", _unit),
    "recap_unit_print":          Rule("-    -     -     A    A    A", _unit),
    "recap_unit_xlsx":           Rule("-    -     -     A    A    A", _unit),
    "recap_unit_csv":            Rule("-    -     -     A    A    A", _unit),
    "recap_city":                Rule("-    -     -     -    -    A"),
    "recap_city_print":          Rule("-    -     -     -    -    A"),
    "recap_city_export":         Rule("-    -     -     -    -    A", methods=BOTH),
    "recap_city_xlsx":           Rule("-    -     -     -    -    A"),
    "recap_city_csv":            Rule("-    -     -     -    -    A"),
    "recap_lock":                Rule("-    -     -     -    -    A", methods=BOTH),
    # Boards and trends.
    "board_home":                Rule("-    -     A     A    A    A"),
    "board_city":                Rule("-    -     -     -    -    A"),
    "board_unit":                Rule("-    -     -     A    A    A", _unit),
    "board_daily":               Rule("-    -     -     A    A    A", _unit),
    "board_daily_xlsx":          Rule("-    -     -     A    A    A", _unit),
    "board_daily_csv":           Rule("-    -     -     A    A    A", _unit),
    "alert_acknowledge":         Rule("-    -     -     A    A    A", _alert, POST),
    # Passkeys (issue 15): one's own phones (employees only); a lost one removed by a head or an admin.
    "passkey_list":              Rule("-    A     A     A    A    -"),
    "passkey_options":           Rule("-    A     A     A    A    -", methods=POST, needs_body=True),  # 400 at the limit
    "passkey_register":          Rule("-    A     A     A    A    -", methods=POST, needs_body=True),
    "passkey_remove":            Rule("-    -     -     A    -    A", _phone, POST),
    "passkey_sign_in_options":   Rule("A    A     A     A    A    A", methods=POST),
    "passkey_sign_in":           Rule("A    A     A     A    A    A", methods=POST, needs_body=True),
    # Suspicious check-ins (issue 15): heads of the person's unit and city admins.
    "suspicion_list":            Rule("-    -     A     A    -    A"),
    "suspicion_detail":          Rule("-    -     -     A    -    A", _case),
    "suspicion_review":          Rule("-    -     -     A    -    A", _case, POST, needs_body=True),
    # Notices: one's own (the bell, the list, marking them read).
    "notification_list":         Rule("-    A     A     A    A    A"),
    "notification_bell":         Rule("-    A     A     A    A    A"),
    "notification_read":         Rule("-    A     A     A    A    A", methods=POST),
    "notification_choices":      Rule("-    A     A     A    A    A", methods=BOTH),
    "push_subscription":         Rule("-    A     A     A    A    A", methods=POST, needs_body=True),
    "trends":                    Rule("-    -     -     A    -    A", query=_unit_filter),
    # Public, no sign-in.
    "public_status":             Rule("A    A     A     A    A    A"),
    "public_unit_status":        Rule("A    A     A     A    A    A", _unit),
    # Personal data (UU 27/2022): the notice is public; the download is one's own (a bare admin login has none).
    "privacy_notice":            Rule("A    A     A     A    A    A"),
    # The phone's offline page and its service worker: public, and they carry nothing personal.
    "service_worker":            Rule("A    A     A     A    A    A"),
    "offline":                   Rule("A    A     A     A    A    A"),
    "my_data_download":          Rule("-    A     A     A    A    -"),
}
# fmt: on


# --- The URL walk --------------------------------------------------------------------------------------


def _skipped(pattern: URLPattern) -> bool:
    callback = pattern.callback
    return pattern.name == "set_language" or callback.__module__ == "django.views.static"


def url_names(patterns=None, namespace="") -> list[str]:
    """Every URL pattern's name (namespaced), includes followed; unnamed ones by their route."""
    names = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            # The Django admin has its test below; the API (keys, not sessions) has its own matrix wired the
            # same way: tests/api/test_api_matrix.py.
            if entry.app_name in ("admin", "api_v1"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += url_names(entry.url_patterns, inner)
        elif not _skipped(entry):
            names.append(
                f"{namespace}{entry.name}" if entry.name else f"<unnamed: {entry.pattern}>"
            )
    return names


URL_NAMES = sorted(set(url_names()))


def test_every_url_has_an_authorization_rule():
    missing = [name for name in URL_NAMES if name not in RULES]
    assert not missing, "\n".join(f"new URL without an authorization rule: {n}" for n in missing)


def test_every_rule_names_a_url_that_exists():
    stale = sorted(set(RULES) - set(URL_NAMES))
    assert not stale, f"rules for URLs that no longer exist: {stale}"


# --- Checking one URL for one persona -------------------------------------------------------------------

FINGERPRINTED_APPS = ("units", "policy", "attendance")


def fingerprint() -> list:
    """Every row of the project's tables, and the accounts (without last_login, which signing in sets)."""
    rows = []
    for label in FINGERPRINTED_APPS:
        for model in apps.get_app_config(label).get_models():
            rows.append((model.__name__, list(model.objects.order_by("pk").values_list())))
    users = (
        get_user_model()
        .objects.order_by("pk")
        .values_list("pk", "username", "password", "is_active", "is_staff", "is_superuser")
    )
    rows.append(("User", list(users)))
    return rows


def _request(client, method, url, query):
    """GET with the query; POST an empty body to the address with the query."""
    if method == "GET":
        return client.get(url, query)
    return client.post(f"{url}?{urlencode(query)}" if query else url)


def _assert_hides(person, response, where):
    """What the head of another unit may open never names kel_alpha1's staff member."""
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    assert person.nip not in html and person.full_name not in html, f"names {person}: {where}"


def _check(client, objects, name, rule, persona, method):
    url = reverse(name, kwargs=rule.args(objects))
    query = rule.query(objects)
    login_url = reverse("login")
    before = None if rule.allows(persona) else fingerprint()
    with transaction.atomic():  # each method's request undone, so GET and POST see the same state
        response = _request(client, method, url, query)
        if response.streaming:  # read to the end, which closes the file (the client's way)
            b"".join(response.streaming_content)
        location = response.get("Location", "")
        where = f"{method} {url} ({name}) as {persona}: {response.status_code} {location}"
        if rule.allows(persona):
            allowed = (200, 400) if not rule.needs_body else (200, 401)
            assert allowed[0] <= response.status_code < allowed[1], f"should be allowed: {where}"
            if response.status_code >= 300 and not rule.lands_on_login:
                assert not location.startswith(login_url), f"should be allowed: {where}"
            if persona == OTHER_HEAD:
                _assert_hides(objects.world.staff_alpha1, response, where)
        else:
            if persona == ANON and not rule.device_only:
                assert response.status_code == 302 and location.startswith(login_url), (
                    f"should send to sign-in: {where}"
                )
            else:
                assert response.status_code in (403, 404), f"should be denied: {where}"
            assert fingerprint() == before, f"denied, yet the database changed: {where}"
        transaction.set_rollback(True)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", URL_NAMES)
def test_it_enforces_the_authorization_rule(client, db, objects, name, persona):
    rule = RULES.get(name)
    if rule is None:
        pytest.fail(f"new URL without an authorization rule: {name}")
    if persona != ANON:
        login(client, getattr(objects.world, ACCOUNTS[persona]))
    for method in rule.methods:
        _check(client, objects, name, rule, persona, method)


# --- Deputies (Plh./Plt.) --------------------------------------------------------------------------------

# What a deputy of kel_alpha1 may do while the range is in force, and gets 403/404 for outside it.
DEPUTY_URLS = [
    ("approval_list", _no_args, "GET"),
    ("correction_list", _no_args, "GET"),  # always open (their own), the pending rows only in force
    ("request_detail", _arrangement, "GET"),
    ("correction_detail", _correction, "GET"),
    ("verification_detail", _verification, "GET"),
    ("approval_reject", _arrangement, "POST"),
    ("correction_reject", _correction, "POST"),
    ("verification_reject", _verification, "POST"),
]


@pytest.mark.parametrize("in_force", [True, False], ids=["in force", "out of range"])
@pytest.mark.parametrize(("name", "args", "method"), DEPUTY_URLS, ids=[row[0] for row in DEPUTY_URLS])
def test_a_deputy_decides_only_while_the_range_is_in_force(client, db, objects, name, args, method, in_force):
    from units.deputies.appointing import appoint
    from units.models import Deputy, Employee

    world = objects.world
    deputy = Employee.objects.create(
        nip="198609262015051999", full_name="Sekretaris Uji", asn_type="PNS", position_title="Sekretaris",
        unit=world.kel_alpha1, start_date=dt.date(2015, 5, 1),
        user=get_user_model().objects.create_user("198609262015051999", password="x"),
    )
    start = NOW.date() if in_force else NOW.date() + dt.timedelta(days=1)
    data = {"deputy": deputy, "kind": Deputy.Kind.PLH, "start_date": start, "end_date": start, "reason": "Cuti"}
    appoint(world.kel_alpha1, world.lurah_alpha1, world.lurah_alpha1.user, data)
    login(client, deputy)
    url = reverse(name, kwargs=args(objects))
    response = client.get(url) if method == "GET" else client.post(url, {"note": "Tidak sesuai"})
    where = f"{method} {url} ({name}), {'in force' if in_force else 'out of range'}: {response.status_code}"
    if name == "correction_list":
        decide = reverse("correction_reject", kwargs=_correction(objects))
        assert response.status_code == 200 and (decide in response.content.decode()) is in_force, where
    elif in_force:
        assert response.status_code in (200, 302), where
    else:
        assert response.status_code in (403, 404), where


@pytest.mark.parametrize("who", ["camat_alpha", "lurah_beta1", "head_dukcapil", "staff_alpha1", "operator_alpha1"])
def test_only_the_units_own_head_or_an_admin_names_its_deputy(client, db, objects, who):
    """The camat (head of the unit above) sees the kelurahan but may not name its deputy: 403; other units'
    heads do not see it: 404; staff and operators: 403."""
    login(client, getattr(objects.world, who))
    url = reverse("deputy_list", kwargs=_unit(objects))
    data = {"deputy": objects.world.staff_alpha1.pk, "kind": "plh", "start_date": "2026-04-13",
            "end_date": "2026-04-14", "reason": "Cuti"}
    before = fingerprint()
    assert client.post(url, data).status_code in (403, 404)
    assert client.get(url).status_code == (403 if who in ("camat_alpha", "staff_alpha1", "operator_alpha1") else 404)
    assert fingerprint() == before


# --- The Django admin -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [ANON, STAFF, OTHER_HEAD, HEAD, OPERATOR])
@pytest.mark.parametrize("path", ["/admin/", "/admin/units/employee/", "/admin/policy/auditevent/"])
def test_it_sends_everyone_but_superusers_to_the_admin_sign_in(client, db, objects, persona, path):
    if persona != ANON:
        login(client, getattr(objects.world, ACCOUNTS[persona]))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_opens_the_admin_to_a_superuser(client, db, objects):
    login(client, objects.world.admin_user)
    assert client.get("/admin/").status_code == 200
