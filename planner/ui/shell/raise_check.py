"""The question before an internal-only conflict area goes into partner-facing text (ui).

An agreement is read by the partner. Linking an area the partner has never heard about
into one of its clauses tells them about it in the least careful way, so the program asks
first — before any edit is pushed — whether the area has been raised, and offers to record
that it has. Both the Conflicts view ("Link to a clause") and the Agreements view (ticking an
area in a clause) ask the same question.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.services.conflicts import InternalArea

RECORD = "record"  # raised: record it, then link
LINK_ONLY = "link"  # link without recording (the user will raise it another way)
CANCEL = "cancel"

RAISED_NOTE = "Raised with the partner (recorded when it was linked to agreement text)"


def question(areas: Sequence[InternalArea]) -> str:
    def name(a: InternalArea) -> str:
        return "a confidential area" if a.confidential else f"“{a.title}”"

    if len(areas) == 1:
        a = areas[0]
        head = (f"The conflict area {name(a)} is still marked internal only "
                f"({a.days} day{'s' if a.days != 1 else ''} since it was identified).")
    else:
        head = (f"{len(areas)} of these conflict areas are still marked internal only: "
                + ", ".join(name(a) for a in areas) + ".")
    return (f"{head}\n\nThe agreement is read by the partner. Has it been raised with them? "
            "If so, the register can record that now.")


def ask(parent: QWidget | None, areas: Sequence[InternalArea]) -> str:
    """RECORD, LINK_ONLY or CANCEL (tests replace this function)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Raised with the partner?")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(question(areas))
    record = box.addButton("Yes — record it as raised", QMessageBox.ButtonRole.AcceptRole)
    link = box.addButton("Link without recording", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(record)
    box.exec()
    clicked = box.clickedButton()
    return RECORD if clicked is record else LINK_ONLY if clicked is link else CANCEL
