"""A new plan's dashboard says each list's sentence whole, on a laptop and a wide screen.

Found using the real program: File › New, then the dashboard at 1024×768. The "Small wins
in the last 60 days" box, with nothing in it yet, was cut to "No small win recently: plan
one — early, visible successes keep" and the rest hidden: the one line that tells a new
user why small wins matter. An empty list was held to three lines of height, while that
sentence wraps to three lines in the narrow right-hand column (and frame and margins took
the rest).

Here a plan made through File › New's service and closed is opened by the window, at both
laptop sizes, light and dark; each list's sentence must lie whole inside its box.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QTreeWidget

from planner.services import plans
from planner.ui.shell.main_window import MainWindow

SIZES = {"1024x768": (1024, 738), "1366x768": (1366, 738)}  # a maximised window's client area
LISTS = ("upcoming_list", "wins_list", "reviews_list", "signature_list")


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest) -> Iterator[str]:
    from planner.ui.shell import theme

    theme.apply(request.param)
    yield request.param
    theme.apply("light")


@pytest.fixture
def new_plan(tmp_path: Path) -> Path:
    """A plan as File › New makes it, closed: the window opens it again."""
    path = tmp_path / "new plan.sqlite"
    plans.open_plan(path, create=True).close()
    return path


def _cut(tree: QTreeWidget) -> str | None:
    """The sentence of an empty list when the list does not show it whole."""
    item = tree.topLevelItem(0)
    assert tree.topLevelItemCount() == 1 and item is not None
    rect = tree.visualItemRect(item)
    needed = tree.sizeHintForRow(0)
    if rect.top() < 0 or rect.height() < needed or rect.bottom() >= tree.viewport().height():
        return (f"{tree.objectName()}: “{item.text(0)}” needs {needed} px, shown "
                f"{min(rect.bottom() + 1, tree.viewport().height()) - rect.top()} px")
    return None


@pytest.mark.parametrize("size", list(SIZES))
def test_every_list_of_a_new_plan_says_its_sentence_whole(
        size: str, themed: str, window_factory: Any, new_plan: Path, qtbot: Any) -> None:
    window: MainWindow = window_factory()
    window.settings.theme = themed
    window.resize(*SIZES[size])
    window.show()
    qtbot.waitExposed(window)
    assert window.open_path(new_plan)
    view = window.show_view("dashboard")
    qtbot.wait(50)
    trees = [getattr(view, name) for name in LISTS]
    assert "Small wins" in view.wins_list_heading.text()
    assert "successes keep people committed" in view.wins_list.topLevelItem(0).text(0)
    cut = [c for c in map(_cut, trees) if c]
    assert cut == [], cut
    window.resize(SIZES[size][0] - 120, SIZES[size][1])  # a narrower window wraps more
    qtbot.wait(50)
    cut = [c for c in map(_cut, trees) if c]
    assert cut == [], cut
