"""An unticked box can be seen in the dark theme too.

Found using the real program in the dark theme: every unticked check box ("Legally
binding", "Flagged only", "Review on", the gates' "Override") and every tickable line of a
list (an agreement clause's conflict areas) drew its box in the background's own colour
(1.03:1): a CEO could not see there was anything to tick. Fusion outlines the box in the
window colour made darker, which in a dark palette is the colour of the box itself. Each
box is grabbed as drawn, in the window, on the sample plan made and closed earlier, and
its edge must stand out from what is around it as a control's edge should (3:1).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QCheckBox, QListWidget, QStyle, QStyleOptionButton

from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow
from tests.ui.layout_check import contrast

# Dark: a control's edge against what is around it (WCAG's 3:1). Light keeps the style's own
# grey outline on white (1.9:1, plainly seen; the native styles of Windows and macOS draw
# their own): it must not get fainter.
NEED = {"light": 1.8, "dark": 3.0}


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest) -> Iterator[str]:
    from planner.ui.shell import theme

    theme.apply(request.param)
    yield request.param
    theme.apply("light")


def _edge_contrast(image: QImage, box: QRect, outside: QColor) -> float:
    """How far the box stands out: the strongest contrast between a pixel of the box (its
    outline, its fill) and the colour around it."""
    return max(contrast(image.pixelColor(x, y), outside)
               for x in range(box.left(), box.right() + 1)
               for y in range(box.top(), box.bottom() + 1) if image.rect().contains(x, y))


def _check_box_edge(box: QCheckBox) -> float:
    assert not box.isChecked() and box.isVisible()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    return _edge_contrast(image, rect, image.pixelColor(max(rect.left() - 2, 0),
                                                        rect.center().y()))


def test_an_unticked_box_shows_in_either_theme(themed: str, window_factory: Any,
                                               sample_store: Store, qtbot: Any) -> None:
    window: MainWindow = window_factory(sample_store)
    window.settings.theme = themed
    window.resize(1366, 738)
    window.show()
    qtbot.waitExposed(window)
    seen: dict[str, float] = {}
    conflicts = window.show_view("conflicts")
    flagged = next(b for b in conflicts.findChildren(QCheckBox)
                   if b.text().replace("&", "") == "Flagged only")
    seen["Flagged only"] = _check_box_edge(flagged)
    agreements = window.show_view("agreements")
    binding = next(b for b in agreements.findChildren(QCheckBox)
                   if b.isVisible() and not b.isChecked())
    seen[binding.text()] = _check_box_edge(binding)
    # A tickable line of a list, as an agreement clause's conflict areas are drawn: the
    # line has no words, so all that is drawn on it is the box.
    listing = QListWidget(agreements)
    listing.addItem("")
    listing.item(0).setFlags(listing.item(0).flags() | Qt.ItemFlag.ItemIsUserCheckable)
    listing.item(0).setCheckState(Qt.CheckState.Unchecked)
    listing.resize(300, 60)
    listing.show()
    image = listing.viewport().grab().toImage()
    row = listing.visualItemRect(listing.item(0))
    seen["list line"] = _edge_contrast(image, row, image.pixelColor(row.right() - 2,
                                                                     row.bottom() + 4))
    listing.deleteLater()
    need = NEED[themed]
    faint = {name: round(value, 2) for name, value in seen.items() if value < need}
    assert faint == {}, f"{themed}: boxes that do not stand out (need {need}:1): {faint}"
