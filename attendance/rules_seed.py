"""Default contents of the admin-editable code and sanction tables, read from attendance/data."""

import csv
import re
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
BANDS = {1: (1, 30), 2: (31, 60), 3: (61, 90), 4: (91, None)}


def _first_number(text: str) -> Decimal:
    match = re.search(r"\d+(?:,\d+)?", text)
    return Decimal(match.group(0).replace(",", ".")) if match else Decimal(0)


def deduction_rules() -> list[dict]:
    rows = []
    with open(DATA / "attendance_codes_examples.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["kode"]
            band = BANDS.get(int(code[-1])) if code[:-1] in ("TL", "PSW") else None
            rows.append(
                {
                    "code": code,
                    "name": row["nama"],
                    "min_minutes": band[0] if band else None,
                    "max_minutes": band[1] if band else None,
                    "deduction_percent": _first_number(row["potongan_persen_contoh"]),
                    "is_example": True,
                    "source": f"{row['potongan_persen_contoh']} — {row['sumber']}"[:300],
                }
            )
    return rows + [dict(row) for row in LOCAL_CODES]


# Codes of Kota Bengkulu's own rule, not in the central agencies' examples. Their deduction is an example
# marked unverified until BKPSDM confirms it (admin-editable: DeductionRule).
MISSED_BREAK = "TPI"
LOCAL_CODES = [
    {
        "code": MISSED_BREAK,
        "name": "Tidak presensi istirahat",
        "min_minutes": None,
        "max_minutes": None,
        "deduction_percent": Decimal("0.5"),
        "is_example": True,
        "source": "SE BKPSDM Kota Bengkulu No. 4/2025 (presensi tiga kali sehari); besaran potongan belum "
        "terverifikasi: contoh setara TL1/PSW1",
    },
]


def sanction_levels() -> list[dict]:
    """The PNS ladder's cumulative-day rows (migration 0002; the consecutive row is `discipline_rows`)."""
    rows = []
    with open(DATA / "pp94_2021_sanksi_tidak_masuk.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            days = row["hari_kerja_tanpa_alasan_sah_kumulatif_per_tahun"]
            if "berturut" in days:
                continue
            if days.endswith("+"):
                low, high = int(days[:-1]), None
            elif "-" in days:
                low, high = (int(x) for x in days.split("-"))
            else:
                low = high = int(days)
            rows.append(
                {
                    "min_days": low,
                    "max_days": high,
                    "level": row["tingkat"],
                    "sanction": row["hukuman_disiplin"],
                    "source": row["sumber"][:200],
                }
            )
    return rows


PPPK_SOURCE = (
    "PP 49/2018 (Manajemen PPPK) dengan PP 94/2021 diterapkan secara analogi (DOMAIN.md bagian 3; materi orientasi "
    "PPPK BKPP Demak); belum terverifikasi BKPSDM"
)
# PPPK consequences by analogy with the PNS day counts (PP 94/2021 Pasal 9-11): the same light sanctions, their
# own moderate (delayed periodic raise or one grade lower for a year) and heavy (ending the contract) ones.
PPPK_LEVELS = [
    (3, 3, "Ringan", "Teguran lisan"),
    (4, 6, "Ringan", "Teguran tertulis"),
    (7, 10, "Ringan", "Pernyataan tidak puas secara tertulis"),
    (11, 20, "Sedang", "Penundaan kenaikan gaji berkala, atau penurunan satu tingkat grade, selama 1 tahun"),
    (21, None, "Berat", "Pemutusan hubungan perjanjian kerja (PHPK) dengan hormat tidak atas permintaan sendiri"),
]


def discipline_rows() -> list[dict]:
    """What migration 0018 adds to the ladder: the PNS consecutive-days row (from the sanctions CSV) and the
    PPPK ladder (with its consecutive row), each with its source."""
    rows = []
    with open(DATA / "pp94_2021_sanksi_tidak_masuk.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            days = row["hari_kerja_tanpa_alasan_sah_kumulatif_per_tahun"]
            if "berturut" in days:
                low = int(days.split()[0])
                rows.append(
                    {"asn_type": "PNS", "consecutive": True, "min_days": low, "max_days": None,
                     "level": row["tingkat"], "sanction": row["hukuman_disiplin"][:200],
                     "source": f"PP 94/2021 Pasal 15 ayat 2; {row['sumber']}"[:200]}
                )
                rows.append(
                    {"asn_type": "PPPK", "consecutive": True, "min_days": low, "max_days": None,
                     "level": "Berat", "sanction": PPPK_LEVELS[-1][3], "source": PPPK_SOURCE[:200]}
                )
    for low, high, level, sanction in PPPK_LEVELS:
        rows.append(
            {"asn_type": "PPPK", "consecutive": False, "min_days": low, "max_days": high, "level": level,
             "sanction": sanction, "source": PPPK_SOURCE[:200]}
        )
    return rows
