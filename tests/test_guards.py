"""Project-wide guards: migrations in step with the models, one <h1> on every page, typed views."""

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import login


def test_it_has_no_missing_migrations(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"Missing migrations:\n{out.getvalue()}")


def _our_patterns(resolver=None, prefix=""):
    """Every URL pattern of the project's own apps (not the Django admin or i18n)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "i18n/")):
                continue
            yield from _our_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def _sample_url(route, world, samples):
    url = "/" + route
    for name, value in samples.items():
        url = url.replace(f"<{name}>", str(value))
    return None if "<" in url else url


@pytest.mark.parametrize("who", ["admin_user", "lurah_alpha1", "staff_alpha1"])
def test_it_renders_exactly_one_h1_on_every_page(client, world, who):
    from units.models import StaffImport

    job = StaffImport.objects.create(filename="x.csv", created_by=world.admin_user, rows=[])
    samples = {
        "str:code": world.kel_alpha1.code,
        "uuid:code": world.staff_alpha1.code,
    }
    login(client, getattr(world, who))
    checked = 0
    for route, pattern in _our_patterns():
        if "impor/<uuid:code>" in route:
            url = "/" + route.replace("<uuid:code>", str(job.code))
        else:
            url = _sample_url(route, world, samples)
        if url is None or pattern.name in ("logout",):
            continue
        response = client.get(url, follow=True)
        if response.status_code in (403, 404, 405) or "text/html" not in response.get(
            "Content-Type", ""
        ):
            continue
        html = response.content.decode()
        if not html.lstrip().lower().startswith("<!doctype"):
            continue
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        checked += 1
    assert checked >= 3


def test_it_shows_the_sign_in_page_with_one_h1(client, db):
    html = client.get("/masuk/").content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1


APPS = ("units", "policy", "attendance", "config")
ROOT = Path(__file__).resolve().parent.parent


def _untyped_views(path: Path) -> list[str]:
    """Module-level functions of `path` taking `request` first without annotating it or their return."""
    found = []
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not node.args.args:
            continue
        first = node.args.args[0]
        if first.arg == "request" and (first.annotation is None or node.returns is None):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return found


def test_it_types_every_function_view():
    """STYLE.md 17: `def view(request: HttpRequest, ...) -> HttpResponse`; mypy (`make lint`) then
    checks their bodies."""
    files = [f for app in APPS for f in sorted((ROOT / app).rglob("views.py"))]
    assert len(files) > 10
    untyped = [line for f in files for line in _untyped_views(f)]
    assert not untyped, "Views without types:\n" + "\n".join(untyped)


MARKUP = re.compile(r"<(svg|div|span|p|a|rect|circle|path|line|text|table|tr|td|li|ul|button|input|form)[\s>/]", re.I)


def _markup_strings(path: Path) -> list[str]:
    """String literals (docstrings aside) of one module that open an HTML or SVG element."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        and MARKUP.search(node.value)
    ]


def test_no_markup_of_a_page_is_written_in_python():
    """Issue 12: pages, fragments and charts come from templates only (the charts' geometry is computed in
    attendance/trends/charts.py and drawn by its template)."""
    files = [f for app in APPS for f in sorted((ROOT / app).rglob("*.py")) if "migrations" not in f.parts]
    found = [line for f in files for line in _markup_strings(f)]
    assert not found, "Markup written in Python:\n" + "\n".join(found)
