"""Leave as the regulations write it, compared with what Hadir computes and refuses (on SQLite and PostgreSQL).

The table below is written from the regulations, not from the seeded rows (policy/leave_seed.py):
- PP 11/2017 tentang Manajemen PNS, Pasal 311 ff., as amended by PP 17/2020; Perban BKN 24/2017 as amended by
  Perban BKN 7/2021: cuti tahunan 12 working days after 1 year of continuous service; up to 6 unused days carry into
  the next year, at most 18 in all; after two years unused, at most 24. Cuti besar after 5 years of service, up
  to 3 months, and no cuti tahunan in that year. Cuti melahirkan for the 1st to 3rd birth while a PNS. Cuti
  karena alasan penting at most 1 month and CLTN at most 3 years (after 5 years of service): DOMAIN.md marks
  these two [UNVERIFIED].
- Keppres 42/2025 (cuti bersama 2026): cuti bersama does not reduce cuti tahunan; staff whose post keeps them at
  work on a cuti bersama get that day added to their cuti tahunan.
- Perban BKN 7/2022 (cuti PPPK): tahunan, sakit (at most 1 month), melahirkan; DOMAIN.md section 3. The 6 days of
  cuti tahunan in a PPPK's first year are not in DOMAIN.md: seeded unverified.
(DOMAIN.md sections 3 and 6, corrected December 2026.)
"""

import datetime as dt

import pytest

from policy.arrangements import requests, rules
from policy.models import Arrangement, LeaveHistory, LeaveRules, PlanEntry
from tests.conftest import login, make_nip, make_unit
from tests.policy.arrangements.requests_fixtures import friday, staff  # noqa: F401
from units.models import Holiday, Schedule, Shift, Unit

pytestmark = pytest.mark.usefixtures("friday")

# The regulation, as numbers (not read from the app).
BASE_DAYS = 12
CARRY_OVER = 6
MAX_WITH_CARRY = 18
MAX_AFTER_TWO_UNUSED = 24
PPPK_FIRST_YEAR = 6  # unverified
# Cuti bersama 2026 (SKB 1497/2025, 2/2025, 5/2025; DOMAIN.md section 6).
BERSAMA_2026 = [
    dt.date(2026, 2, 16), dt.date(2026, 3, 18), dt.date(2026, 3, 20), dt.date(2026, 3, 23),
    dt.date(2026, 3, 24), dt.date(2026, 5, 15), dt.date(2026, 5, 28), dt.date(2026, 12, 24),
]


@pytest.fixture
def bersama():
    for day in BERSAMA_2026:
        Holiday.objects.create(date=day, name="Cuti bersama", category=Holiday.Category.GOVERNMENT)


def records_from(year: int) -> None:
    """Hadir holds everyone's leave from `year` (LeaveRules.records_from_year), so it carries days from then."""
    LeaveRules.objects.update(records_from_year=year)


def taken(employee, start, end=None, status="approved", leave_type="tahunan") -> Arrangement:
    return Arrangement.objects.create(
        employee=employee, kind="cuti", leave_type=leave_type, start_date=start, end_date=end or start, status=status
    )


def balance(employee, year=2026) -> rules.LeaveYear:
    return requests.leave_balance(employee, year)


def findings(employee, start, end, leave_type, kind="cuti") -> list[str]:
    candidate = requests.Candidate(employee, rules.Request(kind, start, end, leave_type), who="Anda")
    (checked,) = requests.findings_for([candidate], minimum=False)
    return [f.message for f in checked.blocking]


def pns(world, name="Pegawai PNS", tmt="201505", start=dt.date(2015, 5, 1), gender="1", **extra):
    return staff(world, world.kel_alpha1, name, nip=make_nip("PNS", gender=gender, tmt=tmt), start_date=start, **extra)


def pppk(world, name="Pegawai PPPK", year="2019", start=dt.date(2019, 3, 1), gender="1"):
    return staff(
        world, world.kel_alpha1, name, asn_type="PPPK", nip=make_nip("PPPK", gender=gender, tmt=f"{year}01"),
        start_date=start,
    )


def nurse(world, name="Perawat Puskesmas"):
    """A PNS nurse of a 24-hour puskesmas, on the shifts her head rosters."""
    schedule = Schedule.objects.create(code="uji-shift", name="Uji shift", kind=Schedule.Kind.SHIFT)
    Shift.objects.create(schedule=schedule, code="pagi", name="Pagi", start=dt.time(7), end=dt.time(14))
    unit = make_unit("17.99.09", "Puskesmas Uji", Unit.Kind.PUSKESMAS, schedule=schedule)
    return staff(world, unit, name, nip=make_nip("PNS", gender="2"), service_role="tenaga_kesehatan")


def roster(employee, days, mode="onsite", head=None):
    shift = Shift.objects.filter(schedule=employee.unit.schedule).first() if mode == "onsite" else None
    for day in days:
        PlanEntry.objects.create(employee=employee, date=day, mode=mode, shift=shift, set_by=head)


# Balance: one test per rule.


def test_the_base_is_12_working_days(world, bersama):
    year = balance(pns(world))
    assert (year.entitled, year.carried, year.bersama_added, year.used, year.balance) == (BASE_DAYS, 0, 0, 0, 12)


def test_cuti_bersama_does_not_reduce_annual_leave(world, bersama):
    """An office worker has all eight cuti bersama off: their balance stays 12 (it was 4 before)."""
    assert balance(world.staff_alpha1).balance == BASE_DAYS


def test_a_cuti_bersama_worked_adds_a_day_each(world, bersama):
    person = nurse(world)
    roster(person, BERSAMA_2026[:2], head=world.admin_user)  # on shift on Imlek and Nyepi
    roster(person, BERSAMA_2026[2:4], mode="off", head=world.admin_user)
    year = balance(person)
    assert (year.bersama_worked, year.bersama_added, year.balance) == (2, 2, BASE_DAYS + 2)
    assert year.own_lines == [
        "Hak dasar 12 hari", "Cuti bersama yang Anda kerjakan 2 hari", "Sudah diambil atau diajukan 0 hari",
        "Sisa 14 hari",
    ]


def test_a_unit_that_works_on_holidays_has_its_cuti_bersama_worked(world, bersama):
    """A weekly schedule that keeps working on holidays (a frontline minimum on site) works every weekday one."""
    schedule = world.kel_alpha1.schedule
    schedule.works_on_holidays = True
    schedule.save()
    assert balance(world.staff_alpha1).bersama_added == len(BERSAMA_2026)


def test_a_cuti_bersama_on_leave_is_not_worked(world, bersama):
    person = nurse(world)
    roster(person, BERSAMA_2026[:2], head=world.admin_user)
    taken(person, BERSAMA_2026[0], leave_type="sakit")
    assert balance(person).bersama_worked == 1


def test_taken_and_asked_days_are_subtracted(world, bersama):
    person = pns(world)
    taken(person, dt.date(2026, 4, 6), dt.date(2026, 4, 8))  # Mon–Wed: 3 working days, approved
    taken(person, dt.date(2026, 4, 13), dt.date(2026, 4, 14), status="pending")
    taken(person, dt.date(2026, 4, 20), status="rejected")
    taken(person, dt.date(2026, 4, 21), status="cancelled")
    taken(person, dt.date(2026, 3, 20), dt.date(2026, 3, 24))  # 2 working days: Fri 20 and Mon 23, 24 are bersama
    year = balance(person)
    assert (year.used, year.balance) == (5, BASE_DAYS - 5)


def test_the_first_year_of_service_has_none(world):
    newcomer = pns(world, "CPNS Baru", tmt="202603", start=dt.date(2026, 3, 2))
    year = balance(newcomer)
    assert (year.entitled, year.balance, year.first_day) == (0, 0, dt.date(2027, 3, 2))
    refusal = findings(newcomer, dt.date(2026, 3, 9), dt.date(2026, 3, 9), "tahunan")
    assert refusal == [
        "Ditolak: cuti tahunan baru dapat diambil setelah masa kerja 12 bulan terus-menerus (PP 11/2017 tentang "
        "Manajemen PNS Pasal 311 jo. PP 17/2020 dan Perban BKN 24/2017 jo. 7/2021 (cuti tahunan: 12 hari kerja "
        "setelah 1 tahun masa kerja, sisa paling banyak 6 hari dibawa ke tahun berikutnya sampai 18 hari, 24 hari "
        "setelah 2 tahun tidak diambil); Keppres 42/2025 (cuti bersama tidak mengurangi cuti tahunan, yang bertugas "
        "pada hari itu mendapat tambahan cuti tahunan)); masa kerja Anda dihitung sejak 2 Maret 2026, jadi cuti "
        "tahunan dapat diambil sejak 2 Maret 2027."
    ]


def test_the_year_of_the_first_anniversary_has_the_base_from_that_day(world):
    person = pns(world, "CPNS 2025", tmt="202506", start=dt.date(2025, 6, 2))
    year = balance(person)
    assert (year.entitled, year.first_day) == (BASE_DAYS, dt.date(2026, 6, 2))
    assert findings(person, dt.date(2026, 3, 9), dt.date(2026, 3, 9), "tahunan")
    assert findings(person, dt.date(2026, 6, 8), dt.date(2026, 6, 8), "tahunan") == []


def test_service_counts_from_the_nip_not_the_last_move(world):
    """A PNS appointed in 2015 who moved units in February 2026 keeps a full year's leave."""
    moved = pns(world, "Pindahan", tmt="201505", start=dt.date(2026, 2, 2))
    assert requests.tenure_start(moved) == dt.date(2015, 5, 1)
    assert balance(moved).balance == BASE_DAYS


def test_up_to_6_unused_days_carry_over(world):
    records_from(2025)
    person = pns(world)
    taken(person, dt.date(2025, 4, 7), dt.date(2025, 4, 9))  # 3 of 12 taken in 2025: 9 unused, 6 carried
    year = balance(person)
    assert (year.carried, year.balance) == (CARRY_OVER, MAX_WITH_CARRY)
    assert year.own_lines[1] == "Sisa 2025 dibawa 6 hari"


def test_fewer_unused_days_carry_as_they_are(world):
    records_from(2025)
    person = pns(world)
    taken(person, dt.date(2025, 4, 7), dt.date(2025, 4, 16))  # 8 of 12 taken: 4 carried
    assert (balance(person).carried, balance(person).balance) == (4, 16)


def test_24_after_two_unused_years(world):
    records_from(2024)
    person = pns(world)
    year = balance(person)  # nothing taken in 2024 nor in 2025
    assert (year.carried, year.balance) == (MAX_AFTER_TWO_UNUSED - BASE_DAYS, MAX_AFTER_TWO_UNUSED)
    taken(person, dt.date(2024, 4, 8))  # one day in 2024: only 2025 unused, so 18
    assert balance(person).balance == MAX_WITH_CARRY


def test_the_admin_records_what_was_carried_into_hadirs_first_year(world):
    person = pns(world)
    LeaveHistory.objects.create(employee=person, carried_days=3, note="Kartu cuti 2025")
    year = balance(person)
    assert (year.carried, year.balance) == (3, 15)


def test_a_first_year_pppk_has_6_days(world):
    """Unverified rule (policy/leave_seed.py): PPPK get 6 days in their first year of service."""
    newcomer = pppk(world, year="2026", start=dt.date(2026, 2, 2))
    year = balance(newcomer)
    assert (year.entitled, year.first_day) == (PPPK_FIRST_YEAR, None)
    assert LeaveRules.objects.get(asn_type="PPPK").verified is False


def test_the_balance_explains_carry_bersama_and_taken_line_by_line(world, bersama):
    records_from(2025)
    person = nurse(world)
    # Shift staff have no weekend: each day of their leave is a working day (policy.plan.building.working_days).
    taken(person, dt.date(2025, 4, 7), dt.date(2025, 4, 15))  # 9 of 12 in 2025: 3 unused, carried
    roster(person, BERSAMA_2026[:2], head=world.admin_user)
    taken(person, dt.date(2026, 4, 6), dt.date(2026, 4, 8))
    year = balance(person)
    assert ", ".join(year.own_lines) == (
        "Hak dasar 12 hari, Sisa 2025 dibawa 3 hari, Cuti bersama yang Anda kerjakan 2 hari, "
        "Sudah diambil atau diajukan 3 hari, Sisa 14 hari"
    )


def test_the_balance_of_many_people_takes_a_fixed_number_of_queries(world, bersama, django_assert_max_num_queries):
    def check(n):
        people = [pns(world, f"Pegawai {i}") for i in range(n)]
        candidates = [
            requests.Candidate(p, rules.Request("cuti", dt.date(2026, 3, 2), dt.date(2026, 3, 3), "tahunan"))
            for p in people
        ]
        with django_assert_max_num_queries(22):
            requests.findings_for(candidates)

    check(1)
    check(12)


# Eligibility: one test per rule.


def test_cuti_besar_needs_5_years_of_service(world):
    junior = pns(world, "Junior", tmt="202201", start=dt.date(2022, 1, 3))
    (refusal,) = findings(junior, dt.date(2026, 3, 2), dt.date(2026, 3, 6), "besar")
    assert refusal.startswith("Ditolak: cuti besar baru dapat diambil setelah masa kerja 60 bulan terus-menerus (PP 11/2017")
    assert "memenuhi syarat sejak 3 Januari 2027." in refusal
    assert findings(pns(world), dt.date(2026, 3, 2), dt.date(2026, 3, 6), "besar") == []


def test_cuti_besar_lasts_at_most_3_months(world):
    person = pns(world)
    assert findings(person, dt.date(2026, 3, 2), dt.date(2026, 6, 1), "besar") == []
    (refusal,) = findings(person, dt.date(2026, 3, 2), dt.date(2026, 6, 2), "besar")
    assert "cuti besar paling lama 3 bulan" in refusal and "paling akhir sampai 1 Juni 2026" in refusal


def test_no_annual_leave_in_a_cuti_besar_year_both_ways(world):
    person = pns(world)
    taken(person, dt.date(2026, 8, 3), dt.date(2026, 8, 7), leave_type="besar", status="pending")
    (refusal,) = findings(person, dt.date(2026, 3, 2), dt.date(2026, 3, 2), "tahunan")
    assert refusal.startswith("Ditolak: pada tahun cuti besar tidak ada cuti tahunan (PP 11/2017 jo. PP 17/2020")
    assert "sudah mengajukan cuti besar 3–7 Agustus 2026 (menunggu persetujuan)" in refusal

    other = pns(world, "Lain")
    taken(other, dt.date(2026, 3, 9))
    (refusal,) = findings(other, dt.date(2026, 8, 3), dt.date(2026, 8, 7), "besar")
    assert "sudah mengajukan cuti tahunan 9 Maret 2026 (disetujui)" in refusal
    assert findings(other, dt.date(2027, 1, 4), dt.date(2027, 1, 8), "besar") == []


def test_cuti_melahirkan_is_for_the_first_to_third_birth(world):
    mother = pns(world, "Ibu", gender="2")
    for year in (2017, 2019):
        taken(mother, dt.date(year, 3, 1), dt.date(year, 5, 31), leave_type="melahirkan")
    assert findings(mother, dt.date(2026, 3, 2), dt.date(2026, 5, 29), "melahirkan") == []
    taken(mother, dt.date(2022, 3, 1), dt.date(2022, 5, 31), leave_type="melahirkan")
    (refusal,) = findings(mother, dt.date(2026, 3, 2), dt.date(2026, 5, 29), "melahirkan")
    assert refusal.startswith(
        "Ditolak: cuti melahirkan diberikan untuk kelahiran pertama sampai ke-3 (PP 11/2017, ketentuan cuti melahirkan"
    )
    assert refusal.endswith("sedangkan Anda sudah tercatat 3 kali cuti melahirkan.")


def test_births_before_hadir_count_from_the_admins_record(world):
    mother = pns(world, "Ibu", gender="2")
    LeaveHistory.objects.create(employee=mother, earlier_births=3)
    assert findings(mother, dt.date(2026, 3, 2), dt.date(2026, 5, 29), "melahirkan")


def test_cuti_melahirkan_lasts_at_most_3_months(world):
    mother = pns(world, "Ibu", gender="2")
    (refusal,) = findings(mother, dt.date(2026, 3, 2), dt.date(2026, 6, 2), "melahirkan")
    assert "cuti melahirkan paling lama 3 bulan" in refusal


def test_cuti_karena_alasan_penting_lasts_at_most_a_month(world):
    person = pns(world)
    assert findings(person, dt.date(2026, 3, 2), dt.date(2026, 4, 1), "alasan_penting") == []
    (refusal,) = findings(person, dt.date(2026, 3, 2), dt.date(2026, 4, 2), "alasan_penting")
    assert "cuti karena alasan penting paling lama 1 bulan (PP 11/2017" in refusal


def test_cltn_lasts_at_most_3_years_after_5_years_of_service(world):
    person = pns(world)
    assert findings(person, dt.date(2026, 3, 2), dt.date(2029, 3, 1), "cltn") == []
    (refusal,) = findings(person, dt.date(2026, 3, 2), dt.date(2029, 3, 2), "cltn")
    assert "cuti di luar tanggungan negara paling lama 36 bulan" in refusal
    junior = pns(world, "Junior", tmt="202201", start=dt.date(2022, 1, 3))
    assert findings(junior, dt.date(2026, 3, 2), dt.date(2026, 4, 2), "cltn")


def test_pppk_sick_leave_lasts_at_most_a_month(world):
    person = pppk(world)
    assert findings(person, dt.date(2026, 3, 2), dt.date(2026, 4, 1), "sakit") == []
    (refusal,) = findings(person, dt.date(2026, 3, 2), dt.date(2026, 4, 2), "sakit")
    assert "cuti sakit paling lama 1 bulan (Perban BKN 7/2022" in refusal
    assert findings(pns(world), dt.date(2026, 3, 2), dt.date(2026, 4, 2), "sakit") == []


@pytest.mark.parametrize(
    "asn_type, offered",
    [
        ("PNS", ("tahunan", "besar", "sakit", "melahirkan", "alasan_penting", "cltn")),
        ("PPPK", ("tahunan", "sakit", "melahirkan")),  # Perban BKN 7/2022: no cuti besar, alasan penting, CLTN
    ],
)
def test_the_types_offered_follow_the_status(asn_type, offered):
    assert rules.leave_types_for(asn_type) == offered


@pytest.mark.parametrize("requests_before", [1, 15])
def test_the_page_explains_the_balance_line_by_line(
    client, world, bersama, requests_before, django_assert_max_num_queries
):
    records_from(2025)
    person = nurse(world)
    taken(person, dt.date(2025, 4, 7), dt.date(2025, 4, 15))
    roster(person, BERSAMA_2026[:2], head=world.admin_user)
    for i in range(requests_before):
        taken(person, dt.date(2026, 6, 1) + dt.timedelta(days=i), leave_type="sakit")
    login(client, person)
    with django_assert_max_num_queries(17):
        html = client.get("/pengajuan/").content.decode()
    section = html.split('id="leave-balance"', 1)[1].split("</section>", 1)[0]
    assert "Sisa cuti tahunan 2026: 17 hari kerja</h2>" in section
    assert [line.split("</li>")[0] for line in section.split("<li>")[1:]] == [
        "Hak dasar 12 hari", "Sisa 2025 dibawa 3 hari", "Cuti bersama yang Anda kerjakan 2 hari",
        "Sudah diambil atau diajukan 0 hari", "Sisa 17 hari",
    ]
    assert "Dasar: PP 11/2017 tentang Manajemen PNS Pasal 311" in section


def test_two_requests_of_one_person_in_different_years_are_checked_with_their_own_years(world):
    person = pns(world)
    taken(person, dt.date(2026, 4, 6), dt.date(2026, 4, 17))  # 10 of 12 in 2026: 2 left, and 2 carried into 2027
    asked = [
        requests.Candidate(person, rules.Request("cuti", dt.date(2026, 5, 4), dt.date(2026, 5, 6), "tahunan")),
        requests.Candidate(person, rules.Request("cuti", dt.date(2027, 3, 1), dt.date(2027, 3, 12), "tahunan")),
    ]
    this_year, next_year = requests.findings_for(asked, minimum=False)
    assert [f.code for f in this_year.blocking] == ["leave"]  # 3 asked, 2 left
    assert next_year.blocking == []  # 10 asked of 12 + 2 carried
    assert (balance(person, 2027).carried, balance(person, 2027).balance) == (2, 14)
