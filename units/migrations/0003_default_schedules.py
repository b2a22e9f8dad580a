"""The default schedules every installation starts with; admins edit them afterwards.

Safe to re-run (get_or_create by code; an existing schedule is left exactly as the admin set it), so
`load_demo` and the tests call `create_default_schedules(django.apps.apps, None)` again after a
flushed database.
"""

import datetime as dt

from django.db import migrations

MON_THU = (0, 1, 2, 3)
FRIDAY = 4
SATURDAY = 5
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)

# Ramadan 1447 H ran 19 February – 20 March 2026: 1 Syawal (Idul Fitri) was 21 March after a 30-day month
# (sidang isbat; the holidays table has Idul Fitri on 21 March). Corrected in 0014_ramadan_1447_range_and_break.
RAMADAN_1447 = {
    "name": "Ramadan 1447 H",
    "legal_basis": "SE Pj Sekda Kota Bengkulu No. 04/2026",
    "start_date": dt.date(2026, 2, 19),
    "end_date": dt.date(2026, 3, 20),
}


def t(text):
    return dt.time.fromisoformat(text) if text else None


def week(*groups):
    """{weekday: (start, end, break_start, break_end)} from (weekdays, hours) pairs."""
    return {day: hours for days, hours in groups for day in days}


DEFAULT_SCHEDULES = [
    {
        "code": "5-hari",
        "name": "5 hari kerja",
        "kind": "weekly",
        "works_on_holidays": False,
        "description": (
            "Perpres 21/2023: Senin–Jumat, 37 jam 30 menit per minggu di luar istirahat, "
            "masuk 07.30. Jadwal Ramadan mengikuti SE Pj Sekda Kota Bengkulu No. 04/2026."
        ),
        "week": week(
            (MON_THU, ("07:30", "16:00", "12:00", "13:00")),
            ((FRIDAY,), ("07:30", "16:30", "11:30", "13:00")),
        ),
        "overrides": [
            dict(
                RAMADAN_1447,
                week=week(
                    (MON_THU, ("08:00", "15:00", "12:00", "12:30")),
                    ((FRIDAY,), ("08:00", "15:30", "11:30", "12:30")),
                ),
            )
        ],
        "shifts": [],
    },
    {
        "code": "6-hari",
        "name": "6 hari kerja",
        "kind": "weekly",
        "works_on_holidays": False,
        "description": (
            "Unit yang bekerja Senin–Sabtu (Perpres 21/2023 Pasal 7). Jam normal ini adalah "
            "nilai awal yang bisa diubah (37 jam 30 menit bersih per minggu): jam kerja normal "
            "6 hari Kota Bengkulu belum dipublikasikan. Jadwal Ramadan mengikuti SE Pj Sekda "
            "Kota Bengkulu No. 04/2026."
        ),
        "week": week(
            (MON_THU + (SATURDAY,), ("07:30", "14:15", "12:00", "12:30")),
            ((FRIDAY,), ("07:30", "14:45", "11:30", "12:30")),
        ),
        "overrides": [
            dict(
                RAMADAN_1447,
                week=week(
                    # SE 04/2026: the 6-day units break 12.00–12.30 (Friday 11.30–12.30).
                    (MON_THU + (SATURDAY,), ("08:00", "14:00", "12:00", "12:30")),
                    ((FRIDAY,), ("08:00", "14:00", "11:30", "12:30")),
                ),
            )
        ],
        "shifts": [],
    },
    {
        "code": "shift-24-jam",
        "name": "Shift 24 jam (puskesmas)",
        "kind": "shift",
        "works_on_holidays": True,
        "description": (
            "Layanan 24 jam setiap hari, termasuk hari libur (puskesmas sejak 26 Mei 2025, "
            "rumah sakit). Pola shift 3 × 8 jam ini pola umum, belum diverifikasi dengan "
            "Dinas Kesehatan; silakan ubah."
        ),
        # 00:00–00:00: the service hours cross midnight, i.e. the whole day.
        "week": week((EVERY_DAY, ("00:00", "00:00", None, None))),
        "overrides": [],
        "shifts": [
            ("pagi", "Pagi", "07:00", "14:00"),
            ("siang", "Siang", "14:00", "21:00"),
            ("malam", "Malam", "21:00", "07:00"),
        ],
    },
]


def _days(ScheduleDay, schedule, override, hours_by_day):
    ScheduleDay.objects.bulk_create(
        ScheduleDay(
            schedule=schedule,
            override=override,
            weekday=day,
            start=t(start),
            end=t(end),
            break_start=t(break_start),
            break_end=t(break_end),
        )
        for day, (start, end, break_start, break_end) in sorted(hours_by_day.items())
    )


def create_default_schedules(apps, schema_editor):
    Schedule = apps.get_model("units", "Schedule")
    ScheduleOverride = apps.get_model("units", "ScheduleOverride")
    ScheduleDay = apps.get_model("units", "ScheduleDay")
    Shift = apps.get_model("units", "Shift")
    for spec in DEFAULT_SCHEDULES:
        schedule, created = Schedule.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "works_on_holidays": spec["works_on_holidays"],
                "description": spec["description"],
            },
        )
        if not created:
            continue
        _days(ScheduleDay, schedule, None, spec["week"])
        for item in spec["overrides"]:
            override = ScheduleOverride.objects.create(
                schedule=schedule,
                name=item["name"],
                legal_basis=item["legal_basis"],
                start_date=item["start_date"],
                end_date=item["end_date"],
            )
            _days(ScheduleDay, schedule, override, item["week"])
        Shift.objects.bulk_create(
            Shift(schedule=schedule, code=code, name=name, start=t(start), end=t(end))
            for code, name, start, end in spec["shifts"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_staffimport"),
    ]

    operations = [
        migrations.RunPython(create_default_schedules, migrations.RunPython.noop),
    ]
