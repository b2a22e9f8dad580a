"""Numbers taken from regulations that the checks read: their default values, each with its source.

The values live in units.models.RegulationRule (one row per key, editable in the Django admin, seeded by
migration 0016 from DEFAULTS). A rule an admin switched off is not applied; a key without a row (a database
flushed by a live-server test before `load_demo` refills it) reads its default here, never a number in code.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

FLEXIBLE_LOCATION_DAYS = "flexible_location_days_per_week"
APPOINTMENT_MIN_AGE = "appointment_min_age"
RETIREMENT_AGE = "retirement_age_administrative"
PPPK_FIRST_YEAR = "pppk_first_appointment_year"
LATENESS_TO_TK_MINUTES = "lateness_minutes_per_tk_day"


@dataclass(frozen=True)
class Default:
    value: int
    enabled: bool
    verified: bool
    source: str


DEFAULTS: dict[str, Default] = {
    FLEXIBLE_LOCATION_DAYS: Default(
        2, True, True,
        "PermenPANRB 4/2025 (Pelaksanaan Tugas Kedinasan Pegawai ASN secara Fleksibel): fleksibel lokasi paling "
        "banyak 2 hari kerja per minggu",
    ),
    APPOINTMENT_MIN_AGE: Default(
        18, True, False,
        "UU 20/2023 tentang ASN jo. PP 11/2017 Pasal 23: usia paling rendah 18 tahun; belum terverifikasi BKPSDM",
    ),
    RETIREMENT_AGE: Default(
        58, True, False,
        "UU 20/2023 tentang ASN jo. PP 11/2017 Pasal 239: batas usia pensiun 58 tahun bagi pejabat administrasi; "
        "belum terverifikasi BKPSDM",
    ),
    PPPK_FIRST_YEAR: Default(
        2019, True, False,
        "PP 49/2018 tentang Manajemen PPPK: pengangkatan PPPK pertama pada 2019; belum terverifikasi BKPSDM",
    ),
    LATENESS_TO_TK_MINUTES: Default(
        450, False, False,
        "Penjelasan PP 53/2010 Pasal 3 angka 11: keterlambatan dan pulang sebelum waktunya yang dijumlahkan "
        "7,5 jam dihitung 1 hari tidak masuk kerja; belum terverifikasi apakah Perban BKN 6/2022 mempertahankannya "
        "untuk PP 94/2021",
    ),
}

LABELS = {
    FLEXIBLE_LOCATION_DAYS: _("Fleksibel lokasi (WFH/WFA): paling banyak hari kerja per minggu"),
    APPOINTMENT_MIN_AGE: _("NIP: usia paling rendah saat pengangkatan (tahun)"),
    RETIREMENT_AGE: _("NIP: batas usia pensiun jabatan administrasi (tahun)"),
    PPPK_FIRST_YEAR: _("NI PPPK: tahun pengangkatan PPPK paling awal"),
    LATENESS_TO_TK_MINUTES: _("Terlambat dan pulang cepat yang dijumlahkan menjadi 1 hari TK (menit)"),
}
