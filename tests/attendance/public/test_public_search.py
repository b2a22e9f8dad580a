"""Searching the public status list (/status/?q=): a plain GET form, filtered on the server, so it works
without JavaScript; with htmx the same address answers the results only. Internal notes in unit names stay
off the public pages."""

import re

import pytest
from django.core.cache import cache

from attendance.public import listing
from tests.attendance.boards.test_board_city import build_city, check, freeze
from tests.attendance.public.test_public_status import text
from tests.conftest import make_employee, make_unit
from units.demo_org import CANDIDATE_SUFFIX
from units.models import Unit

LIST = "/status/"


@pytest.fixture
def city(world, monkeypatch):
    freeze(monkeypatch)
    return build_city(world)


def units_listed(html: str) -> list[str]:
    return re.findall(r'data-unit="([^"]+)"', html)


def test_it_has_a_labelled_search_form_that_needs_no_javascript(client, city):
    html = client.get(LIST).content.decode()
    form = re.search(r'<form class="status-search[^>]*>(.*?)</form>', html, re.S)
    assert form is not None
    assert 'method="get" action="/status/"' in form.group(0)
    assert '<label for="cari">Cari kelurahan, kecamatan, puskesmas, kantor atau layanan (misalnya KTP)</label>' in form.group(1)
    assert 'id="cari" name="q" value=""' in form.group(1)
    assert '<button type="submit">Cari</button>' in form.group(1)


def test_it_lists_only_the_units_that_match(client, city):
    everything = units_listed(client.get(LIST).content.decode())
    assert {"17.99.01.1001", "17.99.01.1002", "17.99.02.1001", "disdukcapil-uji"} <= set(everything)
    response = client.get(LIST, {"q": "alpha"})
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    listed = units_listed(html)
    assert listed == ["17.99.01", "17.99.01.1001", "17.99.01.1002"]  # the kecamatan and its kelurahan
    assert "3 layanan cocok dengan “alpha”." in text(html)
    assert '<a href="/status/">Hapus pencarian, tampilkan semua layanan</a>' in html
    assert 'value="alpha"' in html  # the search stays in its box
    # Case, accents, punctuation and word order do not matter; every word must be found.
    assert units_listed(client.get(LIST, {"q": "  SATU   kelurahan. "}).content.decode()) == [
        "17.99.01.1001", "17.99.02.1001",
    ]
    assert units_listed(client.get(LIST, {"q": "Alpha Satu"}).content.decode()) == ["17.99.01.1001"]
    assert units_listed(client.get(LIST, {"q": "kependudukan"}).content.decode()) == ["disdukcapil-uji"]


def test_it_finds_a_service_and_a_puskesmas_by_its_kecamatan_or_street(client, city):
    Unit.objects.filter(code="disdukcapil-uji").update(services="e-KTP (KTP elektronik), kartu keluarga, akta kelahiran")
    make_unit("pkm-uji", "Puskesmas Uji", Unit.Kind.PUSKESMAS, address="Jl. Merapi No. 4, Kec. Gading Cempaka",
              services="IGD 24 jam, imunisasi")
    assert units_listed(client.get(LIST, {"q": "ktp"}).content.decode()) == ["disdukcapil-uji"]
    assert units_listed(client.get(LIST, {"q": "akta kelahiran"}).content.decode()) == ["disdukcapil-uji"]
    assert units_listed(client.get(LIST, {"q": "gading cempaka"}).content.decode()) == ["pkm-uji"]
    assert units_listed(client.get(LIST, {"q": "merapi"}).content.decode()) == ["pkm-uji"]
    html = client.get(LIST, {"q": "imunisasi"}).content.decode()
    assert units_listed(html) == ["pkm-uji"]
    assert "Layanan: IGD 24 jam, imunisasi" in text(html)  # what was found is said, not only matched
    assert "IGD 24 jam, imunisasi" in text(client.get("/status/pkm-uji/").content.decode())


def test_it_says_plainly_when_nothing_matches(client, city):
    html = client.get(LIST, {"q": "Zzyzx <b>"}).content.decode()
    assert units_listed(html) == []
    assert "Tidak ada layanan yang cocok dengan “Zzyzx &lt;b&gt;”." in html  # escaped, never markup
    assert "<b>" not in html.split("<main", 1)[1]
    assert '<a href="/status/">Hapus pencarian, tampilkan semua layanan</a>' in html


def test_it_takes_any_query_without_failing(client, city):
    for query in ("%", "_", "'", "a" * 5000, "\u202e", "\x07", "🏥"):  # a NUL is refused before (NulByteMiddleware)
        response = client.get(LIST, {"q": query})
        assert response.status_code == 200
    assert listing.clean_query("  a\x00b\n c ") == "ab c"
    assert len(listing.clean_query("x" * 500)) == listing.MAX_QUERY


def test_it_answers_htmx_with_the_results_only(client, city):
    response = client.get(LIST, {"q": "beta"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<h1" not in html and "<html" not in html
    assert units_listed(html) == ["17.99.02", "17.99.02.1001"]
    assert '<p id="jumlah-hasil" hx-swap-oob="innerHTML">2 layanan cocok dengan “beta”.' in html
    assert "HX-Request" in response["Vary"] and "cookie" not in response["Vary"].lower()
    assert response["Cache-Control"] in ("public, max-age=60", "max-age=60, public") and not response.cookies
    # Back to a page whose snapshot htmx no longer keeps: the whole page.
    restore = client.get(LIST, {"q": "beta"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert restore.content.decode().count("<h1") == 1


def test_it_searches_without_a_query_more(client, city, django_assert_max_num_queries):
    client.get(LIST)  # counted: a search reads the same minute's count
    with django_assert_max_num_queries(0):
        client.get(LIST, {"q": "alpha"})
        client.get(LIST, {"q": "nothing at all"})


def test_it_keeps_the_query_count_flat_with_more_units(client, city, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as small:
        client.get(LIST, {"q": "kelurahan"})
    for n in range(8):
        unit = make_unit(f"17.99.03.10{n:02d}", f"Kelurahan Gamma {n}", Unit.Kind.KELURAHAN,
                         address=f"Jl. Gamma No. {n}", phone="0736-21000", latitude="-3.8", longitude="102.26")
        check(make_employee(unit, f"Petugas Gamma {n}"), "in", 7, n)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(LIST, {"q": "kelurahan"}).content.decode()
    assert html.count('data-unit="17.99.03.') == 8


def test_it_keeps_internal_notes_off_public_pages(client, city):
    unit = make_unit("pkm-calon", "Puskesmas Calon" + CANDIDATE_SUFFIX, Unit.Kind.PUSKESMAS)
    for url in (LIST, "/status/pkm-calon/", LIST + "?q=calon"):
        html = client.get(url).content.decode()
        assert "kandidat" not in html.lower() and "terverifikasi" not in html.lower(), url
    assert "Puskesmas Calon" in client.get(LIST + "?q=calon").content.decode()
    assert "<h1>Puskesmas Calon</h1>" in client.get("/status/pkm-calon/").content.decode()
    assert units_listed(client.get(LIST + "?q=kandidat").content.decode()) == []  # the note is not searched
    # Staff pages keep the note.
    assert unit.name.endswith("(kandidat, belum terverifikasi)")


@pytest.mark.parametrize(
    ("name", "public"),
    [
        ("Puskesmas Anggut Atas (kandidat, belum terverifikasi)", "Puskesmas Anggut Atas"),
        ("Puskesmas Betungan (belum terverifikasi)", "Puskesmas Betungan"),
        ("Kelurahan Pagar Dewa", "Kelurahan Pagar Dewa"),
        ("RSUD Harapan dan Doa (RSHD)", "RSUD Harapan dan Doa (RSHD)"),
    ],
)
def test_it_names_units_without_internal_notes(name, public):
    assert listing.public_name(name) == public


def test_it_folds_the_larger_groups_of_the_whole_list_but_not_a_search(client, city):
    for n in range(5):
        make_unit(f"17.99.01.20{n:02d}", f"Kelurahan Alpha Tambahan {n}", Unit.Kind.KELURAHAN, city.world.kec_alpha)
    html = client.get(LIST).content.decode()
    folded = re.search(r'<details class="status-group">(.*?)</details>', html, re.S)
    assert folded is not None and 'data-unit="17.99.01.1001"' in folded.group(1)
    summary = text(re.search(r"<summary>(.*?)</summary>", folded.group(1), re.S).group(1))
    assert re.fullmatch(r"Kecamatan Alpha 8 layanan · 8 buka sekarang · \d di antaranya petugas kurang", summary), summary
    assert '<h2 id="grup-' in html and 'data-unit="17.99.02.1001"' not in folded.group(1)  # Beta stays open
    cache.clear()
    searched = client.get(LIST, {"q": "alpha"}).content.decode()
    assert "<details" not in searched and searched.count('data-unit="17.99.01') == 8
