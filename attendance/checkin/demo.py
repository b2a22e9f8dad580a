"""Demo face photos (`manage.py load_demo`): drawn faces (attendance.checkin.face_sample), never real people,
on the recent phone check-ins of the demo staff accounts and on the flagged phone check-ins of their units,
so the person sees their photos on /saya/ and in "Unduh data saya", and a head sees one beside a flagged
check-in. Safe to run again: a check-in that has a photo keeps it.
"""

from attendance.checkin import face_sample, photos
from attendance.models import FLAGGED_LOCATIONS, CheckIn
from units.demo import DEMO_ACCOUNTS

DAYS = 5  # the demo staff's most recent days with phone check-ins
FLAGGED = 20  # flagged phone check-ins of the same units, most recent first


def _rows() -> list[CheckIn]:
    staff = [a["nip"] for a in DEMO_ACCOUNTS if a["role"] == "staff"]
    units = {a["unit"] for a in DEMO_ACCOUNTS if a["role"] == "staff"}
    phone = CheckIn.objects.filter(method=CheckIn.Method.PHONE).select_related("employee")
    dates = sorted(set(phone.filter(employee__nip__in=staff).values_list("date", flat=True)), reverse=True)[:DAYS]
    own = list(phone.filter(employee__nip__in=staff, date__in=dates))
    flagged = list(
        phone.filter(employee__unit__code__in=units, location__in=FLAGGED_LOCATIONS)
        .exclude(employee__nip__in=staff)
        .order_by("-date", "-at")[:FLAGGED]
    )
    return own + flagged


def load() -> str:
    added = 0
    for row in _rows():
        if row.photo:
            continue
        # The same drawn face for the same person, a little off centre from one day to the next.
        shift = row.date.toordinal() % 5 * 12 - 24
        image = face_sample.face(seed=row.employee_id, centre=(320 + shift, 240 - shift // 2))
        photo = photos.check_bytes(face_sample.jpeg(image, quality=80))
        CheckIn.objects.filter(pk=row.pk).update(photo=photos.store(photo, row.at))
        added += 1
    return f"Demo face photos: {added} check-ins given a drawn face photo.\n"
