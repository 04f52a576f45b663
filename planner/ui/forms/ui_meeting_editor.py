# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'meeting_editor.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDateEdit, QDialog, QDialogButtonBox, QDoubleSpinBox,
    QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

class Ui_MeetingEditorDialog(object):
    def setupUi(self, MeetingEditorDialog):
        if not MeetingEditorDialog.objectName():
            MeetingEditorDialog.setObjectName(u"MeetingEditorDialog")
        MeetingEditorDialog.resize(640, 700)
        self.outerLayout = QVBoxLayout(MeetingEditorDialog)
        self.outerLayout.setObjectName(u"outerLayout")
        self.headingLabel = QLabel(MeetingEditorDialog)
        self.headingLabel.setObjectName(u"headingLabel")
        self.headingLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.headingLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.partnershipComboLabel = QLabel(MeetingEditorDialog)
        self.partnershipComboLabel.setObjectName(u"partnershipComboLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.partnershipComboLabel)

        self.partnershipCombo = QComboBox(MeetingEditorDialog)
        self.partnershipCombo.setObjectName(u"partnershipCombo")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.partnershipCombo)

        self.kindComboLabel = QLabel(MeetingEditorDialog)
        self.kindComboLabel.setObjectName(u"kindComboLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindComboLabel)

        self.kindCombo = QComboBox(MeetingEditorDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.dateEditLabel = QLabel(MeetingEditorDialog)
        self.dateEditLabel.setObjectName(u"dateEditLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.dateEditLabel)

        self.dateEdit = QDateEdit(MeetingEditorDialog)
        self.dateEdit.setObjectName(u"dateEdit")
        self.dateEdit.setCalendarPopup(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.dateEdit)

        self.stateComboLabel = QLabel(MeetingEditorDialog)
        self.stateComboLabel.setObjectName(u"stateComboLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.stateComboLabel)

        self.stateCombo = QComboBox(MeetingEditorDialog)
        self.stateCombo.setObjectName(u"stateCombo")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.stateCombo)

        self.attendeesEditLabel = QLabel(MeetingEditorDialog)
        self.attendeesEditLabel.setObjectName(u"attendeesEditLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.attendeesEditLabel)

        self.attendeesEdit = QPlainTextEdit(MeetingEditorDialog)
        self.attendeesEdit.setObjectName(u"attendeesEdit")
        self.attendeesEdit.setMaximumSize(QSize(16777215, 80))
        self.attendeesEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.attendeesEdit)

        self.ceoSpinLabel = QLabel(MeetingEditorDialog)
        self.ceoSpinLabel.setObjectName(u"ceoSpinLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.ceoSpinLabel)

        self.ceoSpin = QDoubleSpinBox(MeetingEditorDialog)
        self.ceoSpin.setObjectName(u"ceoSpin")
        self.ceoSpin.setDecimals(1)
        self.ceoSpin.setMaximum(24.000000000000000)
        self.ceoSpin.setSingleStep(0.500000000000000)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.ceoSpin)

        self.staffSpinLabel = QLabel(MeetingEditorDialog)
        self.staffSpinLabel.setObjectName(u"staffSpinLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.staffSpinLabel)

        self.staffSpin = QDoubleSpinBox(MeetingEditorDialog)
        self.staffSpin.setObjectName(u"staffSpin")
        self.staffSpin.setDecimals(1)
        self.staffSpin.setMaximum(1000.000000000000000)
        self.staffSpin.setSingleStep(0.500000000000000)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.staffSpin)

        self.decisionsEditLabel = QLabel(MeetingEditorDialog)
        self.decisionsEditLabel.setObjectName(u"decisionsEditLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.decisionsEditLabel)

        self.decisionsEdit = QPlainTextEdit(MeetingEditorDialog)
        self.decisionsEdit.setObjectName(u"decisionsEdit")
        self.decisionsEdit.setMaximumSize(QSize(16777215, 80))
        self.decisionsEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.decisionsEdit)

        self.notesEditLabel = QLabel(MeetingEditorDialog)
        self.notesEditLabel.setObjectName(u"notesEditLabel")

        self.formLayout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.notesEditLabel)

        self.notesEdit = QPlainTextEdit(MeetingEditorDialog)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setMaximumSize(QSize(16777215, 60))
        self.notesEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.notesEdit)

        self.confidentialCheck = QCheckBox(MeetingEditorDialog)
        self.confidentialCheck.setObjectName(u"confidentialCheck")

        self.formLayout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.confidentialCheck)


        self.outerLayout.addLayout(self.formLayout)

        self.actionsLabel = QLabel(MeetingEditorDialog)
        self.actionsLabel.setObjectName(u"actionsLabel")

        self.outerLayout.addWidget(self.actionsLabel)

        self.actionsTable = QTableWidget(MeetingEditorDialog)
        if (self.actionsTable.columnCount() < 4):
            self.actionsTable.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.actionsTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.actionsTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.actionsTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.actionsTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.actionsTable.setObjectName(u"actionsTable")
        self.actionsTable.setColumnCount(4)
        self.actionsTable.setAlternatingRowColors(True)
        self.actionsTable.horizontalHeader().setStretchLastSection(False)
        self.actionsTable.verticalHeader().setVisible(False)

        self.outerLayout.addWidget(self.actionsTable)

        self.actionButtons = QHBoxLayout()
        self.actionButtons.setObjectName(u"actionButtons")
        self.addActionButton = QPushButton(MeetingEditorDialog)
        self.addActionButton.setObjectName(u"addActionButton")

        self.actionButtons.addWidget(self.addActionButton)

        self.removeActionButton = QPushButton(MeetingEditorDialog)
        self.removeActionButton.setObjectName(u"removeActionButton")

        self.actionButtons.addWidget(self.removeActionButton)

        self.actionSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actionButtons.addItem(self.actionSpacer)


        self.outerLayout.addLayout(self.actionButtons)

        self.errorLabel = QLabel(MeetingEditorDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(u"color: #b00020;")

        self.outerLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(MeetingEditorDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.outerLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.partnershipComboLabel.setBuddy(self.partnershipCombo)
        self.kindComboLabel.setBuddy(self.kindCombo)
        self.dateEditLabel.setBuddy(self.dateEdit)
        self.stateComboLabel.setBuddy(self.stateCombo)
        self.attendeesEditLabel.setBuddy(self.attendeesEdit)
        self.ceoSpinLabel.setBuddy(self.ceoSpin)
        self.staffSpinLabel.setBuddy(self.staffSpin)
        self.decisionsEditLabel.setBuddy(self.decisionsEdit)
        self.notesEditLabel.setBuddy(self.notesEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.partnershipCombo, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.dateEdit)
        QWidget.setTabOrder(self.dateEdit, self.stateCombo)
        QWidget.setTabOrder(self.stateCombo, self.attendeesEdit)
        QWidget.setTabOrder(self.attendeesEdit, self.ceoSpin)
        QWidget.setTabOrder(self.ceoSpin, self.staffSpin)
        QWidget.setTabOrder(self.staffSpin, self.decisionsEdit)
        QWidget.setTabOrder(self.decisionsEdit, self.notesEdit)
        QWidget.setTabOrder(self.notesEdit, self.confidentialCheck)
        QWidget.setTabOrder(self.confidentialCheck, self.actionsTable)

        self.retranslateUi(MeetingEditorDialog)

        QMetaObject.connectSlotsByName(MeetingEditorDialog)
    # setupUi

    def retranslateUi(self, MeetingEditorDialog):
        MeetingEditorDialog.setWindowTitle(QCoreApplication.translate("MeetingEditorDialog", u"Meeting", None))
        self.headingLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"Meeting", None))
        self.partnershipComboLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"&Partnership", None))
        self.kindComboLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"&Type", None))
#if QT_CONFIG(tooltip)
        self.kindCombo.setToolTip(QCoreApplication.translate("MeetingEditorDialog", u"Strategic: the chief executives. Operational: the day-to-day leads. Review: a health check of the partnership itself.", None))
#endif // QT_CONFIG(tooltip)
        self.dateEditLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"&Date", None))
        self.dateEdit.setDisplayFormat(QCoreApplication.translate("MeetingEditorDialog", u"ddd d MMM yyyy", None))
        self.stateComboLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"&What happened", None))
#if QT_CONFIG(tooltip)
        self.stateCombo.setToolTip(QCoreApplication.translate("MeetingEditorDialog", u"Held, cancelled in advance, missed (did not happen without notice), or still planned.", None))
#endif // QT_CONFIG(tooltip)
        self.attendeesEditLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"&Attendees", None))
        self.attendeesEdit.setPlaceholderText(QCoreApplication.translate("MeetingEditorDialog", u"One person per line", None))
        self.ceoSpinLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"&CEO hours", None))
#if QT_CONFIG(tooltip)
        self.ceoSpin.setToolTip(QCoreApplication.translate("MeetingEditorDialog", u"The chief executive's time, including preparation and travel", None))
#endif // QT_CONFIG(tooltip)
        self.ceoSpin.setSuffix(QCoreApplication.translate("MeetingEditorDialog", u" h", None))
        self.staffSpinLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"&Staff hours", None))
#if QT_CONFIG(tooltip)
        self.staffSpin.setToolTip(QCoreApplication.translate("MeetingEditorDialog", u"Everyone else's time added together", None))
#endif // QT_CONFIG(tooltip)
        self.staffSpin.setSuffix(QCoreApplication.translate("MeetingEditorDialog", u" h", None))
        self.decisionsEditLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"D&ecisions", None))
        self.decisionsEdit.setPlaceholderText(QCoreApplication.translate("MeetingEditorDialog", u"What was decided", None))
        self.notesEditLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"&Notes", None))
        self.notesEdit.setPlaceholderText(QCoreApplication.translate("MeetingEditorDialog", u"Anything else worth remembering", None))
        self.confidentialCheck.setText(QCoreApplication.translate("MeetingEditorDialog", u"Con&fidential (named readers only)", None))
#if QT_CONFIG(tooltip)
        self.confidentialCheck.setToolTip(QCoreApplication.translate("MeetingEditorDialog", u"Only the plan's owner and the people the owner names as confidential readers see this meeting, its decisions, notes and actions. On a team database the server itself hides it from everyone else.", None))
#endif // QT_CONFIG(tooltip)
        self.actionsLabel.setText(QCoreApplication.translate("MeetingEditorDialog", u"<b>Actions</b> \u2014 who does what by when", None))
        ___qtablewidgetitem = self.actionsTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("MeetingEditorDialog", u"Action", None))
        ___qtablewidgetitem1 = self.actionsTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("MeetingEditorDialog", u"Owner", None))
        ___qtablewidgetitem2 = self.actionsTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("MeetingEditorDialog", u"Due", None))
        ___qtablewidgetitem3 = self.actionsTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("MeetingEditorDialog", u"Done", None))
        self.addActionButton.setText(QCoreApplication.translate("MeetingEditorDialog", u"Add action", None))
        self.removeActionButton.setText(QCoreApplication.translate("MeetingEditorDialog", u"Remove action", None))
    # retranslateUi

