"""Discipline by ASN type, compared with tables written from the regulations (run on SQLite and PostgreSQL).

Sources:
- PP 94/2021 Pasal 9-11 (PNS; attendance/data/pp94_2021_sanksi_tidak_masuk.csv): working days absent without
  a valid reason in a year: 3 teguran lisan; 4-6 teguran tertulis; 7-10 pernyataan tidak puas secara tertulis;
  11-13, 14-16, 17-20 pemotongan tunjangan kinerja 25 % for 6, 9, 12 months; 21-24 penurunan jabatan; 25-27
  pembebasan dari jabatan menjadi pelaksana; 28+ pemberhentian dengan hormat tidak atas permintaan sendiri
  sebagai PNS. Pasal 15(2): 10 consecutive working days, the same dismissal.
- PPPK (DOMAIN.md section 3: PP 49/2018 with PP 94/2021 applied by analogy; BKPP Demak PPPK orientation): the
  same light sanctions; moderate: a delayed periodic raise or one grade lower for a year; heavy: ending the
  contract (pemutusan hubungan perjanjian kerja). Never "pemberhentian sebagai PNS" nor a tukin cut or demotion.
- Code table (attendance_codes_examples.csv): "TL4 … >90 menit atau tidak presensi masuk"; "TK … tidak hadir
  tanpa alasan sah": a working day with no record at all.
- Penjelasan PP 53/2010 (DOMAIN.md: [UNVERIFIED] for PP 94/2021): lateness and early leaving added up to 7.5 h
  count as one day absent. An admin switch, off by default.
"""

import csv
import datetime as dt
import io
import re

import pytest

from attendance.evaluation.bulk import evaluate
from attendance.evaluation.status import Band, evaluate_day
from attendance.recap import monthly
from policy.plan import day_plan
from tests.attendance.recap.test_recap_totals import check, freeze, on_time
from tests.attendance.recap.test_recap_unit import page_rows
from tests.conftest import login, make_employee, make_unit
from units import regulation
from units.models import Employee, RegulationRule, Unit
from units.nip import normalize_nip
from units.schedule import Hours

# --- The ladders -------------------------------------------------------------------------------------------

# (TK days in a year, PNS level, words of the PNS sanction, PPPK level, words of the PPPK consequence)
LADDERS = [
    (2, None, None, None, None),
    (3, "Ringan", "teguran lisan", "Ringan", "teguran lisan"),
    (5, "Ringan", "teguran tertulis", "Ringan", "teguran tertulis"),
    (8, "Ringan", "pernyataan tidak puas", "Ringan", "pernyataan tidak puas"),
    (12, "Sedang", "tunjangan kinerja 25% selama 6 bulan", "Sedang", "penundaan kenaikan gaji berkala"),
    (15, "Sedang", "tunjangan kinerja 25% selama 9 bulan", "Sedang", "penurunan satu tingkat grade"),
    (18, "Sedang", "tunjangan kinerja 25% selama 12 bulan", "Sedang", "selama 1 tahun"),
    (22, "Berat", "penurunan jabatan", "Berat", "pemutusan hubungan perjanjian kerja"),
    (26, "Berat", "jabatan pelaksana", "Berat", "pemutusan hubungan perjanjian kerja"),
    (30, "Berat", "sebagai pns", "Berat", "pemutusan hubungan perjanjian kerja"),
]
PNS_WORDING = ("pns", "tunjangan kinerja", "jabatan", "pemberhentian")


@pytest.mark.parametrize("days, pns_level, pns_words, pppk_level, pppk_words", LADDERS)
def test_the_seeded_ladders_follow_the_regulations(db, days, pns_level, pns_words, pppk_level, pppk_words):
    ladders = monthly.ladders()
    pns = monthly.sanction_for(days, list(ladders["PNS"].steps))
    pppk = monthly.sanction_for(days, list(ladders["PPPK"].steps))
    assert (pns and pns.level, pppk and pppk.level) == (pns_level, pppk_level)
    if pns_words:
        assert pns_words in pns.sanction.lower()
        assert pppk_words in pppk.sanction.lower()
        assert not any(word in pppk.sanction.lower() for word in PNS_WORDING)


def test_ten_consecutive_days_end_the_service_by_type(db):
    ladders = monthly.ladders()
    run = monthly.Tally(10, 10, 10)
    assert monthly.streak_for(monthly.Tally(9, 9, 9), ladders["PNS"]) is None
    assert monthly.streak_for(run, ladders["PNS"]).sanction.lower().startswith("pemberhentian")
    pppk = monthly.streak_for(run, ladders["PPPK"])
    assert "pemutusan hubungan perjanjian kerja" in pppk.sanction.lower()
    assert not any(word in pppk.sanction.lower() for word in PNS_WORDING)


def test_every_rung_has_its_source_and_the_pppk_ones_say_by_analogy(db):
    from attendance.models import SanctionLevel

    rows = list(SanctionLevel.objects.all())
    assert rows and all(r.source for r in rows)
    assert all("analogi" in r.source for r in rows if r.asn_type == "PPPK")
    assert all("PP 94/2021" in r.source for r in rows if r.asn_type == "PNS")


# --- TL4 without an arrival, TK without any record (the pure status) ---------------------------------------

LATE = [Band("TL1", 1, 30), Band("TL2", 31, 60), Band("TL3", 61, 90), Band("TL4", 91, None)]
EARLY = [Band("PSW1", 1, 30), Band("PSW2", 31, 60), Band("PSW3", 61, 90), Band("PSW4", 91, None)]
MONDAY = dt.date(2026, 4, 6)
HOURS = Hours(dt.time(7, 30), dt.time(16, 0), dt.time(12, 0), dt.time(13, 0))
ONSITE = day_plan.PlannedDay(day_plan.ONSITE, "policy")


def at(hh, mm):
    return dt.datetime.combine(MONDAY, dt.time(hh, mm))


# (arrival, departure, now, codes): the code table's rows.
STATUS = [
    (None, at(16, 5), at(23, 0), ("TL4",)),  # a check-out, no arrival: TL4, not TK
    (None, at(15, 0), at(23, 0), ("TL4", "PSW2")),  # and the early departure counts too
    (None, at(16, 5), at(16, 6), ("TL4",)),  # known as soon as the check-out is made
    (None, None, at(23, 0), ("TK",)),  # no record at all once the day is over: TK
    (None, None, at(10, 0), ("-",)),  # the day is not over: pending
    (at(9, 1), at(16, 0), at(23, 0), ("TL4",)),  # over 90 minutes late: TL4 too
]


@pytest.mark.parametrize("first_in, last_out, now, codes", STATUS)
def test_the_status_follows_the_code_table(first_in, last_out, now, codes):
    status = evaluate_day(
        day=MONDAY, planned=ONSITE, hours=HOURS, first_in=first_in, last_out=last_out, now=now,
        late_bands=LATE, early_bands=EARLY,
    )
    assert status.codes == codes
    assert status.missing_in == (first_in is None and last_out is not None)


# --- The same through the database: evaluation, recap page, export ------------------------------------------

AFTER = dt.date(2026, 5, 4)


def working_days(year, month):
    return [d for d in monthly.month_days(year, month) if d.weekday() < 5]


@pytest.fixture
def people(world, monkeypatch):
    """March-April 2026 (no holidays here). Ani on time throughout (Hadir records from 2 March).
    Budi (PNS) and Putri (PPPK): nothing in March, 22 TK days in a row, April on time.
    Rina (PPPK): every other working day of March and 1 April with no record (12 TK days, never two in a
    row), on time otherwise: moderate.
    Tono (PNS): on 6 April only a check-out at 16:05: TL4, not TK; on time otherwise.
    Lina (PNS): 2 TK days (2-3 March); 8 days in March 60 minutes late (480 minutes: one 7.5 h TK day)."""
    freeze(monkeypatch, AFTER)
    unit = make_unit("17.99.01.1077", "Kelurahan Disiplin Uji", Unit.Kind.KELURAHAN, world.kec_alpha)
    ani = make_employee(unit, "Ani Disiplin")
    budi = make_employee(unit, "Budi Disiplin")
    putri = make_employee(unit, "Putri Disiplin", asn_type="PPPK")
    rina = make_employee(unit, "Rina Disiplin", asn_type="PPPK")
    tono = make_employee(unit, "Tono Disiplin")
    lina = make_employee(unit, "Lina Disiplin")
    march, april = working_days(2026, 3), working_days(2026, 4)
    for day in march + april:
        on_time(ani, day)
        if day.month == 4:
            on_time(budi, day)
            on_time(putri, day)
        if not (day in march and march.index(day) % 2 == 0 or day == dt.date(2026, 4, 1)):
            on_time(rina, day)
        if day != MONDAY:
            on_time(tono, day)
    check(tono, MONDAY, "out", 16, 5)
    for i, day in enumerate(march[2:] + april):
        if i < 8:
            check(lina, day, "in", 8, 30)  # 60 minutes late
            check(lina, day, "out", 16, 35)
        else:
            on_time(lina, day)
    return {"unit": unit, "ani": ani, "budi": budi, "putri": putri, "rina": rina, "tono": tono, "lina": lina}


def recap(people):
    return {r.employee.pk: r for r in monthly.gather(
        monthly.ordered(Employee.objects.filter(unit=people["unit"])), 2026, 4, today=AFTER
    ).rows}


def test_a_check_out_without_arrival_is_tl4_on_every_path(people):
    tono = people["tono"]
    for lean in (False, True):
        status = evaluate([tono], [MONDAY, MONDAY + dt.timedelta(days=1)], lean=lean).status(tono.pk, MONDAY)
        assert status.codes == ("TL4",)
    row = recap(people)[tono.pk]
    assert (row.summary.counts["TL4"], row.summary.counts["TK"], row.tally.days) == (1, 0, 0)


def test_each_type_gets_its_own_ladder_in_the_recap(people):
    rows = recap(people)
    budi, putri, rina = rows[people["budi"].pk], rows[people["putri"].pk], rows[people["rina"].pk]
    assert (budi.tally.days, putri.tally.days, rina.tally.days) == (22, 22, 12)
    assert budi.level.sanction.startswith("Penurunan jabatan")
    assert budi.streak.sanction.startswith("Pemberhentian")
    assert "pemutusan hubungan perjanjian kerja" in putri.level.sanction.lower()
    assert "pemutusan hubungan perjanjian kerja" in putri.streak.sanction.lower()
    assert (rina.level.level, rina.streak) == ("Sedang", None)
    assert "penundaan kenaikan gaji berkala" in rina.level.sanction.lower()


def test_the_lateness_conversion_is_off_by_default_and_counts_when_switched_on(people):
    rule = RegulationRule.objects.get(key=regulation.LATENESS_TO_TK_MINUTES)
    assert (rule.value, rule.enabled, rule.verified) == (450, False, False)
    assert "PP 53/2010" in rule.source
    lina = recap(people)[people["lina"].pk]
    assert (lina.tally.days, lina.tally.minutes, lina.converted, lina.level) == (2, 480, 0, None)
    rule.enabled = True
    rule.save()
    lina = recap(people)[people["lina"].pk]
    assert (lina.tally.days, lina.converted) == (2, 1)
    assert lina.level.sanction == "Teguran lisan"  # 2 + 1 = 3 days
    assert lina.conversion_note() == "+1 hari TK dari 8 jam terlambat dan pulang cepat sejak 1 Januari"
    assert monthly.converted(899, 450) == 1 and monthly.converted(900, 450) == 2 and monthly.converted(900, None) == 0


def _row_html(html: str, nip: str) -> str:
    return re.search(rf'<tr data-nip="{nip}">(.*?)</tr>', html, re.S).group(1)


def test_a_pppk_recap_never_shows_pns_wording_on_the_page_or_in_the_file(client, world, people):
    login(client, world.admin_user)
    html = client.get("/rekap/unit/17.99.01.1077/?bulan=2026-04").content.decode()
    for who in ("putri", "rina"):
        row = _row_html(html, people[who].nip).lower()
        assert not any(word in row.replace(people[who].full_name.lower(), "") for word in PNS_WORDING), row
    assert "pemutusan hubungan perjanjian kerja" in _row_html(html, people["putri"].nip).lower()
    assert "penurunan jabatan" in _row_html(html, people["budi"].nip).lower()
    assert page_rows(html)[people["tono"].nip]["TL4"] == "1"
    text = client.get("/rekap/unit/17.99.01.1077/rekap.csv?bulan=2026-04").content.decode("utf-8-sig")
    rows = {normalize_nip(r["NIP"]): r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    for who in ("putri", "rina"):
        words = " ".join([rows[people[who].nip]["Hukuman disiplin"], rows[people[who].nip]["Catatan"]]).lower()
        assert words and not any(word in words for word in PNS_WORDING), words
    assert "pemutusan hubungan perjanjian kerja" in rows[people["putri"].nip]["Catatan"].lower()


def test_the_page_says_the_conversion_in_words_when_on(client, world, people):
    login(client, world.admin_user)
    html = client.get("/rekap/unit/17.99.01.1077/?bulan=2026-04").content.decode()
    assert "dihitung 1 hari TK" not in html
    RegulationRule.objects.filter(key=regulation.LATENESS_TO_TK_MINUTES).update(enabled=True)
    html = client.get("/rekap/unit/17.99.01.1077/?bulan=2026-04").content.decode()
    assert "setiap 7 jam 30 menit dihitung 1 hari TK" in html
    assert "+1 hari TK dari 8 jam terlambat dan pulang cepat" in _row_html(html, people["lina"].nip)
