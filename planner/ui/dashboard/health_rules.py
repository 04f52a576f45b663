"""The Health rules tab (ui layer): the thresholds the dashboard judges partnerships by.

The panel shows the numbers it is given (``load``) and says what the user changed through
signals; the view turns them into undoable commands.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain import health
from planner.services.dashboard_health import effective
from planner.ui.shell.keep_place import show_value
from planner.ui.shell.theme import colour

RULE_GROUPS = (
    ("Inertia — output falls short because nobody is sure who is accountable",
     ("slip_tolerance_days", "slip_risk_days", "slip_growth_reviews", "overdue_actions_risk",
      "protocol_weeks")),
    ("Fatigue — people start to decide it is not worth the effort",
     ("missed_in_a_row", "missed_in_a_row_risk", "attendance_recent", "attendance_baseline",
      "attendance_drop_percent", "hours_window_days", "hours_tolerance_percent",
      "hours_risk_percent", "small_win_weeks", "cadence_window_days")),
    ("Conflict neglect", ("internal_grace_days",)),
    ("Overall", ("watch_limit",)),
)


class HealthSettingsPanel(QScrollArea):
    """The thresholds of the health rules, saved with the plan; each change is undoable."""

    settingChanged = Signal(str, int)  # a threshold the user set: name, value
    defaultsWanted = Signal(dict)  # "Restore the defaults": the thresholds that differ

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        intro = QLabel(
            "The dashboard judges each partnership by these rules. The defaults suit most "
            "trusts and charities; tighten them for a fragile new partnership, loosen them "
            "for a mature one. Changes are saved with the plan and can be undone.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.note = QLabel()  # thresholds that give way to their at-risk ones
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        self.spins: dict[str, QSpinBox] = {}
        self.values: dict[str, int] = {}  # as last loaded from the plan
        defaults = health.HealthSettings()
        for title, names in RULE_GROUPS:
            group = QGroupBox(title)
            form = QFormLayout(group)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            for name in names:
                spin = QSpinBox()
                spin.setRange(0, 3650)
                spin.setMinimumWidth(90)
                spin.setAccessibleName(health.SETTING_LABELS[name])
                spin.setToolTip(f"Default: {getattr(defaults, name)}")
                spin.valueChanged.connect(lambda value, n=name: self._changed(n, value))
                form.addRow(health.SETTING_LABELS[name], spin)
                self.spins[name] = spin
            layout.addWidget(group)
        self.defaults_button = QPushButton("Restore the defaults")
        self.defaults_button.clicked.connect(self.restore_defaults)
        layout.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        body.setMaximumWidth(760)  # labels stay next to their numbers on a wide screen
        self.setWidget(body)
        self._loading = False

    def load(self, values: dict[str, int]) -> None:
        """Show the plan's thresholds (a colleague's: the number being typed stays)."""
        self.values = dict(values)
        self._loading = True
        for name, spin in self.spins.items():
            show_value(spin, values[name])
        self._loading = False
        self._say_what_applies()

    def _say_what_applies(self) -> None:
        """A watch threshold set beyond its at-risk one gives way to it: say so beside the
        number as typed (the rules use the other; nothing said, the tab looked obeyed)."""
        typed = replace(health.HealthSettings(), **self.values)
        applied = effective(typed)
        lines = [f"“{health.SETTING_LABELS[name]}” is {value}, beyond its at-risk threshold: "
                 f"the rules use {getattr(applied, name)} until it is lowered."
                 for name, value in typed.as_dict().items() if getattr(applied, name) != value]
        self.note.setText("\n".join(lines))
        self.note.setStyleSheet(f"color: {colour('alert')}")
        self.note.setVisible(bool(lines))

    def _changed(self, name: str, value: int) -> None:
        if not self._loading:
            self.settingChanged.emit(name, value)

    def restore_defaults(self) -> None:
        defaults = health.HealthSettings().as_dict()
        changed = {n: v for n, v in defaults.items() if self.values.get(n) != v}
        if changed:
            self.defaultsWanted.emit(changed)
