"""Charts read in light and dark (issue 17): each chart's paper follows the theme, and the
colours it draws its marks and words in stand out from that paper — measured on the image
the chart painted (the colour found most is the paper; each mark's colour is found in the
image and has at least 3:1 against it, words 4.5:1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from planner.store.database import Store
from planner.ui.shell import theme
from tests.ui.layout_check import contrast


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest) -> Iterator[str]:
    theme.apply(request.param)
    yield request.param
    theme.apply("light")


def themed_window(window_factory: Any, store: Store, themed: str) -> Any:
    """The main window on ``store`` in the theme under test, shown at a laptop's size."""
    window = window_factory(store)
    window.settings.theme = themed
    window.resize(1366, 738)
    window.show()
    return window


def colours(image: QImage) -> Counter[str]:
    """How many pixels of each colour the image holds (every second pixel: enough)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    found: Counter[str] = Counter()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            found[QColor(image.pixel(x, y)).name()] += 1
    return found


def check_drawn(image: QImage, marks: dict[str, QColor], words: dict[str, QColor],
                dark: bool) -> list[str]:
    """What a reader of the chart would miss: the paper not in the theme, a mark or a word
    drawn in a colour too close to the paper (or not drawn at all)."""
    found = colours(image)
    paper = QColor(found.most_common(1)[0][0])
    problems = []
    if (theme._luminance(paper) < 0.2) != dark:
        problems.append(f"paper {paper.name()} is not {'dark' if dark else 'light'}")
    for need, named in ((3.0, marks), (4.5, words)):
        for name, colour in named.items():
            if found[colour.name()] < 3:
                problems.append(f"{name} ({colour.name()}) is not drawn")
            elif contrast(colour, paper) < need:
                problems.append(f"{name} {colour.name()} on {paper.name()}: "
                                f"{contrast(colour, paper):.1f}:1")
    return problems


def test_the_gantt_reads_in_light_and_dark(themed: str, window_factory: Any,
                                           sample_store: Store, qtbot: Any) -> None:
    from planner.domain import timeline as tl
    from planner.ui.timeline import gantt_style as gantt_chart  # its palette
    from planner.ui.timeline.view import TimelineView

    window = themed_window(window_factory, sample_store, themed)
    view = window.show_view("timeline")
    assert isinstance(view, TimelineView)
    qtbot.wait(50)
    chart = view.chart
    image = chart.grab().toImage()
    data = chart.data
    assert data is not None
    (x0, x1), (y0, y1) = chart.vb.viewRange()
    in_view = ((data.row >= y0) & (data.row + 1 <= y1) & (data.start < x1) & (data.end > x0)
               & ~data.diamond & ~data.summary)
    shown = {tl.STATUSES[int(c)] for c in data.status[in_view]} & {
        "on_track", "done", "late", "at_risk"}  # filled bars (outlines are anti-aliased)
    assert len(shown) >= 3, shown
    marks = {status: gantt_chart.status_colour(status) for status in shown}
    marks["today"] = gantt_chart.TODAY
    problems = check_drawn(image, marks, {"titles": gantt_chart.INK}, themed == "dark")
    assert problems == [], problems
    assert theme.chart("paper") == gantt_chart.PAPER  # the chart took the theme's palette


def test_the_slip_chart_reads_in_light_and_dark(themed: str, window_factory: Any,
                                                sample_store: Store, qtbot: Any) -> None:
    from planner.ui.timeline.slip_chart import SlipChart

    window = window_factory(sample_store)
    view = window.show_view("timeline")
    meeting = view.open_meeting_mode(full_screen=False)
    lines = meeting.mode.slip.lines
    meeting.close()
    assert len(lines) >= 3
    chart = SlipChart(dark=themed == "dark")
    qtbot.addWidget(chart)
    chart.resize(900, 560)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_lines(lines)
    qtbot.wait(30)
    marks = {f"line {i}": chart.line_colour(i) for i in range(min(len(lines), 10))}
    problems = check_drawn(chart.grab().toImage(), marks, {}, themed == "dark")
    assert problems == [], problems


def test_the_ceo_hours_bar_reads_in_light_and_dark(themed: str, qtbot: Any) -> None:
    """Its words ("Budget 40 h a month") sat in a fixed near-black on the dark window."""
    from PySide6.QtGui import QPalette

    from planner.ui.capacity.board import TIER_COLOURS, HoursBar

    bar = HoursBar()
    qtbot.addWidget(bar)
    bar.resize(520, 60)
    bar.set_data([("Riverside FC", 12.0, "strategic"), ("City University", 6.0,
                                                         "operational")], 40.0)
    bar.show()
    qtbot.waitExposed(bar)
    image = bar.grab().toImage()
    found = colours(image)
    behind = bar.palette().color(QPalette.ColorRole.Window)
    words = bar.palette().color(QPalette.ColorRole.WindowText)
    trough = theme.chart("band")
    assert found[trough.name()] > 50 and (theme._luminance(trough) < 0.2) == (themed == "dark")
    assert found[words.name()] >= 3 and contrast(words, behind) >= 4.5  # the budget's words
    for tier in ("strategic", "operational"):
        drawn = bar.tier_colour(tier)
        assert drawn.hue() == QColor(TIER_COLOURS[tier]).hue()  # the tier's own hue
        assert found[drawn.name()] > 50 and contrast(drawn, trough) >= 3.0, tier


def test_the_conflict_status_trend_reads_in_light_and_dark(themed: str, qtbot: Any) -> None:
    import datetime as dt

    from planner.domain import conflicts as rules
    from planner.ui.conflicts.heat_map import StatusTrendChart

    chart = StatusTrendChart()
    qtbot.addWidget(chart)
    chart.resize(560, 260)
    dates = tuple(dt.date(2026, m, 28) for m in range(1, 7))
    chart.set_trend(dates, {s: [1, 1, 2, 1, 1, 1] for s in rules.STATUSES})
    chart.show()
    qtbot.waitExposed(chart)
    marks = {s: chart.status_colour(s) for s in rules.STATUSES}
    problems = check_drawn(chart.grab().toImage(), marks, {}, themed == "dark")
    assert problems == [], problems


def test_the_dashboard_hours_bars_and_health_words_read_in_light_and_dark(
        themed: str, window_factory: Any, sample_store: Store, qtbot: Any) -> None:
    """The grey Budget bar was 2.5:1 on the light window; red health words 3.2:1 on dark."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QTreeWidget

    from planner.ui.dashboard.view import DashboardView

    window = themed_window(window_factory, sample_store, themed)
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)
    qtbot.waitExposed(window)
    bars = view.hours_bars
    image = bars.grab().toImage()
    marks = {name: bars.bar_colour(name) for name, _c in bars.ORDER}
    assert check_drawn(image, marks, {}, themed == "dark") == []
    checked = 0
    for tree in view.findChildren(QTreeWidget):
        base = tree.palette().color(QPalette.ColorRole.Base)
        stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            stack += [item.child(i) for i in range(item.childCount())]
            for column in range(tree.columnCount()):
                brush = item.foreground(column)
                if brush.style() != brush.style().NoBrush and item.text(column):
                    assert contrast(brush.color(), base) >= 4.5, (item.text(column),
                                                                  brush.color().name())
                    checked += 1
    assert checked >= 5


def test_what_changed_since_the_last_meeting_reads_in_light_and_dark(
        themed: str, window_factory: Any, sample_store: Store, qtbot: Any) -> None:
    """The Timeline's Changes tab coloured its words for a light page in either theme."""
    from tests.ui.layout_check import problems, text_colours

    window = themed_window(window_factory, sample_store, themed)
    view = window.show_view("timeline")
    qtbot.waitExposed(window)
    label = view.since
    view.side_tabs.setCurrentIndex(1)  # Bites, Changes, Slip chart
    qtbot.wait(20)
    assert label.isVisible() and len(text_colours(label)) >= 3  # slipped, done, … coloured
    assert view.side_tabs.tabText(1) == "Changes"
    found = [p for p in problems(label.window()) if "contrast" in p]
    assert found == [], found


def test_capacity_cards_say_their_tier_in_light_and_dark(
        themed: str, window_factory: Any, sample_store: Store, qtbot: Any) -> None:
    """A card's border colour says its tier: it must stand out from the card (3:1)."""
    from planner.ui.capacity.board import PartnershipCard

    window = themed_window(window_factory, sample_store, themed)
    view = window.show_page("screening", "capacity")
    qtbot.waitExposed(window)
    qtbot.wait(30)
    cards = [c for c in view.findChildren(PartnershipCard)
             if c.isVisible() and hasattr(c, "border")]
    assert len(cards) >= 3
    card_paper = QColor(theme.colour("card"))
    for card in cards:
        image = card.grab().toImage()
        found = colours(image)
        assert found[card.border.name()] >= 10  # the border is drawn in it
        assert contrast(card.border, card_paper) >= 3.0, card.border.name()


def test_the_screening_charts_read_in_light_and_dark(
        themed: str, window_factory: Any, sample_store: Store, qtbot: Any) -> None:
    """The contribution and weight-range charts were white paper in the dark window (only
    their key swatches followed the theme): now the paper, each criterion's bar, the range's
    outline, today's weight and the axis words stand out in either theme."""
    from planner.ui.screening.view import ScreeningView

    window = themed_window(window_factory, sample_store, themed)
    view = window.show_view("screening")
    assert isinstance(view, ScreeningView)
    qtbot.waitExposed(window)
    qtbot.wait(30)
    chart = view.chart
    assert len(chart.titles) >= 3 and len(chart.bars) >= 3
    image = chart.grab().toImage()
    marks = {f"criterion {c}": chart.criterion_colour(c) for c in range(len(chart.bars))
             if sum(chart.bars[c].width) > 3}  # a criterion with visible bars
    assert len(marks) >= 3
    assert check_drawn(image, marks, {"axis words": theme.chart("ink")},
                       themed == "dark") == []
    assert chart.paper == theme.chart("paper")

    view.show_page("weights")
    ranges = view.weights.range_chart
    qtbot.wait(30)
    assert len(ranges.ranges) >= 3
    image = ranges.grab().toImage()
    problems = check_drawn(image, {"range": ranges.range_line, "today": ranges.dot_colour},
                           {"axis words": theme.chart("ink")}, themed == "dark")
    assert problems == [], problems
    assert contrast(ranges.dot_colour, ranges.range_fill) >= 3.0  # a dot on its band


def test_the_heat_map_cells_read_in_light_and_dark(
        themed: str, window_factory: Any, sample_store: Store, qtbot: Any) -> None:
    """Each count reads on its cell (4.5:1), the chosen cell's frame stands out from every
    cell colour (3:1; it was 2.95:1 on a critical cell), and the axis words read on the
    window — measured on the heat map as the Conflicts view painted it."""
    from PySide6.QtGui import QPalette

    from planner.ui.conflicts import heat_map

    window = themed_window(window_factory, sample_store, themed)
    view = window.show_view("conflicts")
    qtbot.waitExposed(window)
    qtbot.wait(30)
    heat = view.heat
    cells = [(li, im) for li in range(1, 6) for im in range(1, 6)]
    counted = [c for c in cells if heat.count(c)]
    assert len(counted) >= 3
    heat.set_selected_cell(counted[0])
    qtbot.wait(10)
    found = colours(heat.grab().toImage())
    behind = heat.palette().color(QPalette.ColorRole.Window)
    words = heat.palette().color(QPalette.ColorRole.WindowText)
    assert found[words.name()] >= 3 and contrast(words, behind) >= 4.5  # axes and caption
    assert found[heat_map.COUNT_INK.name()] >= 3 and found[heat_map.SELECTION.name()] >= 10
    for cell in cells:
        paper = heat.cell_colour(cell)
        assert found[paper.name()] >= 20, (cell, paper.name())  # the cell is drawn in it
        assert contrast(heat_map.SELECTION, paper) >= 3.0, (cell, paper.name())
        if cell in counted:
            assert contrast(heat_map.COUNT_INK, paper) >= 4.5, (cell, paper.name())


def test_the_agreement_state_chip_reads_in_light_and_dark(
        themed: str, window_factory: Any, sample_store: Store, qtbot: Any) -> None:
    """The state chip beside the agreement's title (draft, agreed, signed…): its words
    read on the chip (4.5:1) and the chip stands out from the window (3:1); in dark the
    deep chips had sunk into the window (agreed 1.3:1). Measured on the drawn label."""
    from dataclasses import replace

    from PySide6.QtGui import QPalette

    from planner.domain import agreements as rules
    from planner.ui.agreements.header import STATE_COLOURS, state_chip

    window = themed_window(window_factory, sample_store, themed)
    view = window.show_view("agreements")
    qtbot.waitExposed(window)
    qtbot.wait(30)
    detail = view.detail
    assert detail is not None
    head = view.head
    behind = head.palette().color(QPalette.ColorRole.Window)
    for state in STATE_COLOURS:
        head.show_agreement(replace(detail, state=state))
        qtbot.wait(10)
        label = head.state_label
        assert rules.STATE_LABELS[state] in label.text()
        found = colours(label.grab().toImage())
        words, chip = (QColor(c) for c in state_chip(state))
        assert found[chip.name()] >= 20, (state, chip.name())  # the chip is drawn
        assert found[words.name()] >= 3, (state, words.name())  # and its words on it
        assert contrast(words, chip) >= 4.5, (state, words.name(), chip.name())
        assert contrast(chip, behind) >= 3.0, (state, chip.name(), behind.name())


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_meeting_mode_reads_on_a_projector_in_either_theme(
        themed: str, size: tuple[int, int], window_factory: Any, sample_store: Store,
        qtbot: Any) -> None:
    """Meeting mode is dark by design in either theme (a projector): its words read on its
    paper (4.5:1), the slip chart's lines stand out (3:1), the milestone shown is drawn as
    the bold line on top of the others (it was hidden under a line drawn after it), and the
    chart's words grow with the screen as the rest of the picture does."""
    from PySide6.QtCore import QPointF

    from planner.ui.timeline import meeting_mode as mm

    window = window_factory(sample_store)
    window.settings.theme = themed
    view = window.show_view("timeline")
    meeting = view.open_meeting_mode(full_screen=False)
    qtbot.addWidget(meeting)
    meeting.resize(*size)
    qtbot.waitExposed(meeting)
    qtbot.wait(50)
    mode = meeting.mode
    item = mode.items[mode.index]
    words = {"text": QColor(mm.TEXT), "dim": QColor(mm.DIM),
             "status": QColor(mm.STATUS_TEXT[item.status][0]),
             "slipped": QColor("#ff7b72"), "wins": QColor("#ffd166")}
    slip = mode.slip
    lines = {line.milestone_id: i for i, line in enumerate(slip.lines)}
    assert item.id in lines
    marks = {f"line {i}": slip.line_colour(i) for i in range(min(len(slip.lines), 5))}
    image = mode.grab().toImage()
    problems = check_drawn(image, marks, words, dark=True)
    assert problems == [], problems
    assert QColor(colours(image).most_common(1)[0][0]) == QColor(mm.BACKGROUND)
    # The shown milestone's line lies over every other where it runs: sample along it.
    bold = slip.line_colour(lines[item.id])
    points = next(line.points for line in slip.lines if line.milestone_id == item.id)
    vb = slip.getPlotItem().getViewBox()
    chart = slip.grab().toImage()
    on_it = 0
    for (a_x, a_y), (b_x, b_y) in pairwise(points):
        mid = QPointF((a_x.toordinal() + b_x.toordinal()) / 2,
                      (a_y.toordinal() + b_y.toordinal()) / 2)
        at = slip.mapFromScene(vb.mapViewToScene(mid))
        row = [chart.pixelColor(at.x() + dx, at.y()).name() for dx in range(-2, 3)]
        on_it += row.count(bold.name()) >= 3  # a grid line may cross it
    assert on_it == len(points) - 1 >= 1
    # The chart's words are sized with the screen, like the titles beside them.
    tick = slip.getPlotItem().getAxis("bottom").style["tickFont"].pointSizeF()
    assert tick == pytest.approx(mm.SIZES["chart"] * mode.scale_for_window(), rel=0.02)
    assert tick >= (15 if size[0] >= 1920 else 11)


def test_a_folded_groups_span_bar_reads_on_its_band_in_light_and_dark(
        themed: str, window_factory: Any, sample_store: Store, qtbot: Any) -> None:
    from planner.ui.timeline import gantt_style as gs
    from planner.ui.timeline.view import TimelineView

    window = themed_window(window_factory, sample_store, themed)
    view = window.show_view("timeline")
    assert isinstance(view, TimelineView)
    view.chart.click_row(0, False)  # fold the first partnership
    qtbot.wait(50)
    assert view.layout_ is not None and view.layout_.rows[0].collapsed
    assert view.layout_.rows[0].span is not None
    found = colours(view.chart.grab().toImage())
    bar, band = gs.folded_bar(), gs.GROUP_FILL
    assert found[bar.name()] >= 20, bar.name()  # the bar is drawn
    assert contrast(bar, band) >= 3.0, (bar.name(), band.name(), contrast(bar, band))
