"""The phone's offline page (issue 14): a service worker at the site's root that answers a page the network
cannot reach with the offline page, stored at install; nothing personal is stored."""

import re

from django.test import Client


def test_the_service_worker_is_at_the_root_checked_on_every_visit_and_stores_only_the_offline_page(db):
    response = Client().get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    kept = re.search(r"var KEPT = \[(.*?)\];", script).group(1)
    assert kept == 'OFFLINE, "/static/css/hadir.css"' and 'var OFFLINE = "/offline/";' in script
    assert 'request.mode === "navigate"' in script  # only pages fall back to it


def test_the_offline_page_says_what_to_do_in_words(db):
    response = Client().get("/offline/")
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert response.status_code == 200 and "max-age=3600" in response["Cache-Control"]
    assert "Tidak ada koneksi internet" in page and "presensi belum tercatat" in page
    assert 'href=""' in response.content.decode()  # "Muat ulang": the page that could not be reached
