"""The Weights page of Screening (ui layer): draft weights by sliders (always totalling 100)
or by pairwise comparison (with the live consistency ratio and the judgement most at odds),
previewed in the ranking until agreed with a reason; the weight log; how far each weight can
move before the top group changes; and the criteria themselves (criteria_page.py).

The page pushes nothing: agreeing emits ``agree_requested`` and a new top group size
``top_k_changed``; the view records them as undo steps.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSlider,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain import ahp
from planner.domain.screening import rebalance, to_percentages
from planner.services import screening as svc
from planner.ui.screening.charts import WeightRangeChart
from planner.ui.screening.common import GREEN, GREY, RED, clear_grid, error_label, html
from planner.ui.screening.criteria_page import CriteriaPage
from planner.ui.shell.wheel_guard import steady_wheels


class ScaleDelegate(QStyledItemDelegate):
    """Edit a pairwise judgement with a list of Saaty scale values."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        for value in reversed(ahp.SCALE):
            combo.addItem(scale_text(value), value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.UserRole) or 1.0
        editor.setCurrentIndex(max(editor.findText(scale_text(float(value))), 0))

    def setModelData(self, editor: QWidget, model: Any,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.UserRole)


def scale_text(value: float) -> str:
    return str(round(value)) if value >= 1 else f"1/{round(1 / value)}"


class WeightsPage(QWidget):
    """Draft weights by sliders or pairwise comparison, agreed with a reason; the criteria."""

    draft_changed = Signal()
    # draft weights, reason, method ("direct" or "pairwise"), the pairwise table or None
    agree_requested = Signal(object, str, str, object)
    top_k_changed = Signal(int, int)  # old, new

    def __init__(self, data: svc.ScreeningData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.draft: dict[int, float] | None = None
        self.method = "direct"
        self.matrix: list[list[float]] = []
        self.sliders: dict[int, tuple[QSlider, QSpinBox]] = {}
        self._updating = False
        self._key: tuple[Any, ...] = ()
        self.suggestion: ahp.Judgement | None = None

        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        outer.addLayout(left, 3)
        self.method_tabs = QTabWidget()
        left.addWidget(self.method_tabs)

        slider_page = QWidget()
        slider_layout = QVBoxLayout(slider_page)
        intro = QLabel("Drag a slider: the others give way in proportion, so the total stays "
                       "100. The ranking previews the draft until you agree it.")
        intro.setWordWrap(True)
        slider_layout.addWidget(intro)
        self.slider_grid = QGridLayout()
        slider_layout.addLayout(self.slider_grid)
        self.total_label = QLabel()
        slider_layout.addWidget(self.total_label)
        slider_layout.addStretch(1)
        self.method_tabs.addTab(slider_page, "&Sliders")

        pair_page = QWidget()
        pair_layout = QVBoxLayout(pair_page)
        pair_intro = QLabel("How much more important is the row than the column? 1 = equal, "
                            "3 = moderately, 5 = strongly, 7 = very strongly, 9 = extremely "
                            "(1/3 means the column matters more). Edit the cells above the "
                            "diagonal with F2 or a double-click.")
        pair_intro.setWordWrap(True)
        pair_layout.addWidget(pair_intro)
        self.grid = QTableWidget()
        self.grid.setItemDelegate(ScaleDelegate(self.grid))
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.grid.itemChanged.connect(self._cell_changed)
        pair_layout.addWidget(self.grid)
        self.cr_label = QLabel()
        self.cr_label.setObjectName("consistencyRatio")
        self.cr_label.setWordWrap(True)
        pair_layout.addWidget(self.cr_label)
        hint_row = QHBoxLayout()
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.accept_hint = QPushButton("&Use suggestion")
        self.accept_hint.clicked.connect(self.accept_suggestion)
        hint_row.addWidget(self.hint_label, 1)
        hint_row.addWidget(self.accept_hint)
        pair_layout.addLayout(hint_row)
        self.use_pairwise = QPushButton("Preview these &weights")
        self.use_pairwise.clicked.connect(self.preview_pairwise)
        pair_layout.addWidget(self.use_pairwise)
        self.method_tabs.addTab(pair_page, "&Pairwise comparison")

        self.criteria = CriteriaPage()
        self.method_tabs.addTab(self.criteria, "&Criteria")

        agree = QGroupBox("Agree the weights")
        agree_layout = QGridLayout(agree)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Why the weights change (kept in the log)")
        self.agree_button = QPushButton("&Agree weights")
        self.revert_button = QPushButton("&Revert draft")
        self.weights_error = error_label()
        agree_layout.addWidget(QLabel("Reason"), 0, 0)
        agree_layout.addWidget(self.reason_edit, 0, 1)
        agree_layout.addWidget(self.agree_button, 0, 2)
        agree_layout.addWidget(self.revert_button, 0, 3)
        agree_layout.addWidget(self.weights_error, 1, 0, 1, 4)
        left.addWidget(agree)
        self.agree_button.clicked.connect(self.agree)
        self.revert_button.clicked.connect(self.revert)
        self.reason_edit.returnPressed.connect(self.agree)

        right = QVBoxLayout()
        outer.addLayout(right, 2)
        right.addWidget(QLabel("<h3>How robust is the top group?</h3>"))
        self.k_spin = QSpinBox()
        self.k_spin.setRange(1, 50)
        self.k_spin.setPrefix("Top group: ")
        self.k_spin.valueChanged.connect(lambda _v: self._k_changed())
        right.addWidget(self.k_spin)
        self.ranges_label = QLabel()
        self.ranges_label.setWordWrap(True)
        self.ranges_label.setTextFormat(Qt.TextFormat.RichText)
        self.range_chart = WeightRangeChart()
        right.addWidget(self.range_chart)
        right.addWidget(self.ranges_label)
        right.addWidget(QLabel("<h3>Weight log</h3>"))
        self.log = QListWidget()
        self.log.setWordWrap(True)
        right.addWidget(self.log, 1)

    # ------------------------------------------------------------------ criteria editor


    def _build(self, data: svc.ScreeningData) -> None:
        key = tuple((c.id, c.name) for c in data.criteria)
        if key == self._key:
            return
        self._key = key
        clear_grid(self.slider_grid)
        self.sliders = {}
        for row, c in enumerate(data.criteria):
            label = QLabel(c.name)
            label.setToolTip(c.description)
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setAccessibleName(f"Weight of {c.name}")
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setAccessibleName(f"Weight of {c.name}, percent")
            label.setBuddy(slider)
            self.slider_grid.addWidget(label, row, 0)
            self.slider_grid.addWidget(slider, row, 1)
            self.slider_grid.addWidget(spin, row, 2)
            self.sliders[c.id] = (slider, spin)
            slider.valueChanged.connect(lambda v, ident=c.id: self.set_slider(ident, v))
            spin.valueChanged.connect(lambda v, ident=c.id: self.set_slider(ident, v))
        self.slider_grid.setColumnStretch(1, 1)
        steady_wheels(self)  # the new sliders and boxes
        self.draft = None
        self.matrix = []

    def slider_values(self) -> dict[int, int]:
        return {ident: slider.value() for ident, (slider, _spin) in self.sliders.items()}

    def _show_sliders(self, values: dict[int, int]) -> None:
        self._updating = True
        try:
            for ident, (slider, spin) in self.sliders.items():
                slider.setValue(values.get(ident, 0))
                spin.setValue(values.get(ident, 0))
        finally:
            self._updating = False
        self.total_label.setText(f"Total: <b>{sum(values.values())}</b>")

    def set_slider(self, ident: int, value: int) -> None:
        """One slider moved: rebalance the rest so the total stays 100, preview the draft."""
        if self._updating:
            return
        ids = list(self.sliders)
        current = self.slider_values()
        values = rebalance([current[i] for i in ids], ids.index(ident), value)
        balanced = dict(zip(ids, values, strict=True))
        self._show_sliders(balanced)
        self.method = "direct"
        self.set_draft({i: float(v) for i, v in balanced.items()})

    def set_draft(self, weights: dict[int, float] | None) -> None:
        agreed = {c.id: c.weight for c in self.data.criteria}
        if weights is not None and all(abs(weights.get(i, 0) - w) < 1e-6
                                       for i, w in agreed.items()):
            weights = None
        self.draft = weights
        self.weights_error.clear()
        self.draft_changed.emit()

    def revert(self) -> None:
        self.method = "direct"
        self.load(self.data, force=True)
        self.set_draft(None)

    def agree(self) -> None:
        if self.draft is None:
            self.weights_error.setText("Nothing to agree: move a slider or compare criteria "
                                       "first.")
            return
        reason = self.reason_edit.text().strip()
        if not reason:
            self.weights_error.setText("Say why the weights change; the reason is kept in the "
                                       "log.")
            self.reason_edit.setFocus()
            return
        pairwise = self.matrix if self.method == "pairwise" else None
        self.agree_requested.emit(self.draft, reason, self.method, pairwise)

    def show_error(self, message: str) -> None:
        self.weights_error.setText(message)

    def agreed(self) -> None:
        """The draft is about to be recorded: the page shows the agreed weights next."""
        self.reason_edit.clear()
        self.draft = None

    # ------------------------------------------------------------------ pairwise

    def _default_matrix(self, data: svc.ScreeningData) -> list[list[float]]:
        """The last pairwise table when the criteria match, else one implied by the weights."""
        n = len(data.criteria)
        ids = [str(c.id) for c in data.criteria]
        for entry in data.weight_log:
            if (entry.method == "pairwise" and sorted(ids) == sorted(entry.weights)
                    and len(entry.pairwise) == n):
                # The table was saved in criteria order at the time; reuse it when unchanged.
                return [list(row) for row in entry.pairwise]
            break  # only the latest weighting counts
        weights = [max(c.weight, 0.5) for c in data.criteria]
        return [[1.0 if i == j else ahp.snap_to_scale(weights[i] / weights[j])
                 for j in range(n)] for i in range(n)]

    def _show_matrix(self) -> None:
        names = [c.name for c in self.data.criteria]
        n = len(names)
        self.grid.blockSignals(True)
        self.grid.setRowCount(n)
        self.grid.setColumnCount(n)
        self.grid.setHorizontalHeaderLabels([f"{i + 1}" for i in range(n)])
        self.grid.setVerticalHeaderLabels([f"{i + 1}. {name}" for i, name in enumerate(names)])
        for i in range(n):
            for j in range(n):
                value = self.matrix[i][j]
                item = QTableWidgetItem(scale_text(value))
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if j <= i:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setForeground(QBrush(GREY.qcolor()))
                else:
                    item.setToolTip(f"{names[i]} versus {names[j]}: "
                                    f"{ahp.describe_value(value)}")
                self.grid.setItem(i, j, item)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.blockSignals(False)
        self._update_ratio()

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        i, j = item.row(), item.column()
        value = item.data(Qt.ItemDataRole.UserRole)
        if j <= i or value is None:
            return
        self.set_judgement(i, j, float(value))

    def set_judgement(self, i: int, j: int, value: float) -> None:
        """Row i versus column j (above the diagonal); the mirror cell follows."""
        self.matrix[i][j] = value
        self.matrix[j][i] = 1.0 / value
        self._show_matrix()

    def _update_ratio(self) -> None:
        if not self.matrix:
            return
        result = ahp.analyse(self.matrix)
        cr = result.consistency_ratio
        colour = GREEN if result.acceptable else RED
        verdict = "acceptable" if result.acceptable else "too inconsistent (aim below 0.10)"
        note = " (less reliable beyond ten criteria)" if len(self.matrix) > 10 else ""
        weights = to_percentages(result.weights)
        names = [c.name for c in self.data.criteria]
        self.cr_label.setText(
            f"Consistency ratio <b style='color:{colour}'>{cr:.3f}</b>: {verdict}{note}.<br>"
            "Weights: " + ", ".join(f"{n} {w}%" for n, w in zip(names, weights, strict=True)))
        self.suggestion = ahp.most_inconsistent(self.matrix) if not result.acceptable else None
        if self.suggestion is None:
            self.hint_label.clear()
            self.accept_hint.setEnabled(False)
        else:
            s = self.suggestion
            self.hint_label.setText(
                f"Most at odds with the rest: <b>{html(names[s.row])}</b> versus "
                f"<b>{html(names[s.col])}</b>, now {scale_text(s.current)}. The other "
                f"judgements suggest {scale_text(s.suggested)}, which would bring the ratio "
                f"to {s.ratio_after:.3f}. Accept it only if it matches your view.")
            self.accept_hint.setEnabled(True)

    def accept_suggestion(self) -> None:
        if self.suggestion is not None:
            self.set_judgement(self.suggestion.row, self.suggestion.col,
                               self.suggestion.suggested)

    def preview_pairwise(self) -> None:
        result = ahp.analyse(self.matrix)
        ids = [c.id for c in self.data.criteria]
        values = dict(zip(ids, to_percentages(result.weights), strict=True))
        self._show_sliders(values)
        self.method = "pairwise"
        self.set_draft({i: round(w * 100, 4) for i, w in zip(ids, result.weights, strict=True)})

    # ------------------------------------------------------------------ sensitivity

    def _k_changed(self) -> None:
        new = self.k_spin.value()
        if new != self.data.top_k:
            self.top_k_changed.emit(self.data.top_k, new)

    def show_ranges(self, data: svc.ScreeningData) -> None:
        """How far each weight can move before the top group changes (``data`` is newest)."""
        self.data = data
        ranges = data.weight_ranges(weights=self.draft)
        k = data.top_k
        self.range_chart.set_ranges(ranges)
        if not ranges:
            self.ranges_label.setText("Give at least one criterion a weight.")
        elif all(r.high - r.low < 0.5 for r in ranges):
            self.ranges_label.setText(
                f"There is a tie at the edge of the top {k}: any change of weight decides which "
                "of the tied opportunities is in it. Score them further, or look at their "
                "evidence, before deciding.")
        else:
            self.ranges_label.setText(
                f"The top {k} stays the same while a weight moves within these ranges (the "
                "others keep their proportions):<ul>"
                + "".join(f"<li>{html(r.words)}</li>" for r in ranges) + "</ul>")

    # ------------------------------------------------------------------ loading

    def load(self, data: svc.ScreeningData, *, force: bool = False) -> None:
        self.data = data
        self._build(data)
        if self.draft is None or force:
            agreed = [c.weight for c in data.criteria]
            if any(w > 0 for w in agreed):
                self._show_sliders(dict(zip([c.id for c in data.criteria],
                                            to_percentages(agreed), strict=True)))
            else:
                self._show_sliders({c.id: 0 for c in data.criteria})
            self.matrix = self._default_matrix(data)
        elif len(self.matrix) != len(data.criteria):
            self.matrix = self._default_matrix(data)
        self._show_matrix()
        self.k_spin.blockSignals(True)
        self.k_spin.setValue(data.top_k)
        self.k_spin.blockSignals(False)
        self.criteria.load(data)
        self.log.clear()
        names = {str(c.id): c.name for c in data.criteria}
        for entry in data.weight_log[:200]:
            ratio = (f", consistency ratio {entry.consistency_ratio:.2f}"
                     if entry.consistency_ratio is not None else "")
            weights = ", ".join(f"{names.get(k, 'removed')} {v:.0f}%"
                                for k, v in entry.weights.items())
            who = f" by {entry.author}" if entry.author else ""
            self.log.addItem(f"{entry.created_at.day} {entry.created_at:%b %Y %H:%M}{who} ({entry.method}{ratio}): "
                             f"{entry.reason}\n{weights}")
        self.show_ranges(data)
