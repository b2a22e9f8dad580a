"""Kota Bengkulu demo organisation: the real units from units/data, fictional staff, the demo logins.

Called by `manage.py load_demo` (attendance/management/commands/load_demo.py), which adds the demo
policies and history of the other apps.

Safe to run again: units are keyed by code, staff by NIP, and the same --seed and --employees give
the same people, so a second run creates nothing new and only resets the demo accounts' passwords.
"""

import csv
import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from pathlib import Path

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from units import clock, holidays
from units import nip as nip_rules
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, Place, Schedule, Shift, Unit

DATA = Path(__file__).resolve().parent / "data"
K = Unit.Kind
Cat = Employee.PositionCategory
Svc = Employee.ServiceRole

CITY_CENTRE = (-3.7956, 102.2592)
LAT_RANGE, LON_RANGE = (-3.88, -3.75), (102.25, 102.36)
# Approximate office areas per kecamatan (hand-placed on a map; demo only).
KECAMATAN_CENTRES = {
    "Selebar": (-3.8560, 102.3000),
    "Gading Cempaka": (-3.8150, 102.2870),
    "Teluk Segara": (-3.7880, 102.2600),
    "Muara Bangka Hulu": (-3.7600, 102.2900),
    "Kampung Melayu": (-3.8650, 102.2780),
    "Ratu Agung": (-3.8000, 102.2780),
    "Ratu Samban": (-3.7990, 102.2630),
    "Sungai Serut": (-3.7750, 102.2750),
    "Singaran Pati": (-3.8200, 102.3200),
}
OPD_KINDS = {
    "Sekretariat": K.SEKRETARIAT,
    "Inspektorat": K.INSPEKTORAT,
    "Badan": K.BADAN,
    "Dinas": K.DINAS,
    "Satuan": K.SATUAN,
    "RSUD": K.RUMAH_SAKIT,
    "Rumah Sakit Daerah": K.RUMAH_SAKIT,
}
FRONTLINE_OPD = {"disdukcapil", "dpmptsp"}
HEAD_TITLES = {
    "setda": "Sekretaris Daerah",
    "setwan": "Sekretaris DPRD",
    "inspektorat": "Inspektur",
}
CANDIDATE_SUFFIX = " (kandidat, belum terverifikasi)"

# Relative staff sizes; --employees scales them all. Other OPDs get a fixed draw of 6–16 each.
# They add up to about 1,700, so the default 1,500 gives a kelurahan ~8, a puskesmas ~20, Disdukcapil ~53.
STAFF_WEIGHTS = {K.KELURAHAN: 9, K.KECAMATAN: 12, K.PUSKESMAS: 22, K.RUMAH_SAKIT: 30}
STAFF_WEIGHTS_BY_CODE = {"disdukcapil": 60, "dpmptsp": 30, "rshd": 50}
PPPK_SHARE = 0.25
HOME_ADDRESS_SHARE = 0.4

# (title, category, service role, weight)
GENERAL = [
    ("Analis Kebijakan Ahli Pertama", Cat.FUNGSIONAL, Svc.ADMINISTRASI, 2),
    ("Analis Kebijakan Ahli Muda", Cat.FUNGSIONAL, Svc.ADMINISTRASI, 1),
    ("Pranata Komputer Ahli Pertama", Cat.FUNGSIONAL, Svc.ADMINISTRASI, 1),
    ("Arsiparis Terampil", Cat.FUNGSIONAL, Svc.ADMINISTRASI, 1),
    ("Perencana Ahli Pertama", Cat.FUNGSIONAL, Svc.ADMINISTRASI, 1),
    ("Analis Keuangan Pusat dan Daerah Ahli Pertama", Cat.FUNGSIONAL, Svc.ADMINISTRASI, 1),
    ("Penata Layanan Operasional", Cat.PELAKSANA, Svc.ADMINISTRASI, 3),
    ("Pengelola Layanan Operasional", Cat.PELAKSANA, Svc.ADMINISTRASI, 3),
    ("Operator Layanan Operasional", Cat.PELAKSANA, Svc.ADMINISTRASI, 2),
    ("Pengadministrasi Perkantoran", Cat.PELAKSANA, Svc.ADMINISTRASI, 3),
    ("Pengolah Data dan Informasi", Cat.PELAKSANA, Svc.ADMINISTRASI, 1),
]
COUNTER = [
    ("Pengelola Layanan Kependudukan", Cat.PELAKSANA, Svc.PETUGAS_LAYANAN, 4),
    ("Operator Layanan Operasional", Cat.PELAKSANA, Svc.PETUGAS_LAYANAN, 3),
    ("Pengadministrasi Perkantoran", Cat.PELAKSANA, Svc.ADMINISTRASI, 2),
    ("Penata Kelola Pemerintahan", Cat.PELAKSANA, Svc.ADMINISTRASI, 1),
    ("Analis Kebijakan Ahli Pertama", Cat.FUNGSIONAL, Svc.ADMINISTRASI, 1),
]
HEALTH = [
    ("Dokter Ahli Pertama", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 2),
    ("Dokter Gigi Ahli Pertama", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
    ("Perawat Terampil", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 6),
    ("Perawat Ahli Pertama", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 3),
    ("Bidan Terampil", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 4),
    ("Bidan Ahli Pertama", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
    ("Apoteker Ahli Pertama", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
    ("Asisten Apoteker Terampil", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
    ("Pranata Laboratorium Kesehatan Terampil", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
    ("Nutrisionis Terampil", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
    ("Sanitarian Terampil", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
    ("Perekam Medis Terampil", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
    ("Pengadministrasi Perkantoran", Cat.PELAKSANA, Svc.ADMINISTRASI, 2),
    ("Pengelola Keuangan", Cat.PELAKSANA, Svc.ADMINISTRASI, 1),
]
HOSPITAL = HEALTH + [
    ("Dokter Ahli Muda (Spesialis)", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 2),
    ("Radiografer Terampil", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
    ("Fisioterapis Terampil", Cat.FUNGSIONAL, Svc.TENAGA_KESEHATAN, 1),
]
TITLES_BY_CODE = {
    "disdukcapil": [
        ("Pengadministrasi Kependudukan", Cat.PELAKSANA, Svc.PETUGAS_LAYANAN, 6),
        ("Operator Layanan Operasional", Cat.PELAKSANA, Svc.PETUGAS_LAYANAN, 3),
        ("Administrator Database Kependudukan Ahli Pertama", Cat.FUNGSIONAL, Svc.ADMINISTRASI, 2),
        ("Pranata Komputer Ahli Pertama", Cat.FUNGSIONAL, Svc.ADMINISTRASI, 1),
        ("Pengadministrasi Perkantoran", Cat.PELAKSANA, Svc.ADMINISTRASI, 2),
    ],
    "dpmptsp": [
        ("Pengelola Layanan Perizinan", Cat.PELAKSANA, Svc.PETUGAS_LAYANAN, 5),
        ("Penata Perizinan", Cat.PELAKSANA, Svc.PETUGAS_LAYANAN, 3),
        ("Penata Kelola Penanaman Modal", Cat.PELAKSANA, Svc.ADMINISTRASI, 2),
        ("Pengadministrasi Perkantoran", Cat.PELAKSANA, Svc.ADMINISTRASI, 2),
    ],
    "satpol-pp": GENERAL + [("Polisi Pamong Praja Terampil", Cat.FUNGSIONAL, Svc.TEKNIS, 25)],
    "damkar": GENERAL + [("Petugas Pemadam Kebakaran", Cat.PELAKSANA, Svc.TEKNIS, 25)],
    "dishub": GENERAL + [("Penguji Kendaraan Bermotor Terampil", Cat.FUNGSIONAL, Svc.TEKNIS, 8),
                         ("Petugas Pengatur Lalu Lintas", Cat.PELAKSANA, Svc.TEKNIS, 10)],
    "dlh": GENERAL + [("Pengawas Lingkungan Hidup Ahli Pertama", Cat.FUNGSIONAL, Svc.TEKNIS, 5),
                      ("Pengawas Kebersihan dan Pertamanan", Cat.PELAKSANA, Svc.TEKNIS, 10)],
    "dpupr": GENERAL + [("Teknik Jalan dan Jembatan Ahli Pertama", Cat.FUNGSIONAL, Svc.TEKNIS, 8)],
    "bpbd": GENERAL + [("Analis Kebencanaan", Cat.PELAKSANA, Svc.TEKNIS, 8)],
}
TITLES_BY_KIND = {
    K.KELURAHAN: COUNTER, K.KECAMATAN: COUNTER, K.PUSKESMAS: HEALTH, K.RUMAH_SAKIT: HOSPITAL,
}

MALE = (
    "Agus Ahmad Andi Arief Bambang Budi Dedi Dimas Dodi Edi Eko Fajar Fauzi Firman Hadi Hendra "
    "Herman Heru Indra Irwan Joko Lukman Muhammad Novri Rahmat Reza Ridwan Rizki Rudi Sandi "
    "Slamet Syahrial Taufik Wahyu Yudi Zulkifli"
).split()
FEMALE = (
    "Ani Ayu Desi Dewi Eka Elvi Evi Fitri Herlina Indah Intan Leni Lina Maya Mega Meri Nia Novi "
    "Nurul Putri Ratna Rina Rini Rosmala Sari Siti Sri Susi Tuti Wulan Yanti Yuli Yulia Zahra"
).split()
# Family and father's names used by anyone, then ones only men or only women carry.
SURNAMES = (
    "Anwar Aziz Damanik Effendi Gumay Hakim Hamid Harahap Hasan Hasibuan Lubis Nasution Rahman "
    "Sembiring Siregar Syarif Yusuf"
).split()
MALE_SURNAMES = (
    "Firmansyah Gunawan Hidayat Irawan Junaidi Kurniawan Mulyadi Permana Pratama Ramadhan "
    "Santoso Saputra Setiawan Syahputra Wijaya"
).split()
FEMALE_SURNAMES = (
    "Anggraini Handayani Lestari Maharani Oktaviani Pratiwi Puspitasari Rahmawati Safitri "
    "Saputri Susanti Wahyuni"
).split()
STREETS = (
    "Jl. Jenderal Sudirman|Jl. Soekarno-Hatta|Jl. S. Parman|Jl. Salak Raya|Jl. Danau|"
    "Jl. Hibrida Raya|Jl. Merapi Raya|Jl. WR Supratman|Jl. Pariwisata|Jl. Kapuas Raya|"
    "Jl. Flamboyan|Jl. Bhayangkara|Jl. Adam Malik|Jl. Mahoni|Jl. Sadang"
).split("|")


@dataclass
class UnitPlan:
    unit: Unit
    weight: int
    titles: list
    head_title: str
    has_demo_head: bool


def load(employees: int = 1500, seed: int = 2026) -> str:
    """Build or refresh the organisation, `employees` generated staff and the demo accounts.

    Returns a summary for the command to print.
    """
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        ensure_default_schedules()
        ensure_break_moments()
        plans = load_units()
        load_places()
        created = load_staff(plans, employees, random.Random(seed), password_hash)
        load_demo_accounts(password_hash)
    year = clock.today().year
    new_holidays, renamed = holidays.sync([year, year + 1])
    return summary(created, new_holidays, renamed, year)


def ensure_default_schedules():
    # A flushed database (live_server tests) loses migration data; reuse the migration's own code.
    migration = import_module("units.migrations.0003_default_schedules")
    migration.create_default_schedules(global_apps, None)


# SE BKPSDM Kota Bengkulu 4/2025: three check-ins a day (arrival, break, departure) from 3 March 2025.
BREAK_CHECKIN_FROM = dt.date(2025, 3, 3)
# The puskesmas day shifts' break (demo values, not from a regulation); the night shift keeps two moments.
SHIFT_BREAKS = {"pagi": (dt.time(12, 0), dt.time(12, 30)), "siang": (dt.time(18, 0), dt.time(18, 30))}


def ensure_break_moments():
    """The demo's break moment: the default schedules ask for a break check-in from the SE's date and the
    puskesmas day shifts get their break (the 6-day Ramadan break is seeded by the schedules' migrations).
    Only empty values are filled (an admin's choice stays); saved one by one so the remembered schedules are
    read again."""
    for schedule in Schedule.objects.filter(code__in=("5-hari", "6-hari", "shift-24-jam"), break_checkin_from=None):
        schedule.break_checkin_from = BREAK_CHECKIN_FROM
        schedule.save(update_fields=["break_checkin_from"])
    for shift in Shift.objects.filter(schedule__code="shift-24-jam", code__in=SHIFT_BREAKS, break_start=None):
        shift.break_start, shift.break_end = SHIFT_BREAKS[shift.code]
        shift.save(update_fields=["break_start", "break_end"])


def read_csv(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def coordinates(centre, spread: float, key: str) -> tuple[Decimal, Decimal]:
    """A point near `centre`, the same for the same key on every run."""
    rng = random.Random(key)
    lat = min(max(centre[0] + rng.uniform(-spread, spread), LAT_RANGE[0]), LAT_RANGE[1])
    lon = min(max(centre[1] + rng.uniform(-spread, spread), LON_RANGE[0]), LON_RANGE[1])
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


# What a citizen comes for, shown and searched on the public status page (Unit.services): the usual counter
# services of each kind of unit, not a survey of each office.
SERVICES_BY_CODE = {
    "disdukcapil": "e-KTP (KTP elektronik), kartu keluarga (KK), akta kelahiran, akta kematian, KIA, pindah datang",
    "dpmptsp": "perizinan berusaha, NIB, persetujuan bangunan gedung (PBG), izin praktik",
}
SERVICES_BY_KIND = {
    K.KECAMATAN: "PATEN, legalisasi, rekomendasi, surat keterangan",
    K.KELURAHAN: "surat pengantar (KK, pindah, nikah), surat keterangan domisili, SKTM, surat keterangan usaha",
    K.PUSKESMAS: "IGD 24 jam, pemeriksaan umum, KIA dan KB, imunisasi",
    K.RUMAH_SAKIT: "IGD 24 jam, rawat jalan, rawat inap",
}


def example_contact(code: str, area: str) -> tuple[str, str]:
    """(address, telephone) of a unit for the demo, the same on every run. Not the office's real contact:
    saved with contact_is_example, which the public page shows. The number cannot be dialled (a local
    number in Indonesia never starts with 0 after the area code) and no WhatsApp number is made up, so the
    demo never sends a citizen to somebody's real line."""
    rng = random.Random(f"{code}-contact")
    address = f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}, {area or 'Kota Bengkulu'}"
    return address, f"0736-000-{rng.randint(100, 999)}"


def save_unit(code, name, short_name, kind, schedule, centre, spread, parent=None, frontline=None, area=""):
    lat, lon = coordinates(centre, spread, code)
    address, phone = example_contact(code, area)
    unit, _ = Unit.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "short_name": short_name[:60],
            "kind": kind,
            "parent": parent,
            "is_frontline": Unit.frontline_by_default(kind) if frontline is None else frontline,
            "latitude": lat,
            "longitude": lon,
            "geofence_radius_m": 15,  # SE BKPSDM Kota Bengkulu 4/2025
            "schedule": schedule,
            "is_active": True,
            "address": address,
            "phone": phone,
            "whatsapp": "",
            "services": SERVICES_BY_CODE.get(code) or SERVICES_BY_KIND.get(kind, ""),
            "contact_is_example": True,
        },
    )
    return unit


def load_units() -> list[UnitPlan]:
    """Create or refresh every unit; returns them with how many staff each should get."""
    rng = random.Random("opd-sizes")
    five_day = Schedule.objects.get(code="5-hari")
    shifts = Schedule.objects.get(code="shift-24-jam")
    demo_heads = {a["unit"] for a in DEMO_ACCOUNTS if a["role"] == "head"}
    plans = []

    def plan(unit, weight, titles, head_title):
        plans.append(UnitPlan(unit, weight, titles, head_title, unit.code in demo_heads))

    kecamatan = {}
    for row in read_csv("kota_bengkulu_kecamatan_kelurahan.csv"):
        name, centre = row["kecamatan"], KECAMATAN_CENTRES[row["kecamatan"]]
        if name not in kecamatan:
            kecamatan[name] = save_unit(
                row["kode_kecamatan"], f"Kecamatan {name}", f"Kec. {name}", K.KECAMATAN,
                five_day, centre, 0.002, area=f"Kec. {name}",
            )
            plan(kecamatan[name], STAFF_WEIGHTS[K.KECAMATAN], COUNTER, f"Camat {name}")
        kelurahan = row["kelurahan"]
        unit = save_unit(
            row["kode_kelurahan"], f"Kelurahan {kelurahan}", f"Kel. {kelurahan}", K.KELURAHAN,
            five_day, centre, 0.012, parent=kecamatan[name], area=f"Kel. {kelurahan}, Kec. {name}",
        )
        plan(unit, STAFF_WEIGHTS[K.KELURAHAN], COUNTER, f"Lurah {kelurahan}")

    opd = {}
    for row in read_csv("kota_bengkulu_opd.csv"):
        if not row["singkatan_lazim"]:
            continue  # the kecamatan rows: already loaded with their official codes above
        code = slugify(row["singkatan_lazim"])
        kind = OPD_KINDS.get(row["jenis"], K.OTHER)
        schedule = shifts if kind == K.RUMAH_SAKIT else five_day
        frontline = kind == K.RUMAH_SAKIT or code in FRONTLINE_OPD
        opd[code] = save_unit(
            code, row["nama"], row["singkatan_lazim"], kind, schedule, CITY_CENTRE, 0.012,
            frontline=frontline,
        )
        weight = STAFF_WEIGHTS_BY_CODE.get(code) or STAFF_WEIGHTS.get(kind) or rng.randint(6, 16)
        titles = TITLES_BY_CODE.get(code) or TITLES_BY_KIND.get(kind) or GENERAL
        head = HEAD_TITLES.get(code) or (
            ("Direktur " if kind == K.RUMAH_SAKIT else "Kepala ")
            + row["nama"].removesuffix(" Kota Bengkulu")
        )
        plan(opd[code], weight, titles, head)

    for row in read_csv("kota_bengkulu_puskesmas.csv"):
        place = row["nama"].removeprefix("Puskesmas ")
        name = row["nama"]
        if row["status_verifikasi"] != "terverifikasi":
            name += CANDIDATE_SUFFIX
        unit = save_unit(
            f"pkm-{slugify(place)}", name, f"PKM {place}", K.PUSKESMAS, shifts,
            KECAMATAN_CENTRES[row["kecamatan_perkiraan"]], 0.01, parent=opd["dinkes"],
            area=f"Kec. {row['kecamatan_perkiraan']}",
        )
        plan(unit, STAFF_WEIGHTS[K.PUSKESMAS], HEALTH, f"Kepala Puskesmas {place}")
    return plans


# Other places of check-in (units.Place): (unit code, name, offset of the point from the unit's own, in degrees).
# Demo points near the unit, not surveyed ones.
PLACES = [
    ("disdukcapil", "Loket Disdukcapil di MPP Kota Bengkulu", (0.0031, -0.0042)),
    ("pkm-jalan-gedang", "Pustu Jalan Gedang", (-0.0054, 0.0037)),
]


def load_places():
    """Disdukcapil's counter at the MPP and a puskesmas's pustu, each 15 m around its point."""
    units = {u.code: u for u in Unit.objects.filter(code__in=[code for code, _name, _offset in PLACES])}
    for code, name, (dlat, dlon) in PLACES:
        unit = units.get(code)
        if unit is None or unit.latitude is None or unit.longitude is None:
            continue
        Place.objects.update_or_create(
            unit=unit,
            name=name,
            defaults={
                "latitude": (unit.latitude + Decimal(str(dlat))).quantize(Decimal("0.000001")),
                "longitude": (unit.longitude + Decimal(str(dlon))).quantize(Decimal("0.000001")),
                "radius_m": 15,
                "is_active": True,
            },
        )


def allocate(weights: list[int], total: int) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), one each first if enough."""
    base = [1 if total >= len(weights) else 0 for _ in weights]
    rest = total - sum(base)
    shares = [w * rest / sum(weights) for w in weights]
    counts = [b + int(s) for b, s in zip(base, shares, strict=True)]
    by_remainder = sorted(range(len(weights)), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class NipMaker:
    """Unique NIPs: the 3-digit sequence restarts for each 15-digit prefix, as BKN assigns them."""

    def __init__(self, reserved):
        self.used = set(reserved)
        self.last = {}

    def make(self, prefix: str) -> str:
        while True:
            self.last[prefix] = self.last.get(prefix, 0) + 1
            nip = f"{prefix}{self.last[prefix]:03d}"
            if nip not in self.used:
                self.used.add(nip)
                return nip


def random_date(rng, first_year: int, last_year: int) -> dt.date:
    start = dt.date(first_year, 1, 1)
    return start + dt.timedelta(days=rng.randrange((dt.date(last_year, 12, 31) - start).days + 1))


def new_person(rng, nips: NipMaker, head: bool, gender: str) -> tuple[str, str, dt.date]:
    """(nip, asn_type, start date) of one fictional ASN; heads are senior PNS."""
    if not head and rng.random() < PPPK_SHARE:
        year = rng.randint(2019, 2025)
        birth = random_date(rng, 1972, min(2000, year - 20))
        start = dt.date(year, rng.choice((1, 3, 4)), 1)
        return nips.make(f"{birth:%Y%m%d}{year}21{gender}"), nip_rules.PPPK, start
    # Born 1970 or later: still below the retirement age (58 for most posts) in 2026.
    birth = random_date(rng, 1970, 1982 if head else 2001)
    year = rng.randint(max(birth.year + 21, 1990), min(birth.year + 35, 2024))
    start = dt.date(year, rng.choice((1, 3, 4, 12)), 1)
    return nips.make(f"{birth:%Y%m%d}{start:%Y%m}{gender}"), nip_rules.PNS, start


def new_name(rng, gender: str, title: str) -> str:
    first = rng.choice(MALE if gender == "1" else FEMALE)
    last = rng.choice(SURNAMES + (MALE_SURNAMES if gender == "1" else FEMALE_SURNAMES))
    name = f"{first} {last}" if first != last else first
    if title.startswith("Dokter Gigi"):
        return f"drg. {name}"
    return f"dr. {name}" if title.startswith("Dokter") else name


def generate_staff(plans: list[UnitPlan], total: int, rng: random.Random) -> list[Employee]:
    """All generated staff, in memory; the same seed and total give the same people."""
    nips = NipMaker(a["nip"] for a in DEMO_ACCOUNTS)
    five_day = Schedule.objects.get(code="5-hari")
    # (name, latitude, longitude) of each kelurahan: every one is saved with its kecamatan's centre.
    kelurahan = [
        (p.unit.name, float(p.unit.latitude), float(p.unit.longitude))
        for p in plans
        if p.unit.kind == K.KELURAHAN
        and p.unit.latitude is not None
        and p.unit.longitude is not None
    ]
    people = []
    for plan, count in zip(plans, allocate([p.weight for p in plans], total), strict=True):
        unit = plan.unit
        titles, weights = [t[:3] for t in plan.titles], [t[3] for t in plan.titles]
        for i in range(count):
            head = i == 0 and not plan.has_demo_head
            if head:
                title, category, service = plan.head_title, Cat.STRUKTURAL, Svc.PIMPINAN
            else:
                title, category, service = rng.choices(titles, weights)[0]
            gender = "2" if title.startswith("Bidan") else rng.choice("12")
            nip, asn_type, start = new_person(rng, nips, head, gender)
            person = Employee(
                nip=nip,
                full_name=new_name(rng, gender, title),
                asn_type=asn_type,
                position_title=title,
                position_category=category,
                service_role=service,
                role=Employee.Role.HEAD if head else Employee.Role.STAFF,
                unit=unit,
                start_date=start,
            )
            # Office staff of a 24-hour unit keep office hours; the unit's shifts are for nakes.
            if unit.schedule_id != five_day.id and service != Svc.TENAGA_KESEHATAN:
                person.schedule = five_day
            if rng.random() < HOME_ADDRESS_SHARE:
                home, latitude, longitude = rng.choice(kelurahan)
                person.home_address = (
                    f"{rng.choice(STREETS)} No. {rng.randint(1, 150)}, {home}, Kota Bengkulu"
                )
                person.home_latitude, person.home_longitude = coordinates(
                    (latitude, longitude), 0.004, f"{nip}-home"
                )
            people.append(person)
    return people


def load_staff(plans, total: int, rng: random.Random, password_hash: str) -> int:
    """Bulk-create the generated staff that are missing, each with a login (username = NIP)."""
    User = get_user_model()
    existing = set(Employee.objects.values_list("nip", flat=True))
    missing = [p for p in generate_staff(plans, total, rng) if p.nip not in existing]
    usernames = set(User.objects.values_list("username", flat=True))
    User.objects.bulk_create(
        (User(username=p.nip, password=password_hash) for p in missing if p.nip not in usernames),
        batch_size=2000,
    )
    user_ids = dict(User.objects.values_list("username", "id"))
    for person in missing:
        person.user_id = user_ids[person.nip]
    Employee.objects.bulk_create(missing, batch_size=2000)
    return len(missing)


def load_demo_accounts(password_hash: str) -> None:
    """The accounts in units.demo, with their password reset so the printed logins always work."""
    User = get_user_model()
    units = {u.code: u for u in Unit.objects.filter(code__in={a["unit"] for a in DEMO_ACCOUNTS})}
    for index, account in enumerate(DEMO_ACCOUNTS):
        unit, role = units[account["unit"]], account["role"]
        home = coordinates((float(unit.latitude), float(unit.longitude)), 0.02, f"{account['nip']}-home")
        is_admin = role == Employee.Role.ADMIN
        user, _ = User.objects.get_or_create(username=account["login"])
        user.password = password_hash
        user.is_active = True
        user.is_staff = user.is_superuser = is_admin
        user.save()
        title = account["position"]
        if role in (Employee.Role.HEAD, Employee.Role.ADMIN):
            category = Cat.STRUKTURAL
        elif "Pranata" in title or "Ahli" in title or "Terampil" in title:
            category = Cat.FUNGSIONAL
        else:
            category = Cat.PELAKSANA
        if account.get("service_role"):
            service = account["service_role"]
        elif role == Employee.Role.HEAD:
            service = Svc.PIMPINAN
        elif role == Employee.Role.STAFF and unit.is_frontline:
            service = Svc.PETUGAS_LAYANAN
        else:
            service = Svc.ADMINISTRASI
        info = nip_rules.parse_nip(account["nip"], nip_rules.PNS)
        Employee.objects.update_or_create(
            nip=account["nip"],
            defaults={
                "full_name": account["name"],
                "asn_type": nip_rules.PNS,
                "position_title": title,
                "position_category": category,
                "service_role": service,
                "role": role,
                "unit": unit,
                "start_date": info.appointed,
                "user": user,
                "is_active": True,
                # A registered home, so the demo staff can request WFH from it.
                "home_address": f"Jl. Demo No. {index + 1}, Kota Bengkulu",
                "home_latitude": home[0],
                "home_longitude": home[1],
            },
        )


def summary(created: int, new_holidays: int, renamed: int, year: int) -> str:
    units = Unit.objects.all()
    candidates = units.filter(kind=K.PUSKESMAS, name__endswith=CANDIDATE_SUFFIX).count()
    opd = units.exclude(kind__in=[K.KECAMATAN, K.KELURAHAN, K.PUSKESMAS]).count()
    return "\n".join(
        [
            "Kota Bengkulu demo data loaded.",
            f"  Units:    {units.count()} ({units.filter(kind=K.KECAMATAN).count()} kecamatan, "
            f"{units.filter(kind=K.KELURAHAN).count()} kelurahan, {opd} OPD, "
            f"{units.filter(kind=K.PUSKESMAS).count()} puskesmas of which {candidates} "
            "unverified candidates)",
            f"  Staff:    {Employee.objects.count():,} ({created:,} created now)",
            f"  Holidays: {year}–{year + 1}, {new_holidays} created, {renamed} updated",
            "",
        ]
    )


def logins_table() -> str:
    rows = [("Role", "Login", "Password")]
    rows += [(a["label"], a["login"], DEMO_PASSWORD) for a in DEMO_ACCOUNTS]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"  {r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}" for r in rows]
    lines.insert(1, "  " + "-" * (sum(widths) + 4 + len(DEMO_PASSWORD)))
    lines.append("\nEvery generated staff member signs in with their NIP and the same password.")
    return "Demo logins:\n" + "\n".join(lines)
