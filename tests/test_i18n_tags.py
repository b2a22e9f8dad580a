"""config/i18n_tags.py: Django's `{% translate %}` and `{% blocktranslate %}`, remembering constant messages.

Each case is rendered by the project's engine and by an engine with Django's own i18n library, in Indonesian,
in English, back again and with translations switched off, on the same compiled template each time: the
outputs must be the same, so remembering a text never changes what a page says.
"""

import pytest
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.templatetags import i18n as django_i18n
from django.utils import translation
from django.utils.safestring import SafeString

from config import i18n_tags

CASES = [
    '{% load i18n %}{% translate "Presensi hari ini" %}',
    '{% load i18n %}{% trans "Presensi hari ini" %}',
    '{% load i18n %}{% translate "Masuk" context "presensi" %}',
    '{% load i18n %}{% translate "Pulang" as label %}[{{ label }}]',
    '{% load i18n %}{% translate "Presensi hari ini"|upper %}',
    '{% load i18n %}{% translate word %}',
    '{% load i18n %}{% translate "Presensi hari ini" noop %}',
    "{% load i18n %}<b title=\"{% translate 'Mengambil lokasi…' %}\">x</b>",
    '{% load i18n %}{% translate "100%% hadir" %}',
    '{% load i18n %}{% blocktranslate with time=at %}Tercatat {{ time }}{% endblocktranslate %}',
    '{% load i18n %}{% blocktrans with time=at %}Tercatat {{ time }}{% endblocktrans %}',
    '{% load i18n %}{% blocktranslate %}Hari ini, {{ name }}{% endblocktranslate %}',
    '{% load i18n %}{% blocktranslate with name=html %}Hari ini, {{ name }}{% endblocktranslate %}',
    '{% load i18n %}{% blocktranslate with name=missing %}Hari ini, {{ name }}{% endblocktranslate %}',
    '{% load i18n %}{% blocktranslate trimmed with time=at %}\n  Tercatat\n  {{ time }}\n{% endblocktranslate %}',
    '{% load i18n %}{% blocktranslate with time=at asvar said %}Tercatat {{ time }}{% endblocktranslate %}[{{ said }}]',
    '{% load i18n %}{% blocktranslate context "presensi" %}Masuk{% endblocktranslate %}',
    '{% load i18n %}{% blocktranslate count n=count %}{{ n }} hari{% plural %}{{ n }} hari{% endblocktranslate %}',
    '{% load i18n %}{% blocktranslate with p=50 %}{{ p }}% dari jadwal{% endblocktranslate %}',
    '{% load i18n %}{% get_current_language as lang %}{{ lang }}',
    '{% load i18n %}{{ "id"|language_name }}',
]
CONTEXT = {"word": "Pulang", "at": "07:31", "name": "Rina", "html": "<b>Rina</b>", "count": 3}


def djangos_own_engine() -> DjangoTemplates:
    engine = engines["django"].engine
    return DjangoTemplates(
        {
            "NAME": "django-i18n",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                "libraries": {"i18n": "django.templatetags.i18n"},
                "autoescape": engine.autoescape,
                "string_if_invalid": engine.string_if_invalid,
            },
        }
    )


def test_the_project_loads_its_own_i18n_library():
    libraries = engines["django"].engine.template_libraries
    assert libraries["i18n"] is i18n_tags.register
    assert set(i18n_tags.register.tags) == set(django_i18n.register.tags)
    assert set(i18n_tags.register.filters) == set(django_i18n.register.filters)


@pytest.mark.parametrize("source", CASES)
def test_each_tag_renders_as_djangos_in_every_language_and_after_a_switch(source):
    ours = engines["django"].from_string(source)
    theirs = djangos_own_engine().from_string(source)
    rendered = []
    for language in ("id", "en", "id", None, "en"):
        with translation.override(language):
            mine, reference = ours.render(CONTEXT), theirs.render(CONTEXT)
        assert mine == reference, (language, mine, reference)
        assert isinstance(mine, SafeString) == isinstance(reference, SafeString)
        rendered.append(mine)
    if "Presensi hari ini\" %}" in source or "Tercatat" in source:
        assert rendered[0] != rendered[1]  # Indonesian and English differ: the text is not kept across languages


def test_the_template_check_leaves_out_only_the_i18n_replacement():
    """config.i18n_tags.Templates: Django's check (templates.W003) stays quiet about `i18n`, which is replaced on
    purpose, and still reports another library name given to two modules."""
    assert [w for w in engines["django"].check() if w.id == "templates.W003"] == []
    clashing = i18n_tags.Templates(
        {
            "NAME": "clash",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {"libraries": {"i18n": "config.i18n_tags", "static": "config.i18n_tags"}},
        }
    )
    warned = [w.msg for w in clashing.check() if w.id == "templates.W003"]
    assert warned == ["'static' is used for multiple template tag modules: 'config.i18n_tags', 'django.templatetags.static'"]


def test_nothing_is_kept_while_translations_are_switched_off():
    """translation.override(None) makes a new catalogue object each time: the tags then render as Django's and keep
    nothing, so a page rendered that way again and again does not grow their memory."""
    template = engines["django"].from_string(
        '{% load i18n %}{% translate "Presensi hari ini" %} {% blocktranslate with t=at %}Tercatat {{ t }}{% endblocktranslate %}'
    )
    for _ in range(3):
        with translation.override(None):
            assert template.render(CONTEXT) == "Presensi hari ini Tercatat 07:31"
    kept = [node._texts for node in template.template.nodelist if hasattr(node, "_texts")]
    assert len(kept) == 2 and all(texts == {} for texts in kept)
    with translation.override("en"):
        template.render(CONTEXT)
    assert all(len(texts) == 1 for texts in kept)
