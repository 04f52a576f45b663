"""The views of the main window and the contract each one keeps (ui layer).

A view is created the first time it is shown (so start-up imports nothing heavy), gets a
``ViewContext``, names the ``topics`` it shows, refreshes itself from ``refresh(changes)``
and may take the user to a record through ``show_record``. The main window calls
``refresh`` only with changes that concern the view's topics, and only while the view is in
front: a hidden view is handed what it missed, gathered, when it is shown again.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QLabel, QStackedWidget, QVBoxLayout, QWidget

from planner.services.changes import ALL_TOPICS, ChangeSet, Topic
from planner.ui.shell.context import ViewContext
from planner.ui.shell.long_text import calm_wrapping
from planner.ui.shell.wheel_guard import steady_wheels


@dataclass(frozen=True)
class ViewSpec:
    name: str  # the command-line name (planner screenshot --view NAME)
    title: str
    module: str
    cls: str
    shortcut: str  # Ctrl+<digit>
    kinds: tuple[str, ...] = ()  # records (table names) this view can show and select


VIEW_SPECS = (
    ViewSpec("dashboard", "Dashboard", "planner.ui.dashboard.view", "DashboardView", "Ctrl+1",
             ("meeting", "meeting_action")),
    ViewSpec("organisation", "Organisation", "planner.ui.organisation.view", "OrganisationView",
             "Ctrl+2", ("profile", "organisation")),
    ViewSpec("screening", "Screening", "planner.ui.screening.view", "ScreeningView", "Ctrl+3",
             ("opportunity", "decision", "gate_result", "criterion_score")),
    ViewSpec("conflicts", "Conflicts", "planner.ui.conflicts.view", "ConflictsView", "Ctrl+4",
             ("conflict_area",)),
    ViewSpec("agreements", "Agreements", "planner.ui.agreements.view", "AgreementsView",
             "Ctrl+5", ("agreement", "agreement_section", "signatory")),
    ViewSpec("timeline", "Timeline", "planner.ui.timeline.view", "TimelineView", "Ctrl+6",
             ("milestone",)),
    ViewSpec("people", "Partners & people", "planner.ui.people.view", "PeopleView", "Ctrl+7",
             ("person",)),
)


class BaseView(QWidget):
    """What the main window expects of a view."""

    topics: ClassVar[frozenset[Topic]] = ALL_TOPICS  # what the view shows (it hears of these)

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def refresh(self, changes: ChangeSet) -> None:
        """Reload what ``changes`` concern: after every edit, undo and redo touching the
        view's topics while it is in front, or, when it is shown again, with what it missed.
        ``changes.only_rows`` says when reading a few records again is enough."""

    def show_record(self, kind: str, ident: int) -> bool:
        """Select the record (table name, id); False when this view does not show it."""
        return False

    def finish_edits(self) -> bool:
        """Before the plan closes: save what the user typed and the view holds unsaved;
        False when it could not be saved (the view shows why)."""
        return True

    def make_every_page(self) -> None:
        """Make now the pages a view makes only when first shown, for a reader of its whole
        widget tree (Help › Keyboard Shortcuts lists every button's Alt+letter)."""


class ComingView(BaseView):
    """The clear "coming" state for a view not built yet."""

    def __init__(self, ctx: ViewContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        label = QLabel(f"<div align='center'><h2>{title}</h2><p>This part of the planner is "
                       "coming in a later release. Your plan is safe: everything else works "
                       "as usual.</p></div>")
        label.setWordWrap(True)
        layout.addWidget(label)


class ViewStack(QStackedWidget):
    """The window's views, one in front, sized by the one in front. Qt's stack asks every
    page and takes the largest: with the sample's Dashboard made, Conflicts at 1366×768 was
    1076 px tall in a 697 px window, the whole view scrolled and its area editor was a
    sliver; each view now gets the window's height and scrolls only if it needs it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def _front(self) -> QWidget | None:
        return self.currentWidget()

    def sizeHint(self) -> QSize:
        front = self._front()
        return front.sizeHint() if front is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        front = self._front()
        return front.minimumSizeHint() if front is not None else super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:
        front = self._front()
        return front.heightForWidth(width) if front is not None else -1


def create_view(spec: ViewSpec, ctx: ViewContext) -> BaseView:
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as exc:
        if exc.name != spec.module:
            raise
        return ComingView(ctx, spec.title)
    view: BaseView = getattr(module, spec.cls)(ctx)
    fit_small_screens(view)
    calm_wrapping(view)
    steady_wheels(view)  # a passing wheel scrolls the page, not a score or a status
    return view


def fit_small_screens(widget: QWidget) -> None:
    """Keep long entries (partnership names, say) from widening the window past a laptop
    screen: no combo box grows wider than COMBO_MAX_WIDTH, however long the entries it is
    given now or later; its label is elided and the full text shows in the open list."""
    for combo in widget.findChildren(QComboBox):
        if combo.maximumWidth() > COMBO_MAX_WIDTH:
            combo.setMaximumWidth(COMBO_MAX_WIDTH)


COMBO_MAX_WIDTH = 360
