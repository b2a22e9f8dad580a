"""The demo accounts that `manage.py load_demo` creates, one per role (README lists them).

Kept in one place so the command, `make run`'s banner and the browser tests agree.
"""

DEMO_PASSWORD = "hadir-demo-2026"

# role, login (NIP, or a username for the admin), unit code, name, what the account is for
DEMO_ACCOUNTS = [
    {
        "role": "admin",
        "login": "admin",
        "nip": "197901172005011003",
        "unit": "bkpsdm",
        "name": "Rahmat Hidayat (demo)",
        "position": "Kepala Bidang Pengadaan dan Informasi Kepegawaian",
        "label": "Admin kota (BKPSDM)",
    },
    {
        "role": "head",
        "login": "197503152000031002",
        "nip": "197503152000031002",
        "unit": "disdukcapil",
        "name": "Hendra Saputra (demo)",
        "position": "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        "label": "Kepala unit: Disdukcapil",
    },
    {
        "role": "operator",
        "login": "198801102010012003",
        "nip": "198801102010012003",
        "unit": "disdukcapil",
        "name": "Dewi Lestari (demo)",
        "position": "Pranata Komputer",
        "label": "Operator unit: Disdukcapil",
    },
    {
        "role": "head",
        "login": "197808082003121005",
        "nip": "197808082003121005",
        "unit": "17.71.01",
        "name": "Agus Salim (demo)",
        "position": "Camat Selebar",
        "label": "Camat: Kecamatan Selebar (melihat kelurahan di bawahnya)",
    },
    {
        "role": "head",
        "login": "198204202006041004",
        "nip": "198204202006041004",
        "unit": "17.71.01.1001",
        "name": "Yusuf Effendi (demo)",
        "position": "Lurah Pagar Dewa",
        "label": "Lurah: Kelurahan Pagar Dewa",
    },
    {
        "role": "staff",
        "login": "199203152019032006",
        "nip": "199203152019032006",
        "unit": "disdukcapil",
        "name": "Nurul Aini (demo)",
        "position": "Pengadministrasi Kependudukan",
        "label": "Pegawai: petugas layanan Disdukcapil",
    },
    {
        "role": "staff",
        "login": "199505052020121007",
        "nip": "199505052020121007",
        "unit": "diskominfo",
        "name": "Fajar Ramadhan (demo)",
        "position": "Pranata Komputer Ahli Pertama",
        "label": "Pegawai: Diskominfo (unit non-layanan)",
    },
    {
        # Stands in for the lurah of Pagar Dewa around the demo date (policy.demo.load_deputy).
        "role": "staff",
        "login": "198710122010012008",
        "nip": "198710122010012008",
        "unit": "17.71.01.1001",
        "name": "Sri Wahyuni (demo)",
        "position": "Sekretaris Kelurahan Pagar Dewa",
        "label": "Pegawai: Sekretaris Kelurahan Pagar Dewa, Plh. lurah (menu Persetujuan)",
    },
    {
        "role": "staff",
        "login": "199004122015032004",
        "nip": "199004122015032004",
        "unit": "pkm-jalan-gedang",
        "name": "Rina Marlina (demo)",
        "position": "Perawat Terampil",
        "label": "Pegawai: perawat shift Puskesmas Jalan Gedang (bertugas 2 hari cuti bersama 2026)",
        "service_role": "tenaga_kesehatan",
    },
]
