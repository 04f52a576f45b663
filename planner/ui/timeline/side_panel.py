"""Beside the Gantt chart: the legend and three tabs (the bite check, what changed since
the last meeting, the slip chart).

The panel shows what the view gives it and emits what the user picks; it holds no plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain import timeline as tl
from planner.domain import timeline_review as tl_review
from planner.ui.shell import theme
from planner.ui.shell.keep_place import same_current_item
from planner.ui.timeline.slip_chart import SlipChart


def legend_html() -> str:
    def status_colour(status: str) -> str:  # a key's mark: 3:1 on the window
        return theme.readable(tl.STATUS_STYLES[status].colour, need=3)

    marks = {"hollow": "outline", "solid": "solid", "hatch": "hatched",
             "crosshatch": "cross-hatched", "dashed": "dashed"}
    muted, alert = theme.colour("secondary"), theme.colour("alert")
    rows = [f"<span style='color:{status_colour(s)}'>■</span> "
            f"{tl.STATUS_LABELS[s]} <span style='color:{muted}'>"
            f"({marks[tl.STATUS_STYLES[s].pattern]})</span>" for s in tl.STATUSES]
    return ("<b>Legend</b><br>" + "<br>".join(rows) +
            "<br>◆ milestone · thin dark bar: baseline<br>★ small win · "
            f"<span style='color:{alert}'>┆</span> today<br>"
            f"<span style='color:{muted}'>Drag a bar to move its forecast (or Alt+←/→); "
            "double-click or Enter to edit; the wheel scrolls, Shift+wheel scrolls the "
            "dates, Ctrl+wheel zooms; Home/End go to the plan's start/end.</span>")


LISTED = 300  # bite warnings listed at a time
SLIP_TAB = 2  # the slip chart's tab


class TimelineSidePanel(QWidget):
    """Legend, Bites, Changes and Slip chart."""

    biteChosen = Signal(int)        # the milestone a bite warning is about
    biteDaysChanged = Signal(int)   # the longest bite, in days
    slipShown = Signal()            # the slip chart's tab came to the front
    changesShown = Signal()         # the "since last meeting" tab came to the front

    def __init__(self, bite_days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bite_days = QSpinBox()
        self.bite_days.setRange(7, 365)
        self.bite_days.setSuffix(" days")
        self.bite_days.setValue(bite_days)
        self.bites = QListWidget()
        self.bites.setWordWrap(True)
        # A long plan's warnings not listed yet, read as the list is scrolled (None: none).
        self._unlisted: Iterator[tl_review.BiteWarning] | None = None
        self._partnerships: Mapping[int, str] | None = None  # named when several
        self.bites.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.legend = QLabel(legend_html())
        self.legend.setWordWrap(True)
        side_layout = QVBoxLayout(self)
        side_layout.setContentsMargins(4, 0, 0, 0)
        side_layout.addWidget(self.legend)
        bite_page = QWidget()
        bite_layout = QVBoxLayout(bite_page)
        bite_layout.setContentsMargins(2, 4, 2, 2)
        bite_row = QHBoxLayout()
        bite_row.addWidget(QLabel("Longest bite"))
        bite_row.addWidget(self.bite_days)
        bite_layout.addLayout(bite_row)
        bite_layout.addWidget(self.bites, 1)
        self.since = QLabel()
        self.since.setWordWrap(True)
        self.since.setTextFormat(Qt.TextFormat.RichText)
        self.since.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.since_scroll = since_scroll = QScrollArea()
        since_scroll.setWidget(self.since)
        since_scroll.setWidgetResizable(True)
        # The slip chart (a plot of its own) is made when first wanted: showing the
        # timeline need not wait for a chart behind a tab.
        self._slip: SlipChart | None = None
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(bite_page, "Bites")
        self.side_tabs.addTab(since_scroll, "Changes")
        self.side_tabs.addTab(QWidget(), "Slip chart")
        self.side_tabs.currentChanged.connect(self._tab_chosen)
        side_layout.addWidget(self.side_tabs, 1)
        self.bites.itemActivated.connect(self._bite_chosen)
        self.bites.itemClicked.connect(self._bite_chosen)
        self.bite_days.valueChanged.connect(self.biteDaysChanged)

    @property
    def slip(self) -> SlipChart:
        """The slip chart, in its tab (made the first time it is asked for)."""
        if self._slip is None:
            self._slip = SlipChart()
            tabs = self.side_tabs
            front = tabs.currentIndex()
            waiting = tabs.widget(SLIP_TAB)
            blocked = tabs.blockSignals(True)  # the same tab in front: nothing was chosen
            try:
                tabs.removeTab(SLIP_TAB)
                tabs.insertTab(SLIP_TAB, self._slip, "Slip chart")
                tabs.setCurrentIndex(front)
            finally:
                tabs.blockSignals(blocked)
            if waiting is not None:
                waiting.deleteLater()
        return self._slip

    def slip_in_front(self) -> bool:
        return self.side_tabs.currentIndex() == SLIP_TAB

    def changes_in_front(self) -> bool:
        return self.side_tabs.currentWidget() is self.since_scroll

    def set_bites(self, warnings: Iterable[tl_review.BiteWarning], any_items: bool,
                  partnerships: Mapping[int, str] | None = None) -> None:
        """The bite check's list; the warning chosen stays chosen (by milestone id). A long
        plan's thousands are listed ``LISTED`` at a time as the list is scrolled to its end
        (laying out 7,000 wrapped lines at once took 0.3 s); ``warnings`` may read them as
        they are taken (``timeline_scope.warning_pages``), so only the lines listed are read.
        ``partnerships`` (id to name), given when the list spans several, names each
        line's partnership."""
        self._partnerships = partnerships
        with same_current_item(self.bites, Qt.ItemDataRole.UserRole):
            chosen = self.bites.currentItem()
            key = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
            self.bites.clear()
            source = iter(warnings)
            first = list(islice(source, LISTED))
            if not first and any_items:
                self.bites.addItem("Every step has an owner, a date and a bite-sized span.")
            if key is not None and all(w.milestone_id != key for w in first):
                for warning in source:  # listed down to the one chosen, as before
                    first.append(warning)
                    if warning.milestone_id == key:
                        break
                else:  # not there any more: the first LISTED, the rest as it scrolls
                    source = iter(first[LISTED:])
                    del first[LISTED:]
            self._unlisted = source
            self._add(first)

    def _add(self, batch: Iterable[tl_review.BiteWarning]) -> None:
        for warning in batch:
            line = tl_review.bite_line(warning, self._partnerships)
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, warning.milestone_id)
            item.setToolTip(line)
            self.bites.addItem(item)

    def _list_more(self, count: int) -> None:
        if self._unlisted is None:
            return
        batch = list(islice(self._unlisted, count))
        if len(batch) < count:
            self._unlisted = None  # every warning is listed
        self._add(batch)

    def _scrolled(self, value: int) -> None:
        bar = self.bites.verticalScrollBar()
        if self._unlisted is not None and value >= bar.maximum() - bar.pageStep():
            self._list_more(LISTED)

    def _tab_chosen(self) -> None:
        if self.slip_in_front():
            self.slipShown.emit()
        elif self.changes_in_front():
            self.changesShown.emit()

    def _bite_chosen(self, item: QListWidgetItem) -> None:
        ident = item.data(Qt.ItemDataRole.UserRole)
        if ident is not None:
            self.biteChosen.emit(int(ident))
