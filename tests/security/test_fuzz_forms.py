"""Property-based tests: every form of the project, fed generated data (unicode, huge strings, NUL
bytes, numbers out of range, malformed dates, empty and missing values, odd files).

(a) `is_valid()` called directly answers True or False, never raises;
(b) the same data sent to the form's page as the persona allowed to use it (redirects followed) never
    gets a server error: the test client re-raises any exception, so a failure shows the traceback.

A guard test imports every module of units/, policy/ and attendance/ and fails when a form class is
missing from FORMS. The objects are test_matrix's (built once per module); each example runs in a savepoint
rolled back afterwards, so examples do not see each other's writes. FUZZ_EXAMPLES=500 explores more (and with fresh random data) than the default run.
"""

import datetime as dt
import importlib
import inspect
import os
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance.approvals.forms import CorrectionForm
from attendance.boards import unit_board
from attendance.boards.forms import CoverageFilterForm, DayForm
from attendance.checkin.views import CheckInForm
from attendance.integrity.forms import CaseFilterForm, ReviewForm
from attendance.kiosk.forms import DeviceForm
from attendance.recap.forms import LockForm, MonthForm
from attendance.trends.forms import PeriodsForm, TrendForm
from policy.approvals.forms import ApproveForm, RejectForm
from policy.arrangements.forms import RequestForm
from policy.models import Policy
from policy.plan.forms import CitySummaryForm, PlanCellForm, WeekForm
from policy.plan.sites import SiteForm
from policy.plan.views import _cell_form
from policy.policies.forms import ActivateForm, MinimumForm, PolicyForm, RevokeForm, unit_choices
from policy.swaps.forms import AnswerForm, SwapForm
from tests.conftest import login
from tests.security.test_matrix import (
    NOW,
    TUESDAY_AFTER,
    URL_NAMES,
    Objects,
    objects_for_the_module,
)
from units import clock
from units.access import ADMIN, HEAD, Access
from units.auth import SignInForm
from units.deputies.forms import DeputyForm
from units.models import Employee, NoticeChoice, Place, Unit
from units.notifications.forms import NoticeChoiceForm
from units.organisation.forms import PlaceForm, UnitForm
from units.passkeys.forms import RemoveForm
from units.passwords.forms import NewPasswordForm, RedeemForm, TemporaryPasswordForm
from units.staff.forms import EmployeeForm, EmployeeSearchForm
from units.staff_import import importer
from units.staff_import.forms import StaffFileForm

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 25))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="FUZZ_EXAMPLES" not in os.environ,  # the same examples on every CI run
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
TODAY = NOW.date()
PACKAGES = ("units", "policy", "attendance")


# --- Generated values ------------------------------------------------------------------------------------

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\r\n",
        "x" * 100_000,
        "٣٤٥",
        "🙂" * 40,
        "\u202eabc",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "%s%n%x",
        "-1",
        "0",
        "1e309",
        "NaN",
        "-inf",
        "99999999999999999999999999",
        "-99999999999999999999999999",
        "2026-02-30",
        "2026-13-01",
        "0000-00-00",
        "0001-01-01",
        "9999-12-31",
        "10000-01-01",
        "31/12/2026",
        "24:00",
        "23:59:60",
        "99:99",
        "19860926 201505 1 001",
        "198609262015051001",
        "None",
        "[]",
    ]
)
TEXT = st.text(max_size=200)
NUMBERS = st.one_of(st.integers(-(10**30), 10**30), st.floats()).map(str)
DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str)
NEAR_DATES = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31)).map(str)
# The ends of the calendar, where a week or a day either side does not exist.
EDGE_DATES = st.sampled_from(["0001-01-01", "0001-01-07", "9999-12-25", "9999-12-31", "1899-12-31"])
TIMES = st.times().map(lambda t: t.strftime("%H:%M"))
ANY = st.one_of(NASTY, TEXT, NUMBERS, DATES)

BIG_PDF = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
CSV_HEADER = ";".join(importer.TEMPLATE_HEADER)
FILE_NAMES = st.sampled_from(
    [
        "surat.pdf",
        "surat.PNG",
        "foto.jpg",
        "a.jpeg",
        "pegawai.csv",
        "pegawai.xlsx",
        "lama.xls",
        "tanpa-ekstensi",
        "x.pdf.exe",
        ".pdf",
        "ñ\x00.pdf",
        "a" * 300 + ".pdf",
    ]
)
CSV_ROWS = st.lists(st.lists(st.one_of(NASTY, TEXT), min_size=0, max_size=9), max_size=4).map(
    lambda rows: "\n".join(
        [CSV_HEADER] + [";".join(cell.replace("\x00", "") for cell in r) for r in rows]
    )
)
FILE_CONTENT = st.one_of(
    st.binary(max_size=600),
    st.sampled_from(
        [
            b"",
            b"%PDF-1.7\n...",
            b"\x89PNG\r\n\x1a\n....",
            b"\xff\xd8\xff\xe0..JFIF",
            b"PK\x03\x04junk",
            BIG_PDF,
        ]
    ),
    CSV_ROWS.map(lambda text: text.encode("utf-8")),
    CSV_ROWS.map(lambda text: text.encode("utf-16")),
)
FILES = st.builds(SimpleUploadedFile, FILE_NAMES, FILE_CONTENT)


def _choice_values(field) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        key = field.to_field_name or "pk"
        return [str(v) for v in field.queryset.values_list(key, flat=True)[:20]]
    values = []
    for value, label in getattr(field, "choices", ()):
        if isinstance(label, list | tuple):  # a group
            values += [str(v) for v, _label in label]
        else:
            values.append(str(value))
    return values


def value_for(field) -> st.SearchStrategy:
    if isinstance(field, forms.FileField):
        return st.one_of(FILES, NASTY)
    known = []
    if isinstance(field, forms.BooleanField):
        known = ["on", "true", "false", "0"]
    known += _choice_values(field)
    strategies = [st.sampled_from(known)] if known else []
    if isinstance(field, forms.DateField):
        strategies += [NEAR_DATES, EDGE_DATES]
    if isinstance(field, forms.TimeField):
        strategies.append(TIMES)
    one = st.one_of(*strategies, ANY)
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.lists(one, max_size=4)
    return one


def payload_for(fields: dict, extra: dict | None = None) -> st.SearchStrategy:
    """Any subset of the fields, each with a generated value (a missing key is an empty form field)."""
    optional = {name: value_for(field) for name, field in fields.items()}
    return st.fixed_dictionaries({}, optional={**optional, **(extra or {})})


def split(payload: dict) -> tuple[QueryDict, MultiValueDict]:
    """The payload as a request would carry it: data and files."""
    data, files = QueryDict(mutable=True), MultiValueDict()
    for name, value in payload.items():
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
            files[name] = value
        else:
            data.setlist(name, value if isinstance(value, list) else [value])
    return data, files


# --- The forms, how to build each, and the page that takes it --------------------------------------------


def _sign_in(o, data, files):
    return SignInForm(RequestFactory().post("/masuk/"), data=data)


# A model form writes the data into its instance while validating: each gets a fresh copy.


def _unit_form(o, data, files):
    unit = Unit.objects.get(pk=o.world.kel_alpha1.pk)
    return UnitForm(data, instance=unit, access=Access(ADMIN))


def _place_form(o, data, files):
    return PlaceForm(data, instance=Place(unit=Unit.objects.get(pk=o.world.kel_alpha1.pk)))


def _place_formset_fields(o) -> dict:
    """The places' rows of the unit form (units.organisation.forms.PlaceFormSet): the management form and two
    rows, all generated."""
    fields = {}
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        fields[f"place-{name}"] = st.one_of(st.sampled_from(["0", "1", "2", "20", "1001"]), ANY)
    for i in (0, 1):
        for name, field in PlaceForm().fields.items():
            fields[f"place-{i}-{name}"] = value_for(field)
        fields[f"place-{i}-id"] = st.one_of(st.sampled_from(["", "1", "999999"]), ANY)
        fields[f"place-{i}-DELETE"] = st.sampled_from(["", "on"])
    return fields


def _employee_form(o, data, files):
    access = Access(HEAD, o.world.lurah_alpha1)
    employee = Employee.objects.get(pk=o.world.staff_alpha1.pk)
    return EmployeeForm(data, instance=employee, access=access)


def _search_form(o, data, files):
    return EmployeeSearchForm(data, access=Access(HEAD, o.world.lurah_alpha1))


def _staff_file_form(o, data, files):
    return StaffFileForm(data, files)


def _plan_cell_form(o, data, files):
    return _cell_form(data, o.world.staff_alpha1, TUESDAY_AFTER)


def _policy_form(o, data, files):
    draft = Policy.objects.get(pk=o.draft.pk)
    return PolicyForm(data, instance=draft, unit_choices=unit_choices())


def _minimum_form(o, data, files):
    return MinimumForm(data, unit_choices=unit_choices())


def _board_filter(o, data, files):
    units = [o.world.kel_alpha1]
    return unit_board.FilterForm(data, units=units, top=o.world.kel_alpha1)


def _periods_form(o, data, files):
    default = (
        (TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=31)),
        (TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=1)),
    )
    return PeriodsForm(data, today=TODAY, default=default)


def _plain(form_class, **kwargs):
    def make(o, data, files):
        return form_class(data, files, **kwargs) if files else form_class(data, **kwargs)

    return make


def _for_staff(form_class):
    def make(o, data, files):
        return form_class(data, files, employee=o.world.staff_alpha1)

    return make


def _url(path: str) -> Callable[[Objects], str]:
    """A path with {unit}, {person}, {arrangement}, {correction}, {draft}, {active}, {day}, {case}, {passkey}, {swap}
    filled in."""

    def fill(o):
        return path.format(
            unit=o.world.kel_alpha1.code,
            person=o.world.staff_alpha1.code,
            arrangement=o.arrangement.code,
            correction=o.correction.code,
            draft=o.draft.code,
            active=o.active.code,
            day=TUESDAY_AFTER.isoformat(),
            case=o.case.pk,
            passkey=o.passkey.pk,
            swap=o.swap.code,
        )

    return fill


def _formset_fields(o) -> dict:
    """The minimum rows of the policy page: the management form and two rows, all generated."""
    fields = {}
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        fields[f"minimum-{name}"] = st.one_of(st.sampled_from(["0", "1", "2", "60", "1001"]), ANY)
    row = _minimum_form(o, None, None).fields
    for i in (0, 1):
        for name, field in row.items():
            fields[f"minimum-{i}-{name}"] = value_for(field)
    return fields


@dataclass(frozen=True)
class Page:
    persona: str  # an attribute of World
    url: Callable[[Objects], str]
    method: str = "POST"
    htmx: bool = False


@dataclass(frozen=True)
class Spec:
    make: Callable  # (objects, data, files) -> a bound form
    pages: tuple[Page, ...]
    extra: Callable[[Objects], dict] | None = None  # more generated keys, sent to the pages only
    after: Callable | None = None  # what the view asks of the form once validated


ADMIN_USER, HEAD_ALPHA, STAFF_ALPHA = "admin_user", "lurah_alpha1", "staff_alpha1"

FORMS = {
    SignInForm: Spec(_sign_in, (Page("", _url("/masuk/")),)),
    UnitForm: Spec(
        _unit_form,
        (Page(ADMIN_USER, _url("/unit/baru/")), Page(ADMIN_USER, _url("/unit/{unit}/ubah/"))),
        extra=_place_formset_fields,
    ),
    PlaceForm: Spec(
        _place_form,
        (Page(ADMIN_USER, _url("/unit/baru/")), Page(ADMIN_USER, _url("/unit/{unit}/ubah/"))),
        extra=_place_formset_fields,
    ),
    EmployeeForm: Spec(
        _employee_form,
        (
            Page(ADMIN_USER, _url("/pegawai/baru/")),
            Page(HEAD_ALPHA, _url("/pegawai/{person}/ubah/")),
        ),
    ),
    EmployeeSearchForm: Spec(
        _search_form,
        (
            Page(HEAD_ALPHA, _url("/pegawai/"), "GET"),
            Page(ADMIN_USER, _url("/pegawai/"), "GET", True),
        ),
    ),
    StaffFileForm: Spec(_staff_file_form, (Page(ADMIN_USER, _url("/pegawai/impor/")),)),
    NewPasswordForm: Spec(_plain(NewPasswordForm), ()),  # the base of the two below; no page of its own
    SiteForm: Spec(_plain(SiteForm), ()),
    NoticeChoiceForm: Spec(
        lambda o, data, files: NoticeChoiceForm(data, instance=NoticeChoice(user=o.world.lurah_alpha1.user)),
        (Page(HEAD_ALPHA, _url("/pemberitahuan/pengaturan/")),),
    ),  # the activity site of RequestForm and PlanCellForm; no page of its own
    RedeemForm: Spec(_plain(RedeemForm), (Page("", _url("/kata-sandi/atur-ulang/")),)),
    TemporaryPasswordForm: Spec(
        lambda o, data, files: TemporaryPasswordForm(data, user=o.world.staff_alpha1.user),
        (Page(ADMIN_USER, _url("/pegawai/{person}/sandi-sementara/")),),
    ),
    WeekForm: Spec(_plain(WeekForm), (Page(HEAD_ALPHA, _url("/rencana/unit/{unit}/"), "GET"),)),
    CitySummaryForm: Spec(_plain(CitySummaryForm), (Page(ADMIN_USER, _url("/rencana/"), "GET"),)),
    PlanCellForm: Spec(
        _plan_cell_form,
        (
            Page(HEAD_ALPHA, _url("/rencana/unit/{unit}/pegawai/{person}/{day}/")),
            Page(HEAD_ALPHA, _url("/rencana/unit/{unit}/pegawai/{person}/{day}/"), htmx=True),
        ),
    ),
    PolicyForm: Spec(
        _policy_form,
        (
            Page(ADMIN_USER, _url("/kebijakan/baru/")),
            Page(ADMIN_USER, _url("/kebijakan/{draft}/ubah/")),
        ),
        extra=_formset_fields,
    ),
    MinimumForm: Spec(
        _minimum_form, (Page(ADMIN_USER, _url("/kebijakan/{draft}/ubah/")),), extra=_formset_fields
    ),
    RevokeForm: Spec(
        _plain(RevokeForm, today=TODAY), (Page(ADMIN_USER, _url("/kebijakan/{active}/cabut/")),)
    ),
    ActivateForm: Spec(
        _plain(ActivateForm, blocking=1),
        (Page(ADMIN_USER, _url("/kebijakan/{draft}/berlakukan/")),),
    ),
    RequestForm: Spec(
        _for_staff(RequestForm),
        (
            Page(STAFF_ALPHA, _url("/pengajuan/baru/")),
            Page(STAFF_ALPHA, _url("/pengajuan/baru/"), "GET"),
        ),
        after=lambda form: form.kind_fields(),
    ),
    # The decision forms of every kind (policy.approvals): each kind's endpoints.
    ApproveForm: Spec(
        _plain(ApproveForm),
        (
            Page(HEAD_ALPHA, _url("/persetujuan/{arrangement}/setujui/")),
            Page(HEAD_ALPHA, _url("/koreksi/{correction}/setujui/")),
            Page(HEAD_ALPHA, _url("/persetujuan/tukar-shift/{swap}/setujui/")),
        ),
    ),
    RejectForm: Spec(
        _plain(RejectForm),
        (
            Page(HEAD_ALPHA, _url("/persetujuan/{arrangement}/tolak/"), htmx=True),
            Page(HEAD_ALPHA, _url("/koreksi/{correction}/tolak/"), htmx=True),
            Page(HEAD_ALPHA, _url("/persetujuan/tukar-shift/{swap}/tolak/"), htmx=True),
        ),
    ),
    unit_board.FilterForm: Spec(
        _board_filter,
        (
            Page(HEAD_ALPHA, _url("/papan/unit/{unit}/"), "GET"),
            Page(HEAD_ALPHA, _url("/papan/unit/{unit}/"), "GET", True),
        ),
        after=lambda form: (form.status_value, form.unit_value),
    ),
    CorrectionForm: Spec(
        _for_staff(CorrectionForm),
        (
            Page(STAFF_ALPHA, _url("/koreksi/baru/")),
            Page(STAFF_ALPHA, _url("/koreksi/baru/"), "GET"),
        ),
        after=lambda form: form.kind_fields(),
    ),
    SwapForm: Spec(
        _for_staff(SwapForm),
        (Page(STAFF_ALPHA, _url("/tukar-shift/baru/")), Page(STAFF_ALPHA, _url("/tukar-shift/baru/"), "GET")),
    ),
    AnswerForm: Spec(
        _plain(AnswerForm),
        (Page(STAFF_ALPHA, _url("/tukar-shift/{swap}/tolak-rekan/")), Page(STAFF_ALPHA, _url("/tukar-shift/{swap}/terima/"))),
    ),
    CaseFilterForm: Spec(
        _plain(CaseFilterForm),
        (Page(ADMIN_USER, _url("/presensi-mencurigakan/"), "GET"),),
        after=lambda form: form.chosen(),
    ),
    ReviewForm: Spec(_plain(ReviewForm), (Page(HEAD_ALPHA, _url("/presensi-mencurigakan/{case}/tinjau/")),)),
    DeviceForm: Spec(_plain(DeviceForm), (Page(HEAD_ALPHA, _url("/kios/{unit}/perangkat/")),)),
    DeputyForm: Spec(
        lambda o, data, files: DeputyForm(data, unit=o.world.kel_alpha1, head=o.world.lurah_alpha1),
        (Page(HEAD_ALPHA, _url("/unit/{unit}/plh/")), Page(ADMIN_USER, _url("/unit/{unit}/plh/"))),
    ),
    RemoveForm: Spec(_plain(RemoveForm), (Page(HEAD_ALPHA, _url("/pegawai/{person}/ponsel/{passkey}/hapus/")),)),
    CoverageFilterForm: Spec(
        _plain(CoverageFilterForm),
        (Page(ADMIN_USER, _url("/papan/kota/"), "GET"),),
        after=lambda form: form.filters(),
    ),
    DayForm: Spec(
        _plain(DayForm, today=TODAY),
        (Page(HEAD_ALPHA, _url("/papan/unit/{unit}/daftar-hadir/"), "GET"),),
        after=lambda form: form.day(),
    ),
    MonthForm: Spec(
        _plain(MonthForm, today=TODAY),
        (
            Page(HEAD_ALPHA, _url("/rekap/unit/{unit}/"), "GET"),
            Page(ADMIN_USER, _url("/rekap/kota/"), "GET"),
        ),
        after=lambda form: form.month(),
    ),
    LockForm: Spec(_plain(LockForm), (Page(ADMIN_USER, _url("/rekap/kunci/")),)),
    TrendForm: Spec(
        _plain(TrendForm), (Page(HEAD_ALPHA, _url("/tren/"), "GET"),), after=lambda f: f.length()
    ),
    PeriodsForm: Spec(
        _periods_form, (Page(ADMIN_USER, _url("/tren/"), "GET"),), after=lambda form: form.periods()
    ),
    CheckInForm: Spec(
        _plain(CheckInForm),
        (
            Page(STAFF_ALPHA, _url("/saya/presensi/")),
            Page(STAFF_ALPHA, _url("/saya/presensi/"), htmx=True),
        ),
        after=lambda form: form.is_valid() and form.position(),
    ),
}
SPEC_IDS = {form: f"{form.__module__}.{form.__qualname__}" for form in FORMS}


# --- Fixtures --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def objects(django_db_setup, django_db_blocker, tmp_path_factory):
    with objects_for_the_module(django_db_blocker, tmp_path_factory) as built:
        yield built


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)


# --- The guard ---------------------------------------------------------------------------------------------


def project_forms() -> set[type]:
    """Every Form and ModelForm class defined in the apps' modules (migrations aside)."""
    found = set()
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if ".migrations" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _name, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                    found.add(obj)
    return found


def test_every_form_of_the_project_is_fuzzed():
    missing = sorted(f"{f.__module__}.{f.__qualname__}" for f in project_forms() - set(FORMS))
    assert not missing, f"forms without a fuzz spec in FORMS: {missing}"


# --- (a) is_valid never raises ------------------------------------------------------------------------------


@pytest.mark.parametrize("form_class", FORMS, ids=SPEC_IDS.get)
def test_it_validates_anything_without_raising(db, objects, form_class):
    spec = FORMS[form_class]
    fields = spec.make(objects, None, None).fields

    @FUZZ
    @given(st.data())
    def check(data):
        payload = data.draw(payload_for(fields), label="payload")
        with transaction.atomic():
            form = spec.make(objects, *split(payload))
            valid = form.is_valid()
            assert valid in (True, False)
            assert not (valid and form.errors)
            if spec.after is not None:
                spec.after(form)
            transaction.set_rollback(True)

    check()


# --- (b) the page never fails ---------------------------------------------------------------------------------

PAGES = [(form, i) for form, spec in FORMS.items() for i in range(len(spec.pages))]


def _send(client, page: Page, url: str, payload: dict):
    headers = {"HTTP_HX_REQUEST": "true"} if page.htmx else {}
    if page.method == "GET":
        data = {k: v for k, v in payload.items() if not isinstance(v, SimpleUploadedFile)}
        return client.get(url, data, follow=not page.htmx, **headers)
    for value in payload.values():
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
    return client.post(url, payload, follow=not page.htmx, **headers)


@pytest.mark.parametrize("form_class, index", PAGES, ids=[f"{SPEC_IDS[f]}-{i}" for f, i in PAGES])
def test_its_page_never_answers_with_a_server_error(client, db, objects, form_class, index):
    spec = FORMS[form_class]
    page = spec.pages[index]
    if page.persona:
        login(client, getattr(objects.world, page.persona))
    url = page.url(objects)
    fields = spec.make(objects, None, None).fields
    extra = spec.extra(objects) if spec.extra else None

    @FUZZ
    @given(st.data())
    def check(data):
        payload = data.draw(payload_for(fields, extra), label="payload")
        with transaction.atomic():
            response = _send(client, page, url, payload)
            assert response.status_code < 500, f"{page.method} {url}: {response.status_code}"
            transaction.set_rollback(True)

    check()


# --- (c) the addresses never fail, whatever text they carry ---------------------------------------------------


def _converters(name: str) -> dict:
    for pattern in _patterns():
        if pattern.name == name:
            return pattern.pattern.converters
    return {}


def _patterns(entries=None):
    for entry in get_resolver().url_patterns if entries is None else entries:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                yield from _patterns(entry.url_patterns)
        else:
            yield entry


ADDRESSES = sorted(
    pattern.name
    for pattern in _patterns()
    if pattern.name in URL_NAMES and pattern.pattern.converters
)
PATH_TEXT = st.one_of(NASTY, TEXT).map(lambda text: text.replace("/", "")).filter(bool)


def _argument(converter) -> st.SearchStrategy:
    if isinstance(converter, UUIDConverter):
        return st.uuids()
    if isinstance(converter, IntConverter):
        return st.integers(0, 10**30)
    return PATH_TEXT


@pytest.mark.parametrize("name", ADDRESSES)
def test_its_address_never_fails_whatever_text_it_carries(client, db, objects, name):
    """Every URL with arguments, filled with generated text (NUL, huge, unicode, dates at the ends of
    the calendar): the admin, who reaches every unit, never gets a server error."""
    converters = _converters(name)
    login(client, objects.world.admin_user)

    @FUZZ
    @given(st.fixed_dictionaries({key: _argument(conv) for key, conv in converters.items()}))
    def check(arguments):
        url = reverse(name, kwargs=arguments)
        with transaction.atomic():
            response = client.get(url)
            assert response.status_code < 500, f"GET {url}: {response.status_code}"
            transaction.set_rollback(True)

    check()


# --- What the fuzzing found, pinned down ---------------------------------------------------------------------

EDGE_CASES = [
    # A request's weeks and years around its dates.
    ("staff_alpha1", "/pengajuan/baru/", {"kind": "wfh", "start_date": "9999-12-31"}),
    ("staff_alpha1", "/pengajuan/baru/", {"kind": "sakit", "start_date": "9999-12-31"}),
    (
        "staff_alpha1",
        "/pengajuan/baru/",
        {"kind": "izin", "start_date": "2026-04-13", "end_date": "9999-12-31", "reason": "x"},
    ),
    # Revoking from the first day of the calendar: the day before it does not exist.
    (
        "admin_user",
        "/kebijakan/{active}/cabut/",
        {"date": "0001-01-01", "reason": "x", "confirm": "on"},
    ),
    ("staff_alpha1", "/koreksi/baru/", {"kind": "gps", "date": "0001-01-01", "reason": "x"}),
]


@pytest.mark.parametrize("persona, path, data", EDGE_CASES)
def test_it_refuses_a_date_at_the_ends_of_the_calendar_in_words(
    client, db, objects, persona, path, data
):
    login(client, getattr(objects.world, persona))
    response = client.post(_url(path)(objects), data)
    assert response.status_code == 200
    assert (
        "Periksa tahunnya: tanggal harus antara tahun 1900 dan 2199." in response.content.decode()
    )


@pytest.mark.parametrize(
    "persona, path",
    [("lurah_alpha1", "/rencana/unit/{unit}/"), ("admin_user", "/rencana/")],
)
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_it_shows_this_week_for_a_week_at_the_ends_of_the_calendar(
    client, db, objects, persona, path, day
):
    login(client, getattr(objects.world, persona))
    response = client.get(_url(path)(objects), {"minggu": day})
    assert response.status_code == 200
    assert response.context["days"][0] == dt.date(2026, 4, 6)


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "0000-00"])
def test_it_shows_this_month_for_a_month_at_the_ends_of_the_calendar(client, db, objects, month):
    login(client, objects.world.staff_alpha1)
    response = client.get("/saya/bulan/", {"bulan": month})
    assert response.status_code == 200
    assert response.context["first"] == dt.date(2026, 4, 1)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_it_answers_404_for_a_plan_cell_at_the_ends_of_the_calendar(client, db, objects, day):
    login(client, objects.world.lurah_alpha1)
    url = _url(f"/rencana/unit/{{unit}}/pegawai/{{person}}/{day}/")(objects)
    assert client.get(url).status_code == 404


def test_it_builds_at_most_sixty_minimum_rows_whatever_the_form_claims(client, db, objects):
    login(client, objects.world.admin_user)
    response = client.post(
        _url("/kebijakan/{draft}/ubah/")(objects),
        {"minimum-TOTAL_FORMS": "1000", "minimum-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert len(response.context["minimums"].forms) == 60


@pytest.mark.parametrize(
    "path",
    [
        "/unit/a\x00b/",
        "/rencana/unit/a\x00b/",
        "/papan/unit/a\x00b/",
        "/rekap/unit/a\x00b/",
        "/kios/a\x00b/",
        "/status/a\x00b/",
    ],
)
def test_it_answers_404_for_a_unit_code_with_a_nul_byte(client, db, objects, path):
    """PostgreSQL refuses NUL in a query: without the check these were server errors there."""
    login(client, objects.world.admin_user)
    assert client.get(path).status_code == 404


# A NUL byte in a query string or a form value is answered 400 by one middleware: tests/security/test_nul_bytes.py.
