"""The portfolio capacity board (ui layer): strategic slots, other tiers and CEO hours.

Strategic partnerships sit in a fixed row of slots (the profile's limit); empty slots are
drawn dashed so the free room is visible at a glance. Operational and network partnerships
sit in their own rows. Below, a bar shows each partnership's estimated CEO hours a month
against the budget; when the total passes the budget the bar and the figure turn red.
Double-clicking (or Enter on) a card opens that partnership in the ranking.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMimeData,
    QObject,
    QPoint,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QDrag,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.domain.capacity import (
    LAST_SLOT,
    NETWORK,
    OPERATIONAL,
    OVER_LIMIT,
    STRATEGIC,
    TIER_LABELS,
    CapacityState,
    Engagement,
    all_slots,
)
from planner.domain.text_direction import right_to_left
from planner.ui.shell import theme
from planner.ui.shell.keep_place import is_focus
from planner.ui.shell.theme import colour as themed

CARD_MIME = "application/x-partnership-planner-opportunity"
RED = theme.Ink("#b00020")  # readable in light and dark
AMBER = theme.Ink("#9a6700")
TIER_COLOURS = {STRATEGIC: "#1f6f8b", OPERATIONAL: "#5b8c5a", NETWORK: "#8a6fb0"}
# A card's narrowest (seven of them side by side at 1024 px, the scroll bar beside them),
# the gap between cards and the board's side margins.
CARD_MIN_WIDTH = 100
CARD_GAP = 8
BOARD_MARGIN = 16


class CardTitle(QWidget):
    """A card's title: wrapped onto at most ``MAX_LINES`` lines, the last one elided.

    A word too long for the card is broken inside the word rather than cut off at the edge.
    ``lines()`` is what is drawn; ``elided`` says whether part of the title was left out (the
    card's tooltip and accessible name always carry it whole).
    """

    MAX_LINES = 3

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.elided = False
        line = self.fontMetrics().lineSpacing()
        # A fixed height keeps every card in a row alike however long its title.
        self.setFixedHeight(line * self.MAX_LINES)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(90, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.height())

    def lines(self, width: int | None = None) -> list[str]:
        width = max(1, self.width() if width is None else width)
        layout = QTextLayout(self.text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        spans: list[tuple[int, int]] = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            spans.append((line.textStart(), line.textLength()))
        layout.endLayout()
        self.elided = len(spans) > self.MAX_LINES
        shown = [self.text[start:start + length].strip() for start, length in spans]
        if self.elided:
            rest = self.text[spans[self.MAX_LINES - 1][0]:].strip()
            last = self.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, width)
            shown = [*shown[:self.MAX_LINES - 1], last]
        return shown

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        height = self.fontMetrics().lineSpacing()
        for row, text in enumerate(self.lines()):
            # Each line takes its own direction, so an Arabic title sits on the right.
            align = (Qt.AlignmentFlag.AlignRight if right_to_left(text)
                     else Qt.AlignmentFlag.AlignLeft)
            painter.drawText(QRectF(0, row * height, self.width(), height),
                             align | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()


class PartnershipCard(QFrame):
    """One partnership, or an empty strategic slot (``engagement`` None).

    Its context menu (right click, or the Menu key) moves it to another tier, or pauses or
    exits it; the board passes the request on as ``move_requested(id, move)``.
    """

    activated = Signal(int)
    move_requested = Signal(int, str)

    def __init__(self, engagement: Engagement | None, tier: str, *, over: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engagement = engagement
        self.setObjectName("emptySlot" if engagement is None else "partnershipCard")
        self.setMinimumSize(QSize(CARD_MIN_WIDTH, 70))
        # Cards share a row's width; a long title wraps to three lines, then is elided.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 6, 8)  # narrow cards keep a long word whole
        if engagement is None:
            self.setStyleSheet(f"QFrame#emptySlot {{ border: 2px dashed {themed('slot_border')}; "
                               f"border-radius: 6px; background: {themed('slot')}; }}")
            label = QLabel("Free slot")
            label.setStyleSheet(f"color: {themed('secondary')};")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
            self.setAccessibleName("Free strategic slot")
            return
        # The border says the tier (or over the limit): a mark, 3:1 against the card.
        colour = theme.readable(RED.light if over else TIER_COLOURS.get(tier, "#1f6f8b"),
                                QColor(themed("card")), 3.0)
        self.border = QColor(colour)
        self.setStyleSheet(f"QFrame#partnershipCard {{ border: 2px solid {colour};"
                           f" border-radius: 6px; background: {themed('card')}; }}"
                           f"QFrame#partnershipCard QLabel {{ color: {themed('strong')}; }}"
                           f"QFrame#partnershipCard:focus {{ background: {themed('card_focus')}; }}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = CardTitle(engagement.title)
        hours = QLabel(f"{engagement.ceo_hours:g} CEO h / month")
        hours.setStyleSheet(f"color: {themed('secondary')};")
        hours.setWordWrap(True)  # a narrow card (a 1024-pixel screen) wraps, not cuts
        layout.addWidget(self.title)
        layout.addWidget(hours)
        # A red border alone does not say why: the tooltip and the screen reader do.
        beyond = " Beyond the strategic limit: move, pause or exit one." if over else ""
        self.setToolTip(f"{engagement.title}: {TIER_LABELS.get(tier, tier)}, "
                        f"{engagement.ceo_hours:g} CEO hours a month.{beyond} Double-click to "
                        "open.")
        self.setAccessibleName(f"{engagement.title}, {engagement.ceo_hours:g} CEO hours a month"
                               + (", beyond the strategic limit" if over else ""))
        self.tier = tier
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for move in (STRATEGIC, OPERATIONAL, NETWORK):
            if move != tier:
                action = QAction(f"Move to {TIER_LABELS[move].lower()}", self)
                action.triggered.connect(lambda _c=False, m=move: self._request(m))
                self.addAction(action)
        for move, text in (("pause", "Pause"), ("exit", "Exit")):
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False, m=move: self._request(m))
            self.addAction(action)

    def _request(self, move: str) -> None:
        if self.engagement is not None:
            self.move_requested.emit(self.engagement.id, move)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press: QPoint | None = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        start = getattr(self, "_press", None)
        if (self.engagement is None or start is None
                or not event.buttons() & Qt.MouseButton.LeftButton
                or (event.position().toPoint() - start).manhattanLength()
                < QApplication.startDragDistance()):
            super().mouseMoveEvent(event)
            return
        drag = QDrag(self)
        mime = QMimeData()
        mime.setData(CARD_MIME, QByteArray(str(self.engagement.id).encode()))
        drag.setMimeData(mime)
        drag.setPixmap(self.grab())
        self._press = None
        drag.exec(Qt.DropAction.MoveAction)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.engagement is not None:
            self.activated.emit(self.engagement.id)
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.engagement is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit(self.engagement.id)
            return
        super().keyPressEvent(event)


class TierArea(QWidget):
    """The cards of one tier; dropping a card here asks to move it to this tier."""

    dropped = Signal(int, str)

    def __init__(self, tier: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tier = tier
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CARD_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        ident = card_id(event.mimeData())
        if ident is not None:
            event.acceptProposedAction()
            self.dropped.emit(ident, self.tier)


def card_id(mime: QMimeData) -> int | None:
    """The partnership id a dragged card carries, or None."""
    if not mime.hasFormat(CARD_MIME):
        return None
    try:
        return int(bytes(mime.data(CARD_MIME).data()).decode())
    except ValueError:
        return None


class HoursBar(QWidget):
    """Each partnership's CEO hours as a segment, against the monthly budget line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segments: list[tuple[str, float, str]] = []  # title, hours, tier
        self.budget = 0.0
        self.setMinimumHeight(54)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, segments: list[tuple[str, float, str]], budget: float) -> None:
        self.segments, self.budget = segments, budget
        used = sum(h for _t, h, _tier in segments)
        self.setToolTip("\n".join(f"{t}: {h:g} h" for t, h, _tier in segments)
                        + f"\nTotal {used:g} h of {budget:g} h")
        self.update()

    @staticmethod
    def tier_colour(tier: str) -> QColor:
        """A tier's segment, standing out from the trough by 3:1 in either theme."""
        return QColor(theme.readable(TIER_COLOURS.get(tier, "#1f6f8b"), theme.chart("band"),
                                     3.0))

    @property
    def used(self) -> float:
        return sum(h for _t, h, _tier in self.segments)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 6, -1, -22)
        scale_max = max(self.used, self.budget, 1.0) * 1.05
        painter.setPen(QPen(theme.chart("grid")))  # the trough, in the theme's chart palette
        painter.setBrush(theme.chart("band"))
        painter.drawRoundedRect(rect, 4, 4)
        over = self.used > self.budget + 1e-9
        x = rect.left()
        for title, hours, tier in self.segments:
            width = rect.width() * hours / scale_max
            colour = self.tier_colour(tier)
            words = max((QColor("white"), QColor("#111418")),
                        key=lambda c: theme.contrast(c, colour))  # on the segment
            painter.setPen(QPen(theme.chart("band"), 1))
            painter.setBrush(colour)
            segment = QRectF(x, rect.top(), width, rect.height())
            painter.drawRect(segment)
            if width > 60:
                painter.setPen(words)
                painter.drawText(segment.adjusted(4, 0, -4, 0),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 painter.fontMetrics().elidedText(
                                     f"{title} {hours:g} h", Qt.TextElideMode.ElideRight,
                                     int(width - 8)))
            x += width
        if over:
            # The part beyond the budget is hatched red so the excess is visible.
            budget_x = rect.left() + rect.width() * self.budget / scale_max
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(RED.qcolor(), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(QRectF(budget_x, rect.top(), x - budget_x, rect.height()))
        budget_x = rect.left() + rect.width() * self.budget / scale_max
        ink = RED.qcolor() if over else self.palette().windowText().color()  # on the window
        painter.setPen(QPen(ink, 2, Qt.PenStyle.DashLine))
        painter.drawLine(int(budget_x), int(rect.top() - 4), int(budget_x),
                         int(rect.bottom() + 4))
        painter.setPen(ink)
        font = QFont(painter.font())
        font.setBold(over)
        painter.setFont(font)
        painter.drawText(QRectF(rect.left(), rect.bottom() + 4, rect.width(), 18),
                         Qt.AlignmentFlag.AlignLeft,
                         f"Budget {self.budget:g} h a month")
        painter.end()


class CapacityBoard(QWidget):
    """The board. ``set_state`` redraws it; ``open_requested(id)`` asks to open a partnership."""

    open_requested = Signal(int)
    move_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        self.scroll_area = scroll
        # As many cards a row as fit beside the vertical scroll bar (a row of seven was cut
        # under the bar at 1024 px); fewer when the board is narrower.
        scroll.installEventFilter(self)
        body = QWidget()
        scroll.setWidget(body)
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(BOARD_MARGIN, 12, BOARD_MARGIN, 12)
        self.layout_.setSpacing(10)
        self.heading = QLabel()
        self.heading.setObjectName("capacityHeading")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("capacityStatus")
        self.hint = QLabel("Double-click a partnership (or press Enter on it) to open it. Drag it "
                           "to another tier, or right-click it (or press the Menu key) to move, "
                           "pause or exit it. Moving one into a full strategic row asks what "
                           "makes room.")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {themed('secondary')};")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {RED};")
        self.error.hide()
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.hint)
        self.layout_.addWidget(self.error)
        self.tier_labels: dict[str, QLabel] = {}
        self.tier_grids: dict[str, QGridLayout] = {}
        self.tier_areas: dict[str, TierArea] = {}
        for tier in (STRATEGIC, OPERATIONAL, NETWORK):
            label = QLabel()
            self.tier_labels[tier] = label
            area = TierArea(tier)
            area.dropped.connect(self.move_requested)
            grid = QGridLayout(area)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setSpacing(CARD_GAP)
            self.tier_grids[tier] = grid
            self.tier_areas[tier] = area
            self.layout_.addWidget(label)
            self.layout_.addWidget(area)
        hours_row = QHBoxLayout()
        self.hours_title = QLabel()
        hours_row.addWidget(self.hours_title)
        hours_row.addStretch(1)
        self.hours_figure = QLabel()
        self.hours_figure.setObjectName("hoursFigure")
        hours_row.addWidget(self.hours_figure)
        self.layout_.addLayout(hours_row)
        self.hours_bar = HoursBar()
        self.layout_.addWidget(self.hours_bar)
        self.layout_.addStretch(1)
        self._cards: list[PartnershipCard] = []
        self.columns = 0  # cards a row, as laid out
        self._cards_due = False  # the cards wait for the board to be shown (see set_state)
        self.state: CapacityState | None = None

    @property
    def cards(self) -> list[PartnershipCard]:
        """The partnership cards as drawn (made now if the board has not been shown since
        its last state)."""
        self._make_cards()
        return self._cards

    def columns_that_fit(self) -> int:
        """Cards a row: one a slot up to seven (at least four), fewer if they would not fit
        beside the vertical scroll bar, shown or not (so showing it changes nothing)."""
        wanted = max(4, min(self.state.limit, 7)) if self.state is not None else 7
        room = (self.scroll_area.width() - 2 * self.scroll_area.frameWidth()
                - self.scroll_area.verticalScrollBar().sizeHint().width() - 2 * BOARD_MARGIN)
        return max(1, min(wanted, (room + CARD_GAP) // (CARD_MIN_WIDTH + CARD_GAP)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll_area and event.type() == QEvent.Type.Resize and self._cards \
                and self.columns_that_fit() != self.columns:
            self._place_cards()
        return False

    def _place_cards(self) -> None:
        """Put the cards in rows of ``columns_that_fit()``, tier by tier (the same cards)."""
        columns = self.columns = self.columns_that_fit()
        for grid in self.tier_grids.values():
            cards = [c for c in self._cards if grid.indexOf(c) >= 0]
            for card in cards:
                grid.removeWidget(card)
            for column in range(max(grid.columnCount(), columns)):
                # every card the same width, tier by tier
                grid.setColumnStretch(column, 1 if column < columns else 0)
            for index, card in enumerate(cards):
                grid.addWidget(card, index // columns, index % columns)

    def setVisible(self, visible: bool) -> None:
        if visible:
            self._make_cards()  # before the board shows (its tab chosen): laid out as shown
        super().setVisible(visible)

    def showEvent(self, event: QShowEvent) -> None:
        # Shown with its window (it was the tab in front): the cards show now, not a turn
        # later as cards added to a shown board do.
        if self._cards_due:
            self._make_cards()
            for card in self._cards:
                card.show()
            self.layout_.activate()
        super().showEvent(event)

    def set_state(self, state: CapacityState) -> None:
        """Show ``state``: its words and the hours bar now, its cards when the board is next
        shown (a card per pursued partnership: 0.3 s for 200 partnerships, on a page the
        Screening view keeps behind its Ranking page)."""
        self.state = state
        self._cards_due = True
        self.heading.setText("<h2>Portfolio capacity</h2>")
        if state.status == OVER_LIMIT:
            text = (f"<b style='color:{RED}'>{state.strategic_used} strategic partnerships for "
                    f"{state.limit} slot{'s' if state.limit != 1 else ''}</b>: more than the organisation can lead well. Move, "
                    "pause or exit one.")
        elif state.status == LAST_SLOT:
            text = (f"<b style='color:{AMBER}'>{all_slots(state.limit)} "
                    "filled.</b> The next strategic partnership means giving one up.")
        else:
            text = (f"{state.strategic_free} of {state.limit} strategic slots free. Keep the "
                    "portfolio small enough to lead: the rule of thumb is six or seven key "
                    "partnerships at most.")
        if not any(state.by_tier.values()):
            text += ("<br>No partnership is being pursued yet: record a decision to pursue one "
                     "(Ranking, Decision tab) and it takes its place here.")
        self.status.setText(text)
        self.hours_title.setText("<h3>CEO hours a month</h3>")
        if state.over_budget:
            self.hours_figure.setText(
                f"<b style='color:{RED}'>{state.hours_used:g} h of {state.hours_budget:g} h: "
                f"{state.hours_over:g} h over budget</b>")
        else:
            self.hours_figure.setText(f"{state.hours_used:g} h of {state.hours_budget:g} h "
                                      f"({state.hours_budget - state.hours_used:g} h spare)")
        segments = [(e.title, e.ceo_hours, tier) for tier in (STRATEGIC, OPERATIONAL, NETWORK)
                    for e in state.by_tier[tier]]
        self.hours_bar.set_data(segments, state.hours_budget)
        if not self.isHidden():
            self._make_cards()

    def _make_cards(self) -> None:
        state = self.state
        if not self._cards_due or state is None:
            return
        self._cards_due = False
        # The card the user is on (keyboard focus) is the board's selection: it stays on
        # that partnership when the cards are rebuilt, wherever it moved.
        focused = next((c.engagement.id for c in self._cards
                        if c.engagement is not None and is_focus(c)), None)
        for card in self._cards:
            card.setParent(None)
            card.deleteLater()
        self._cards = []
        for tier in (STRATEGIC, OPERATIONAL, NETWORK):
            items = list(state.by_tier[tier])
            label = TIER_LABELS[tier]
            if tier == STRATEGIC:
                self.tier_labels[tier].setText(
                    f"<h3>{label}: {state.strategic_used} of {state.limit} slots</h3>")
                slots: list[Engagement | None] = [*items, *([None] * state.strategic_free)]
            else:
                self.tier_labels[tier].setText(f"<h3>{label}: {len(items)}</h3>")
                slots = list(items)
            grid = self.tier_grids[tier]
            for index, engagement in enumerate(slots):
                over = tier == STRATEGIC and index >= state.limit
                card = PartnershipCard(engagement, tier, over=over)
                card.activated.connect(self.open_requested)
                card.move_requested.connect(self.move_requested)
                grid.addWidget(card)
                self._cards.append(card)
            if not slots:
                empty = PartnershipCard(None, tier)
                for child in empty.findChildren(QLabel):
                    child.setText("None yet")
                grid.addWidget(empty)
                self._cards.append(empty)
        self._place_cards()
        again = next((c for c in self._cards
                      if c.engagement is not None and c.engagement.id == focused), None)
        if again is not None:
            again.show()  # a card added to a shown board appears on the next turn; focus now
            again.setFocus()

    def show_error(self, text: str) -> None:
        """A refusal beside the board (empty text hides it)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def titles(self, tier: str) -> list[str]:
        """The partnership titles shown in a tier (for tests and accessibility checks)."""
        assert self.state is not None
        return [e.title for e in self.state.by_tier[tier]]
