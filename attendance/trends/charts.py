"""Line and bar charts drawn on the server as inline SVG: no chart library, no JavaScript.

This module computes only the geometry (where every tick, point, line and legend item goes) from plain
values; the markup lives in one template, `attendance/trends/_chart.html`, which draws a `Drawing`.

What the template draws: an <svg role="img"> named by its <title> and described by a <desc> that says in
words what the series show (the caller writes it, usually with `describe`); the axis labels are text; each
series has its own dash pattern and marker shape (lines) or fill pattern (bars) and a legend in words, so
nothing depends on colour alone. Colours are dark enough for text contrast on white.

Every data point is an element with class "point" (a marker or a bar) carrying its value in `data-value`,
so a test can count them. A value of None is a gap: no point, and the line does not pass it (it joins the
points on either side, as days without data are not zero).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 250
MARGIN_LEFT = 52
MARGIN_RIGHT = 78  # room for the direct label at the end of each line
MARGIN_TOP = 30  # room for the legend
MARGIN_BOTTOM = 46  # x tick labels and the x axis title
FONT = 12
# Series styles: colour (all ≥ 7:1 on white), dash pattern, marker shape. Shapes and dashes carry the
# meaning; the colour only helps.
STYLES = (
    ("#0b5394", "", "circle"),
    ("#8a4b00", "6 4", "square"),
    ("#1b1f24", "2 3", "triangle"),
)
MAX_X_LABELS = 8
HALF_MARKER = 3.5


@dataclass(frozen=True)
class Layout:
    """The drawing's size and margins. WIDE is the chart of a desktop screen, its legend on the top line; NARROW
    the chart of a phone (drawn at about its own width, so its text stays at the font's size), with fewer x
    labels and no legend inside: the page writes that legend below the chart in HTML, where it can wrap."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = MARGIN_LEFT
    right: int = MARGIN_RIGHT
    top: int = MARGIN_TOP
    bottom: int = MARGIN_BOTTOM
    max_x_labels: int = MAX_X_LABELS
    legend_inside: bool = True


WIDE = Layout()
NARROW = Layout(width=340, height=240, left=44, right=48, top=26, max_x_labels=4, legend_inside=False)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Tick:
    """A y grid line with its label."""

    y: str
    text_y: str
    label: str


@dataclass(frozen=True)
class XLabel:
    x: str
    label: str


@dataclass(frozen=True)
class Mark:
    """A marker or a bar: a data point (with `value` and `tooltip`) or a legend swatch (without)."""

    shape: str  # "circle", "square", "triangle" or "bar"
    x: str
    y: str
    width: str = ""
    height: str = ""
    points: str = ""  # the triangle's corners
    value: str = ""
    tooltip: str = ""


@dataclass(frozen=True)
class Text:
    x: str
    y: str
    text: str


@dataclass(frozen=True)
class SeriesDrawing:
    number: int
    colour: str
    dash: str
    fill: str  # the bars' fill: the colour or the series' hatch pattern
    path: str  # the line through the points ("" for bars, or a line of fewer than two points)
    marks: list[Mark]
    labels: list[Text]  # the direct label at the end of a line, or the value above each bar


@dataclass(frozen=True)
class LegendItem:
    x: int
    line_end: int
    text_x: int
    label: str
    colour: str
    dash: str
    fill: str
    mark: Mark


@dataclass(frozen=True)
class Hatch:
    id: str
    colour: str
    angle: int


@dataclass(frozen=True)
class Drawing:
    kind: str  # "line" or "bar"
    id: str
    title: str
    desc: str
    x_title: str
    y_title: str
    ticks: list[Tick]
    x_labels: list[XLabel]
    series: list[SeriesDrawing]
    legend: list[LegendItem]
    hatches: list[Hatch]
    layout: Layout = WIDE
    font: int = FONT

    @property
    def width(self) -> int:
        return self.layout.width

    @property
    def height(self) -> int:
        return self.layout.height

    @property
    def legend_inside(self) -> bool:
        return self.layout.legend_inside

    @property
    def plot_left(self) -> int:
        return self.layout.left

    @property
    def plot_right(self) -> int:
        return self.layout.width - self.layout.right

    @property
    def plot_bottom(self) -> int:
        return self.layout.height - self.layout.bottom

    @property
    def tick_left(self) -> int:
        return self.layout.left - 6

    @property
    def tick_bottom(self) -> int:
        return self.plot_bottom + 4

    @property
    def x_label_y(self) -> int:
        return self.plot_bottom + 17

    @property
    def x_title_x(self) -> int:
        return (self.plot_left + self.plot_right) // 2

    @property
    def x_title_y(self) -> int:
        return self.layout.height - 6


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


def _ticks(low: float, high: float, step: float, y_at: Callable[[float], float], fmt: Callable[[float], str]) -> list[Tick]:
    count = int(round((high - low) / step))
    ticks = [low + i * step for i in range(count + 1)]
    return [Tick(_fmt(y_at(t)), _fmt(y_at(t) + 4), fmt(t)) for t in ticks]


def _label_positions(n: int, most: int = MAX_X_LABELS) -> list[int]:
    """Indexes of the x labels: at most `most`, evenly spaced, always the last one."""
    if n <= most:
        return list(range(n))
    every = math.ceil(n / most)
    return list(range(n - 1, -1, -every))[::-1]


def _x_labels(labels: Sequence[str], x_at: Callable[[int], float], most: int) -> list[XLabel]:
    return [XLabel(_fmt(x_at(i)), labels[i]) for i in _label_positions(len(labels), most)]


def _marker(shape: str, x: float, y: float, *, value: str = "", tooltip: str = "") -> Mark:
    h = HALF_MARKER
    if shape == "triangle":
        corners = f"{_fmt(x)},{_fmt(y - 4.5)} {_fmt(x + 4.5)},{_fmt(y + 3.5)} {_fmt(x - 4.5)},{_fmt(y + 3.5)}"
        return Mark(shape, _fmt(x), _fmt(y), points=corners, value=value, tooltip=tooltip)
    if shape == "square":
        return Mark(shape, _fmt(x - h), _fmt(y - h), _fmt(2 * h), _fmt(2 * h), value=value, tooltip=tooltip)
    return Mark(shape, _fmt(x), _fmt(y), value=value, tooltip=tooltip)


def _text_width(text: str) -> int:
    """A generous estimate of the width of a text in the chart's font (no font metrics on the server)."""
    return int(len(text) * FONT * 0.62)


def _hatch_id(chart_id: str, number: int) -> str:
    return f"{chart_id}-hatch{number}"


def _bar_fill(chart_id: str, number: int, colour: str) -> str:
    return colour if number == 0 else f"url(#{_hatch_id(chart_id, number)})"


def _legend(series: Sequence[Series], *, line: bool, after: str, chart_id: str) -> list[LegendItem]:
    """The legend on the top line, after the y axis title."""
    items = []
    x = 4 + _text_width(after) + 24
    for number, item in enumerate(series):
        colour, dash, shape = STYLES[number % len(STYLES)]
        mark = _marker(shape, x + 12, 14) if line else Mark("bar", _fmt(x), "8", "16", "12")
        items.append(LegendItem(x, x + 24, x + 30, item.label, colour, dash, _bar_fill(chart_id, number, colour), mark))
        x += 46 + _text_width(item.label)
    return items


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
    layout: Layout = WIDE,
) -> Drawing:
    """One or more lines over the same x labels (up to len(STYLES) series).

    `fmt` formats a value for the direct labels and the tooltips (e.g. "95,1%"), `tick_fmt` the axis ticks;
    `point_labels` names each x position in the tooltips (e.g. the full date), defaulting to `x_labels`.
    """
    count = len(x_labels)
    low, high, step = y_range([v for s in series for v in s.values], floor=floor, ceiling=ceiling)
    plot_w = layout.width - layout.left - layout.right
    plot_h = layout.height - layout.top - layout.bottom

    def x_at(i: int) -> float:
        return layout.left + (plot_w * (i + 0.5) / count if count else 0)

    def y_at(v: float) -> float:
        return layout.top + plot_h * (1 - (v - low) / (high - low))

    names = point_labels or x_labels
    drawn = []
    for number, line in enumerate(series):
        colour, dash, shape = STYLES[number % len(STYLES)]
        known = [(i, v) for i, v in enumerate(line.values) if v is not None]
        path = ""
        if len(known) > 1:
            path = " ".join(f"{'M' if n == 0 else 'L'}{_fmt(x_at(i))} {_fmt(y_at(v))}" for n, (i, v) in enumerate(known))
        marks = [
            _marker(shape, x_at(i), y_at(v), value=_fmt(v), tooltip=f"{line.label}, {names[i]}: {fmt(v)}")
            for i, v in known
        ]
        labels = []
        if known:
            i, v = known[-1]
            labels.append(Text(_fmt(x_at(i) + 8), _fmt(y_at(v) + 4), fmt(v)))
        drawn.append(SeriesDrawing(number, colour, dash, colour, path, marks, labels))
    return Drawing(
        kind="line", id=chart_id, title=title, desc=desc, x_title=x_title, y_title=y_title,
        ticks=_ticks(low, high, step, y_at, tick_fmt or fmt), x_labels=_x_labels(x_labels, x_at, layout.max_x_labels),
        series=drawn, legend=_legend(series, line=True, after=y_title, chart_id=chart_id), hatches=[], layout=layout,
    )


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
    layout: Layout = WIDE,
) -> Drawing:
    """Grouped bars from zero: the first series solid, the others hatched (up to len(STYLES) series).

    A zero is drawn as a thin bar on the axis (it is a value, not a gap); None draws nothing.
    With `value_labels`, each bar carries its value in text above it (for a few bars, not 90 days).
    """
    count = len(x_labels)
    top = layout.top + (18 if value_labels else 0)  # room for the value above the highest bar
    low, high, step = y_range([v for s in series for v in s.values] + [0], floor=0)
    step = max(step, 1.0) if all(float(v).is_integer() for s in series for v in s.values if v is not None) else step
    high = max(high, low + step)
    plot_w = layout.width - layout.left - layout.right
    plot_h = layout.height - top - layout.bottom
    slot = plot_w / count if count else plot_w
    group = slot * (0.7 if value_labels else 0.8)
    bar_w = group / max(1, len(series))

    def x_at(i: int) -> float:
        return layout.left + slot * (i + 0.5)

    def y_at(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    names = point_labels or x_labels
    base = y_at(0)
    drawn = []
    for number, bars in enumerate(series):
        colour, dash, _shape = STYLES[number % len(STYLES)]
        marks, labels = [], []
        for i, v in enumerate(bars.values):
            if v is None:
                continue
            x = x_at(i) - group / 2 + number * bar_w
            height = max(base - y_at(v), 1.5)  # a zero stays visible as a thin bar on the axis
            marks.append(
                Mark("bar", _fmt(x), _fmt(base - height), _fmt(max(bar_w - 1, 1)), _fmt(height),
                     value=_fmt(v), tooltip=f"{bars.label}, {names[i]}: {fmt(v)}")
            )
            if value_labels:
                labels.append(Text(_fmt(x + bar_w / 2), _fmt(base - height - 4), fmt(v)))
        drawn.append(SeriesDrawing(number, colour, dash, _bar_fill(chart_id, number, colour), "", marks, labels))
    hatches = [
        Hatch(_hatch_id(chart_id, number), STYLES[number % len(STYLES)][0], 45 if number == 1 else -45)
        for number in range(1, len(series))
    ]
    return Drawing(
        kind="bar", id=chart_id, title=title, desc=desc, x_title=x_title, y_title=y_title,
        ticks=_ticks(low, high, step, y_at, tick_fmt or fmt), x_labels=_x_labels(x_labels, x_at, layout.max_x_labels),
        series=drawn, legend=_legend(series, line=False, after=y_title, chart_id=chart_id), hatches=hatches,
        layout=layout,
    )


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
