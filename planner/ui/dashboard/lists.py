"""The dashboard's lists (ui layer): the health tree and the short lists beside it
(milestones due, small wins, reviews due, signatures awaited). Each line carries the record
it names under ``LINK_ROLE``; the view turns a click into ``open_record``.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain import health
from planner.services import dashboard as dash
from planner.ui.shell import theme
from planner.ui.shell.keep_place import same_current_item
from planner.ui.shell.theme import colour as themed

LINK_ROLE = Qt.ItemDataRole.UserRole + 10
STATE_COLOURS = {health.HEALTHY: theme.Ink("#2e7d32"), health.WATCH: theme.Ink("#b26a00"),
                 health.AT_RISK: theme.Ink("#c62828")}  # words: 4.5:1 in either theme
LINK_COLOUR = "#1a5fb4"
CATEGORY_MARKS = {health.INERTIA: "Inertia", health.FATIGUE: "Fatigue",
                  health.CONFLICT: "Conflict"}


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's current width (QTreeView on its
    own measures one line and clips the rest)."""

    def __init__(self, tree: QTreeWidget, column: int) -> None:
        super().__init__(tree)
        self.tree, self.column = tree, column

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex |
                 QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if index.column() != self.column or not isinstance(text, str) or not text:
            return base
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = self.tree.header().sectionSize(index.column()) - 12
        if index.column() == 0:
            width -= self.tree.indentation() * (depth + 1)
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else option.font)
        rect = metrics.boundingRect(0, 0, max(40, width), 100_000,
                                    int(Qt.TextFlag.TextWordWrap), text)
        return QSize(base.width(), max(base.height(), rect.height() + 4))


def titled_list(title: str) -> tuple[QWidget, QTreeWidget, QLabel]:
    """A heading and a short wrapped list under it: (the box, the list, the heading)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    heading = QLabel(f"<b>{title}</b>")
    tree = ShortList()
    tree.setHeaderHidden(True)
    tree.setRootIsDecorated(False)
    tree.setColumnCount(1)
    tree.header().setStretchLastSection(True)
    tree.setAccessibleName(title)
    tree.setWordWrap(True)
    tree.setUniformRowHeights(False)
    tree.setTextElideMode(Qt.TextElideMode.ElideNone)
    tree.setItemDelegate(WrappingDelegate(tree, 0))
    # Short lists may shrink to two lines on a small screen (the Next steps checklist
    # takes room above them on a new plan); they scroll.
    tree.setMinimumHeight(2 * tree.fontMetrics().height() + 8)
    tree.header().sectionResized.connect(lambda *_: tree.doItemsLayout())
    heading.setBuddy(tree)
    layout.addWidget(heading)
    layout.addWidget(tree)
    return box, tree, heading



def link_item(item: QTreeWidgetItem, kind: str, ident: int, brush: QBrush | None = None) -> None:
    item.setData(0, LINK_ROLE, (kind, ident))
    item.setForeground(0, brush if brush is not None else QBrush(QColor(themed('link'))))
    item.setToolTip(0, "Click to open this record")



class HealthTree(QTreeWidget):
    """The health tree. Its Health and hours columns fit their contents (ResizeToContents)
    as Qt measures them, but measured on one cell per distinct text and font among the rows
    shown (:meth:`sizeHintForColumn`): Qt asks the style about each of up to a thousand rows
    per column at every layout (3,282 signals at 100,000 milestones: ~70 ms a layout), for
    the few widths a column of state words, categories and hours holds."""

    def __init__(self) -> None:
        super().__init__()
        # Per column, per (text, bold): one cell of it, and the partnership rows (None: a
        # partnership row itself) under which such a cell is shown (when expanded).
        self.samples: dict[int, dict[tuple[str, bool], tuple[QTreeWidgetItem,
                                                             list[QTreeWidgetItem | None]]]] = {}

    def sample(self, item: QTreeWidgetItem, top: QTreeWidgetItem | None,
               cells: tuple[tuple[str, bool], tuple[str, bool]]) -> None:
        """Note ``item``'s Health and hours cells, (text, bold) each, as set on it
        (``top``: the partnership row it is under; None for a partnership's own row)."""
        for column, key in zip((1, 2), cells, strict=True):
            _item, tops = self.samples.setdefault(column, {}).setdefault(key, (item, []))
            if not tops or tops[-1] is not top:  # a row's lines are noted one after another
                tops.append(top)

    def sizeHintForColumn(self, column: int) -> int:
        samples = self.samples.get(column)
        if samples is None:
            return super().sizeHintForColumn(column)
        self.ensurePolished()
        widths = [self.sizeHintForIndex(self.indexFromItem(item, column)).width()
                  for item, tops in samples.values()
                  if any(top is None or top.isExpanded() for top in tops)]
        return max(widths, default=-1)


def fill_health(tree: QTreeWidget, s: dash.DashboardSummary) -> None:
    """Each pursued partnership, its health and CEO hours; below it, why (one line a
    signal, linked to the record it names). The current line stays current."""
    with same_current_item(tree, LINK_ROLE):
        _fill_health_tree(tree, s)


def _fill_health_tree(tree: QTreeWidget, s: dash.DashboardSummary) -> None:
    tree.clear()
    measured = tree if isinstance(tree, HealthTree) else None
    if measured is not None:
        measured.samples = {}
    hours = {r.partnership_id: r for r in s.hours}
    bold = QFont(tree.font())
    bold.setBold(True)
    # The colours worked out once (each is measured against the theme's paper), not once a
    # line: a plan kept for years has thousands of signals.
    states = {state: QBrush(ink.qcolor()) for state, ink in STATE_COLOURS.items()}
    link = QBrush(QColor(themed('link')))
    # Made first and added in one go, each partnership with its lines: a plan kept for
    # years has thousands of signals, and each item added alone is a trip into Qt.
    tops = []
    for h in s.health:
        row = hours.get(h.partnership_id)
        spent = f"{dash.fmt_hours(row.actual)} of {dash.fmt_hours(row.estimate)}" if row else ""
        top = QTreeWidgetItem([h.title, h.label, spent])
        top.setFont(0, bold)
        top.setFont(1, bold)
        top.setForeground(1, states[h.state])
        top.setToolTip(1, h.reason)
        top.setData(0, LINK_ROLE, ("opportunity", h.partnership_id))
        top.setData(1, LINK_ROLE, ("opportunity", h.partnership_id))
        if row and row.actual > row.estimate:
            top.setForeground(2, states[health.WATCH])
        children = []
        for sig in h.signals:
            child = QTreeWidgetItem([sig.sentence, CATEGORY_MARKS[sig.category], ""])
            link_item(child, sig.kind, sig.record_id, link)
            child.setToolTip(0, f"{sig.sentence}\nClick to open this record.")
            child.setForeground(1, states[sig.severity])
            child.setToolTip(1, f"{health.CATEGORY_LABELS[sig.category]} — "
                                f"{health.STATE_LABELS[sig.severity].lower()}")
            children.append(child)
        if not h.signals:
            children.append(QTreeWidgetItem(["No warning signs.", "", ""]))
        top.addChildren(children)
        tops.append((top, h.state != health.HEALTHY))
        if measured is not None:
            measured.sample(top, None, ((h.label, True), (spent, False)))
            for sig, child in zip(h.signals, children, strict=False):
                measured.sample(child, top, ((CATEGORY_MARKS[sig.category], False), ("", False)))
            if not h.signals:
                measured.sample(children[0], top, (("", False), ("", False)))
    tree.addTopLevelItems([top for top, _open in tops])
    for top, expanded in tops:
        top.setExpanded(expanded)
    if not s.health:
        empty = QTreeWidgetItem(
            ["No partnership is being pursued yet. Screen an opportunity and decide to "
             "pursue it, and its health will show here.", "", ""])
        tree.addTopLevelItem(empty)
        if measured is not None:
            measured.sample(empty, None, (("", False), ("", False)))



# The nearest lines a list shows; a plan kept for years has thousands of conflict reviews
# due, which its register (or the timeline) lists whole. The heading counts them all.
LINES_SHOWN = 200


def fill_list(tree: QTreeWidget, heading: QLabel, items: tuple[dash.Item, ...],
              empty: str, more: tuple[str, str] | None = None,
              total: int | None = None) -> None:
    """One line per item (``empty`` when there is none), its count in ``heading``; the
    current line stays current. ``more``: (view, words) where the lines past the first
    LINES_SHOWN are listed whole; the last line says how many more and links there.
    ``total``: how many there are when ``items`` holds only the first of them."""
    with same_current_item(tree, LINK_ROLE):
        _fill_list_items(tree, heading, items, empty, more,
                         len(items) if total is None else total)


def _fill_list_items(tree: QTreeWidget, heading: QLabel, items: tuple[dash.Item, ...],
                     empty: str, more: tuple[str, str] | None, total: int) -> None:
    """One line per item: date and what, then the partnership (and a note) below."""
    tree.clear()
    title = heading.text().split(" (")[0].removesuffix("</b>")
    heading.setText(f"{title} ({total})</b>" if items else f"{title}</b>")
    # The colours asked once, the rows added in one go: a plan kept for years may have
    # thousands of conflict reviews due.
    brushes = {urgent: QBrush(QColor(themed('alert' if urgent else 'link')))
               for urgent in (False, True)}
    shown = items[:LINES_SHOWN] if more else items
    rows = []
    for i in shown:
        note = f" ({i.note})" if i.note else ""
        when = f"{dash.fmt_date(i.when)} · " if i.when else ""
        item = QTreeWidgetItem([f"{when}{i.text}\n{i.partnership}{note}"])
        item.setData(0, LINK_ROLE, (i.kind, i.record_id))
        item.setForeground(0, brushes[i.urgent])
        item.setToolTip(0, "Click to open this record")
        rows.append(item)
    if more and total > len(shown):
        view, words = more
        rest = QTreeWidgetItem([f"and {total - len(shown):,} more — {words}"])
        rest.setData(0, LINK_ROLE, ("view", view))
        rest.setForeground(0, brushes[False])
        rest.setToolTip(0, f"Click to {words}")
        rows.append(rest)
    tree.addTopLevelItems(rows)
    if not items:
        placeholder = QTreeWidgetItem([empty])
        placeholder.setForeground(0, QBrush(QColor(themed('secondary'))))
        tree.addTopLevelItem(placeholder)
    tree.setProperty("empty", not items)
    fit_empty(tree)


def fit_empty(tree: QTreeWidget) -> None:
    """An empty list is as tall as its sentence wrapped at the list's width (three lines
    in a narrow column), no taller: the room goes to the lists with something in them."""
    item = tree.topLevelItem(0)
    if not tree.property("empty") or item is None:
        tree.setMaximumHeight(16_777_215)
        return
    frame = 2 * tree.frameWidth()
    # As WrappingDelegate measures the row, from the list's own width: the header's
    # section follows the width only after this resize.
    width = tree.width() - frame - 12 - tree.indentation()
    text = tree.fontMetrics().boundingRect(0, 0, max(40, width), 100_000,
                                           int(Qt.TextFlag.TextWordWrap), item.text(0))
    needed = text.height() + 4 + frame + 4
    tree.setMaximumHeight(max(needed, tree.minimumHeight()))


class ShortList(QTreeWidget):
    """A short list beside the health tree; when empty, its sentence decides its height
    at whatever width the window gives it (``fit_empty``)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            fit_empty(self)
