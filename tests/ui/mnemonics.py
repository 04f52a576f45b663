"""Alt+letter mnemonics a user can press at one time, and which of them clash.

Qt sends an Alt+letter that several visible widgets claim to each in turn, flagged
ambiguous: a button then only takes the focus (Alt+D neither deleted nor recorded a review
in the Conflicts view), a label's buddy takes it, a menu opens on some presses only. So a
button, a check box, a tab or a menu of the menu bar must own its letter alone among
everything visible with it. Labels may share a letter with other labels (Qt moves the focus
between their fields in turn, which is its documented behaviour).
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabBar,
    QTabWidget,
    QWidget,
)


def _letter(text: str) -> str:
    mnemonic = QKeySequence.mnemonic(text)
    return mnemonic.toString().split("+")[-1].lower() if not mnemonic.isEmpty() else ""


def visible_mnemonics(window: QMainWindow, view: QWidget) -> dict[str, list[tuple[str, str]]]:
    """Letter → [(kind, text)] of everything with a mnemonic visible now: the menu bar's
    menus and the view's buttons, labels with a buddy, tabs and group boxes."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for action in window.menuBar().actions():
        if action.isVisible() and (letter := _letter(action.text())):
            found[letter].append(("menu", action.text()))
    for widget in view.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton):
            kind, texts = "button", [widget.text()]
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            kind, texts = "label", [widget.text()]
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            kind, texts = "button", [widget.title()]
        elif isinstance(widget, QTabBar):
            kind = "tab"
            texts = [widget.tabText(i) for i in range(widget.count())
                     if widget.isTabVisible(i)]
        else:
            continue
        for text in texts:
            if letter := _letter(text):
                found[letter].append((kind, text))
    return found


def clashes(window: QMainWindow, view: QWidget) -> list[str]:
    """Every letter a button, tab or menu shares with anything else visible."""
    problems = []
    for letter, owners in sorted(visible_mnemonics(window, view).items()):
        if len(owners) > 1 and any(kind != "label" for kind, _ in owners):
            problems.append(f"Alt+{letter.upper()}: " + ", ".join(t for _, t in owners))
    return problems


def every_page(view: QWidget) -> list[tuple[QTabWidget, int]]:
    """Each (tab widget, index) of the view: the pages a user can bring to the front."""
    return [(tabs, i) for tabs in view.findChildren(QTabWidget) for i in range(tabs.count())]


def _to_front(widget: QWidget, view: QWidget) -> None:
    """The pages holding ``widget`` brought to the front, up to the view (the editor's
    tabs sit on Screening's Ranking page: with Capacity in front none of them showed)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not view:
        if isinstance(parent, QTabWidget):
            parent.setCurrentIndex(next(i for i in range(parent.count())
                                        if parent.widget(i).isAncestorOf(widget)))
        parent = parent.parentWidget()


def clashes_on_every_page(window: QMainWindow, view: QWidget) -> list[str]:
    """Clashes with each page of each of the view's tab widgets in front, one at a time
    (and with the view as it opens: a view without tabs has only that)."""
    found: list[str] = [f"as it opens: {c}" for c in clashes(window, view)]
    for tabs, index in every_page(view):
        _to_front(tabs, view)
        tabs.setCurrentIndex(index)
        found += [f"{tabs.tabText(index).replace('&', '')}: {c}"
                  for c in clashes(window, view) if c not in found]
    return sorted(set(found))
