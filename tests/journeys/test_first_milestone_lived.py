"""A milestone added on the Timeline can be seen as soon as it is added when the zoom is Fit.

Found using the real program on a plan begun with File › New: the Timeline, its zoom on
"Fit", showed Nov 2026 – Feb 2027 with nothing in it; Add milestone… for December 2027
added the row, but its bar stayed outside the dates shown (Fit kept the range it had)
until the plan was closed and opened again. The same on the sample plan made by another
process: a milestone dated beyond the plan's last one is added out of sight.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog

from planner.services import timeline as tl
from tests.journeys.conftest import open_window


def test_a_new_milestone_is_in_view_on_fit(qtbot: Any, tmp_path: Path, demo_plan: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           shown: list[str]) -> None:
    window = open_window(qtbot, tmp_path, demo_plan, shown)
    try:
        view = window.show_view("timeline")
        assert view.chart.zoom == "fit"
        partnership = tl.partnerships(window.store)[0][1]
        start = dt.date.today() + dt.timedelta(days=3 * 365)

        def fill(dialog: QDialog) -> int:
            dialog.ui.titleEdit.setText("First matchday open to Y7 families")  # type: ignore
            dialog.ui.startEdit.setDate(start)  # type: ignore[attr-defined]
            dialog.ui.dueEdit.setDate(start + dt.timedelta(days=15))  # type: ignore
            return int(QDialog.DialogCode.Accepted)

        monkeypatch.setattr(view, "_exec", fill)
        monkeypatch.setattr(QInputDialog, "getItem",
                            lambda *a, **k: (partnership, True))
        view.add_milestone()
        assert shown == []
        chart = view.chart
        assert chart.zoom == "fit" and chart.data is not None
        (x0, x1), _ = chart.vb.viewRange()
        lay = chart.data.layout
        assert x0 <= lay.first_day and lay.last_day <= x1, (
            f"shown days {x0:.0f}–{x1:.0f}; the plan runs {lay.first_day:.0f}–"
            f"{lay.last_day:.0f}")
    finally:
        window.close_plan()
