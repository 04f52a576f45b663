"""On a long plan the bite check says which partnership each warning is about.

Found using the real program on the 100,000-milestone plan: Timeline, All partnerships, the
Bites tab listed "“Step 9 of phase 22” was due on … and is not done" again and again, once
for each partnership that has a step of that name, with no way to tell them apart short of
clicking each one. Each line now starts with its partnership ("In Partnership 018 with Łódź
Technika, “Step 3 of phase 33” was due on …") when the list spans several; one
partnership's list keeps its plain sentences.

The plan is the benchmark's generated one (the sample plus 1,000 milestones), made earlier
by another Store and reopened; the Timeline is read both folded (as a long plan opens, the
warnings picked out by SQL) and whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack

from bench import _scale_plan
from planner.services import timeline as tl
from planner.store.database import Store
from planner.ui.shell.context import AppEvents, ViewContext
from planner.ui.shell.settings import Settings
from planner.ui.timeline.view import TimelineView


@pytest.fixture
def open_view(qtbot: Any, long_plan: Path, tmp_path: Path
              ) -> Iterator[Callable[[int], TimelineView]]:
    """The Timeline on a copy of the long plan, reopened, folding above ``fold_above``."""
    from planner.store.engine import sqlite_backup

    sqlite_backup(long_plan, tmp_path / "plan.sqlite")
    store = Store.open(tmp_path / "plan.sqlite")

    def make(fold_above: int) -> TimelineView:
        settings = Settings(QSettings(str(tmp_path / f"s{fold_above}.ini"),
                                      QSettings.Format.IniFormat))
        ctx = ViewContext(store, QUndoStack(), AppEvents(), settings)
        widget = TimelineView(ctx)
        widget.today = _scale_plan.DAY
        qtbot.addWidget(widget)
        widget.resize(1366, 738)
        widget.show()
        qtbot.waitExposed(widget)
        widget.reads.fold_above = fold_above
        widget.reload(keep_view=False)
        return widget

    yield make
    store.close()


def _lines(widget: TimelineView) -> list[tuple[int, str]]:
    bites = widget.side.bites
    return [(int(bites.item(r).data(Qt.ItemDataRole.UserRole)), bites.item(r).text())
            for r in range(bites.count())
            if bites.item(r).data(Qt.ItemDataRole.UserRole) is not None]


@pytest.mark.parametrize("fold_above", [500, 100_000], ids=["folded", "whole"])
def test_every_bite_warning_names_its_partnership_when_several_are_shown(
        open_view: Callable[[int], TimelineView], fold_above: int) -> None:
    widget = open_view(fold_above)
    assert widget.partnership_id is None  # All partnerships
    names = dict(tl.partnerships(widget.ctx.store))
    lines = _lines(widget)
    assert len(lines) > 20
    partnership_of = {i.id: i.group_id for i in tl.load_timeline(widget.ctx.store, None).items}
    for ident, text in lines:
        assert text.startswith(f"In {names[partnership_of[ident]]}, “"), text
    repeated = [t for t, n in Counter(t.split(", “", 1)[1] for _, t in lines).items() if n > 1]
    assert repeated, "the long plan repeats step titles across partnerships"
    assert len({t for _, t in lines}) == len(lines), "two warnings read the same"


@pytest.mark.parametrize("fold_above", [500, 100_000], ids=["folded", "whole"])
def test_one_partnership_s_bite_check_keeps_its_plain_sentences(
        open_view: Callable[[int], TimelineView], fold_above: int) -> None:
    widget = open_view(fold_above)
    busiest = Counter(i.group_id for i in tl.load_timeline(widget.ctx.store, None).items
                      ).most_common(1)[0][0]
    widget.scope.setCurrentIndex(widget.scope.findData(busiest))
    assert widget.partnership_id == busiest
    lines = _lines(widget)
    assert lines and all(text.startswith("“") for _, text in lines)
