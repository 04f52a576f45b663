"""The Scores tab of the screening editor (ui layer): a level per criterion, picked by its
anchored description, with the evidence it rests on. The levels the conflict register
suggests are shown beside the chosen one.

The tab pushes nothing: a changed score is emitted as ``score_changed``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.services import screening as svc
from planner.ui.screening.common import GREY, clear_grid, set_text
from planner.ui.shell.wheel_guard import steady_wheels


class ScoresTab(QScrollArea):
    """One level box, its description and an evidence note per criterion."""

    # opportunity id, criterion id, old (level, evidence), new (level, evidence), criterion name
    score_changed = Signal(int, int, object, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opp: svc.OpportunityRow | None = None
        self.loading = False
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        intro = QLabel("Pick the level whose description fits the evidence, and note the "
                       "evidence: confidence counts the criteria scored with evidence.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(self.page)
        self.rows: dict[int, tuple[QComboBox, QLineEdit]] = {}
        self.anchor_labels: dict[int, QLabel] = {}
        self.register_criteria: set[int] = set()
        self._key: tuple[Any, ...] = ()

    def build(self, data: svc.ScreeningData) -> None:
        """One row per criterion; rebuilt only when the criteria themselves change."""
        key = tuple((c.id, c.name, c.direction, c.levels) for c in data.criteria)
        if key == self._key:
            return
        self._key = key
        clear_grid(self.grid)
        for row in range(self.grid.rowCount()):
            self.grid.setRowMinimumHeight(row, 0)  # fewer criteria: no gaps left over
        self.rows = {}
        self.anchor_labels = {}
        self.register_criteria = {c.id for c in data.criteria if c.source == "conflict_register"}
        for row, c in enumerate(data.criteria):
            name = QLabel(c.name + (" <i>(counts against)</i>" if c.direction == "cost" else ""))
            name.setToolTip(c.description)
            name.setWordWrap(True)
            level = QComboBox()
            level.addItem("— not scored", None)
            for i, anchor in enumerate(c.levels, start=1):
                level.addItem(f"{i} – {anchor}" if anchor else str(i), i)
                level.setItemData(i, anchor, Qt.ItemDataRole.ToolTipRole)
            level.setAccessibleName(f"{c.name}: level")
            level.setMinimumContentsLength(18)
            level.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            evidence = QLineEdit()
            evidence.setPlaceholderText(f"Evidence for {c.name.lower()}: what you saw or "
                                        "were told")
            evidence.setAccessibleName(f"{c.name}: evidence")
            anchor_label = QLabel()
            anchor_label.setWordWrap(True)
            anchor_label.setStyleSheet(f"color: {GREY};")
            # Level, its description, then the evidence note at full width below: side by
            # side, the note was a sliver on a laptop-width pane.
            self.grid.addWidget(name, 4 * row, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(level, 4 * row, 1)
            self.grid.addWidget(anchor_label, 4 * row + 1, 1)
            self.grid.addWidget(evidence, 4 * row + 2, 1)
            self.grid.setRowMinimumHeight(4 * row + 3, 10)  # air between criteria
            self.rows[c.id] = (level, evidence)
            self.anchor_labels[c.id] = anchor_label
            level.currentIndexChanged.connect(lambda _i, cr=c: self._edited(cr))
            evidence.textEdited.connect(lambda _t, cr=c: self._edited(cr))
        steady_wheels(self)  # the new level boxes: scrolling the list changes no score

    def _edited(self, criterion: svc.CriterionRow) -> None:
        if self.loading or self.opp is None:
            return
        level, evidence = self.rows[criterion.id]
        current = self.opp.scores.get(criterion.id, svc.ScoreRow(criterion.id))
        old = (current.level, current.evidence)
        new = (level.currentData(), evidence.text())
        if new != old:
            self.score_changed.emit(self.opp.id, criterion.id, old, new, criterion.name)

    def load(self, data: svc.ScreeningData, o: svc.OpportunityRow | None) -> None:
        self.opp = o
        if o is None:
            return
        self.loading = True
        try:
            self._load(data, o)
        finally:
            self.loading = False

    def _load(self, data: svc.ScreeningData, o: svc.OpportunityRow) -> None:
        fed = data.register_levels.get(o.id)
        for criterion_id, (level, evidence) in self.rows.items():
            s = o.scores.get(criterion_id, svc.ScoreRow(criterion_id))
            level.setCurrentIndex(max(level.findData(s.level), 0) if s.level else 0)
            set_text(evidence, s.evidence)
            anchor = level.itemData(level.currentIndex(), Qt.ItemDataRole.ToolTipRole) or ""
            if criterion_id in self.register_criteria:
                if fed is None:
                    anchor = (anchor + " " if anchor else "") + \
                        "(No conflict areas recorded yet; the register will feed this level.)"
                elif s.level is None:
                    anchor = f"Level {fed} from the conflict register (choose a level to " \
                             "override it)."
                elif s.level != fed:
                    anchor = f"{anchor} (The conflict register suggests level {fed}.)"
            self.anchor_labels[criterion_id].setText(anchor)
