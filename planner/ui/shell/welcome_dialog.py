"""The first-run welcome (ui layer): open the sample portfolio or start a new plan."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from planner import APP_NAME


class WelcomeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.choice = ""
        layout = QVBoxLayout(self)
        text = QLabel(
            f"<h2>Welcome to {APP_NAME}</h2>"
            "<p>Decide which partnerships deserve your time, name the places where partners "
            "also compete, agree the rules before you start, and pace the work in small, "
            "dated steps.</p>"
            "<p>Look around a worked example first, or start your own plan. Either way, "
            "everything stays on this computer.</p>")
        text.setWordWrap(True)
        layout.addWidget(text)
        row = QHBoxLayout()
        self.sample_button = QPushButton("Open the sample portfolio")
        self.new_button = QPushButton("Start a new plan")
        self.new_button.setDefault(True)
        row.addWidget(self.sample_button)
        row.addWidget(self.new_button)
        layout.addLayout(row)
        self.sample_button.clicked.connect(lambda: self._choose("sample"))
        self.new_button.clicked.connect(lambda: self._choose("new"))

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
