"""The leave rules the migration seeds (policy.models.LeaveRules, LeaveTypeRule), each with its source.

DOMAIN.md sections 3 and 6 (corrected December 2026). Numbers it marks [UNVERIFIED], or does not give, are
seeded with verified=False so the admin page shows them as unconfirmed. load_demo seeds them again after a
flushed database (live-server tests), the way it refills the attendance code table.
"""

PNS_ANNUAL = (
    "PP 11/2017 tentang Manajemen PNS Pasal 311 jo. PP 17/2020 dan Perban BKN 24/2017 jo. 7/2021 (cuti tahunan: "
    "12 hari kerja setelah 1 tahun masa kerja, sisa paling banyak 6 hari dibawa ke tahun berikutnya sampai 18 hari, "
    "24 hari setelah 2 tahun tidak diambil); Keppres 42/2025 (cuti bersama tidak mengurangi cuti tahunan, yang "
    "bertugas pada hari itu mendapat tambahan cuti tahunan)"
)
PPPK_ANNUAL = (
    "PP 49/2018 tentang Manajemen PPPK dan Perban BKN 7/2022 (cuti PPPK); Keppres 42/2025 (cuti bersama). "
    "Belum diverifikasi: sisa yang dibawa dan hak 6 hari pada tahun pertama masa kerja."
)

ANNUAL = [
    dict(asn_type="PNS", from_year=2017, first_year_days=0, source=PNS_ANNUAL, verified=True),
    dict(asn_type="PPPK", from_year=2019, first_year_days=6, source=PPPK_ANNUAL, verified=False),
]

TYPES = [
    dict(
        asn_type="PNS", leave_type="besar", min_service_months=60, max_months=3, excludes_annual_leave=True,
        source="PP 11/2017 jo. PP 17/2020, ketentuan cuti besar (masa kerja paling singkat 5 tahun terus-menerus, "
        "paling lama 3 bulan, tidak berhak cuti tahunan pada tahun yang sama)",
        verified=True,
    ),
    dict(
        asn_type="PNS", leave_type="melahirkan", max_births=3, max_months=3,
        source="PP 11/2017, ketentuan cuti melahirkan (kelahiran anak pertama sampai ketiga selama menjadi PNS, "
        "paling lama 3 bulan)",
        verified=True,
    ),
    dict(
        asn_type="PNS", leave_type="alasan_penting", max_months=1,
        source="PP 11/2017, ketentuan cuti karena alasan penting (paling lama 1 bulan; belum diverifikasi)",
        verified=False,
    ),
    dict(
        asn_type="PNS", leave_type="cltn", min_service_months=60, max_months=36,
        source="PP 11/2017, ketentuan cuti di luar tanggungan negara (masa kerja paling singkat 5 tahun, paling "
        "lama 3 tahun; belum diverifikasi)",
        verified=False,
    ),
    dict(
        asn_type="PPPK", leave_type="sakit", max_months=1,
        source="Perban BKN 7/2022, ketentuan cuti sakit PPPK (paling lama 1 bulan)",
        verified=True,
    ),
    dict(
        asn_type="PPPK", leave_type="melahirkan", max_births=3, max_months=3,
        source="Perban BKN 7/2022, ketentuan cuti melahirkan PPPK (kelahiran pertama sampai ketiga, paling lama "
        "3 bulan; belum diverifikasi)",
        verified=False,
    ),
]


def seed(apps, schema_editor=None):
    """Add the rows that are missing; an admin's change to a seeded row is kept."""
    LeaveRules = apps.get_model("policy", "LeaveRules")
    LeaveTypeRule = apps.get_model("policy", "LeaveTypeRule")
    for row in ANNUAL:
        row = dict(row)
        LeaveRules.objects.get_or_create(asn_type=row.pop("asn_type"), from_year=row.pop("from_year"), defaults=row)
    for row in TYPES:
        row = dict(row)
        LeaveTypeRule.objects.get_or_create(asn_type=row.pop("asn_type"), leave_type=row.pop("leave_type"), defaults=row)
