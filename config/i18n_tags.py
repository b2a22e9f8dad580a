"""Django's `i18n` template library with `{% translate %}` and `{% blocktranslate %}` that remember their text.

Registered under the name `i18n` (config/settings.py, TEMPLATES' "libraries"), so every `{% load i18n %}` gets
it; the tags, their syntax and what `makemessages` extracts are Django's own. Each tag is parsed by Django's
function, then keeps, per translation catalogue, what it rendered when its message is a constant: a
`{% translate "…" %}` of a string literal without filters gives the same text every time in one language, and
a `{% blocktranslate %}` its translated pattern (its values are still rendered each time). Anything else (a
variable, a filter, a plural, a context given by a variable, `noop`) renders as Django renders it.

Why: a card of the check-in (the hot path's answer) has about 20 `{% translate %}` and 10 `{% blocktranslate %}`,
and these were the larger part of its template's cost; the measurement is in docs/performance.md, "Check-in".
The key is the active catalogue object itself (django.utils.translation.trans_real.catalog), so a language
switched on or new catalogues after a settings change never reuse another's text; with translations switched off
(`translation.override(None)`, a new catalogue object each time) the tags render as Django's, keeping nothing.
"""

from typing import Any

from django.conf import settings
from django.template import Library, Variable
from django.template.backends.django import DjangoTemplates
from django.template.base import render_value_in_context
from django.templatetags import i18n as django_i18n
from django.utils.safestring import SafeString
from django.utils.translation import trans_real

register = Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


def _literal(expression: Any) -> bool:
    """A filter expression that is a string literal and nothing else (the parser keeps a constant as the
    string itself, `{% translate %}` as a Variable of it)."""
    if expression is None:
        return True
    var = expression.var
    return not expression.filters and (isinstance(var, str) or isinstance(var, Variable) and isinstance(var.literal, str))


def _catalogue() -> trans_real.DjangoTranslation | None:
    """The active catalogue when it is one of Django's (one object per language), else None."""
    found = trans_real.catalog() if settings.USE_I18N else None
    return found if isinstance(found, trans_real.DjangoTranslation) else None


class TranslateNode(django_i18n.TranslateNode):
    def render(self, context):
        key = _catalogue() if self._constant else None
        if key is None:
            return super().render(context)
        value = self._texts.get(key)
        if value is None:
            # What Django's render returns for this catalogue, computed its way once.
            self.filter_expression.var.translate = True
            if self.message_context:
                self.filter_expression.var.message_context = self.message_context.resolve(context)
            value = render_value_in_context(self.filter_expression.resolve(context), context)
            value = SafeString(value.replace("%%", "%")) if isinstance(value, SafeString) else value.replace("%%", "%")
            self._texts[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


class BlockTranslateNode(django_i18n.BlockTranslateNode):
    def render(self, context, nested=False):
        key = _catalogue() if self._constant and not nested else None
        if key is None:
            return super().render(context, nested)
        if self._tokens is None:
            self._tokens = self.render_token_list(self.singular)
        singular, names = self._tokens
        pattern = self._texts.get(key)
        if pattern is None:
            if self.message_context:
                pattern = trans_real.pgettext(self.message_context.resolve(context), singular)
            else:
                pattern = trans_real.gettext(singular)
            self._texts[key] = pattern
        context.update({name: value.resolve(context) for name, value in self.extra_context.items()})
        default_value = context.template.engine.string_if_invalid
        data = {}
        for name in names:
            if name in context:
                value = context[name]
            else:
                value = default_value % name if "%s" in default_value else default_value
            data[name] = render_value_in_context(value, context)
        context.pop()
        try:
            result = pattern % data
        except (KeyError, ValueError):
            return super().render(context)  # Django's own handling of a bad translation
        if self.asvar:
            context[self.asvar] = SafeString(result)
            return ""
        return result


def _translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    node.__class__ = TranslateNode
    node._constant = not node.noop and _literal(node.filter_expression) and _literal(node.message_context)
    node._texts = {}
    return node


def _block_translate(parser, token):
    node = django_i18n.do_block_translate(parser, token)
    node.__class__ = BlockTranslateNode
    node._constant = not node.plural and _literal(node.message_context)
    node._tokens = None
    node._texts = {}
    return node


class Templates(DjangoTemplates):
    """Django's template backend (config/settings.py, TEMPLATES), knowing that the `i18n` library is replaced on
    purpose: Django's check warns (templates.W003) about a library name given to two modules, and this one leaves
    exactly that pair out, so another clash is still reported."""

    REPLACED = "'i18n' is used for multiple template tag modules: 'config.i18n_tags', 'django.templatetags.i18n'"

    def _check_for_template_tags_with_the_same_name(self):
        return [w for w in super()._check_for_template_tags_with_the_same_name() if w.msg != self.REPLACED]


register.tag("translate", _translate)
register.tag("trans", _translate)
register.tag("blocktranslate", _block_translate)
register.tag("blocktrans", _block_translate)
