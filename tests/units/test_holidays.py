"""Holidays seeded from the `holidays` package: the SKB 2026 list, idempotent, admin edits kept."""

import csv
import datetime as dt
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from units import holidays
from units.models import Holiday

SKB_2026 = Path(__file__).resolve().parents[1] / "data" / "holidays_2026_indonesia.csv"
CATEGORIES = {"public": Holiday.Category.PUBLIC, "government": Holiday.Category.GOVERNMENT}


def skb_2026() -> list[tuple[dt.date, str, str]]:
    with open(SKB_2026, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return sorted(
        (dt.date.fromisoformat(r["tanggal"]), r["nama"], CATEGORIES[r["holidays_pkg_category"]])
        for r in rows
    )


def stored() -> list[tuple[dt.date, str, str]]:
    return sorted(Holiday.objects.values_list("date", "name", "category"))


def test_it_reads_the_skb_2026_list_from_the_package():
    assert holidays.national_holidays([2026]) == skb_2026()


def test_it_seeds_the_17_holidays_and_8_cuti_bersama_of_2026(db):
    assert holidays.sync([2026]) == (25, 0)
    assert stored() == skb_2026()
    assert Holiday.objects.filter(category=Holiday.Category.PUBLIC).count() == 17
    assert Holiday.objects.filter(category=Holiday.Category.GOVERNMENT).count() == 8
    assert set(Holiday.objects.values_list("source", flat=True)) == {Holiday.Source.PACKAGE}


def test_it_does_not_duplicate_on_a_second_sync(db):
    holidays.sync([2026])
    assert holidays.sync([2026]) == (0, 0)
    assert stored() == skb_2026()


def test_it_never_overwrites_a_row_an_admin_edited(db):
    holidays.sync([2026])
    Holiday.objects.filter(date=dt.date(2026, 3, 20)).update(
        name="Cuti Bersama Idul Fitri (diubah admin)", source=Holiday.Source.ADMIN
    )
    Holiday.objects.create(
        date=dt.date(2026, 12, 24), name="Cuti Bersama Natal (admin)",
        category=Holiday.Category.LOCAL,
    )
    assert holidays.sync([2026]) == (0, 0)
    edited = Holiday.objects.get(date=dt.date(2026, 3, 20))
    assert (edited.name, edited.source) == ("Cuti Bersama Idul Fitri (diubah admin)", "admin")
    assert Holiday.objects.count() == 26


def test_it_renames_a_package_row_when_the_package_renames_it(db):
    holidays.sync([2026])
    Holiday.objects.filter(date=dt.date(2026, 1, 1)).update(name="Tahun Baru")
    assert holidays.sync([2026]) == (0, 1)
    assert Holiday.objects.get(date=dt.date(2026, 1, 1)).name == "Tahun Baru Masehi"


def test_it_syncs_the_years_asked_for_on_the_command_line(db):
    out = StringIO()
    call_command("sync_holidays", "--years", "2026", "2027", stdout=out)
    assert "2026, 2027" in out.getvalue()
    assert Holiday.objects.filter(date__year=2026).count() == 25
    assert Holiday.objects.filter(date__year=2027, category=Holiday.Category.GOVERNMENT).exists()
