"""The left pane of the Agreements view (ui layer): every agreement and its sections.

Agreements are grouped by partnership, newest version last, with their state; below, the
partnership a new agreement is made for, and the sections of the agreement selected with
the buttons to reorder, add (from the clause templates, or blank) and remove them. The pane
shows what it is given and says what the user chose through its signals.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain import agreements as rules
from planner.services import agreements as svc
from planner.ui.agreements.common import ID_ROLE


class AgreementList(QWidget):
    agreementChosen = Signal(int)  # an agreement (version) was selected in the tree
    sectionChosen = Signal(int)  # a section was selected
    newRequested = Signal()  # "New agreement" for the partnership chosen below the tree
    addRequested = Signal(str, str)  # template key ("" for blank) and title of a new section
    moveRequested = Signal(int)  # -1 up, +1 down
    removeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("<b>Agreements</b>")
        lay.addWidget(heading)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Agreement", "State"])
        self.tree.setAccessibleName("Agreements")
        # The state column always shows in full; long titles are cut short (tooltips).
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._tree_changed)
        heading.setBuddy(self.tree)
        lay.addWidget(self.tree, 2)
        row = QHBoxLayout()
        self.partnership_combo = QComboBox()
        self.partnership_combo.setAccessibleName("Partnership for a new agreement")
        self.partnership_combo.setToolTip("The partnership a new agreement is made for")
        # Filled after the view is built, so say now that long titles must not widen it.
        self.partnership_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.partnership_combo.setMinimumContentsLength(16)
        # Its title is cut at the narrow left pane's width: the tooltip gives it whole.
        self.partnership_combo.currentIndexChanged.connect(self._say_partnership)
        self.new_button = QPushButton("New agreement")
        self.new_button.setToolTip("Start a draft for the chosen partnership, pre-filled from "
                                   "the clause templates")
        self.new_button.clicked.connect(self.newRequested)
        row.addWidget(self.partnership_combo, 1)
        row.addWidget(self.new_button)
        lay.addLayout(row)
        sections_heading = QLabel("<b>Sections</b>")
        lay.addWidget(sections_heading)
        self.sections = QListWidget()
        self.sections.setAccessibleName("Sections")
        self.sections.currentItemChanged.connect(self._section_changed)
        sections_heading.setBuddy(self.sections)
        lay.addWidget(self.sections, 3)
        buttons = QHBoxLayout()
        self.up_button = QToolButton()
        self.up_button.setText("Up")
        self.up_button.setToolTip("Move the section up (Alt+Up)")
        self.up_button.setShortcut("Alt+Up")
        self.up_button.clicked.connect(lambda: self.moveRequested.emit(-1))
        self.down_button = QToolButton()
        self.down_button.setText("Down")
        self.down_button.setToolTip("Move the section down (Alt+Down)")
        self.down_button.setShortcut("Alt+Down")
        self.down_button.clicked.connect(lambda: self.moveRequested.emit(1))
        self.add_button = QToolButton()
        self.add_button.setText("Add")
        self.add_button.setToolTip("Add a section from the templates, or a blank one, after "
                                   "the selected section")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self.add_button)
        self.add_button.setMenu(self.add_menu)
        self.remove_button = QToolButton()
        self.remove_button.setText("Remove")
        self.remove_button.setToolTip("Remove the selected section (Edit › Undo brings it back)")
        self.remove_button.clicked.connect(self.removeRequested)
        for b in (self.up_button, self.down_button, self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch()
        lay.addLayout(buttons)

    # ------------------------------------------------------------------ showing

    def show_agreements(self, summaries: Sequence[svc.AgreementSummary],
                        partnerships: Sequence[tuple[int, str]]) -> None:
        """Fill the tree (by partnership) and the partnerships a new agreement is for."""
        self._filling = True
        try:
            self.tree.clear()
            groups: dict[int, QTreeWidgetItem] = {}
            for s in summaries:
                group = groups.get(s.opportunity_id)
                if group is None:
                    group = QTreeWidgetItem([s.partnership or "Partnership", ""])
                    group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    group.setToolTip(0, s.partnership)
                    self.tree.addTopLevelItem(group)
                    groups[s.opportunity_id] = group
                item = QTreeWidgetItem([f"v{s.version}  {s.title}",
                                        rules.STATE_LABELS.get(s.state, s.state)])
                item.setData(0, ID_ROLE, s.id)
                item.setToolTip(0, s.title)
                group.addChild(item)
            self.tree.expandAll()
            combo = self.partnership_combo
            current = combo.currentData()
            combo.clear()
            for ident, title in partnerships:
                combo.addItem(title, ident)
                combo.setItemData(combo.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
            at = combo.findData(current)
            if at >= 0:
                combo.setCurrentIndex(at)
            self.new_button.setEnabled(combo.count() > 0)
        finally:
            self._filling = False

    def _say_partnership(self) -> None:
        title = self.partnership_combo.currentText()
        self.partnership_combo.setToolTip("The partnership a new agreement is made for"
                                          + (f": {title}" if title else ""))

    def has_partnerships(self) -> bool:
        return self.partnership_combo.count() > 0

    def chosen_partnership(self) -> int | None:
        ident = self.partnership_combo.currentData()
        return ident if isinstance(ident, int) else None

    def select_agreement(self, agreement_id: int | None) -> None:
        """Select the agreement's item without saying so (the view already knows)."""
        self._filling = True
        try:
            for i in range(self.tree.topLevelItemCount()):
                group = self.tree.topLevelItem(i)
                if group is None:
                    continue
                for j in range(group.childCount()):
                    child = group.child(j)
                    if child is not None and child.data(0, ID_ROLE) == agreement_id:
                        self.tree.setCurrentItem(child)
                        return
        finally:
            self._filling = False

    def show_sections(self, sections: Sequence[svc.SectionRow],
                      templates: Sequence[tuple[str, str]]) -> None:
        self._filling = True
        try:
            self.add_menu.clear()
            for key, title in templates:
                action = self.add_menu.addAction(title)
                action.triggered.connect(
                    lambda _=False, k=key, t=title: self.addRequested.emit(k, t))
            self.add_menu.addSeparator()
            blank = self.add_menu.addAction("Blank section")
            blank.triggered.connect(lambda: self.addRequested.emit("", "New section"))
            self.sections.clear()
            for number, s in enumerate(sections, start=1):
                item = QListWidgetItem(f"{number}. {s.title}")
                item.setData(ID_ROLE, s.id)
                self.sections.addItem(item)
        finally:
            self._filling = False

    def select_section(self, section_id: int) -> None:
        """Select the section; says so (sectionChosen) unless the pane is being filled."""
        for i in range(self.sections.count()):
            if self.sections.item(i).data(ID_ROLE) == section_id:
                self.sections.setCurrentRow(i)
                return

    def section_row(self) -> int:
        return self.sections.currentRow()

    def set_editable(self, editable: bool) -> None:
        for b in (self.up_button, self.down_button, self.add_button, self.remove_button):
            b.setEnabled(editable)

    # ------------------------------------------------------------------ what the user did

    def _tree_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if self._filling or current is None:
            return
        ident = current.data(0, ID_ROLE)
        if isinstance(ident, int):
            self.agreementChosen.emit(ident)

    def _section_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if self._filling or current is None:
            return
        ident = current.data(ID_ROLE)
        if isinstance(ident, int):
            self.sectionChosen.emit(ident)
