# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'agreement_sign.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QGridLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

from planner.ui.agreements.signature_pad import SignaturePad

class Ui_AgreementSignForm(object):
    def setupUi(self, AgreementSignForm):
        if not AgreementSignForm.objectName():
            AgreementSignForm.setObjectName(u"AgreementSignForm")
        self.outerLayout = QVBoxLayout(AgreementSignForm)
        self.outerLayout.setObjectName(u"outerLayout")
        self.outerLayout.setContentsMargins(0, -1, 0, -1)
        self.headingLabel = QLabel(AgreementSignForm)
        self.headingLabel.setObjectName(u"headingLabel")
        self.headingLabel.setTextFormat(Qt.TextFormat.RichText)
        self.headingLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.headingLabel)

        self.signatoriesList = QListWidget(AgreementSignForm)
        self.signatoriesList.setObjectName(u"signatoriesList")

        self.outerLayout.addWidget(self.signatoriesList)

        self.signatoryGrid = QGridLayout()
        self.signatoryGrid.setObjectName(u"signatoryGrid")
        self.nameLabel = QLabel(AgreementSignForm)
        self.nameLabel.setObjectName(u"nameLabel")

        self.signatoryGrid.addWidget(self.nameLabel, 0, 0, 1, 1)

        self.nameEdit = QLineEdit(AgreementSignForm)
        self.nameEdit.setObjectName(u"nameEdit")

        self.signatoryGrid.addWidget(self.nameEdit, 0, 1, 1, 1)

        self.roleLabel = QLabel(AgreementSignForm)
        self.roleLabel.setObjectName(u"roleLabel")

        self.signatoryGrid.addWidget(self.roleLabel, 0, 2, 1, 1)

        self.roleEdit = QLineEdit(AgreementSignForm)
        self.roleEdit.setObjectName(u"roleEdit")

        self.signatoryGrid.addWidget(self.roleEdit, 0, 3, 1, 1)

        self.organisationLabel = QLabel(AgreementSignForm)
        self.organisationLabel.setObjectName(u"organisationLabel")

        self.signatoryGrid.addWidget(self.organisationLabel, 1, 0, 1, 1)

        self.organisationEdit = QLineEdit(AgreementSignForm)
        self.organisationEdit.setObjectName(u"organisationEdit")

        self.signatoryGrid.addWidget(self.organisationEdit, 1, 1, 1, 1)

        self.addSignatoryButton = QPushButton(AgreementSignForm)
        self.addSignatoryButton.setObjectName(u"addSignatoryButton")

        self.signatoryGrid.addWidget(self.addSignatoryButton, 1, 2, 1, 1)

        self.removeSignatoryButton = QPushButton(AgreementSignForm)
        self.removeSignatoryButton.setObjectName(u"removeSignatoryButton")

        self.signatoryGrid.addWidget(self.removeSignatoryButton, 1, 3, 1, 1)

        self.updateSignatoryButton = QPushButton(AgreementSignForm)
        self.updateSignatoryButton.setObjectName(u"updateSignatoryButton")

        self.signatoryGrid.addWidget(self.updateSignatoryButton, 2, 3, 1, 1)


        self.outerLayout.addLayout(self.signatoryGrid)

        self.signGroup = QGroupBox(AgreementSignForm)
        self.signGroup.setObjectName(u"signGroup")
        self.signLayout = QVBoxLayout(self.signGroup)
        self.signLayout.setObjectName(u"signLayout")
        self.typedRow = QHBoxLayout()
        self.typedRow.setObjectName(u"typedRow")
        self.typedLabel = QLabel(self.signGroup)
        self.typedLabel.setObjectName(u"typedLabel")

        self.typedRow.addWidget(self.typedLabel)

        self.typedNameEdit = QLineEdit(self.signGroup)
        self.typedNameEdit.setObjectName(u"typedNameEdit")

        self.typedRow.addWidget(self.typedNameEdit)


        self.signLayout.addLayout(self.typedRow)

        self.pad = SignaturePad(self.signGroup)
        self.pad.setObjectName(u"pad")

        self.signLayout.addWidget(self.pad)

        self.padButtons = QHBoxLayout()
        self.padButtons.setObjectName(u"padButtons")
        self.clearPadButton = QPushButton(self.signGroup)
        self.clearPadButton.setObjectName(u"clearPadButton")

        self.padButtons.addWidget(self.clearPadButton)

        self.padSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.padButtons.addItem(self.padSpacer)

        self.signButton = QPushButton(self.signGroup)
        self.signButton.setObjectName(u"signButton")

        self.padButtons.addWidget(self.signButton)


        self.signLayout.addLayout(self.padButtons)


        self.outerLayout.addWidget(self.signGroup)

        self.digitalGroup = QGroupBox(AgreementSignForm)
        self.digitalGroup.setObjectName(u"digitalGroup")
        self.digitalGrid = QGridLayout(self.digitalGroup)
        self.digitalGrid.setObjectName(u"digitalGrid")
        self.identityLabel = QLabel(self.digitalGroup)
        self.identityLabel.setObjectName(u"identityLabel")

        self.digitalGrid.addWidget(self.identityLabel, 0, 0, 1, 1)

        self.identityCombo = QComboBox(self.digitalGroup)
        self.identityCombo.setObjectName(u"identityCombo")

        self.digitalGrid.addWidget(self.identityCombo, 0, 1, 1, 1)

        self.newIdentityButton = QPushButton(self.digitalGroup)
        self.newIdentityButton.setObjectName(u"newIdentityButton")

        self.digitalGrid.addWidget(self.newIdentityButton, 0, 2, 1, 1)

        self.importIdentityButton = QPushButton(self.digitalGroup)
        self.importIdentityButton.setObjectName(u"importIdentityButton")

        self.digitalGrid.addWidget(self.importIdentityButton, 0, 3, 1, 1)

        self.passphraseLabel = QLabel(self.digitalGroup)
        self.passphraseLabel.setObjectName(u"passphraseLabel")

        self.digitalGrid.addWidget(self.passphraseLabel, 1, 0, 1, 1)

        self.passphraseEdit = QLineEdit(self.digitalGroup)
        self.passphraseEdit.setObjectName(u"passphraseEdit")
        self.passphraseEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.digitalGrid.addWidget(self.passphraseEdit, 1, 1, 1, 1)

        self.digitalButton = QPushButton(self.digitalGroup)
        self.digitalButton.setObjectName(u"digitalButton")

        self.digitalGrid.addWidget(self.digitalButton, 1, 2, 1, 1)

        self.countersignButton = QPushButton(self.digitalGroup)
        self.countersignButton.setObjectName(u"countersignButton")

        self.digitalGrid.addWidget(self.countersignButton, 1, 3, 1, 1)

        self.identityInfoLabel = QLabel(self.digitalGroup)
        self.identityInfoLabel.setObjectName(u"identityInfoLabel")
        self.identityInfoLabel.setTextFormat(Qt.TextFormat.RichText)
        self.identityInfoLabel.setWordWrap(True)
        self.identityInfoLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.digitalGrid.addWidget(self.identityInfoLabel, 2, 0, 1, 4)


        self.outerLayout.addWidget(self.digitalGroup)

        self.messageLabel = QLabel(AgreementSignForm)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.TextFormat.RichText)
        self.messageLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.messageLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpacer)


        self.retranslateUi(AgreementSignForm)

        QMetaObject.connectSlotsByName(AgreementSignForm)
    # setupUi

    def retranslateUi(self, AgreementSignForm):
        self.headingLabel.setText(QCoreApplication.translate("AgreementSignForm", u"<b>Signatories</b>", None))
        self.nameLabel.setText(QCoreApplication.translate("AgreementSignForm", u"&Name", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("AgreementSignForm", u"Full name", None))
        self.roleLabel.setText(QCoreApplication.translate("AgreementSignForm", u"&Role", None))
        self.roleEdit.setPlaceholderText(QCoreApplication.translate("AgreementSignForm", u"e.g. Chief executive", None))
        self.organisationLabel.setText(QCoreApplication.translate("AgreementSignForm", u"&Organisation", None))
        self.addSignatoryButton.setText(QCoreApplication.translate("AgreementSignForm", u"Add signatory", None))
        self.removeSignatoryButton.setText(QCoreApplication.translate("AgreementSignForm", u"Remove selected", None))
        self.updateSignatoryButton.setText(QCoreApplication.translate("AgreementSignForm", u"Save changes to selected", None))
        self.signGroup.setTitle(QCoreApplication.translate("AgreementSignForm", u"Sign for the selected signatory", None))
        self.typedLabel.setText(QCoreApplication.translate("AgreementSignForm", u"T&yped name", None))
        self.typedNameEdit.setPlaceholderText(QCoreApplication.translate("AgreementSignForm", u"Type your name as you sign", None))
        self.clearPadButton.setText(QCoreApplication.translate("AgreementSignForm", u"Clear", None))
        self.signButton.setText(QCoreApplication.translate("AgreementSignForm", u"Sign", None))
        self.digitalGroup.setTitle(QCoreApplication.translate("AgreementSignForm", u"Digital signature (optional)", None))
        self.identityLabel.setText(QCoreApplication.translate("AgreementSignForm", u"&Identity", None))
        self.newIdentityButton.setText(QCoreApplication.translate("AgreementSignForm", u"New identity\u2026", None))
        self.importIdentityButton.setText(QCoreApplication.translate("AgreementSignForm", u"Import .p12\u2026", None))
        self.passphraseLabel.setText(QCoreApplication.translate("AgreementSignForm", u"&Passphrase", None))
        self.digitalButton.setText(QCoreApplication.translate("AgreementSignForm", u"Sign PDF digitally\u2026", None))
        self.countersignButton.setText(QCoreApplication.translate("AgreementSignForm", u"Countersign a PDF\u2026", None))
        self.identityInfoLabel.setText("")
        self.messageLabel.setText("")
        self.messageLabel.setStyleSheet(QCoreApplication.translate("AgreementSignForm", u"color: #a11d1d;", None))
        pass
    # retranslateUi

