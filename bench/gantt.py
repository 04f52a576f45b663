"""Gantt benchmark: our chart against matplotlib ``barh`` with the same labels.

Run: ``.venv/bin/python -m bench.gantt`` (offscreen Qt; ``--no-matplotlib`` skips the
minutes-long baseline). For 1k, 10k and 50k milestones
it prints the time to build the layout and the chart and draw its first frame (1600×900),
then pan and zoom frame times; matplotlib (bars + one y tick label per row, Agg, 1600×900)
runs at 1k and 10k only, and each ratio is matplotlib's time ÷ ours from the same run.

Targets (issue 6): 10k build + first frame ≤ 150 ms and ≥ 100× faster than matplotlib;
pan/zoom frame ≤ 10 ms at 10k and ≤ 16 ms at 50k.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from planner.domain import timeline as tl

SIZES = (1_000, 10_000, 50_000)
MPL_SIZES = (1_000, 10_000)
WIDTH, HEIGHT = 1600, 900
FIRST = dt.date(2026, 1, 5)


def make_items(n: int, seed: int = 7) -> tuple[list[tl.TimelineItem], list[tl.Dependency]]:
    rng = random.Random(seed)
    items: list[tl.TimelineItem] = []
    deps: list[tl.Dependency] = []
    for i in range(n):
        start = FIRST + dt.timedelta(days=rng.randrange(0, 1000))
        end = start + dt.timedelta(days=rng.randrange(1, 30))
        diamond = rng.random() < 0.15
        items.append(tl.TimelineItem(
            id=i + 1, group_id=i // 50 + 1, title=f"Milestone {i + 1:05d} — step {i % 7 + 1}",
            status=tl.STATUSES[rng.randrange(len(tl.STATUSES))],
            start=None if diamond else start, forecast=end,
            baseline=end - dt.timedelta(days=rng.randrange(0, 10)),
            progress=rng.randrange(0, 101), small_win=rng.random() < 0.05, position=i))
        if i % 10 and rng.random() < 0.3:
            deps.append(tl.Dependency(i, i + 1))
    return items, deps


# CPU time of this process by default: the machine this was written on was shared (load
# average 5-6 on 2 cores), which inflates wall-clock figures several times over. ``--wall``
# measures wall-clock time instead, for a quiet machine.
clock = time.perf_counter if "--wall" in sys.argv else time.process_time


def timed(fn: Callable[[], object]) -> float:
    t0 = clock()
    fn()
    return (clock() - t0) * 1000


def bench_ours(n: int) -> dict[str, float]:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from planner.ui.timeline.gantt_chart import GanttChart

    app = QApplication.instance() or QApplication(sys.argv[:1])
    items, deps = make_items(n)
    titles = {g: f"Partnership {g}" for g in range(1, n // 50 + 2)}
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)

    def render(chart: GanttChart) -> None:
        painter = QPainter(image)
        chart.render(painter)
        painter.end()

    best: tuple[float, float, float, float] | None = None
    for _attempt in range(3):  # best of three builds: the least disturbed by other work
        t0 = clock()
        layout = tl.build_layout(items, deps, group_titles=titles,
                                 today=FIRST + dt.timedelta(200))
        t_layout = clock()
        chart = GanttChart()
        chart.resize(WIDTH, HEIGHT)
        chart.show()
        app.processEvents()
        chart.set_layout(layout)
        chart.set_zoom("month")
        app.processEvents()
        t_build = clock()
        render(chart)
        t_first = clock()
        if best is None or t_first - t0 < best[3] - best[0]:
            best = (t0, t_layout, t_build, t_first)
        if _attempt < 2:
            chart.close()
            chart.deleteLater()
            app.processEvents()
    assert best is not None
    t0, t_layout, t_build, t_first = best

    pans, zooms = [], []
    for k in range(12):
        days = 9.0 if k % 2 else -4.0

        def pan(d: float = days) -> None:
            chart.pan(d, 50)
            render(chart)

        pans.append(timed(pan))

    def zoom_in() -> None:
        chart.zoom_by(0.8, (chart.vb.viewRange()[0][0] + chart.vb.viewRange()[0][1]) / 2)
        render(chart)

    def zoom_out() -> None:
        chart.zoom_by(1.25, (chart.vb.viewRange()[0][0] + chart.vb.viewRange()[0][1]) / 2)
        render(chart)

    for k in range(12):
        zooms.append(timed(zoom_in if k % 2 else zoom_out))
    chart.set_zoom("fit")
    fit = timed(lambda: render(chart))
    chart.close()
    chart.deleteLater()
    app.processEvents()
    return {"layout": (t_layout - t0) * 1000, "build": (t_build - t0) * 1000,
            "first": (t_first - t_build) * 1000, "total": (t_first - t0) * 1000,
            "pan": statistics.median(pans[2:]), "zoom": statistics.median(zooms[2:]),
            "fit": fit}


def bench_matplotlib(n: int) -> dict[str, float]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    items, _deps = make_items(n)
    colours = {s: tl.STATUS_STYLES[s].colour for s in tl.STATUSES}
    rows = list(range(n))
    starts = [(i.start or i.end or FIRST).toordinal() for i in items]
    widths = [max(1, (i.end or FIRST).toordinal() + 1 - s) for i, s in zip(items, starts,
                                                                            strict=True)]
    t0 = clock()
    fig, ax = plt.subplots(figsize=(WIDTH / 100, HEIGHT / 100), dpi=100)
    ax.barh(rows, widths, left=starts, color=[colours[i.status] for i in items], height=0.6)
    ax.set_yticks(rows, [i.title for i in items])
    ax.invert_yaxis()
    t_build = clock()
    fig.savefig(io.BytesIO(), format="png")
    t_first = clock()
    pans = []
    for k in range(3):
        lo = 50 * (k + 1)

        def pan(low: int = lo) -> None:
            ax.set_ylim(low + 50, low)
            fig.canvas.draw()

        pans.append(timed(pan))
    plt.close(fig)
    return {"build": (t_build - t0) * 1000, "first": (t_first - t_build) * 1000,
            "total": (t_first - t0) * 1000, "pan": statistics.median(pans)}


def main() -> None:
    # Warm-up: Qt's first widget, fonts and pyqtgraph's import are start-up costs, not the
    # chart's (the application has paid them before the timeline is opened).
    bench_ours(100)
    ours = {n: bench_ours(n) for n in SIZES}
    what = "wall-clock" if "--wall" in sys.argv else "CPU"
    print(f"Gantt chart (pyqtgraph, one item painting visible rows), 1600×900, {what} ms "
          "(build: best of 3; pan/zoom: median of 10)")
    print(f"{'N':>7} {'layout':>8} {'build':>8} {'frame#1':>8} {'build+1st':>10} {'pan':>7} "
          f"{'zoom':>7} {'fit-all':>8}")
    for n, r in ours.items():
        print(f"{n:>7,} {r['layout']:>8.1f} {r['build']:>8.1f} {r['first']:>8.1f} "
              f"{r['total']:>10.1f} {r['pan']:>7.2f} {r['zoom']:>7.2f} {r['fit']:>8.1f}")
    print()
    print(f"matplotlib barh + one y tick label per row (Agg PNG), {what} ms; "
          "ratio = matplotlib ÷ ours")
    print(f"{'N':>7} {'build':>9} {'render':>9} {'build+1st':>10} {'pan':>8} "
          f"{'ratio build+1st':>16} {'ratio pan':>10}")
    for n in MPL_SIZES if "--no-matplotlib" not in sys.argv else ():
        m = bench_matplotlib(n)
        r = ours[n]
        print(f"{n:>7,} {m['build']:>9.0f} {m['first']:>9.0f} {m['total']:>10.0f} "
              f"{m['pan']:>8.0f} {m['total'] / r['total']:>15.0f}× "
              f"{m['pan'] / r['pan']:>9.0f}×")
    print()
    r10, r50 = ours[10_000], ours[50_000]
    checks = [
        ("10k build + first frame ≤ 150 ms", r10["total"] <= 150),
        ("10k pan and zoom frame ≤ 10 ms", max(r10["pan"], r10["zoom"]) <= 10),
        ("50k pan and zoom frame ≤ 16 ms", max(r50["pan"], r50["zoom"]) <= 16),
    ]
    for label, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {label}")


if __name__ == "__main__":
    main()
