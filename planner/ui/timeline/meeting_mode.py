"""Meeting mode (ui layer): the milestones on a projector, one at a time, large and clear.

Full screen, high contrast, no editing chrome. The arrow keys (or Space / Page Up / Page
Down) step from milestone to milestone; the panel on the right says what slipped, was added
or was done since the last meeting and which small wins to celebrate; the slip chart below
shows how each forecast moved from meeting to meeting.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.domain import timeline as tl
from planner.domain import timeline_review as tl_review
from planner.domain.dates import day_text
from planner.services.timeline import TimelineData, Win
from planner.ui.timeline.slip_chart import SlipChart

BACKGROUND = "#101418"
TEXT = "#f5f5f5"
DIM = "#b8c0c8"
STATUS_TEXT = {  # bright on black, plus a word: colour is never the only signal
    "not_started": ("#cfd8dc", "○ Not started"),
    "on_track": ("#7ee787", "● On track"),
    "at_risk": ("#ffd166", "▲ At risk"),
    "late": ("#ff7b72", "■ Late"),
    "done": ("#79c0ff", "✔ Done"),
    "dropped": ("#9e9e9e", "✕ Dropped"),
}


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def _date(value: dt.date | None) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}" if value else "not set"


def since_html(delta: tl_review.SinceLastMeeting, wins: Sequence[Win] = (), *,
               dark: bool = True, limit: int = 5) -> str:
    """What slipped, was done, added, moved earlier or dropped, and the wins, as rich text;
    ``limit`` titles a block at most (the projector's panel must not scroll)."""
    colours = ({"slipped": "#ff7b72", "done": "#79c0ff", "added": "#d2a8ff",
                "earlier": "#7ee787", "dropped": "#9e9e9e", "wins": "#ffd166"} if dark else
               {"slipped": "#b3261e", "done": "#1f5fa8", "added": "#6a3fb5",
                "earlier": "#2e7d32", "dropped": "#5b6570", "wins": "#8a6100"})
    parts: list[str] = []
    if delta.meeting_date is None:
        parts.append("<b>Since last meeting</b><br>No meeting snapshot yet: record one at "
                     "the end of this meeting to see what moves by the next.")
    else:
        if delta.several_meetings:
            parts.append("<b>Since each partnership's last meeting</b> (latest "
                         f"{day_text(delta.meeting_date)})")
        else:
            parts.append(f"<b>Since the meeting on {day_text(delta.meeting_date)}</b>")

        def block(label: str, colour: str, changes: tuple[tl_review.Change, ...],
                  show_days: bool, count: int | None = None) -> None:
            count = len(changes) if count is None else count  # a long plan lists fewer
            if not count:
                return
            lines = []
            for change in changes[:limit]:
                extra = ""
                if show_days and change.days:
                    extra = (f" <span style='color:{colour}'>({change.days:+d} "
                             f"day{'' if abs(change.days) == 1 else 's'})</span>")
                lines.append(f"&nbsp;&nbsp;{html.escape(change.title)}{extra}")
            more = count - min(len(changes), limit)
            if more > 0:
                lines.append(f"&nbsp;&nbsp;… and {more} more")
            parts.append(f"<span style='color:{colour}'><b>{label} ({count})"
                         f"</b></span><br>" + "<br>".join(lines))

        block("Slipped", colours["slipped"], delta.slipped, True)
        block("Done", colours["done"], delta.done, False)
        block("Added", colours["added"], delta.added, False, delta.added_count)
        block("Moved earlier", colours["earlier"], delta.pulled_in, True)
        block("Dropped", colours["dropped"], delta.dropped, False)
        if delta.empty:
            parts.append("Nothing moved. Steady progress is news too.")
    if wins:
        rows = [f"&nbsp;&nbsp;★ {html.escape(_short(w.title, 44))} ({w.on.day} {w.on:%b})"
                for w in wins[:3]]
        if len(wins) > 3:
            rows.append(f"&nbsp;&nbsp;… and {len(wins) - 3} more")
        parts.append(f"<span style='color:{colours['wins']}'><b>Small wins to celebrate"
                     "</b></span><br>" + "<br>".join(rows))
    return "<br><br>".join(parts)


READING_SINCE = "<b>Since last meeting</b><br>Reading what changed…"
SLIP_TITLE = "Slip chart: forecast at each meeting (rising = slipping)"

# Type sizes (points) for a 1280x800 screen; they grow and shrink with the window so that
# a projector at 1024x768 or 1920x1080 shows the same picture, only sharper.
BASE_SIZE = (1280, 800)
SIZES = {"header": 15, "title": 34, "status": 24, "details": 19, "since": 16,
         "slip_title": 14, "hint": 12, "chart": 12, "key": 11}


class MeetingModeWidget(QWidget):
    """One milestone at a time, with what changed since the last meeting."""

    closeRequested = Signal()
    currentChanged = Signal(int)  # milestone id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingMode")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"#meetingMode {{ background: {BACKGROUND}; }} "
                           f"QLabel {{ color: {TEXT}; background: transparent; }}")
        self.items: Sequence[tl.TimelineItem] = []
        self.titles: Mapping[int, str] = {}  # partnership titles
        self.index = 0
        self.slip_reading = False  # the slip chart's lines are still being read
        self.since_reading = False  # and what changed since the last meeting
        self.wins: list[Win] = []
        self.today = dt.date.today()
        self.notes: dict[int, str] = {}
        self.scale = 1.0  # the type size in use, relative to SIZES

        self.header = QLabel()
        self.header.setFont(self._font(15))
        self.header.setStyleSheet(f"color: {DIM};")
        self.counter = QLabel()
        self.counter.setFont(self._font(15))
        self.counter.setStyleSheet(f"color: {DIM};")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.header.setTextFormat(Qt.TextFormat.PlainText)  # titles show as typed
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setFont(self._font(34, bold=True))
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.status.setFont(self._font(24, bold=True))
        self.details = QLabel()
        self.details.setFont(self._font(19))
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.since = QLabel()
        self.since.setFont(self._font(16))
        self.since.setWordWrap(True)
        self.since.setTextFormat(Qt.TextFormat.RichText)
        self.since.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.since.setStyleSheet("border-left: 3px solid #394049; padding-left: 16px;")
        self.slip = SlipChart(dark=True)
        self.slip.setMinimumHeight(200)
        self.slip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slip.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.hint = hint = QLabel("← → step through milestones   ·   Esc leaves meeting mode")
        hint.setFont(self._font(12))
        hint.setStyleSheet(f"color: {DIM};")

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.counter)
        self.card = QWidget()
        self.card_layout = card = QVBoxLayout(self.card)
        card.setContentsMargins(0, 0, 0, 0)
        card.addWidget(self.title)
        card.addWidget(self.status)
        card.addWidget(self.details, 1)
        middle = QHBoxLayout()
        # The card's type shrinks to fit the screen (see _fit); a scroll area is the last
        # resort, so that nothing is ever cut off on a small projector.
        self.card_scroll = self._scroll(self.card)
        middle.addWidget(self.card_scroll, 3)
        self.since_scroll = self._scroll(self.since)  # a long list scrolls instead
        middle.addWidget(self.since_scroll, 2)
        self.outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 20)
        outer.addLayout(top)
        outer.addLayout(middle, 3)
        self.slip_title = QLabel(SLIP_TITLE)
        self.slip_title.setTextFormat(Qt.TextFormat.PlainText)
        self.slip_title.setWordWrap(True)  # a long title wraps; it must not widen the window
        self.slip_title.setFont(self._font(14, bold=True))
        outer.addWidget(self.slip_title)
        outer.addWidget(self.slip, 2)
        outer.addWidget(hint)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self._fit)

    @staticmethod
    def _scroll(inner: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidget(inner)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; } "
            "QScrollBar:vertical { background: #101418; width: 8px; border: none; } "
            "QScrollBar::handle:vertical { background: #394049; border-radius: 4px; } "
            "QScrollBar::add-line, QScrollBar::sub-line { height: 0; }")
        return area

    @staticmethod
    def _font(size: float, *, bold: bool = False) -> QFont:
        font = QFont()
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    # -------------------------------------------------------------------- fitting

    def _apply_scale(self, scale: float, card_scale: float, since_scale: float) -> None:
        self.scale = card_scale
        for label, key, bold in ((self.header, "header", False), (self.counter, "header", False),
                                 (self.hint, "hint", False),
                                 (self.slip_title, "slip_title", True)):
            label.setFont(self._font(SIZES[key] * scale, bold=bold))
        for label, key, bold in ((self.title, "title", True), (self.status, "status", True),
                                 (self.details, "details", False)):
            label.setFont(self._font(SIZES[key] * card_scale, bold=bold))
        self.since.setFont(self._font(SIZES["since"] * since_scale))
        self._scale_chart(scale)

    def _scale_chart(self, scale: float) -> None:
        """The slip chart's dates, axis titles and key grow with the screen as the rest of
        the picture does (they were 12 pt and 10 pt on every screen: small on a projector
        at 1920×1080 beside 45-point titles)."""
        plot = self.slip.getPlotItem()
        ticks = self._font(SIZES["chart"] * scale)
        if plot.getAxis("left").style.get("tickFont") == ticks:
            return
        for name in ("bottom", "left"):
            axis = plot.getAxis(name)
            axis.setTickFont(ticks)
            axis.setLabel(axis.labelText, **{**axis.labelStyle,
                                             "font-size": f"{SIZES['chart'] * scale:.1f}pt"})
            if name == "left":  # room for "Sep 2026" and the axis title beside it
                metrics = QFontMetrics(ticks)
                axis.setWidth(metrics.horizontalAdvance("Sep 2026") + metrics.height() + 22)
        key = self.slip.key
        key.setLabelTextSize(f"{SIZES['key'] * scale:.1f}pt")
        for _sample, label in key.items:
            label.setText(label.text)  # drawn again at the new size

    def card_fits(self) -> bool:
        """Whether the milestone's card shows whole, without scrolling."""
        width = self.card_scroll.width() - 10  # room for the scroll bar, should it appear
        return self.card_layout.totalHeightForWidth(width) <= self.card_scroll.height()

    def since_fits(self) -> bool:
        """Whether "since the last meeting" shows whole, without scrolling."""
        width = self.since_scroll.width() - 10
        return self.since.heightForWidth(width) <= self.since_scroll.height()

    def scale_for_window(self) -> float:
        """The type's scale for this window, against the 1280×800 it was set for."""
        if self.width() <= 0 or self.height() <= 0:
            return 1.0
        return max(0.6, min(1.8, self.width() / BASE_SIZE[0], self.height() / BASE_SIZE[1]))

    def _fit(self) -> None:
        """Type as large as the screen allows: scaled to the window, then smaller until the
        milestone's card and the list of changes fit (down to 60 %; beyond, they scroll)."""
        if self.width() <= 0 or self.height() <= 0:
            return
        scale = self.scale_for_window()
        card_scale = since_scale = scale
        while True:
            self._apply_scale(scale, card_scale, since_scale)
            self.outer.activate()
            card, since = self.card_fits(), self.since_fits()
            if card and since:
                break
            if not card and card_scale > scale * 0.6:
                card_scale *= 0.92
            elif not since and since_scale > scale * 0.6:
                since_scale *= 0.92
            else:
                break

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_timer.start(0)  # once the layout has settled

    # -------------------------------------------------------------------- data

    def set_data(self, data: TimelineData, *, scope: str, wins: list[Win],
                 today: dt.date | None = None, order: list[int] | None = None) -> None:
        """Every milestone ``data`` holds but the dropped, in ``order`` (ids)."""
        today = today or dt.date.today()
        by_id = {item.id: item for item in data.items}
        ids = order if order is not None else [item.id for item in data.items]
        items = [by_id[i] for i in ids if i in by_id and by_id[i].status != "dropped"]
        self.set_steps(items, titles=data.group_titles, scope=scope, wins=wins, today=today,
                       since=tl_review.since_last_meeting(data.snapshots, data.items),
                       slip_lines=tl_review.slip_lines(data.snapshots, data.items,
                                                       today=today))

    def set_steps(self, items: Sequence[tl.TimelineItem], *, titles: Mapping[int, str],
                  scope: str, wins: list[Win], today: dt.date,
                  since: tl_review.SinceLastMeeting | None,
                  slip_lines: list[tl_review.SlipLine] | None) -> None:
        """The milestones to step through (a long scope's are read as they are reached:
        ``meeting_steps.MeetingSteps``), what changed since the last meeting and the slip
        chart's lines (None: still being read; ``set_since`` and ``set_slip_lines`` bring
        them)."""
        self.today = today
        current = self.current_id()
        self.items = items
        self.titles = titles
        self.index = 0
        if current is not None:
            self.index = self._index_of(current, self.index)
        self.header.setText(f"Meeting mode · {scope} · {day_text(self.today)}")
        self.notes = {w.milestone_id: w.note for w in wins}
        self.wins = wins
        self.since_reading = since is None
        self.since.setText(READING_SINCE if since is None else since_html(since, wins))
        self.slip_lines = slip_lines or []
        self.slip_reading = slip_lines is None
        self._show()

    def set_since(self, since: tl_review.SinceLastMeeting) -> None:
        """What changed since the last meeting, read after the rest (a long scope's)."""
        self.since_reading = False
        self.since.setText(since_html(since, self.wins))
        if self.isVisible():
            self._fit()

    def set_slip_lines(self, lines: list[tl_review.SlipLine]) -> None:
        """The slip chart's lines, read after the rest (a long scope's, in the background)."""
        self.slip_lines = lines
        self.slip_reading = False
        if self.items:
            self._show()

    def _index_of(self, milestone_id: int, otherwise: int) -> int:
        find = getattr(self.items, "index_of", None)
        if find is not None:  # a long scope's: asked of its group, not stepped through
            found = find(milestone_id)
            return otherwise if found is None else int(found)
        for k, item in enumerate(self.items):
            if item.id == milestone_id:
                return k
        return otherwise

    def go_to(self, milestone_id: int) -> None:
        """Show this milestone (the one chosen in the chart), if the meeting shows it."""
        if self.items:
            self.step(self._index_of(milestone_id, self.index) - self.index)

    # -------------------------------------------------------------------- stepping

    def current_id(self) -> int | None:
        if not self.items:
            return None
        return self.items[min(self.index, len(self.items) - 1)].id

    def step(self, by: int) -> None:
        if not self.items:
            return
        self.index = max(0, min(len(self.items) - 1, self.index + by))
        self._show()

    def _show(self) -> None:
        if not self.items:
            self.title.setText("No milestones yet")
            self.status.setText("")
            self.details.setText("Add a few small, dated steps in the Timeline first.")
            self.counter.setText("")
            self.slip.set_lines([])
            return
        item = self.items[self.index]
        self.counter.setText(f"{self.index + 1} of {len(self.items)}")
        self.title.setText(item.title + ("  ★" if item.small_win else ""))
        colour, word = STATUS_TEXT.get(item.status, ("#ffffff", item.status))
        self.status.setText(word)
        self.status.setStyleSheet(f"color: {colour};")
        partnership = self.titles.get(item.group_id, "")
        rows = [f"<span style='color:{DIM}'>Partnership</span>&nbsp; {html.escape(partnership)}"]
        end = item.end
        if item.status == "done":
            rows.append(f"<span style='color:{DIM}'>Done on</span>&nbsp; {_date(item.actual)}")
        else:
            rows.append(f"<span style='color:{DIM}'>Forecast</span>&nbsp; {_date(end)}")
            if end is not None:
                days = (end - self.today).days
                when = (f"{_days(days)} to go" if days > 0 else "due today" if days == 0
                        else f"{_days(-days)} overdue")
                rows[-1] += f" &nbsp;<span style='color:{DIM}'>({when})</span>"
        if item.baseline is not None:
            slip = (end - item.baseline).days if end else 0
            note = "" if slip == 0 else (f" &nbsp;<span style='color:#ff7b72'>"
                                         f"{_days(slip)} later</span>" if slip > 0 else
                                         f" &nbsp;<span style='color:#7ee787'>"
                                         f"{_days(-slip)} earlier</span>")
            rows.append(f"<span style='color:{DIM}'>First agreed</span>&nbsp; "
                        f"{_date(item.baseline)}{note}")
        if item.definition_of_done.strip():
            rows.append(f"<span style='color:{DIM}'>Done when</span>&nbsp; "
                        f"{html.escape(_short(item.definition_of_done, 180))}")
        owners = " / ".join(o for o in (item.owner, item.owner_theirs) if o) or "no owner named"
        rows.append(f"<span style='color:{DIM}'>Owners</span>&nbsp; {html.escape(owners)}")
        note = self.notes.get(item.id, "")
        if note:
            rows.append(f"<span style='color:#ffd166'>Celebrated</span>&nbsp; "
                        f"{html.escape(_short(note, 160))}")
        if item.status not in ("done", "not_started"):
            rows.append(f"<span style='color:{DIM}'>Progress</span>&nbsp; {item.progress} %")
        self.details.setText("<br>".join(rows))
        self.slip.set_lines(self.slip_lines, highlight=item.id)
        if item.id in self.slip.curves:  # the bold line over the others, not hidden under them
            self.slip.curves[item.id].setZValue(10)
        self._scale_chart(self.scale_for_window())
        short = _short(item.title, 48)
        self.slip_title.setText(SLIP_TITLE + (
            " · reading the lines…" if self.slip_reading else
            f" · bold line: “{short}”" if item.id in self.slip.curves else
            f" · “{short}” has no line yet"))
        if self.isVisible():
            self._fit()
        self.card_scroll.verticalScrollBar().setValue(0)
        self.currentChanged.emit(item.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
            self.step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace):
            self.step(-1)
        elif key == Qt.Key.Key_Home:
            self.step(-len(self.items))
        elif key == Qt.Key.Key_End:
            self.step(len(self.items))
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.closeRequested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class MeetingWindow(QWidget):
    """A separate full-screen window holding meeting mode, for the projector.

    It is a window of its own, but Qt's child of the view that opened it: it is deleted
    with that view (another plan opened, the window closed), while Qt is whole. Without a
    parent it outlived the view and was freed by whichever garbage collection came next,
    which crashed the process now and then."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Partnership Planner — meeting mode")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mode = MeetingModeWidget(self)
        layout.addWidget(self.mode)
        self.mode.closeRequested.connect(self.close)

    def show_on(self, screen: QScreen | None, *, full_screen: bool = True) -> None:
        """Shown on ``screen`` (the screen the main window is on: the projector, when the
        window was moved there), full screen; else as a window of 1280×800 at most."""
        if screen is not None:
            if self.isFullScreen() and self.screen() is not screen:
                self.showNormal()  # a full-screen window moves screens from normal state
            self.setScreen(screen)
            area = screen.availableGeometry()
            self.move(area.topLeft())
            if not full_screen:
                self.resize(min(1280, area.width()), min(800, area.height()))
        elif not full_screen:
            self.resize(1280, 800)
        if full_screen:
            self.showFullScreen()
        else:
            self.show()
