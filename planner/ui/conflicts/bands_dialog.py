"""The conflict bands dialog (ui layer): which scores count as low, medium, high, critical.

A Designer form (forms/conflict_bands.ui); OK only while the three limits rise, with a
preview of the four bands as the user turns the boxes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from planner.domain import conflicts as rules
from planner.ui.forms.ui_conflict_bands import Ui_ConflictBandsDialog
from planner.ui.shell.wheel_guard import steady_wheels


class ConflictBandsDialog(QDialog):
    """Choose the organisation's bands; OK only while the three limits rise."""

    def __init__(self, limits: tuple[int, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ConflictBandsDialog()
        self.ui.setupUi(self)
        self.spins = (self.ui.lowSpin, self.ui.mediumSpin, self.ui.highSpin)
        self.set_limits(limits)
        for spin in self.spins:
            spin.valueChanged.connect(self._preview)
        self.ui.defaultsButton.clicked.connect(
            lambda: self.set_limits(rules.DEFAULT_BAND_LIMITS))
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)
        self._preview()
        steady_wheels(self)  # a passing wheel scrolls, it changes no date or choice here

    def set_limits(self, limits: tuple[int, ...]) -> None:
        for spin, value in zip(self.spins, limits, strict=False):
            spin.setValue(value)

    def limits(self) -> tuple[int, ...]:
        return tuple(spin.value() for spin in self.spins)

    def _preview(self) -> None:
        ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            low, medium, high = rules.check_band_limits(self.limits())
        except ValueError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.previewLabel.clear()
            ok.setEnabled(False)
            return
        self.ui.errorLabel.clear()
        ok.setEnabled(True)
        self.ui.previewLabel.setText(
            f"Low 1–{low} · Medium {low + 1}–{medium} · High {medium + 1}–{high} · "
            f"Critical {high + 1}–25")
