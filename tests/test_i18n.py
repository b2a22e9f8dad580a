"""English catalogue: complete, compiled, and used when the language cookie asks for it.

The .mo is committed (CI has no gettext), so these tests read the .po with a tiny parser and the
.mo with the standard library instead of running msgfmt.
"""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

from tests.conftest import login

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0 +-]*\d*(?:\.\d+)?[sdifrx%]")


def read_po(path=PO) -> list[dict]:
    """Entries as {"flags", "msgctxt", "msgid", "msgid_plural", "msgstr": {index: text}}.

    The header is the entry whose msgid is "". Obsolete entries (#~) are skipped.
    """
    entries, entry, field = [], None, None

    def start():
        return {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}}

    def close():
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and entry["msgid"] is not None:
                close()
                entry = None
            entry = entry or start()
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            keyword, index, value = match.groups()
            if keyword in ("msgctxt", "msgid") and entry is not None and entry["msgid"] is not None:
                close()
                entry = None
            entry = entry or start()
            text = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = text
            else:
                field = (keyword, None)
                entry[keyword] = text
            continue
        assert line.startswith('"'), f"unexpected line in {path.name}: {raw!r}"
        text = ast.literal_eval(line)
        if field[0] == "msgstr":
            entry["msgstr"][field[1]] += text
        else:
            entry[field[0]] += text
    close()
    return entries


def messages(entries) -> list[dict]:
    return [e for e in entries if e["msgid"] != ""]


def header(entries) -> dict:
    return next(e for e in entries if e["msgid"] == "" and e["msgctxt"] is None)


def edges(text: str) -> tuple[str, str]:
    """Leading and trailing whitespace, which a translation must keep."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def catalogue_key(entry, index=None):
    msgid = (
        entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
    )
    return msgid if index is None else (msgid, index)


def test_it_translates_every_entry_of_the_english_catalogue():
    entries = read_po()
    found = messages(entries)
    assert len(found) > 100, "the .po looks truncated"
    untranslated = [
        e["msgid"] for e in found if not e["msgstr"] or any(not s for s in e["msgstr"].values())
    ]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy[:10]}"
    plurals = [e for e in found if e["msgid_plural"] is not None]
    assert all(sorted(e["msgstr"]) == [0, 1] for e in plurals)
    head = header(entries)["msgstr"][0]
    assert "Language: en\n" in head
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in head


def test_it_keeps_every_placeholder_in_the_translations():
    for entry in messages(read_po()):
        for index, text in entry["msgstr"].items():
            source = entry["msgid_plural"] if index and entry["msgid_plural"] else entry["msgid"]
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                entry["msgid"],
                text,
            )
            assert edges(text) == edges(source), ("whitespace differs", entry["msgid"], text)


def test_it_compiled_the_mo_from_the_current_po():
    """Fails when someone edits the .po without running compilemessages."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in messages(read_po()):
        if entry["msgid_plural"] is None:
            if compiled.get(catalogue_key(entry)) != entry["msgstr"][0]:
                stale.append(entry["msgid"])
        else:
            for index, text in entry["msgstr"].items():
                if compiled.get(catalogue_key(entry, index)) != text:
                    stale.append(entry["msgid"])
    assert stale == [], (
        f"{len(stale)} entries differ from django.mo: {stale[:10]}; run "
        "`DEBUG=1 .venv/bin/python manage.py compilemessages -l en -i .venv`"
    )


def test_it_shows_the_sign_in_page_in_english_with_the_language_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/masuk/").content.decode()
    assert "Sign in to Hadir" in html
    assert "Masuk ke Hadir" not in html
    assert '<html lang="en">' in html


def test_it_shows_the_sign_in_page_in_indonesian_by_default(client, db):
    html = client.get("/masuk/").content.decode()
    assert "Masuk ke Hadir" in html
    assert "Sign in to Hadir" not in html
    assert '<html lang="id">' in html


def test_it_shows_a_signed_in_staff_members_day_in_english(client, world):
    login(client, world.staff_alpha1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/saya/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Log out" in html and "My day" in html
    assert "Keluar" not in html and "Hari saya" not in html


def test_it_stays_indonesian_for_an_english_browser_until_the_person_switches(client, db):
    html = client.get("/masuk/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "Masuk ke Hadir" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/masuk/", headers={"Accept-Language": "id"}).content.decode()
    assert "Sign in to Hadir" in html
