# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'screening_context.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDoubleSpinBox,
    QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPlainTextEdit, QSizePolicy,
    QSpacerItem, QWidget)

class Ui_ScreeningContextForm(object):
    def setupUi(self, ScreeningContextForm):
        if not ScreeningContextForm.objectName():
            ScreeningContextForm.setObjectName(u"ScreeningContextForm")
        ScreeningContextForm.resize(520, 900)
        self.form = QFormLayout(ScreeningContextForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.titleEditLabel = QLabel(ScreeningContextForm)
        self.titleEditLabel.setObjectName(u"titleEditLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.titleEditLabel)

        self.titleEdit = QLineEdit(ScreeningContextForm)
        self.titleEdit.setObjectName(u"titleEdit")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.titleEdit)

        self.partnerComboLabel = QLabel(ScreeningContextForm)
        self.partnerComboLabel.setObjectName(u"partnerComboLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.partnerComboLabel)

        self.partnerCombo = QComboBox(ScreeningContextForm)
        self.partnerCombo.setObjectName(u"partnerCombo")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.partnerCombo)

        self.sourceEditLabel = QLabel(ScreeningContextForm)
        self.sourceEditLabel.setObjectName(u"sourceEditLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.sourceEditLabel)

        self.sourceEdit = QLineEdit(ScreeningContextForm)
        self.sourceEdit.setObjectName(u"sourceEdit")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.sourceEdit)

        self.purposeEditLabel = QLabel(ScreeningContextForm)
        self.purposeEditLabel.setObjectName(u"purposeEditLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.purposeEditLabel)

        self.purposeEdit = QPlainTextEdit(ScreeningContextForm)
        self.purposeEdit.setObjectName(u"purposeEdit")
        self.purposeEdit.setTabChangesFocus(True)

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.purposeEdit)

        self.goalsEditLabel = QLabel(ScreeningContextForm)
        self.goalsEditLabel.setObjectName(u"goalsEditLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.goalsEditLabel)

        self.goalsEdit = QPlainTextEdit(ScreeningContextForm)
        self.goalsEdit.setObjectName(u"goalsEdit")
        self.goalsEdit.setTabChangesFocus(True)

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.goalsEdit)

        self.weGiveEditLabel = QLabel(ScreeningContextForm)
        self.weGiveEditLabel.setObjectName(u"weGiveEditLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.weGiveEditLabel)

        self.weGiveEdit = QPlainTextEdit(ScreeningContextForm)
        self.weGiveEdit.setObjectName(u"weGiveEdit")
        self.weGiveEdit.setTabChangesFocus(True)

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.weGiveEdit)

        self.weGetEditLabel = QLabel(ScreeningContextForm)
        self.weGetEditLabel.setObjectName(u"weGetEditLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.weGetEditLabel)

        self.weGetEdit = QPlainTextEdit(ScreeningContextForm)
        self.weGetEdit.setObjectName(u"weGetEdit")
        self.weGetEdit.setTabChangesFocus(True)

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.weGetEdit)

        self.contextComboLabel = QLabel(ScreeningContextForm)
        self.contextComboLabel.setObjectName(u"contextComboLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.contextComboLabel)

        self.contextCombo = QComboBox(ScreeningContextForm)
        self.contextCombo.setObjectName(u"contextCombo")

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.contextCombo)

        self.routeComboLabel = QLabel(ScreeningContextForm)
        self.routeComboLabel.setObjectName(u"routeComboLabel")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.routeComboLabel)

        self.routeCombo = QComboBox(ScreeningContextForm)
        self.routeCombo.setObjectName(u"routeCombo")

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.routeCombo)

        self.trustComboLabel = QLabel(ScreeningContextForm)
        self.trustComboLabel.setObjectName(u"trustComboLabel")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.trustComboLabel)

        self.trustCombo = QComboBox(ScreeningContextForm)
        self.trustCombo.setObjectName(u"trustCombo")

        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.trustCombo)

        self.trustNoteEditLabel = QLabel(ScreeningContextForm)
        self.trustNoteEditLabel.setObjectName(u"trustNoteEditLabel")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.trustNoteEditLabel)

        self.trustNoteEdit = QLineEdit(ScreeningContextForm)
        self.trustNoteEdit.setObjectName(u"trustNoteEdit")

        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.trustNoteEdit)

        self.sponsorComboLabel = QLabel(ScreeningContextForm)
        self.sponsorComboLabel.setObjectName(u"sponsorComboLabel")

        self.form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.sponsorComboLabel)

        self.sponsorCombo = QComboBox(ScreeningContextForm)
        self.sponsorCombo.setObjectName(u"sponsorCombo")

        self.form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.sponsorCombo)

        self.leadComboLabel = QLabel(ScreeningContextForm)
        self.leadComboLabel.setObjectName(u"leadComboLabel")

        self.form.setWidget(12, QFormLayout.ItemRole.LabelRole, self.leadComboLabel)

        self.leadCombo = QComboBox(ScreeningContextForm)
        self.leadCombo.setObjectName(u"leadCombo")

        self.form.setWidget(12, QFormLayout.ItemRole.FieldRole, self.leadCombo)

        self.divisionEditLabel = QLabel(ScreeningContextForm)
        self.divisionEditLabel.setObjectName(u"divisionEditLabel")

        self.form.setWidget(13, QFormLayout.ItemRole.LabelRole, self.divisionEditLabel)

        self.divisionEdit = QLineEdit(ScreeningContextForm)
        self.divisionEdit.setObjectName(u"divisionEdit")

        self.form.setWidget(13, QFormLayout.ItemRole.FieldRole, self.divisionEdit)

        self.spannersListLabel = QLabel(ScreeningContextForm)
        self.spannersListLabel.setObjectName(u"spannersListLabel")

        self.form.setWidget(14, QFormLayout.ItemRole.LabelRole, self.spannersListLabel)

        self.spannersList = QListWidget(ScreeningContextForm)
        self.spannersList.setObjectName(u"spannersList")

        self.form.setWidget(14, QFormLayout.ItemRole.FieldRole, self.spannersList)

        self.restsLayoutLabel = QLabel(ScreeningContextForm)
        self.restsLayoutLabel.setObjectName(u"restsLayoutLabel")

        self.form.setWidget(15, QFormLayout.ItemRole.LabelRole, self.restsLayoutLabel)

        self.restsLayout = QHBoxLayout()
        self.restsLayout.setObjectName(u"restsLayout")
        self.fundingCheck = QCheckBox(ScreeningContextForm)
        self.fundingCheck.setObjectName(u"fundingCheck")

        self.restsLayout.addWidget(self.fundingCheck)

        self.endorsementCheck = QCheckBox(ScreeningContextForm)
        self.endorsementCheck.setObjectName(u"endorsementCheck")

        self.restsLayout.addWidget(self.endorsementCheck)

        self.restsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.restsLayout.addItem(self.restsSpacer)


        self.form.setLayout(15, QFormLayout.ItemRole.FieldRole, self.restsLayout)

        self.ceoHoursSpinLabel = QLabel(ScreeningContextForm)
        self.ceoHoursSpinLabel.setObjectName(u"ceoHoursSpinLabel")

        self.form.setWidget(16, QFormLayout.ItemRole.LabelRole, self.ceoHoursSpinLabel)

        self.ceoHoursSpin = QDoubleSpinBox(ScreeningContextForm)
        self.ceoHoursSpin.setObjectName(u"ceoHoursSpin")
        self.ceoHoursSpin.setMaximum(744.000000000000000)
        self.ceoHoursSpin.setDecimals(1)

        self.form.setWidget(16, QFormLayout.ItemRole.FieldRole, self.ceoHoursSpin)

        self.staffHoursSpinLabel = QLabel(ScreeningContextForm)
        self.staffHoursSpinLabel.setObjectName(u"staffHoursSpinLabel")

        self.form.setWidget(17, QFormLayout.ItemRole.LabelRole, self.staffHoursSpinLabel)

        self.staffHoursSpin = QDoubleSpinBox(ScreeningContextForm)
        self.staffHoursSpin.setObjectName(u"staffHoursSpin")
        self.staffHoursSpin.setMaximum(100000.000000000000000)
        self.staffHoursSpin.setDecimals(1)

        self.form.setWidget(17, QFormLayout.ItemRole.FieldRole, self.staffHoursSpin)

        self.costSpinLabel = QLabel(ScreeningContextForm)
        self.costSpinLabel.setObjectName(u"costSpinLabel")

        self.form.setWidget(18, QFormLayout.ItemRole.LabelRole, self.costSpinLabel)

        self.costSpin = QDoubleSpinBox(ScreeningContextForm)
        self.costSpin.setObjectName(u"costSpin")
        self.costSpin.setMaximum(1000000000.000000000000000)
        self.costSpin.setDecimals(0)

        self.form.setWidget(18, QFormLayout.ItemRole.FieldRole, self.costSpin)

        self.incomeSpinLabel = QLabel(ScreeningContextForm)
        self.incomeSpinLabel.setObjectName(u"incomeSpinLabel")

        self.form.setWidget(19, QFormLayout.ItemRole.LabelRole, self.incomeSpinLabel)

        self.incomeSpin = QDoubleSpinBox(ScreeningContextForm)
        self.incomeSpin.setObjectName(u"incomeSpin")
        self.incomeSpin.setMaximum(1000000000.000000000000000)
        self.incomeSpin.setDecimals(0)

        self.form.setWidget(19, QFormLayout.ItemRole.FieldRole, self.incomeSpin)

        self.notesEditLabel = QLabel(ScreeningContextForm)
        self.notesEditLabel.setObjectName(u"notesEditLabel")

        self.form.setWidget(20, QFormLayout.ItemRole.LabelRole, self.notesEditLabel)

        self.notesEdit = QPlainTextEdit(ScreeningContextForm)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setTabChangesFocus(True)

        self.form.setWidget(20, QFormLayout.ItemRole.FieldRole, self.notesEdit)

        self.errorLabel = QLabel(ScreeningContextForm)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.form.setWidget(21, QFormLayout.ItemRole.FieldRole, self.errorLabel)

#if QT_CONFIG(shortcut)
        self.titleEditLabel.setBuddy(self.titleEdit)
        self.partnerComboLabel.setBuddy(self.partnerCombo)
        self.sourceEditLabel.setBuddy(self.sourceEdit)
        self.purposeEditLabel.setBuddy(self.purposeEdit)
        self.goalsEditLabel.setBuddy(self.goalsEdit)
        self.weGiveEditLabel.setBuddy(self.weGiveEdit)
        self.weGetEditLabel.setBuddy(self.weGetEdit)
        self.contextComboLabel.setBuddy(self.contextCombo)
        self.routeComboLabel.setBuddy(self.routeCombo)
        self.trustComboLabel.setBuddy(self.trustCombo)
        self.trustNoteEditLabel.setBuddy(self.trustNoteEdit)
        self.sponsorComboLabel.setBuddy(self.sponsorCombo)
        self.leadComboLabel.setBuddy(self.leadCombo)
        self.divisionEditLabel.setBuddy(self.divisionEdit)
        self.spannersListLabel.setBuddy(self.spannersList)
        self.ceoHoursSpinLabel.setBuddy(self.ceoHoursSpin)
        self.staffHoursSpinLabel.setBuddy(self.staffHoursSpin)
        self.costSpinLabel.setBuddy(self.costSpin)
        self.incomeSpinLabel.setBuddy(self.incomeSpin)
        self.notesEditLabel.setBuddy(self.notesEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ScreeningContextForm)

        QMetaObject.connectSlotsByName(ScreeningContextForm)
    # setupUi

    def retranslateUi(self, ScreeningContextForm):
        self.titleEditLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Tit&le", None))
        self.titleEdit.setPlaceholderText(QCoreApplication.translate("ScreeningContextForm", u"What the partnership is, in a few words", None))
        self.partnerComboLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"&Partner", None))
        self.sourceEditLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"S&ource", None))
        self.sourceEdit.setPlaceholderText(QCoreApplication.translate("ScreeningContextForm", u"approach, referral, tender, statutory \u2026", None))
        self.purposeEditLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Shared &purpose", None))
        self.purposeEdit.setPlaceholderText(QCoreApplication.translate("ScreeningContextForm", u"The shared vision: what we could achieve together that neither could alone", None))
        self.goalsEditLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Goa&ls", None))
        self.goalsEdit.setPlaceholderText(QCoreApplication.translate("ScreeningContextForm", u"Clear, realistic goals", None))
        self.weGiveEditLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"&We give", None))
        self.weGiveEdit.setPlaceholderText(QCoreApplication.translate("ScreeningContextForm", u"One per line, tagged: knowledge: \u2026, money: \u2026 or authority: \u2026", None))
        self.weGetEditLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"&We get", None))
        self.weGetEdit.setPlaceholderText(QCoreApplication.translate("ScreeningContextForm", u"One per line, tagged: knowledge: \u2026, money: \u2026 or authority: \u2026", None))
        self.contextComboLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Re&lational context", None))
        self.routeComboLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Ro&ute", None))
        self.trustComboLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Tr&ust stance", None))
        self.trustNoteEditLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Trust n&ote", None))
        self.trustNoteEdit.setPlaceholderText(QCoreApplication.translate("ScreeningContextForm", u"The risk of trusting, and of not trusting", None))
        self.sponsorComboLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"E&xecutive sponsor", None))
        self.leadComboLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Day-to-day &lead", None))
        self.divisionEditLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"&Lead division", None))
        self.divisionEdit.setPlaceholderText(QCoreApplication.translate("ScreeningContextForm", u"When a division rather than a person leads", None))
        self.spannersListLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"&Boundary-spanners", None))
#if QT_CONFIG(tooltip)
        self.spannersList.setToolTip(QCoreApplication.translate("ScreeningContextForm", u"Tick the people who hold the relationship together across both organisations", None))
#endif // QT_CONFIG(tooltip)
        self.restsLayoutLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Rests on", None))
        self.fundingCheck.setText(QCoreApplication.translate("ScreeningContextForm", u"one funding strea&m", None))
        self.endorsementCheck.setText(QCoreApplication.translate("ScreeningContextForm", u"an endo&rsement", None))
        self.ceoHoursSpinLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"CEO ho&urs a month", None))
        self.ceoHoursSpin.setSuffix(QCoreApplication.translate("ScreeningContextForm", u" h", None))
        self.staffHoursSpinLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Staff ho&urs a month", None))
        self.staffHoursSpin.setSuffix(QCoreApplication.translate("ScreeningContextForm", u" h", None))
        self.costSpinLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Estimated c&ost", None))
        self.costSpin.setPrefix(QCoreApplication.translate("ScreeningContextForm", u"\u00a3 ", None))
        self.incomeSpinLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"Income &or saving", None))
        self.incomeSpin.setPrefix(QCoreApplication.translate("ScreeningContextForm", u"\u00a3 ", None))
        self.notesEditLabel.setText(QCoreApplication.translate("ScreeningContextForm", u"N&otes", None))
        self.errorLabel.setStyleSheet(QCoreApplication.translate("ScreeningContextForm", u"color: #b00020;", None))
        pass
    # retranslateUi

