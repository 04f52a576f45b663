"""The "Verify" tab of the Agreements view (ui layer): check a signed agreement PDF.

A Designer form (forms/agreement_verify.ui): the fingerprints the partners gave us, the
button that chooses a file, and what the check found. The view runs the check.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from planner.ui.forms.ui_agreement_verify import Ui_AgreementVerifyForm


class VerifyPane(QWidget):
    verifyRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AgreementVerifyForm()
        self.ui.setupUi(self)
        self.ui.verifyButton.clicked.connect(self.verifyRequested)

    def pins(self) -> list[str]:
        """The fingerprints typed, one a line, without their "# notes"."""
        return [line.split("#")[0].strip() for line in self.ui.pinsEdit.toPlainText().splitlines()
                if line.split("#")[0].strip()]

    def offer_pins(self, known: Sequence[tuple[str, str]]) -> None:
        """Offer the fingerprints the plan knows (one per line, "# name" after), unless the
        user has typed some."""
        if self.ui.pinsEdit.toPlainText().strip():
            return
        self.ui.pinsEdit.setPlainText("\n".join(f"{fp}  # {name}" for fp, name in known))

    def show_result(self, text: str) -> None:
        self.ui.resultEdit.setPlainText(text)
