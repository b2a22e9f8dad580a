"""Content-Security-Policy (config.middleware.ContentSecurityPolicyMiddleware): a strict header on every
response while settings.CSP is on, and nothing in the templates that it would refuse. The browser side
(zero violations, htmx still working) is tests/e2e/test_csp.py."""

import re
from pathlib import Path

import pytest

from config.middleware import CSP_POLICY
from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]
HEADER = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"


@pytest.fixture(autouse=True)
def _defaults(settings):
    settings.CSP = True
    settings.CSP_REPORT_ONLY = False


def test_the_policy_allows_only_the_apps_own_files():
    directives = dict(d.split(" ", 1) for d in CSP_POLICY.split("; "))
    assert directives == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "object-src": "'none'",
    }
    assert "unsafe" not in CSP_POLICY


@pytest.mark.parametrize("path", ["/masuk/", "/status/", "/saya/", "/kata-sandi/", "/admin/"])
def test_it_sends_the_header_on_pages(client, world, path):
    if path not in ("/masuk/", "/status/"):
        login(client, world.admin_user if path == "/admin/" else world.staff_alpha1)
    response = client.get(path)
    assert response.status_code == 200
    assert response[HEADER] == CSP_POLICY and REPORT_ONLY not in response


def test_it_sends_the_header_on_htmx_fragments_and_redirects(client, world):
    login(client, world.lurah_alpha1)
    board = f"/papan/unit/{world.kel_alpha1.code}/"
    fragment = client.get(board, headers={"HX-Request": "true", "HX-Target": "board"})
    assert fragment.content.decode().lstrip().startswith('<section id="board"')
    assert fragment[HEADER] == CSP_POLICY
    assert client.get("/")[HEADER] == CSP_POLICY  # a redirect to the home page of the role


def test_report_only_reports_instead_of_refusing(client, settings):
    settings.CSP_REPORT_ONLY = True
    response = client.get("/masuk/")
    assert response[REPORT_ONLY] == CSP_POLICY and HEADER not in response


def test_it_can_be_turned_off(client, settings):
    settings.CSP = False
    response = client.get("/masuk/")
    assert HEADER not in response and REPORT_ONLY not in response


def test_it_is_on_with_debug_on_except_for_djangos_technical_error_pages(client, settings):
    settings.DEBUG = True
    assert client.get("/masuk/")[HEADER] == CSP_POLICY
    assert HEADER not in client.get("/tidak-ada/")  # Django's yellow 404 page is all inline styles
    settings.DEBUG = False
    assert client.get("/tidak-ada/")[HEADER] == CSP_POLICY  # our own 404.html


# What the policy refuses, looked for in the templates and in the Python that writes markup.
REFUSED = {
    "style attribute": re.compile(r"""\sstyle\s*=\s*["']""", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "inline event handler": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),
    "hx-on": re.compile(r"\shx-on"),
    "javascript: URL": re.compile(r"javascript:", re.I),
    # htmx evaluates trigger filters ("every 30s [!document.hidden]") and js: values with eval
    "htmx eval": re.compile(r"""hx-trigger="[^"]*\[|hx-(vals|headers|vars)=["']\s*(js|javascript):"""),
}
MARKUP_WRITERS: list[str] = []  # none left: tests/test_guards.py keeps markup out of Python


def refused_in(text: str) -> list[str]:
    return [name for name, pattern in REFUSED.items() if pattern.search(text)]


def test_the_checks_find_what_they_look_for():
    assert refused_in('<p style="color: red">') == ["style attribute"]
    assert refused_in("<script>alert(1)</script>") == ["inline <script>"]
    assert refused_in('<script src="/static/js/hadir.js" defer></script>') == []
    assert refused_in('<button onclick="go()">') == ["inline event handler"]
    assert refused_in('<div hx-on::after-request="x()">') == ["hx-on"]
    assert refused_in('<div hx-trigger="every 2s [!document.hidden]">') == ["htmx eval"]
    assert refused_in('<div hx-trigger="every 2s, board-refresh">') == []


def test_no_template_or_markup_writer_has_what_the_policy_refuses():
    files = sorted((ROOT / "templates").rglob("*.html")) + [ROOT / f for f in MARKUP_WRITERS]
    found = {
        str(path.relative_to(ROOT)): refused_in(path.read_text())
        for path in files
        if refused_in(path.read_text())
    }
    assert found == {}


def test_htmx_is_told_not_to_inject_styles_nor_to_eval(client):
    html = client.get("/masuk/").content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>""" in html
    css = (ROOT / "static/css/hadir.css").read_text()
    assert ".htmx-indicator" in css and ".htmx-request .htmx-indicator" in css
