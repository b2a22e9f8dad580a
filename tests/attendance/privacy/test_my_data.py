"""'Unduh data saya': a person downloads everything Hadir keeps about them, and nobody else's."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from attendance.models import CheckIn, Correction
from policy import audit
from policy.models import Arrangement, AuditEvent
from tests.attendance.approvals.test_correction_fixtures import MONDAY, TUESDAY, april, check  # noqa: F401
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("april")
URL = "/saya/data/"


def download(client) -> zipfile.ZipFile:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def rows(archive, name) -> list[list[str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def history(person, days, *, lat="-3.812345", lon="102.267890"):
    """A check-in and a check-out on each of the `days` working days before today."""
    day = MONDAY - dt.timedelta(days=1)
    made = 0
    while made < days:
        day -= dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        check(person, day, "in", 7, 20, latitude=lat, longitude=lon, accuracy_m=12, distance_m=40, location="inside")
        check(person, day, "out", 16, 5, latitude=lat, longitude=lon, accuracy_m=15, distance_m=35, location="inside")
        made += 1


def letter(person, **extra) -> Arrangement:
    arrangement = Arrangement.objects.create(
        employee=person, kind="sakit", start_date=TUESDAY, end_date=TUESDAY, working_days=1,
        status=Arrangement.Status.APPROVED, reason="Demam", **extra,
    )
    arrangement.attachment.save("surat.pdf", ContentFile(b"%PDF-1.7 surat sakit"))
    return arrangement


def test_it_gives_a_person_their_own_data_and_nobody_elses(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    siti, budi = world.staff_alpha1, world.staff_alpha2
    check(siti, MONDAY, "in", 7, 21, latitude="-3.811111", longitude="102.262222", accuracy_m=9, distance_m=30)
    check(budi, MONDAY, "in", 7, 22, latitude="-3.899999", longitude="102.299999", accuracy_m=9, distance_m=31)
    own = letter(siti)
    other = letter(budi)
    Correction.objects.create(employee=siti, date=MONDAY, kind="lupa_pulang", time_out=dt.time(16, 5), reason="Lupa pulang Siti")
    Correction.objects.create(employee=budi, date=MONDAY, kind="lupa_pulang", time_out=dt.time(16, 5), reason="Lupa pulang Budi")
    audit.record(world.lurah_alpha1.user, AuditEvent.Action.APPROVED, employee=siti, arrangement=own, note="Semoga lekas sembuh")
    login(client, siti)

    archive = download(client)

    names = set(archive.namelist())
    assert {"README.txt", "profil.csv", "presensi.csv", "pengajuan.csv", "koreksi.csv", "riwayat.csv",
            "status_harian.csv"} <= names
    profile = dict(row for row in rows(archive, "profil.csv")[1:])
    assert profile["NIP"] == siti.nip and profile["Nama lengkap"] == "Siti Alpha"
    assert profile["Unit kerja"] == "Kelurahan Alpha Satu (17.99.01.1001)"
    assert profile["Alamat domisili terdaftar"] == "Jl. Mawar 1" and profile["Lintang domisili"] == "-3.800000"
    assert profile["Hak akses"] == "Pegawai" and profile["Jadwal kerja"] == "Uji 5 hari kerja"
    checkins = rows(archive, "presensi.csv")
    assert checkins[1][:3] == ["2026-04-06", "Presensi masuk", "2026-04-06 07:21:00"]
    assert ["-3.811111", "102.262222", "9", "30"] == checkins[1][6:10]
    assert len(checkins) == 2
    requests = rows(archive, "pengajuan.csv")
    assert len(requests) == 2 and requests[1][0] == str(own.code) and requests[1][10] == "Disetujui"
    assert archive.read(requests[1][9]) == b"%PDF-1.7 surat sakit"
    corrections = rows(archive, "koreksi.csv")
    assert len(corrections) == 2 and corrections[1][6] == "Lupa pulang Siti"
    trail = rows(archive, "riwayat.csv")
    assert trail[1][1:] == ["Pengajuan disetujui", "Lurah Alpha Satu", "Semoga lekas sembuh"]
    everything = b"".join(archive.read(name) for name in names)
    for foreign in (budi.nip, "-3.899999", "Lupa pulang Budi", str(other.code)):
        assert foreign.encode() not in everything, foreign


def test_it_includes_the_daily_status_codes_from_the_evaluation(client, world):
    siti = world.staff_alpha1
    check(siti, MONDAY, "in", 8, 10)  # 40 minutes late: TL2
    check(siti, MONDAY, "out", 16, 0)
    login(client, siti)
    statuses = {row[0]: row for row in rows(download(client), "status_harian.csv")[1:]}
    assert statuses["2026-04-06"][1] == "TL2" and statuses["2026-04-06"][3] == "40"
    assert statuses["2026-04-08"][1] == "TK"  # a working day without a check-in
    assert max(statuses) == "2026-04-10"  # up to today, nothing after it
    assert min(statuses) == "2025-05-01"  # this month and the eleven before it


def test_it_records_the_download_in_the_audit_trail(client, world):
    login(client, world.staff_alpha1)
    download(client)
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_DOWNLOADED)
    assert event.employee == world.staff_alpha1 and event.actor == world.staff_alpha1.user


def test_it_names_the_file_after_the_person_and_the_day(client, world):
    login(client, world.staff_alpha1)
    response = client.get(URL)
    assert f'filename="data-saya-{world.staff_alpha1.nip}-20260410.zip"' in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_it_works_for_heads_and_operators_with_their_own_data(client, world):
    for who in (world.lurah_alpha1, world.operator_alpha1):
        login(client, who)
        profile = dict(row for row in rows(download(client), "profil.csv")[1:])
        assert profile["NIP"] == who.nip


def test_it_needs_a_sign_in_and_an_employee_record(client, world):
    assert client.get(URL).status_code == 302
    login(client, world.admin_user)  # a bare admin login has no employee record
    assert client.get(URL).status_code == 403


def test_it_says_when_a_letter_was_removed_from_the_server(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    arrangement = letter(world.staff_alpha1)
    arrangement.attachment.storage.delete(arrangement.attachment.name)
    login(client, world.staff_alpha1)
    archive = download(client)
    missing = [name for name in archive.namelist() if name.startswith("lampiran/")]
    assert missing == [f"lampiran/surat-{arrangement.code}.pdf.txt"]


@pytest.mark.parametrize("days", [2, 40])
def test_it_runs_a_fixed_number_of_queries_whatever_the_history(
    client, world, settings, tmp_path, days, django_assert_max_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    siti = world.staff_alpha1
    history(siti, days)
    for _ in range(days // 2):
        letter(siti)
    login(client, siti)
    with django_assert_max_num_queries(22):
        archive = download(client)
    assert len(rows(archive, "presensi.csv")) == 1 + 2 * days
    assert CheckIn.objects.filter(employee=siti).count() == 2 * days
