"""Installable on the phone: a web app manifest that opens straight on the check-in page."""

import json
import struct
from pathlib import Path

from django.contrib.staticfiles import finders

from tests.conftest import login


def test_it_describes_the_app_for_the_home_screen():
    manifest = json.loads(Path(finders.find("manifest.webmanifest")).read_text())
    assert (manifest["name"], manifest["short_name"]) == ("Hadir", "Hadir")
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/saya/", "/", "standalone")
    assert manifest["theme_color"] == "#083d6d"
    sizes = {icon["sizes"]: icon for icon in manifest["icons"]}
    for size in (192, 512):
        icon = sizes[f"{size}x{size}"]
        path = finders.find(icon["src"])  # relative to the manifest, which sits at the static root
        assert path, icon["src"]
        header = Path(path).read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (size, size)


def test_it_links_the_manifest_from_every_page(client, world):
    login(client, world.staff_alpha1)
    html = client.get("/saya/").content.decode()
    assert '<link rel="manifest" href="/static/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#083d6d">' in html
