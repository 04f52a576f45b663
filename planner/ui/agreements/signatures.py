"""The "Signatures" tab of the Agreements view (ui layer): who signs, and how.

The signatories (taken from the plan's people or typed), the typed name and the signature
pad, the signing identities kept in the user's data folder (a certificate protected by a
passphrase) and the fingerprint a signatory read out to be pinned. The tab shows the
signatories it is given and says what the user asked for through its signals; the view
checks and records each step.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from planner.domain import agreements as rules
from planner.services import agreements as svc
from planner.services import identities as ids
from planner.services import people as people_svc
from planner.ui.agreements.common import ID_ROLE, scrolling_page
from planner.ui.forms.ui_agreement_sign import Ui_AgreementSignForm
from planner.ui.shell.keep_place import show_value


def signatory_status(p: svc.SignatoryRow) -> str:
    if p.signature is None:
        status = "not signed"
    elif p.signature.digital:
        status = (f"signed digitally {p.signature.signed_at.day} "
                  f"{p.signature.signed_at:%b %Y} · certificate "
                  f"{rules.short_fingerprint(p.signature.cert_fingerprint)}")
    else:
        status = f"signed {p.signature.signed_at.day} {p.signature.signed_at:%b %Y}"
    if p.pinned_fingerprint:
        status += f" · pinned {rules.short_fingerprint(p.pinned_fingerprint)}"
    return status


class SignaturesPane(QWidget):
    """``page`` goes into the tab; ``ui`` is the Designer form (``ui.pad`` the pad)."""

    addRequested = Signal()  # add the name, role and organisation typed as a signatory
    updateRequested = Signal()  # save them to the selected signatory
    removeRequested = Signal()
    signRequested = Signal()  # the selected signatory signs with typed name and drawing
    newIdentityRequested = Signal()
    importIdentityRequested = Signal()
    digitalRequested = Signal()
    countersignRequested = Signal()
    pinRequested = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir  # where signing identities live
        self.signatories: tuple[svc.SignatoryRow, ...] = ()
        self.ui = sign = Ui_AgreementSignForm()
        sign.setupUi(self)
        sign.nameLabel.setBuddy(sign.nameEdit)
        sign.roleLabel.setBuddy(sign.roleEdit)
        sign.organisationLabel.setBuddy(sign.organisationEdit)
        sign.typedLabel.setBuddy(sign.typedNameEdit)
        sign.identityLabel.setBuddy(sign.identityCombo)
        sign.passphraseLabel.setBuddy(sign.passphraseEdit)
        sign.addSignatoryButton.clicked.connect(self.addRequested)
        sign.removeSignatoryButton.clicked.connect(self.removeRequested)
        sign.updateSignatoryButton.clicked.connect(self.updateRequested)
        sign.signatoriesList.currentItemChanged.connect(self._signatory_changed)
        # A long line wraps instead of hiding its end ("[not signed]") behind a scroll bar
        # at 1024×768.
        sign.signatoriesList.setWordWrap(True)
        sign.signatoriesList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        sign.signatoriesList.setResizeMode(QListView.ResizeMode.Adjust)
        # A signatory can be taken from the plan's people (or added there): the boxes fill in.
        self.person_combo = QComboBox()
        self.person_combo.setToolTip("Fill the name, role and organisation from a person of "
                                     "the plan, or add a new person")
        # Long names and roles must not widen the tab past a laptop screen.
        self.person_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.person_combo.setMinimumContentsLength(16)
        person_label = QLabel("From peop&le")
        person_label.setBuddy(self.person_combo)
        sign.signatoryGrid.addWidget(person_label, 2, 0, 1, 1)
        sign.signatoryGrid.addWidget(self.person_combo, 2, 1, 1, 2)
        sign.clearPadButton.clicked.connect(sign.pad.clear)
        sign.signButton.clicked.connect(self.signRequested)
        sign.newIdentityButton.clicked.connect(self.newIdentityRequested)
        sign.importIdentityButton.clicked.connect(self.importIdentityRequested)
        sign.digitalButton.clicked.connect(self.digitalRequested)
        sign.countersignButton.clicked.connect(self.countersignRequested)
        sign.identityCombo.currentIndexChanged.connect(self._identity_changed)
        # The fingerprint the signatory reads out to you (exchanged outside the program).
        pin_label = QLabel("Their fin&gerprint")
        self.pin_edit = QLineEdit()
        self.pin_edit.setAccessibleName("The signatory's certificate fingerprint")
        self.pin_edit.setPlaceholderText("64 hexadecimal digits, as the signatory gave it to you")
        pin_label.setBuddy(self.pin_edit)
        self.pin_button = QPushButton("Pin")
        self.pin_button.setToolTip("Trust signatures made with this certificate")
        self.pin_button.clicked.connect(self.pinRequested)
        grid = sign.digitalGrid
        pin_row = grid.rowCount()
        grid.addWidget(pin_label, pin_row, 0)
        grid.addWidget(self.pin_edit, pin_row, 1, 1, 2)
        grid.addWidget(self.pin_button, pin_row, 3)
        self.page = scrolling_page(self, sign.messageLabel)
        sign.signatoriesList.setMaximumHeight(130)

    def tell(self, html: str) -> None:
        """A message under the tab (rich text; empty clears it)."""
        self.ui.messageLabel.setText(html)

    # ------------------------------------------------------------------ state

    def set_state(self, on: bool, detail: svc.AgreementDetail | None) -> None:
        sign = self.ui
        editable = bool(on and detail is not None and detail.editable)
        for button in (sign.addSignatoryButton, sign.removeSignatoryButton,
                       sign.updateSignatoryButton):
            button.setEnabled(editable)
        if detail is not None and detail.state == rules.AgreementState.DRAFT:
            sign.headingLabel.setText(
                "<b>Signatories</b> — signing opens once the text is marked agreed.")
        else:
            sign.headingLabel.setText("<b>Signatories</b>")
        sign.signButton.setEnabled(
            bool(on and detail is not None and detail.state in rules.SIGNABLE_STATES))
        # Drawn signatures can still be made digital once everybody has signed.
        digital = bool(on and detail is not None
                       and detail.state in rules.SIGNABLE_STATES | {rules.AgreementState.SIGNED})
        for button in (sign.digitalButton, sign.countersignButton):
            button.setEnabled(digital)

    # ------------------------------------------------------------------ signatories

    def show_signatories(self, signatories: Sequence[svc.SignatoryRow]) -> None:
        self.signatories = tuple(signatories)
        lst = self.ui.signatoriesList
        current = lst.currentItem().data(ID_ROLE) if lst.currentItem() else None
        lst.clear()
        for p in self.signatories:
            item = QListWidgetItem(f"{p.name} — {p.role}, {p.organisation}   "
                                   f"[{signatory_status(p)}]")
            item.setToolTip(item.text())
            item.setData(ID_ROLE, p.id)
            lst.addItem(item)
        for i in range(lst.count()):
            if lst.item(i).data(ID_ROLE) == current:
                lst.setCurrentRow(i)
        if lst.currentRow() < 0 and lst.count():
            lst.setCurrentRow(0)

    def signatory(self) -> svc.SignatoryRow | None:
        item = self.ui.signatoriesList.currentItem()
        if item is None:
            return None
        return next((p for p in self.signatories if p.id == item.data(ID_ROLE)), None)

    def _signatory_changed(self, *_args: object) -> None:
        person = self.signatory()
        if person is None:
            return
        sign = self.ui
        # Saved by a button, so a colleague's change leaves what is being typed here alone.
        show_value(self.pin_edit, person.pinned_fingerprint)
        show_value(sign.nameEdit, person.name)
        show_value(sign.roleEdit, person.role)
        show_value(sign.organisationEdit, person.organisation)
        show_value(sign.typedNameEdit, person.signature.typed_name if person.signature
                   else person.name)
        if person.signature and person.signature.strokes:
            sign.pad.set_strokes(person.signature.strokes)
        else:
            sign.pad.clear()

    def typed(self) -> dict[str, str]:
        """The name, role and organisation typed in the boxes."""
        return {"name": self.ui.nameEdit.text(), "role": self.ui.roleEdit.text(),
                "organisation": self.ui.organisationEdit.text()}

    def clear_typed(self) -> None:
        for w in (self.ui.nameEdit, self.ui.roleEdit, self.ui.organisationEdit):
            w.clear()

    # ------------------------------------------------------------------ people

    def show_people(self, people: Sequence[people_svc.PersonRow]) -> None:
        combo = self.person_combo
        blocked = combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem("— choose to fill the boxes —", None)
            for p in people:
                combo.addItem(p.label, p.id)
        finally:
            combo.blockSignals(blocked)

    def fill_from(self, person: people_svc.PersonRow) -> None:
        self.ui.nameEdit.setText(person.name)
        self.ui.roleEdit.setText(person.role)
        self.ui.organisationEdit.setText(person.organisation)

    # ------------------------------------------------------------------ identities

    def fill_identities(self) -> None:
        combo = self.ui.identityCombo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for identity in ids.list_identities(self.data_dir):
            label = f"{identity.name} — {identity.organisation or 'no organisation'}"
            if identity.expired:
                label += " (expired)"
            combo.addItem(label, str(identity.path))
        at = combo.findData(current)
        combo.setCurrentIndex(at if at >= 0 else 0)
        combo.blockSignals(False)
        self._identity_changed()

    def identity(self) -> ids.Identity | None:
        path = self.ui.identityCombo.currentData()
        return next((i for i in ids.list_identities(self.data_dir) if str(i.path) == path),
                    None)

    def choose_identity(self, identity: ids.Identity) -> None:
        self.fill_identities()
        self.ui.identityCombo.setCurrentIndex(self.ui.identityCombo.findData(str(identity.path)))

    def _identity_changed(self, *_args: object) -> None:
        identity = self.identity()
        if identity is None:
            self.ui.identityInfoLabel.setText(
                "No signing identity yet. Create one (protected by a passphrase) or import a "
                ".p12 file.")
            return
        self.ui.identityInfoLabel.setText(
            f"Certificate fingerprint (give it to your partner): <b>{identity.fingerprint}</b>"
            f"<br>Valid until {identity.expires:%d %B %Y}.")

    def passphrase(self, given: str | None = None) -> str:
        """``given`` or what is typed in the passphrase box."""
        return given if given is not None else self.ui.passphraseEdit.text()
