"""Line and bar charts as inline SVG strings, rendered on the server: no chart library, no JavaScript.

Pure functions over plain values. Each chart is an <svg role="img"> named by its <title> and described by a
<desc> that says in words what the series show (the caller writes it, usually with `describe`); the axis
labels are text; each series has its own dash pattern and marker shape (lines) or fill pattern (bars) and
a legend in words, so nothing depends on colour alone. Colours are dark enough for text contrast on white.

Every data point is drawn as an element with class "point" (a marker or a bar) carrying its value in
`data-value`, so a test can count them. A value of None is a gap: no point, and the line does not pass it
(it joins the points on either side, as days without data are not zero).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 250
MARGIN_LEFT = 52
MARGIN_RIGHT = 78  # room for the direct label at the end of each line
MARGIN_TOP = 30  # room for the legend
MARGIN_BOTTOM = 46  # x tick labels and the x axis title
FONT = 12
INK = "#1b1f24"
MUTED = "#4a5360"
GRID = "#d5dbe1"
# Series styles: colour (all ≥ 7:1 on white), dash pattern, marker shape. Shapes and dashes carry the
# meaning; the colour only helps.
STYLES = (
    ("#0b5394", "", "circle"),
    ("#8a4b00", "6 4", "square"),
    ("#1b1f24", "2 3", "triangle"),
)
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


def _fmt(value: float) -> str:
    """A coordinate with at most one decimal (keeps the markup short)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_step(span: float, ticks: int = 5) -> float:
    """A step of 1, 2 or 5 × 10^n that cuts `span` into about `ticks` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def y_range(values: Sequence[float | None], *, floor: float = 0, ceiling: float | None = None) -> tuple[float, float, float]:
    """(low, high, step) for the values: rounded to the step, within [floor, ceiling].

    The axis does not always start at zero: a presence rate between 91 and 97 % is drawn from 90 to 100
    so that a change is visible; the tick labels say where the axis starts.
    """
    known = [v for v in values if v is not None]
    if not known:
        return floor, ceiling if ceiling is not None else floor + 1, 1.0
    low, high = min(known), max(known)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    step = nice_step(high - low)
    low = max(floor, math.floor(low / step) * step)
    high = math.ceil(high / step) * step
    if ceiling is not None:
        high = min(ceiling, high)
    if high <= low:
        high = low + step
    return low, high, step


def _ticks(low: float, high: float, step: float) -> list[float]:
    count = int(round((high - low) / step))
    return [low + i * step for i in range(count + 1)]


def _label_positions(n: int) -> list[int]:
    """Indexes of the x labels: at most MAX_X_LABELS, evenly spaced, always the last one."""
    if n <= MAX_X_LABELS:
        return list(range(n))
    every = math.ceil(n / MAX_X_LABELS)
    picked = list(range(n - 1, -1, -every))[::-1]
    return picked


def _marker(shape: str, x: float, y: float, colour: str, value: float, label: str) -> str:
    common = f'class="point" data-value="{_fmt(value)}" fill="{colour}" stroke="#fff" stroke-width="1"'
    title = f"<title>{escape(label)}</title>"
    if shape == "square":
        return f'<rect {common} x="{_fmt(x - 3.5)}" y="{_fmt(y - 3.5)}" width="7" height="7">{title}</rect>'
    if shape == "triangle":
        points = f"{_fmt(x)},{_fmt(y - 4.5)} {_fmt(x + 4.5)},{_fmt(y + 3.5)} {_fmt(x - 4.5)},{_fmt(y + 3.5)}"
        return f'<polygon {common} points="{points}">{title}</polygon>'
    return f'<circle {common} cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5">{title}</circle>'


def _legend_marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{_fmt(x - 3.5)}" y="{_fmt(y - 3.5)}" width="7" height="7" fill="{colour}"/>'
    if shape == "triangle":
        return f'<polygon points="{_fmt(x)},{_fmt(y - 4.5)} {_fmt(x + 4.5)},{_fmt(y + 3.5)} {_fmt(x - 4.5)},{_fmt(y + 3.5)}" fill="{colour}"/>'
    return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5" fill="{colour}"/>'


def _frame(
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    x_title: str,
    y_title: str,
    low: float,
    high: float,
    step: float,
    fmt: Callable[[float], str],
    x_at: Callable[[int], float],
    y_at: Callable[[float], float],
) -> list[str]:
    """The opening of the svg: title, desc, grid, tick labels and axis titles."""
    plot_bottom = HEIGHT - MARGIN_BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-size="{FONT}" font-family="system-ui, sans-serif">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        '<g class="grid">',
    ]
    for tick in _ticks(low, high, step):
        y = y_at(tick)
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{_fmt(y)}" y2="{_fmt(y)}" stroke="{GRID}"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{_fmt(y + 4)}" text-anchor="end" fill="{MUTED}">{escape(fmt(tick))}</text>'
        )
    parts.append("</g>")
    parts.append(
        f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{plot_bottom}" y2="{plot_bottom}" stroke="{MUTED}"/>'
    )
    parts.append('<g class="x-labels">')
    for index in _label_positions(len(x_labels)):
        x = x_at(index)
        parts.append(
            f'<line x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{plot_bottom}" y2="{plot_bottom + 4}" stroke="{MUTED}"/>'
            f'<text x="{_fmt(x)}" y="{plot_bottom + 17}" text-anchor="middle" fill="{MUTED}">{escape(x_labels[index])}</text>'
        )
    parts.append("</g>")
    parts.append(
        f'<text class="axis-title" x="{(MARGIN_LEFT + WIDTH - MARGIN_RIGHT) // 2}" y="{HEIGHT - 6}" '
        f'text-anchor="middle" fill="{INK}">{escape(x_title)}</text>'
        f'<text class="axis-title" x="4" y="14" fill="{INK}">{escape(y_title)}</text>'
    )
    return parts


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    x_title: str,
    y_title: str,
    fmt: Callable[[float], str] = _fmt,
    tick_fmt: Callable[[float], str] | None = None,
    floor: float = 0,
    ceiling: float | None = None,
    point_labels: Sequence[str] | None = None,
) -> SafeString:
    """One or more lines over the same x labels (up to len(STYLES) series).

    `fmt` formats a value for the direct labels and the tooltips (e.g. "95,1%"), `tick_fmt` the axis ticks;
    `point_labels` names each x position in the tooltips (e.g. the full date), defaulting to `x_labels`.
    """
    count = len(x_labels)
    low, high, step = y_range([v for s in series for v in s.values], floor=floor, ceiling=ceiling)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x_at(i: int) -> float:
        return MARGIN_LEFT + (plot_w * (i + 0.5) / count if count else 0)

    def y_at(v: float) -> float:
        return MARGIN_TOP + plot_h * (1 - (v - low) / (high - low))

    names = point_labels or x_labels
    parts = _frame(
        chart_id=chart_id, title=title, desc=desc, x_labels=x_labels, x_title=x_title, y_title=y_title,
        low=low, high=high, step=step, fmt=tick_fmt or fmt, x_at=x_at, y_at=y_at,
    )
    for number, line in enumerate(series):
        colour, dash, shape = STYLES[number % len(STYLES)]
        known = [(i, v) for i, v in enumerate(line.values) if v is not None]
        parts.append(f'<g class="series" data-series="{number}">')
        if len(known) > 1:
            path = " ".join(
                f"{'M' if n == 0 else 'L'}{_fmt(x_at(i))} {_fmt(y_at(v))}" for n, (i, v) in enumerate(known)
            )
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>')
        for i, v in known:
            parts.append(_marker(shape, x_at(i), y_at(v), colour, v, f"{line.label}, {names[i]}: {fmt(v)}"))
        if known:
            i, v = known[-1]
            parts.append(
                f'<text class="direct-label" x="{_fmt(x_at(i) + 8)}" y="{_fmt(y_at(v) + 4)}" fill="{colour}" '
                f'font-weight="600">{escape(fmt(v))}</text>'
            )
        parts.append("</g>")
    parts.extend(_legend(series, line=True, after=y_title))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _text_width(text: str) -> int:
    """A generous estimate of the width of a text in the chart's font (no font metrics on the server)."""
    return int(len(text) * FONT * 0.62)


def _legend(series: Sequence[Series], *, line: bool, after: str, chart_id: str = "") -> list[str]:
    """The legend on the top line, after the y axis title."""
    parts = ['<g class="legend">']
    x = 4 + _text_width(after) + 24
    for number, item in enumerate(series):
        colour, dash, shape = STYLES[number % len(STYLES)]
        if line:
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<line x1="{x}" x2="{x + 24}" y1="14" y2="14" stroke="{colour}" stroke-width="2"{dashes}/>')
            parts.append(_legend_marker(shape, x + 12, 14, colour))
        else:
            parts.append(_bar_swatch(number, x, 8, 16, 12, colour, chart_id))
        parts.append(f'<text x="{x + 30}" y="18" fill="{INK}">{escape(item.label)}</text>')
        x += 46 + _text_width(item.label)
    parts.append("</g>")
    return parts


def _bar_swatch(
    number: int, x: float, y: float, w: float, h: float, colour: str, chart_id: str, *, extra: str = "", inner: str = ""
) -> str:
    fill = colour if number == 0 else f"url(#{escape(chart_id)}-hatch{number})"
    opening = (
        f'<rect{extra} x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" height="{_fmt(h)}" fill="{fill}" '
        f'stroke="{colour}" stroke-width="1.5"'
    )
    return f"{opening}>{inner}</rect>" if inner else f"{opening}/>"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    x_title: str,
    y_title: str,
    fmt: Callable[[float], str] = _fmt,
    tick_fmt: Callable[[float], str] | None = None,
    point_labels: Sequence[str] | None = None,
    value_labels: bool = False,
) -> SafeString:
    """Grouped bars from zero: the first series solid, the others hatched (up to len(STYLES) series).

    A zero is drawn as a thin line on the axis (it is a value, not a gap); None draws nothing.
    With `value_labels`, each bar carries its value in text above it (for a few bars, not 90 days).
    """
    count = len(x_labels)
    top = MARGIN_TOP + (18 if value_labels else 0)  # room for the value above the highest bar
    low, high, step = y_range([v for s in series for v in s.values] + [0], floor=0)
    step = max(step, 1.0) if all(float(v).is_integer() for s in series for v in s.values if v is not None) else step
    high = max(high, low + step)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - top - MARGIN_BOTTOM
    slot = plot_w / count if count else plot_w
    group = slot * (0.7 if value_labels else 0.8)
    bar_w = group / max(1, len(series))

    def x_at(i: int) -> float:
        return MARGIN_LEFT + slot * (i + 0.5)

    def y_at(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    names = point_labels or x_labels
    parts = _frame(
        chart_id=chart_id, title=title, desc=desc, x_labels=x_labels, x_title=x_title, y_title=y_title,
        low=low, high=high, step=step, fmt=tick_fmt or fmt, x_at=x_at, y_at=y_at,
    )
    parts.append("<defs>")
    for number in range(1, len(series)):
        colour = STYLES[number % len(STYLES)][0]
        angle = 45 if number == 1 else -45
        parts.append(
            f'<pattern id="{escape(chart_id)}-hatch{number}" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate({angle})"><rect width="6" height="6" fill="#fff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="3"/></pattern>'
        )
    parts.append("</defs>")
    base = y_at(0)
    for number, bars in enumerate(series):
        colour = STYLES[number % len(STYLES)][0]
        parts.append(f'<g class="series" data-series="{number}">')
        for i, v in enumerate(bars.values):
            if v is None:
                continue
            x = x_at(i) - group / 2 + number * bar_w
            height = max(base - y_at(v), 1.5)  # a zero stays visible as a thin bar on the axis
            tooltip = f"<title>{escape(f'{bars.label}, {names[i]}: {fmt(v)}')}</title>"
            parts.append(
                _bar_swatch(
                    number, x, base - height, max(bar_w - 1, 1), height, colour, chart_id,
                    extra=f' class="point" data-value="{_fmt(v)}"', inner=tooltip,
                )
            )
            if value_labels:
                parts.append(
                    f'<text x="{_fmt(x + bar_w / 2)}" y="{_fmt(base - height - 4)}" text-anchor="middle" '
                    f'fill="{INK}" font-size="{FONT - 1}">{escape(fmt(v))}</text>'
                )
        parts.append("</g>")
    parts.extend(_legend(series, line=False, after=y_title, chart_id=chart_id))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def describe(
    values: Sequence[float | None],
    labels: Sequence[str],
    fmt: Callable[[float], str],
    *,
    words: dict[str, str],
) -> str:
    """A one-paragraph text alternative of a series: first and last value, lowest, highest, gaps.

    `words` holds the translated sentence templates (keys: "empty", "summary", "gaps", and optionally "flat"
    for a series that never changes), with the
    placeholders %(n)s, %(first)s, %(first_day)s, %(last)s, %(last_day)s, %(low)s, %(low_day)s, %(high)s,
    %(high_day)s and, for "gaps", %(gaps)s.
    """
    known = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    if not known:
        return words["empty"]
    low = min(known, key=lambda item: item[1])
    high = max(known, key=lambda item: item[1])
    template = words["summary"]
    if "flat" in words and fmt(low[1]) == fmt(high[1]):
        template = words["flat"]
    text = template % {
        "n": len(known),
        "first": fmt(known[0][1]),
        "first_day": known[0][0],
        "last": fmt(known[-1][1]),
        "last_day": known[-1][0],
        "low": fmt(low[1]),
        "low_day": low[0],
        "high": fmt(high[1]),
        "high_day": high[0],
    }
    gaps = len(values) - len(known)
    if gaps:
        text += " " + words["gaps"] % {"gaps": gaps}
    return text
