"""Retention (UU 27/2022 Pasal 43-44): `purge_personal_data` clears old check-in coordinates and deletes old
attachment files, and keeps everything the status codes and the recaps need."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn, Correction
from policy.models import Arrangement, AuditEvent
from tests.attendance.approvals.test_correction_fixtures import april, check, jakarta  # noqa: F401

pytestmark = pytest.mark.usefixtures("april")

# Today is Friday 10 April 2026; with the default 92 days the cutoff is Thursday 8 January 2026.
CUTOFF = dt.date(2026, 1, 8)
OLD = dt.date(2026, 1, 7)  # Wednesday, the last day purged
NEW = CUTOFF  # Thursday, the first day kept
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def located(person, day, hh, mm, kind="in", **extra) -> CheckIn:
    extra = {"latitude": "-3.812345", "longitude": "102.267890", "accuracy_m": 12, "distance_m": 640,
             "location": "outside", "reason": "Rapat di kecamatan", **extra}
    return check(person, day, kind, hh, mm, **extra)


def with_file(row, name, content=b"%PDF-1.7 surat"):
    row.attachment.save(name, ContentFile(content))
    return row


def sick_letter(person, day, status=Arrangement.Status.APPROVED) -> Arrangement:
    arrangement = Arrangement.objects.create(
        employee=person, kind="sakit", start_date=day, end_date=day, working_days=1, status=status
    )
    return with_file(arrangement, "surat.pdf")


def correction(person, day, status=Correction.Status.APPROVED) -> Correction:
    row = Correction.objects.create(employee=person, date=day, kind="gps_gagal", reason="GPS gagal", status=status)
    return with_file(row, "bukti.png", b"\x89PNG\r\n\x1a\n")


def statuses(person, days):
    return evaluate([person], days).statuses


def test_it_clears_coordinates_older_than_the_cutoff_and_keeps_newer_ones(world):
    siti = world.staff_alpha1
    old_in, old_out = located(siti, OLD, 7, 50), located(siti, OLD, 15, 0, "out")
    new_in = located(siti, NEW, 7, 20)
    days = [OLD, NEW]
    before = statuses(siti, days)

    output = purge()

    for row in (old_in, old_out):
        row.refresh_from_db()
        assert (row.latitude, row.longitude, row.accuracy_m) == (None, None, None)
        # What the operators and the recaps need is kept.
        assert (row.date, row.distance_m, row.location, row.reason) == (OLD, 640, "outside", "Rapat di kecamatan")
    assert old_in.kind == "in" and old_in.at == jakarta(OLD, 7, 50)
    new_in.refresh_from_db()
    assert str(new_in.latitude) == "-3.812345" and new_in.accuracy_m == 12
    assert statuses(siti, days) == before
    assert before[(siti.pk, OLD)].codes == ("TL1", "PSW2")
    assert "check-ins with coordinates cleared: 2" in output


def test_it_deletes_old_attachment_files_and_keeps_the_rows(world, media):
    siti = world.staff_alpha1
    old_letter, new_letter = sick_letter(siti, OLD), sick_letter(siti, NEW)
    old_fix, new_fix = correction(siti, OLD), correction(siti, NEW)
    old_files = [old_letter.attachment.path, old_fix.attachment.path]
    new_files = [new_letter.attachment.path, new_fix.attachment.path]

    output = purge()

    assert not any(Path(f).exists() for f in old_files)
    assert all(Path(f).exists() for f in new_files)
    old_letter.refresh_from_db()
    old_fix.refresh_from_db()
    assert old_letter.attachment.name == "" and old_letter.status == "approved" and old_letter.kind == "sakit"
    assert old_fix.attachment.name == "" and old_fix.status == "approved"
    assert Arrangement.objects.count() == 2 and Correction.objects.count() == 2
    assert "request letters deleted: 1" in output and "correction attachments deleted: 1" in output


def test_it_keeps_the_letter_of_a_request_still_waiting_for_a_decision(world):
    waiting = sick_letter(world.staff_alpha1, OLD, status=Arrangement.Status.PENDING)
    fix = correction(world.staff_alpha1, OLD, status=Correction.Status.PENDING)
    purge()
    assert Path(waiting.attachment.path).exists() and Path(fix.attachment.path).exists()


def test_a_dry_run_changes_nothing(world):
    siti = world.staff_alpha1
    row = located(siti, OLD, 7, 20)
    letter = sick_letter(siti, OLD)

    output = purge("--dry-run")

    row.refresh_from_db()
    letter.refresh_from_db()
    assert row.latitude is not None and Path(letter.attachment.path).exists()
    assert "Would purge (dry run, nothing changed):" in output and "check-ins with coordinates cleared: 1" in output
    assert not AuditEvent.objects.exists()


def test_a_second_run_purges_nothing(world):
    siti = world.staff_alpha1
    located(siti, OLD, 7, 20)
    sick_letter(siti, OLD)
    purge()
    output = purge()
    assert "Nothing to purge." in output
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DATA_PURGED).count() == 1


def test_it_records_the_purge_in_the_audit_trail(world):
    located(world.staff_alpha1, OLD, 7, 20)
    correction(world.staff_alpha1, OLD)
    purge()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_PURGED)
    assert event.actor == world.admin_user and event.employee is None
    assert event.data == {
        "cutoff": "2026-01-08", "retention_days": 92, "coordinates": 1, "letters": 0, "correction_files": 1,
        "photos": 0, "stray_photos": 0,
    }


def test_it_names_the_actor_it_is_given(world):
    located(world.staff_alpha1, OLD, 7, 20)
    purge("--actor", world.lurah_alpha1.user.username)
    assert AuditEvent.objects.get().actor == world.lurah_alpha1.user


def test_it_refuses_to_purge_without_anyone_to_record(world):
    located(world.staff_alpha1, OLD, 7, 20)
    world.admin_user.delete()
    with pytest.raises(CommandError, match="--actor"):
        purge()
    assert CheckIn.objects.get().latitude is not None


def test_it_follows_the_retention_setting(world, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30  # cutoff 11 March 2026
    siti = world.staff_alpha1
    march_10, march_11 = located(siti, dt.date(2026, 3, 10), 7, 20), located(siti, dt.date(2026, 3, 11), 7, 20)
    purge()
    march_10.refresh_from_db()
    march_11.refresh_from_db()
    assert march_10.latitude is None and march_11.latitude is not None


@pytest.mark.parametrize("size", [3, 30])
def test_it_runs_a_fixed_number_of_queries_whatever_the_number_of_rows(world, size):
    siti = world.staff_alpha1
    for n in range(size):
        day = OLD - dt.timedelta(days=n)
        located(siti, day, 7, 20)
        sick_letter(siti, day)
        correction(siti, day)
    with CaptureQueriesContext(connection) as queries:
        output = purge()
    # 4 counts and the old photos' keys, the actor, the list of photos (none here: test_checkin_photos.py has
    # them), 1 UPDATE of check-ins, 2 x (list + UPDATE) for the files, the photos' keys again (files no row
    # names), the audit event.
    assert len(queries.captured_queries) == 14, [q["sql"] for q in queries.captured_queries]
    assert f"request letters deleted: {size}" in output
    assert not CheckIn.objects.filter(latitude__isnull=False).exists()


def test_the_default_is_92_days_and_the_environment_changes_it():
    def read(**env):
        clean = {k: v for k, v in os.environ.items() if k != "PERSONAL_DATA_RETENTION_DAYS"}
        return subprocess.run(
            [sys.executable, "-c", "import config.settings as s; print(s.PERSONAL_DATA_RETENTION_DAYS)"],
            cwd=ROOT, env={**clean, "DEBUG": "1", **env}, capture_output=True, text=True, timeout=60,
        )

    assert read().stdout.strip() == "92"
    assert read(PERSONAL_DATA_RETENTION_DAYS="120").stdout.strip() == "120"
    refused = read(PERSONAL_DATA_RETENTION_DAYS="0")
    assert refused.returncode != 0 and "PERSONAL_DATA_RETENTION_DAYS" in refused.stderr


def test_it_deletes_files_in_batches(world, monkeypatch):
    from attendance.privacy import personal_data

    monkeypatch.setattr(personal_data, "BATCH", 2)
    letters = [sick_letter(world.staff_alpha1, OLD - dt.timedelta(days=n)) for n in range(5)]
    paths = [Path(a.attachment.path) for a in letters]
    with CaptureQueriesContext(connection) as queries:
        output = purge()
    updates = [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "policy_arrangement"')]
    assert len(updates) == 3  # 2 + 2 + 1
    assert not any(p.exists() for p in paths) and "request letters deleted: 5" in output
    assert not Arrangement.objects.exclude(attachment="").exists()
