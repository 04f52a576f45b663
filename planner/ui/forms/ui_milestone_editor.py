# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'milestone_editor.ui'
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
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QLabel, QLineEdit, QPlainTextEdit, QSizePolicy,
    QSpinBox, QVBoxLayout, QWidget)

class Ui_MilestoneEditorDialog(object):
    def setupUi(self, MilestoneEditorDialog):
        if not MilestoneEditorDialog.objectName():
            MilestoneEditorDialog.setObjectName(u"MilestoneEditorDialog")
        MilestoneEditorDialog.resize(520, 640)
        self.outerLayout = QVBoxLayout(MilestoneEditorDialog)
        self.outerLayout.setObjectName(u"outerLayout")
        self.headingLabel = QLabel(MilestoneEditorDialog)
        self.headingLabel.setObjectName(u"headingLabel")
        self.headingLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.headingLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.titleEditLabel = QLabel(MilestoneEditorDialog)
        self.titleEditLabel.setObjectName(u"titleEditLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.titleEditLabel)

        self.titleEdit = QLineEdit(MilestoneEditorDialog)
        self.titleEdit.setObjectName(u"titleEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.titleEdit)

        self.doneEditLabel = QLabel(MilestoneEditorDialog)
        self.doneEditLabel.setObjectName(u"doneEditLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.doneEditLabel)

        self.doneEdit = QPlainTextEdit(MilestoneEditorDialog)
        self.doneEdit.setObjectName(u"doneEdit")
        self.doneEdit.setTabChangesFocus(True)
        self.doneEdit.setMaximumSize(QSize(16777215, 70))

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.doneEdit)

        self.parentComboLabel = QLabel(MilestoneEditorDialog)
        self.parentComboLabel.setObjectName(u"parentComboLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.parentComboLabel)

        self.parentCombo = QComboBox(MilestoneEditorDialog)
        self.parentCombo.setObjectName(u"parentCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.parentCombo)

        self.ownerOursComboLabel = QLabel(MilestoneEditorDialog)
        self.ownerOursComboLabel.setObjectName(u"ownerOursComboLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.ownerOursComboLabel)

        self.ownerOursCombo = QComboBox(MilestoneEditorDialog)
        self.ownerOursCombo.setObjectName(u"ownerOursCombo")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.ownerOursCombo)

        self.ownerTheirsComboLabel = QLabel(MilestoneEditorDialog)
        self.ownerTheirsComboLabel.setObjectName(u"ownerTheirsComboLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.ownerTheirsComboLabel)

        self.ownerTheirsCombo = QComboBox(MilestoneEditorDialog)
        self.ownerTheirsCombo.setObjectName(u"ownerTheirsCombo")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.ownerTheirsCombo)

        self.startEditLabel = QLabel(MilestoneEditorDialog)
        self.startEditLabel.setObjectName(u"startEditLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.startEditLabel)

        self.startEdit = QDateEdit(MilestoneEditorDialog)
        self.startEdit.setObjectName(u"startEdit")
        self.startEdit.setCalendarPopup(True)
        self.startEdit.setMinimumDate(QDate(1999, 12, 31))

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.startEdit)

        self.dueEditLabel = QLabel(MilestoneEditorDialog)
        self.dueEditLabel.setObjectName(u"dueEditLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.dueEditLabel)

        self.dueEdit = QDateEdit(MilestoneEditorDialog)
        self.dueEdit.setObjectName(u"dueEdit")
        self.dueEdit.setCalendarPopup(True)
        self.dueEdit.setMinimumDate(QDate(1999, 12, 31))

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.dueEdit)

        self.baselineEditLabel = QLabel(MilestoneEditorDialog)
        self.baselineEditLabel.setObjectName(u"baselineEditLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.baselineEditLabel)

        self.baselineEdit = QDateEdit(MilestoneEditorDialog)
        self.baselineEdit.setObjectName(u"baselineEdit")
        self.baselineEdit.setCalendarPopup(True)
        self.baselineEdit.setMinimumDate(QDate(1999, 12, 31))

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.baselineEdit)

        self.forecastEditLabel = QLabel(MilestoneEditorDialog)
        self.forecastEditLabel.setObjectName(u"forecastEditLabel")

        self.formLayout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.forecastEditLabel)

        self.forecastEdit = QDateEdit(MilestoneEditorDialog)
        self.forecastEdit.setObjectName(u"forecastEdit")
        self.forecastEdit.setCalendarPopup(True)
        self.forecastEdit.setMinimumDate(QDate(1999, 12, 31))

        self.formLayout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.forecastEdit)

        self.actualEditLabel = QLabel(MilestoneEditorDialog)
        self.actualEditLabel.setObjectName(u"actualEditLabel")

        self.formLayout.setWidget(9, QFormLayout.ItemRole.LabelRole, self.actualEditLabel)

        self.actualEdit = QDateEdit(MilestoneEditorDialog)
        self.actualEdit.setObjectName(u"actualEdit")
        self.actualEdit.setCalendarPopup(True)
        self.actualEdit.setMinimumDate(QDate(1999, 12, 31))

        self.formLayout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.actualEdit)

        self.statusComboLabel = QLabel(MilestoneEditorDialog)
        self.statusComboLabel.setObjectName(u"statusComboLabel")

        self.formLayout.setWidget(10, QFormLayout.ItemRole.LabelRole, self.statusComboLabel)

        self.statusCombo = QComboBox(MilestoneEditorDialog)
        self.statusCombo.setObjectName(u"statusCombo")

        self.formLayout.setWidget(10, QFormLayout.ItemRole.FieldRole, self.statusCombo)

        self.progressSpinLabel = QLabel(MilestoneEditorDialog)
        self.progressSpinLabel.setObjectName(u"progressSpinLabel")

        self.formLayout.setWidget(11, QFormLayout.ItemRole.LabelRole, self.progressSpinLabel)

        self.progressSpin = QSpinBox(MilestoneEditorDialog)
        self.progressSpin.setObjectName(u"progressSpin")
        self.progressSpin.setMaximum(100)

        self.formLayout.setWidget(11, QFormLayout.ItemRole.FieldRole, self.progressSpin)

        self.smallWinCheck = QCheckBox(MilestoneEditorDialog)
        self.smallWinCheck.setObjectName(u"smallWinCheck")

        self.formLayout.setWidget(12, QFormLayout.ItemRole.FieldRole, self.smallWinCheck)

        self.celebrationEditLabel = QLabel(MilestoneEditorDialog)
        self.celebrationEditLabel.setObjectName(u"celebrationEditLabel")

        self.formLayout.setWidget(13, QFormLayout.ItemRole.LabelRole, self.celebrationEditLabel)

        self.celebrationEdit = QLineEdit(MilestoneEditorDialog)
        self.celebrationEdit.setObjectName(u"celebrationEdit")

        self.formLayout.setWidget(13, QFormLayout.ItemRole.FieldRole, self.celebrationEdit)

        self.notesEditLabel = QLabel(MilestoneEditorDialog)
        self.notesEditLabel.setObjectName(u"notesEditLabel")

        self.formLayout.setWidget(14, QFormLayout.ItemRole.LabelRole, self.notesEditLabel)

        self.notesEdit = QPlainTextEdit(MilestoneEditorDialog)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setTabChangesFocus(True)
        self.notesEdit.setMaximumSize(QSize(16777215, 70))

        self.formLayout.setWidget(14, QFormLayout.ItemRole.FieldRole, self.notesEdit)


        self.outerLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(MilestoneEditorDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(u"color: #b00020; font-weight: bold;")

        self.outerLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(MilestoneEditorDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.outerLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.titleEditLabel.setBuddy(self.titleEdit)
        self.doneEditLabel.setBuddy(self.doneEdit)
        self.parentComboLabel.setBuddy(self.parentCombo)
        self.ownerOursComboLabel.setBuddy(self.ownerOursCombo)
        self.ownerTheirsComboLabel.setBuddy(self.ownerTheirsCombo)
        self.startEditLabel.setBuddy(self.startEdit)
        self.dueEditLabel.setBuddy(self.dueEdit)
        self.baselineEditLabel.setBuddy(self.baselineEdit)
        self.forecastEditLabel.setBuddy(self.forecastEdit)
        self.actualEditLabel.setBuddy(self.actualEdit)
        self.statusComboLabel.setBuddy(self.statusCombo)
        self.progressSpinLabel.setBuddy(self.progressSpin)
        self.celebrationEditLabel.setBuddy(self.celebrationEdit)
        self.notesEditLabel.setBuddy(self.notesEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(MilestoneEditorDialog)

        QMetaObject.connectSlotsByName(MilestoneEditorDialog)
    # setupUi

    def retranslateUi(self, MilestoneEditorDialog):
        MilestoneEditorDialog.setWindowTitle(QCoreApplication.translate("MilestoneEditorDialog", u"Milestone", None))
        self.headingLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"Milestone", None))
        self.titleEditLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"&Title", None))
        self.titleEdit.setPlaceholderText(QCoreApplication.translate("MilestoneEditorDialog", u"A small, dated step, e.g. Room refitted", None))
        self.doneEditLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"&Definition of done", None))
        self.doneEdit.setPlaceholderText(QCoreApplication.translate("MilestoneEditorDialog", u"How everyone will know it is done", None))
        self.parentComboLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"&Part of", None))
        self.ownerOursComboLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"&Our owner", None))
        self.ownerTheirsComboLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"T&heir owner", None))
        self.startEditLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"&Start", None))
        self.startEdit.setDisplayFormat(QCoreApplication.translate("MilestoneEditorDialog", u"ddd d MMM yyyy", None))
        self.startEdit.setSpecialValueText(QCoreApplication.translate("MilestoneEditorDialog", u"none", None))
        self.dueEditLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"D&ue", None))
        self.dueEdit.setDisplayFormat(QCoreApplication.translate("MilestoneEditorDialog", u"ddd d MMM yyyy", None))
        self.dueEdit.setSpecialValueText(QCoreApplication.translate("MilestoneEditorDialog", u"none", None))
        self.baselineEditLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"&Baseline (first agreed)", None))
        self.baselineEdit.setDisplayFormat(QCoreApplication.translate("MilestoneEditorDialog", u"ddd d MMM yyyy", None))
        self.baselineEdit.setSpecialValueText(QCoreApplication.translate("MilestoneEditorDialog", u"none", None))
        self.forecastEditLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"&Forecast", None))
        self.forecastEdit.setDisplayFormat(QCoreApplication.translate("MilestoneEditorDialog", u"ddd d MMM yyyy", None))
        self.forecastEdit.setSpecialValueText(QCoreApplication.translate("MilestoneEditorDialog", u"none", None))
        self.actualEditLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"Done o&n", None))
        self.actualEdit.setDisplayFormat(QCoreApplication.translate("MilestoneEditorDialog", u"ddd d MMM yyyy", None))
        self.actualEdit.setSpecialValueText(QCoreApplication.translate("MilestoneEditorDialog", u"none", None))
        self.statusComboLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"St&atus", None))
        self.progressSpinLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"Pro&gress", None))
        self.progressSpin.setSuffix(QCoreApplication.translate("MilestoneEditorDialog", u" %", None))
        self.smallWinCheck.setText(QCoreApplication.translate("MilestoneEditorDialog", u"A s&mall win worth celebrating", None))
        self.celebrationEditLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"&Celebration note", None))
        self.celebrationEdit.setPlaceholderText(QCoreApplication.translate("MilestoneEditorDialog", u"What passing it meant", None))
        self.notesEditLabel.setText(QCoreApplication.translate("MilestoneEditorDialog", u"Not&es", None))
    # retranslateUi

