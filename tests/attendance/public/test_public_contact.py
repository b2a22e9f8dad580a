"""Each unit's address, telephone, WhatsApp and a map link on the public status pages: compact on the list,
in full on the unit's page; demo values say they are examples."""

import re
from decimal import Decimal

import pytest

from attendance.public.listing import Contact
from tests.attendance.boards.test_board_city import build_city, freeze
from units.models import Unit

LIST = "/status/"
MAP = "https://www.openstreetmap.org/?mlat=-3.795600&amp;mlon=102.259200#map=18/-3.795600/102.259200"


@pytest.fixture
def city(world, monkeypatch):
    freeze(monkeypatch)
    build_city(world)
    Unit.objects.filter(pk=world.kel_alpha1.pk).update(
        address="Jl. Jenderal Sudirman No. 1, Kota Bengkulu", phone="0736-21000", whatsapp="0812-7000-1234",
        latitude=Decimal("-3.7956"), longitude=Decimal("102.2592"),
    )
    return world


def row_html(html: str, code: str) -> str:
    return re.search(rf'<li class="[a-z]+" data-unit="{re.escape(code)}">(.*?)</li>', html, re.S).group(1)


def test_it_shows_the_contact_on_the_list(client, city):
    row = row_html(client.get(LIST).content.decode(), "17.99.01.1001")
    assert "Jl. Jenderal Sudirman No. 1, Kota Bengkulu" in row
    assert '<a href="tel:073621000"><span class="visually-hidden">Telepon </span>0736-21000</a>' in row
    assert '<a href="https://wa.me/6281270001234">WhatsApp<span class="visually-hidden"> 0812-7000-1234</span></a>' in row
    assert f'<a href="{MAP}">Peta<span class="visually-hidden"> lokasi Kelurahan Alpha Satu</span></a>' in row
    assert "contoh" not in row
    assert "bertanda (contoh)" not in client.get(LIST).content.decode()
    # A unit without any contact shows no empty line.
    assert 'class="contact"' not in row_html(client.get(LIST).content.decode(), "17.99.02.1001")


def test_it_shows_the_contact_on_the_units_page(client, city):
    html = client.get("/status/17.99.01.1001/").content.decode()
    assert "<h2>Alamat dan kontak</h2>" in html
    assert "<dt>Alamat</dt><dd>Jl. Jenderal Sudirman No. 1, Kota Bengkulu</dd>" in html
    assert '<dt>Telepon</dt><dd><a href="tel:073621000">0736-21000</a></dd>' in html
    assert '<dt>WhatsApp</dt><dd><a href="https://wa.me/6281270001234">0812-7000-1234</a></dd>' in html
    assert f'<a href="{MAP}">Lihat lokasi kantor di OpenStreetMap</a>' in html
    assert "Alamat dan kontak" not in client.get("/status/17.99.02.1001/").content.decode()


def test_it_marks_example_contacts(client, city):
    Unit.objects.filter(pk=city.kel_alpha1.pk).update(contact_is_example=True)
    listed = client.get(LIST).content.decode()
    assert '<span class="example-tag">(contoh)</span>' in row_html(listed, "17.99.01.1001")
    assert "Alamat dan telepon yang bertanda (contoh) adalah data demo, bukan kontak resmi kantor itu." in listed
    html = client.get("/status/17.99.01.1001/").content.decode()
    assert "adalah contoh dari data demo, bukan kontak resmi kantor ini." in html


@pytest.mark.parametrize(
    ("contact", "phone", "whatsapp", "map_url"),
    [
        (Contact(phone="+62 736 21000", whatsapp="+62 812-7000-1234"), "tel:+6273621000", "https://wa.me/6281270001234", ""),
        (Contact(phone="(0736) 21000", whatsapp="6281270001234"), "tel:073621000", "https://wa.me/6281270001234", ""),
        (Contact(latitude=Decimal("-3.8"), longitude=Decimal("102.26")), "", "",
         "https://www.openstreetmap.org/?mlat=-3.800000&mlon=102.260000#map=18/-3.800000/102.260000"),
        (Contact(), "", "", ""),
    ],
)
def test_it_builds_the_links(contact, phone, whatsapp, map_url):
    assert (contact.phone_url, contact.whatsapp_url, contact.map_url) == (phone, whatsapp, map_url)
    assert bool(contact) == bool(phone or whatsapp or map_url)
