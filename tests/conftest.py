"""Shared personas for the whole suite: a small Kota Bengkulu built by hand, no factory library.

    kecamatan Alpha (17.99.01) ─ kelurahan Alpha Satu (17.99.01.1001), Alpha Dua (17.99.01.1002)
    kecamatan Beta  (17.99.02) ─ kelurahan Beta Satu  (17.99.02.1001)
    dinas Disdukcapil (disdukcapil-uji)

Every persona's password is PASSWORD; logins are named by NIP (admin: "admin").
"""

import datetime as dt
import itertools

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import translation

from policy.plan import reference
from units.models import Employee, Schedule, ScheduleDay, Unit

PASSWORD = "rahasia-uji-123"
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


IMMEDIATE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Tasks run inside the request that enqueues them (as TASKS_IMMEDIATE=1 does); tests/test_tasks.py
    puts the database backend back and runs the real worker."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache and no remembered reference tables, as a new process would:
    a board snapshot or a table of an earlier test (whose rows were rolled back, and whose ids SQLite may
    give again) must not answer for this one."""
    cache.clear()
    reference.clear()


def forget_snapshots():
    """Drop the board snapshots (attendance.boards.snapshot) but keep the reference tables' generation, which
    lives in the same cache: the next board request is built afresh."""
    kept = cache.get(reference.GENERATION_KEY)
    cache.clear()
    if kept is not None:
        cache.set(reference.GENERATION_KEY, kept, None)


@pytest.fixture(autouse=True)
def _indonesian():
    """Each test starts in the default language: a request with an English cookie leaves English
    active in the thread after it."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def make_nip(asn_type="PNS", gender="1", birth="19860926", tmt="201505") -> str:
    """A valid NIP, unique in the test run: the sequence restarts at 001 on a later birth date."""
    n = next(_seq)
    birth = (
        dt.date.fromisoformat(f"{birth[:4]}-{birth[4:6]}-{birth[6:]}") + dt.timedelta(days=n // 999)
    ).strftime("%Y%m%d")
    seq = n % 999 + 1
    if asn_type == "PNS":
        return f"{birth}{tmt}{gender}{seq:03d}"
    return f"{birth}{tmt[:4]}21{gender}{seq:03d}"


def five_day_schedule() -> Schedule:
    schedule, created = Schedule.objects.get_or_create(
        code="uji-5-hari", defaults={"name": "Uji 5 hari kerja"}
    )
    if created:
        for weekday in range(5):
            ScheduleDay.objects.create(
                schedule=schedule,
                weekday=weekday,
                start=dt.time(7, 30),
                end=dt.time(16, 30) if weekday == 4 else dt.time(16, 0),
                break_start=dt.time(11, 30) if weekday == 4 else dt.time(12, 0),
                break_end=dt.time(13, 0),
            )
    return schedule


def make_unit(code, name, kind, parent=None, **extra) -> Unit:
    return Unit.objects.create(
        code=code,
        name=name,
        short_name=extra.pop("short_name", name[:60]),
        kind=kind,
        parent=parent,
        schedule=extra.pop("schedule", None) or five_day_schedule(),
        is_frontline=extra.pop("is_frontline", Unit.frontline_by_default(kind)),
        # Off unless a test asks for it (tests/attendance/checkin/test_checkin_photo.py): the check-in
        # tests that are not about the photo post no picture.
        photo_required=extra.pop("photo_required", False),
        **extra,
    )


def make_employee(unit, name, role=Employee.Role.STAFF, login=True, **extra) -> Employee:
    asn_type = extra.pop("asn_type", "PNS")
    nip = extra.pop("nip", None) or make_nip(asn_type)
    user = None
    if login:
        user = get_user_model().objects.create_user(username=nip, password=PASSWORD)
    return Employee.objects.create(
        nip=nip,
        full_name=name,
        asn_type=asn_type,
        position_title=extra.pop("position_title", "Pengadministrasi Umum"),
        position_category=extra.pop("position_category", Employee.PositionCategory.PELAKSANA),
        unit=unit,
        role=role,
        start_date=extra.pop("start_date", dt.date(2015, 5, 1)),
        user=user,
        **extra,
    )


class World:
    """The personas, built once per test that asks for `world`."""

    def __init__(self):
        K = Unit.Kind
        R = Employee.Role
        self.kec_alpha = make_unit("17.99.01", "Kecamatan Alpha", K.KECAMATAN)
        self.kel_alpha1 = make_unit(
            "17.99.01.1001", "Kelurahan Alpha Satu", K.KELURAHAN, self.kec_alpha
        )
        self.kel_alpha2 = make_unit(
            "17.99.01.1002", "Kelurahan Alpha Dua", K.KELURAHAN, self.kec_alpha
        )
        self.kec_beta = make_unit("17.99.02", "Kecamatan Beta", K.KECAMATAN)
        self.kel_beta1 = make_unit(
            "17.99.02.1001", "Kelurahan Beta Satu", K.KELURAHAN, self.kec_beta
        )
        self.dukcapil = make_unit(
            "disdukcapil-uji",
            "Dinas Kependudukan dan Pencatatan Sipil",
            K.DINAS,
            short_name="Disdukcapil",
            is_frontline=True,
        )
        self.admin_user = get_user_model().objects.create_superuser("admin", password=PASSWORD)
        self.camat_alpha = make_employee(self.kec_alpha, "Camat Alpha", R.HEAD)
        self.lurah_alpha1 = make_employee(self.kel_alpha1, "Lurah Alpha Satu", R.HEAD)
        self.lurah_beta1 = make_employee(self.kel_beta1, "Lurah Beta Satu", R.HEAD)
        self.operator_alpha1 = make_employee(self.kel_alpha1, "Operator Alpha Satu", R.OPERATOR)
        self.staff_alpha1 = make_employee(
            self.kel_alpha1,
            "Siti Alpha",
            home_address="Jl. Mawar 1",
            home_latitude="-3.800000",
            home_longitude="102.260000",
        )
        self.staff_alpha2 = make_employee(self.kel_alpha2, "Budi Alpha Dua")
        self.staff_beta1 = make_employee(self.kel_beta1, "Rina Beta")
        self.head_dukcapil = make_employee(self.dukcapil, "Kadis Dukcapil", R.HEAD)


@pytest.fixture
def world(db) -> World:
    return World()


def login(client, who) -> None:
    """Sign `who` (an Employee, or the admin User) in on the test client."""
    user = who.user if isinstance(who, Employee) else who
    client.force_login(user)
