"""The check-in reads holidays, policies and schedules from memory (policy.plan.reference): an admin's change is
seen at once in the process that made it, at the next check-in wherever the generation is shared, and
within TTL seconds even when the change bypassed the signals."""

import datetime as dt

from django.core.cache import cache

from attendance.models import CheckIn
from policy.plan import reference
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    _office,  # noqa: F401 (fixture "office")
    post,
    text,
)
from tests.conftest import login
from units.models import Holiday

TOMORROW = MONDAY + dt.timedelta(days=1)


def _holiday(day):
    return Holiday.objects.create(date=day, name="Hari Jadi Kota Bengkulu", category=Holiday.Category.LOCAL)


def test_it_sees_a_holiday_added_after_the_tables_were_read(client, world, office, frozen):
    login(client, world.staff_alpha1)
    assert "Presensi masuk" in text(client.get("/saya/"))  # the tables are in memory now
    _holiday(MONDAY)
    page = text(post(client, OFFICE, htmx=True))
    assert "Hari ini libur; tidak perlu presensi." in page
    assert not CheckIn.objects.exists()


def test_it_reads_again_when_another_worker_bumped_the_generation(client, world, office, frozen):
    holiday = _holiday(TOMORROW)
    login(client, world.staff_alpha1)
    client.get("/saya/")
    Holiday.objects.filter(pk=holiday.pk).update(date=MONDAY)  # no signal in this process
    assert CheckIn.objects.count() == 0
    cache.incr(reference.GENERATION_KEY)  # what another worker's bump does to a shared cache
    assert "Hari ini libur; tidak perlu presensi." in text(post(client, OFFICE, htmx=True))
    assert not CheckIn.objects.exists()


def test_it_reads_again_after_ttl_seconds_whatever_happened(client, world, office, frozen, monkeypatch):
    holiday = _holiday(TOMORROW)
    login(client, world.staff_alpha2)
    client.get("/saya/")
    Holiday.objects.filter(pk=holiday.pk).update(date=MONDAY)  # bypasses the signals
    login(client, world.staff_alpha1)
    post(client, OFFICE)
    assert CheckIn.objects.count() == 1  # within TTL the copy in memory still says "working day"

    later = reference.time.monotonic() + reference.TTL + 1
    monkeypatch.setattr(reference.time, "monotonic", lambda: later)
    login(client, world.staff_alpha2)
    assert "Hari ini libur; tidak perlu presensi." in text(post(client, OFFICE, htmx=True))
    assert CheckIn.objects.count() == 1


def test_it_bumps_again_when_the_change_commits(world, django_capture_on_commit_callbacks):
    before = reference.generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _holiday(TOMORROW)
        assert reference.generation() == before + 1  # at once, for reads in the same transaction
    assert len(callbacks) == 1
    assert reference.generation() == before + 2  # and once committed, over reads made meanwhile


def test_it_keeps_a_table_until_something_changes(world):
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    reference.clear()
    assert reference.remembered("probe", load) == 1
    assert reference.remembered("probe", load) == 1
    _holiday(TOMORROW)
    assert reference.remembered("probe", load) == 2
    assert len(loads) == 2
