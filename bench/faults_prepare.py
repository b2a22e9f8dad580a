"""Prepare the fault demo's private database (run by bench/faults.py inside Django, never by hand):

    python -m bench.faults_prepare <out.json> <staff>

- every demo staff member taken (heads and operators check in too) works every day, holidays included, so the demo runs on any date;
- each gets a signed-in session, made directly (a sign-in through the form costs ~0.5 s of PBKDF2);
- each gets the position the check-in form would send: inside the office fence (or home on WFH).
Writes the list as JSON for the driver.
"""

import datetime as dt
import json
import sys


def main(out: str, staff: int) -> None:
    import django

    django.setup()

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from attendance.checkin import recording
    from attendance.models import CheckIn
    from policy.plan.building import build_plan
    from units import clock
    from units.models import Employee, Schedule, ScheduleDay, Unit

    if CheckIn.objects.exists():
        raise SystemExit("faults_prepare: the private database already has check-ins")
    with transaction.atomic():
        schedule, _ = Schedule.objects.get_or_create(
            code="uji-gangguan", defaults={"name": "Uji gangguan: setiap hari", "works_on_holidays": True}
        )
        for weekday in range(7):
            ScheduleDay.objects.get_or_create(
                schedule=schedule,
                override=None,
                weekday=weekday,
                defaults={"start": dt.time(7, 30), "end": dt.time(16, 0)},
            )
        people = list(
            Employee.objects.filter(is_active=True, user__isnull=False)
            .select_related("unit", "user")
            .order_by("pk")[:staff]
        )
        Employee.objects.filter(pk__in=[p.pk for p in people]).update(schedule=schedule)
        # The demo tests the database and the workers, not the face photo (make bench measures that): no unit
        # asks for one, so the driver's check-ins stay plain forms.
        Unit.objects.update(photo_required=False)

    today = clock.today()
    for person in people:
        person.schedule = schedule
    plan = build_plan(people, [today], minimums=False)  # what checkin.day_for sees, for all at once
    rows = []
    for person in people:
        cell = plan.cells[(person.pk, today)]
        if not cell.checks_in:
            continue
        fences = recording.fences_for(person, cell)
        latitude, longitude = (fences[0].latitude, fences[0].longitude) if fences else (-3.8, 102.27)
        session = SessionStore()
        session[SESSION_KEY] = str(person.user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = person.user.get_session_auth_hash()
        session.create()
        rows.append(
            {
                "employee": person.pk,
                "user": person.user.pk,
                "session": session.session_key,
                "latitude": round(latitude, 6),
                "longitude": round(longitude, 6),
                "accuracy": 12,
                "date": today.isoformat(),
            }
        )
    with open(out, "w", encoding="utf-8") as f:
        json.dump(rows, f)
    print(f"prepared {len(rows)} staff with sessions (of {len(people)} taken), business date {today}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
