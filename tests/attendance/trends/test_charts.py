"""The inline SVG charts: a text alternative, one element per data point, gaps, and meaning beyond colour."""

import re

from django.template.loader import render_to_string

from attendance.trends import charts

DAYS = ["6 Apr", "7 Apr", "8 Apr", "9 Apr", "10 Apr"]
WORDS = {
    "empty": "Belum ada data.",
    "summary": "%(n)s hari; pertama %(first)s (%(first_day)s), terakhir %(last)s (%(last_day)s); "
    "terendah %(low)s pada %(low_day)s, tertinggi %(high)s pada %(high_day)s.",
    "gaps": "%(gaps)s hari tanpa data.",
    "flat": "%(n)s hari, setiap hari %(first)s.",
}


def points(svg: str) -> list[str]:
    return re.findall(r'class="point" data-value="([^"]+)"', svg)


def draw(drawing: charts.Drawing) -> str:
    """The chart as the page shows it: the geometry drawn by its template."""
    return render_to_string("attendance/trends/_chart.html", {"chart": drawing}).strip()


def line(values, **extra):
    return draw(charts.line_chart(
        chart_id="c1", title="Tingkat kehadiran per hari", desc="Naik dari 75 ke 100.", x_labels=DAYS,
        series=[charts.Series("Kelurahan Uji", values)], x_title="Tanggal", y_title="Persen (%)", **extra,
    ))


def test_it_is_an_image_named_by_its_title_and_described_by_its_desc():
    svg = line([75, 66.7, 100, 60, 20])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Tingkat kehadiran per hari</title>' in svg
    assert '<desc id="c1-desc">Naik dari 75 ke 100.</desc>' in svg


def test_it_draws_one_point_per_value_and_none_for_a_gap():
    svg = line([75, None, 100, 60, None])
    assert points(svg) == ["75", "100", "60"]
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    assert path.count("L") == 2  # one line through the three points, across the gap


def test_it_labels_the_axes_and_the_last_value_in_text():
    svg = line([75, 66.7, 100, 60, 20], fmt=lambda v: f"{v:.1f}%")
    assert ">Tanggal</text>" in svg and ">Persen (%)</text>" in svg
    assert all(f">{day}</text>" in svg for day in DAYS)
    assert 'class="direct-label"' in svg and ">20.0%</text>" in svg
    assert "<title>Kelurahan Uji, 9 Apr: 60.0%</title>" in svg  # each point says what it is


def test_it_tells_series_apart_by_dash_and_marker_not_colour_alone():
    svg = draw(charts.line_chart(
        chart_id="c2", title="t", desc="d", x_labels=DAYS[:2], x_title="x", y_title="y",
        series=[charts.Series("A", [1, 2]), charts.Series("B", [2, 3]), charts.Series("C", [3, 4])],
    ))
    assert svg.count("<circle") == 2 + 1  # two points and the legend's marker
    assert svg.count('class="point" data-value') == 6
    assert 'stroke-dasharray="6 4"' in svg and 'stroke-dasharray="2 3"' in svg
    assert "<polygon" in svg and "<rect class=\"point\"" in svg
    assert all(f">{name}</text>" in svg for name in "ABC")  # the legend in words


def test_it_escapes_text():
    svg = draw(charts.line_chart(
        chart_id="c3", title="<b>&", desc="a < b", x_labels=["x"], series=[charts.Series("<i>", [1])],
        x_title="x", y_title="y",
    ))
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and "a &lt; b" in svg and "&lt;i&gt;" in svg


def test_it_draws_bars_from_zero_with_the_second_series_hatched():
    svg = draw(charts.bar_chart(
        chart_id="bars", title="Hari kurang petugas", desc="Kurang pada Rabu.", x_labels=DAYS,
        series=[charts.Series("Menurut rencana", [0, 0, 1, 0, None]), charts.Series("Nyata", [0, 0, 1, 0, 1])],
        x_title="Tanggal", y_title="Jumlah unit",
    ))
    assert points(svg) == ["0", "0", "1", "0", "0", "0", "1", "0", "1"]  # a zero is a value, None is not
    assert '<pattern id="bars-hatch1"' in svg and 'fill="url(#bars-hatch1)"' in svg
    assert '<desc id="bars-desc">Kurang pada Rabu.</desc>' in svg
    assert ">Menurut rencana</text>" in svg and ">Nyata</text>" in svg
    ticks = re.findall(r'text-anchor="end" fill="#4a5360">([^<]+)</text>', svg)
    assert ticks == ["0", "1"]  # counts get whole ticks


def test_it_can_write_the_value_on_each_bar():
    svg = draw(charts.bar_chart(
        chart_id="cmp", title="t", desc="d", x_labels=["Hadir", "Terlambat"], x_title="x", y_title="y",
        series=[charts.Series("A", [71.4, 20]), charts.Series("B", [50, 16.7])], value_labels=True,
        fmt=lambda v: f"{v:.1f}%",
    ))
    assert all(f">{v}</text>" in svg for v in ("71.4%", "20.0%", "50.0%", "16.7%"))


def test_it_chooses_a_readable_y_axis():
    assert charts.y_range([98.4, 99.2, 100], floor=0, ceiling=100) == (98.0, 100.0, 0.5)
    assert charts.y_range([20, 100], floor=0, ceiling=100) == (20.0, 100.0, 20.0)
    assert charts.y_range([0, 0], floor=0) == (0, 1.0, 0.5)
    assert charts.y_range([None, None]) == (0, 1, 1.0)


def test_it_describes_a_series_in_words():
    text = charts.describe([75, None, 100, 20], ["Sen", "Sel", "Rab", "Kam"], lambda v: f"{v:g}%", words=WORDS)
    assert text == (
        "3 hari; pertama 75% (Sen), terakhir 20% (Kam); terendah 20% pada Kam, tertinggi 100% pada Rab. "
        "1 hari tanpa data."
    )
    assert charts.describe([None], ["Sen"], str, words=WORDS) == "Belum ada data."
    assert charts.describe([0, 0], ["Sen", "Sel"], lambda v: f"{v:g}%", words=WORDS) == "2 hari, setiap hari 0%."


def texts(svg: str) -> list[tuple[float, str, str]]:
    """(x, anchor, text) of every <text> in the chart."""
    found = re.findall(r'<text(?: class="[^"]+")? x="([\d.]+)" y="[\d.]+"(?: text-anchor="(\w+)")?[^>]*>([^<]*)</text>', svg)
    return [(float(x), anchor or "start", text) for x, anchor, text in found]


def test_the_narrow_chart_keeps_its_text_inside_its_width():
    """A phone's chart: 90 days in at most 4 date labels, every label inside the drawing, the legend outside it."""
    days = [f"{n} Apr" for n in range(1, 31)] * 3
    drawing = charts.line_chart(
        chart_id="n1", title="Tingkat kehadiran per hari", desc="…", x_labels=days, layout=charts.NARROW,
        series=[charts.Series("Dinas Kependudukan dan Pencatatan Sipil", [90.0 + n % 7 for n in range(90)])],
        x_title="Tanggal", y_title="Persen (%)", fmt=lambda v: f"{v:.1f}%",
    )
    svg = draw(drawing)
    assert 'viewBox="0 0 340 240"' in svg
    assert len(points(svg)) == 90
    assert 'class="legend"' not in svg and ">Dinas Kependudukan dan Pencatatan Sipil</text>" not in svg
    labels = [(x, text) for x, anchor, text in texts(svg) if anchor == "middle" and text.endswith("Apr")]
    assert len(labels) == 4 and labels[-1][1] == "30 Apr"  # the last day always has its label
    for x, anchor, text in texts(svg):
        width = charts._text_width(text)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        assert 0 <= left and left + width <= 340 + 4, (text, x, anchor)  # the estimate is generous
    legend = render_to_string("attendance/trends/_chart.html#legend", {"chart": drawing})
    assert '<ul class="chart-legend" aria-label="Keterangan grafik">' in legend
    assert 'aria-hidden="true"' in legend and "</svg>Dinas Kependudukan dan Pencatatan Sipil</li>" in legend


def test_the_wide_chart_keeps_its_legend_inside():
    svg = line([75, 66.7, 100, 60, 20])
    assert 'viewBox="0 0 640 250"' in svg and 'class="legend"' in svg and ">Kelurahan Uji</text>" in svg
