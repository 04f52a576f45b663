"""A new plan's Timeline: the "No milestones yet" note can be read whole, light and dark;
a milestone deleted and undone is chosen again.

Found in the real program on a plan made from scratch: at 1024x768 the note (a fixed 420 px
beside the row labels) ran off the chart's right edge ("Give it a", "th"), in either
theme; in the dark theme its light words sat on white paper and could not be read at all.
The plan is made earlier and opened in the real main window at a laptop's size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from planner.store.database import Store
from planner.ui.shell import theme
from tests.journeys.conftest import open_window
from tests.ui.layout_check import contrast


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest) -> Iterator[str]:
    theme.apply(request.param)
    yield request.param
    theme.apply("light")


def _paper_and_ink(image: QImage) -> tuple[QColor, QColor]:
    """The colour painted most (the paper) and the one standing out most from it (ink)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    found = Counter(image.pixel(x, y) for y in range(image.height())
                    for x in range(image.width()))
    paper = QColor(found.most_common(1)[0][0])
    ink = max((QColor(c) for c in found), key=lambda c: contrast(c, paper))
    return paper, ink


@pytest.mark.parametrize("size", [(1024, 738), (1366, 738)])
def test_the_empty_timelines_note_is_whole_and_readable(
        qtbot: Any, tmp_path: Path, themed: str, size: tuple[int, int]) -> None:
    plan = tmp_path / "new.sqlite"
    Store.open(plan, create=True).close()
    window = open_window(qtbot, tmp_path, plan, size=size)
    view = window.show_view("timeline")
    assert view is not None
    note, chart = view.empty, view.chart
    qtbot.waitUntil(note.isVisible)
    box = note.geometry()
    assert box.left() >= 0 and box.right() < chart.width(), (box, chart.width())
    assert note.heightForWidth(note.width()) <= note.height()  # every line shown
    paper, ink = _paper_and_ink(note.grab().toImage())
    assert contrast(paper, ink) >= 7, (themed, paper.name(), ink.name())
    window.close_plan()


def test_a_deleted_milestone_undone_is_chosen_again(qtbot: Any, tmp_path: Path,
                                                    sample_file: Path) -> None:
    """Keyboard only, in the real window on the sample reopened: Delete on a chosen
    milestone, then Ctrl+Z. The milestone came back with nothing chosen, so Enter edited
    nothing and the arrow keys started again from the chart's first row; now it is chosen
    again, as before Delete."""
    import shutil

    plan = tmp_path / "plan.sqlite"
    shutil.copy(sample_file, plan)
    window = open_window(qtbot, tmp_path, plan)
    view = window.show_view("timeline")
    assert view is not None
    chart = view.chart
    chosen = next(i.id for i in view.data.items if i.title == "Second wave: five more schools")
    chart.select_milestone(chosen)
    view.delete_selected()  # the Delete key's action
    assert view.data.item(chosen) is None and chart.selected_milestone() is None
    view.ctx.undo.undo()  # Ctrl+Z
    qtbot.waitUntil(lambda: view.data.item(chosen) is not None)
    assert chart.selected_milestone() == chosen
    window.close_plan()
