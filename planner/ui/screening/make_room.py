"""The make-room dialog (ui layer): the choice when one strategic partnership too many is
pursued, each option with the rank, score, health and CEO hours of what it touches."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidgetItem, QWidget

from planner.domain.capacity import Choice, PursueCheck, hours_line, preferred_choice
from planner.services import screening as svc
from planner.ui.forms.ui_screening_choice import Ui_CapacityChoiceDialog
from planner.ui.screening.common import GREY, RED


class CapacityChoiceDialog(QDialog):
    """The choice when one strategic partnership too many is pursued."""

    def __init__(self, check: PursueCheck, parent: QWidget | None = None, *,
                 options: list[svc.RoomOption] | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CapacityChoiceDialog()
        self.ui.setupUi(self)
        self.check = check
        self.ui.messageLabel.setText(check.message)
        # Long titles wrap in the list instead of hiding behind a sideways scroll bar.
        self.ui.choiceList.setWordWrap(True)
        self.ui.choiceList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        by_choice = {(o.choice.kind, o.choice.target_id, o.choice.tier): o.facts
                     for o in options or []}
        for choice in check.choices:
            # Each option with the rank, score, health and CEO hours of what it touches.
            line = by_choice.get((choice.kind, choice.target_id, choice.tier), "")
            item = QListWidgetItem(f"{choice.label}\n    {line}" if line else choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice)
            item.setToolTip(hours_line(choice.hours_after, check.hours_budget))
            self.ui.choiceList.addItem(item)
        self.ui.choiceList.currentRowChanged.connect(self._show_hours)
        # The option offered first keeps the CEO within the hours when one can.
        self.ui.choiceList.setCurrentRow(preferred_choice(check))
        self._show_hours()
        self.ui.choiceList.itemDoubleClicked.connect(lambda _i: self.accept())

    def _show_hours(self, _row: int = 0) -> None:
        """The hours line follows the option chosen."""
        choice = self.chosen()
        hours = choice.hours_after if choice is not None else self.check.hours_after
        over = hours > self.check.hours_budget + 1e-9
        self.ui.hoursLabel.setText(f"<span style='color:{RED if over else GREY}'>"
                                   f"{hours_line(hours, self.check.hours_budget)}</span>")

    def chosen(self) -> Choice | None:
        item = self.ui.choiceList.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)
