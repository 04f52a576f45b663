# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'organisation.ui'
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
from PySide6.QtWidgets import (QApplication, QDoubleSpinBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem,
    QSpinBox, QVBoxLayout, QWidget)

class Ui_OrganisationForm(object):
    def setupUi(self, OrganisationForm):
        if not OrganisationForm.objectName():
            OrganisationForm.setObjectName(u"OrganisationForm")
        OrganisationForm.resize(760, 640)
        self.outerLayout = QVBoxLayout(OrganisationForm)
        self.outerLayout.setObjectName(u"outerLayout")
        self.heading = QLabel(OrganisationForm)
        self.heading.setObjectName(u"heading")

        self.outerLayout.addWidget(self.heading)

        self.intro = QLabel(OrganisationForm)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.outerLayout.addWidget(self.intro)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.nameLabel = QLabel(OrganisationForm)
        self.nameLabel.setObjectName(u"nameLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(OrganisationForm)
        self.nameEdit.setObjectName(u"nameEdit")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.nameError = QLabel(OrganisationForm)
        self.nameError.setObjectName(u"nameError")
        self.nameError.setStyleSheet(u"color: #b00020;")
        self.nameError.setWordWrap(True)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.nameError)

        self.visionLabel = QLabel(OrganisationForm)
        self.visionLabel.setObjectName(u"visionLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.visionLabel)

        self.visionEdit = QPlainTextEdit(OrganisationForm)
        self.visionEdit.setObjectName(u"visionEdit")
        self.visionEdit.setTabChangesFocus(True)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.visionEdit)

        self.prioritiesLabel = QLabel(OrganisationForm)
        self.prioritiesLabel.setObjectName(u"prioritiesLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.prioritiesLabel)

        self.prioritiesRow = QHBoxLayout()
        self.prioritiesRow.setObjectName(u"prioritiesRow")
        self.prioritiesList = QListWidget(OrganisationForm)
        self.prioritiesList.setObjectName(u"prioritiesList")

        self.prioritiesRow.addWidget(self.prioritiesList)

        self.prioritiesButtons = QVBoxLayout()
        self.prioritiesButtons.setObjectName(u"prioritiesButtons")
        self.addPriority = QPushButton(OrganisationForm)
        self.addPriority.setObjectName(u"addPriority")

        self.prioritiesButtons.addWidget(self.addPriority)

        self.removePriority = QPushButton(OrganisationForm)
        self.removePriority.setObjectName(u"removePriority")

        self.prioritiesButtons.addWidget(self.removePriority)

        self.upPriority = QPushButton(OrganisationForm)
        self.upPriority.setObjectName(u"upPriority")

        self.prioritiesButtons.addWidget(self.upPriority)

        self.downPriority = QPushButton(OrganisationForm)
        self.downPriority.setObjectName(u"downPriority")

        self.prioritiesButtons.addWidget(self.downPriority)

        self.prioritiesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.prioritiesButtons.addItem(self.prioritiesSpacer)


        self.prioritiesRow.addLayout(self.prioritiesButtons)


        self.form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.prioritiesRow)

        self.valuesLabel = QLabel(OrganisationForm)
        self.valuesLabel.setObjectName(u"valuesLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.valuesLabel)

        self.valuesRow = QHBoxLayout()
        self.valuesRow.setObjectName(u"valuesRow")
        self.valuesList = QListWidget(OrganisationForm)
        self.valuesList.setObjectName(u"valuesList")

        self.valuesRow.addWidget(self.valuesList)

        self.valuesButtons = QVBoxLayout()
        self.valuesButtons.setObjectName(u"valuesButtons")
        self.addValue = QPushButton(OrganisationForm)
        self.addValue.setObjectName(u"addValue")

        self.valuesButtons.addWidget(self.addValue)

        self.removeValue = QPushButton(OrganisationForm)
        self.removeValue.setObjectName(u"removeValue")

        self.valuesButtons.addWidget(self.removeValue)

        self.valuesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.valuesButtons.addItem(self.valuesSpacer)


        self.valuesRow.addLayout(self.valuesButtons)


        self.form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.valuesRow)

        self.hoursLabel = QLabel(OrganisationForm)
        self.hoursLabel.setObjectName(u"hoursLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.hoursLabel)

        self.hoursSpin = QDoubleSpinBox(OrganisationForm)
        self.hoursSpin.setObjectName(u"hoursSpin")
        self.hoursSpin.setDecimals(1)
        self.hoursSpin.setMaximum(744.000000000000000)
        self.hoursSpin.setSingleStep(1.000000000000000)

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.hoursSpin)

        self.limitLabel = QLabel(OrganisationForm)
        self.limitLabel.setObjectName(u"limitLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.limitLabel)

        self.limitSpin = QSpinBox(OrganisationForm)
        self.limitSpin.setObjectName(u"limitSpin")
        self.limitSpin.setMinimum(1)
        self.limitSpin.setMaximum(50)
        self.limitSpin.setValue(7)

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.limitSpin)


        self.outerLayout.addLayout(self.form)

        self.errorLabel = QLabel(OrganisationForm)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.errorLabel)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.visionLabel.setBuddy(self.visionEdit)
        self.prioritiesLabel.setBuddy(self.prioritiesList)
        self.valuesLabel.setBuddy(self.valuesList)
        self.hoursLabel.setBuddy(self.hoursSpin)
        self.limitLabel.setBuddy(self.limitSpin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nameEdit, self.visionEdit)
        QWidget.setTabOrder(self.visionEdit, self.prioritiesList)
        QWidget.setTabOrder(self.prioritiesList, self.addPriority)
        QWidget.setTabOrder(self.addPriority, self.removePriority)
        QWidget.setTabOrder(self.removePriority, self.upPriority)
        QWidget.setTabOrder(self.upPriority, self.downPriority)
        QWidget.setTabOrder(self.downPriority, self.valuesList)
        QWidget.setTabOrder(self.valuesList, self.addValue)
        QWidget.setTabOrder(self.addValue, self.removeValue)
        QWidget.setTabOrder(self.removeValue, self.hoursSpin)
        QWidget.setTabOrder(self.hoursSpin, self.limitSpin)

        self.retranslateUi(OrganisationForm)

        QMetaObject.connectSlotsByName(OrganisationForm)
    # setupUi

    def retranslateUi(self, OrganisationForm):
        self.heading.setText(QCoreApplication.translate("OrganisationForm", u"<h2>Organisation profile</h2>", None))
        self.intro.setText(QCoreApplication.translate("OrganisationForm", u"Every opportunity is screened against this profile. Changes are saved as you type; Edit \u203a Undo takes them back.", None))
        self.nameLabel.setText(QCoreApplication.translate("OrganisationForm", u"&Name", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("OrganisationForm", u"The organisation's name", None))
        self.visionLabel.setText(QCoreApplication.translate("OrganisationForm", u"V&ision", None))
        self.visionEdit.setPlaceholderText(QCoreApplication.translate("OrganisationForm", u"What the organisation exists to achieve, in a sentence or two", None))
        self.prioritiesLabel.setText(QCoreApplication.translate("OrganisationForm", u"Strategic &priorities", None))
#if QT_CONFIG(tooltip)
        self.prioritiesList.setToolTip(QCoreApplication.translate("OrganisationForm", u"In order of importance. Double-click or press F2 to edit an entry.", None))
#endif // QT_CONFIG(tooltip)
        self.addPriority.setText(QCoreApplication.translate("OrganisationForm", u"Add", None))
        self.removePriority.setText(QCoreApplication.translate("OrganisationForm", u"Remove", None))
        self.upPriority.setText(QCoreApplication.translate("OrganisationForm", u"Move up", None))
        self.downPriority.setText(QCoreApplication.translate("OrganisationForm", u"Move down", None))
        self.valuesLabel.setText(QCoreApplication.translate("OrganisationForm", u"V&alues", None))
#if QT_CONFIG(tooltip)
        self.valuesList.setToolTip(QCoreApplication.translate("OrganisationForm", u"Double-click or press F2 to edit an entry.", None))
#endif // QT_CONFIG(tooltip)
        self.addValue.setText(QCoreApplication.translate("OrganisationForm", u"Add", None))
        self.removeValue.setText(QCoreApplication.translate("OrganisationForm", u"Remove", None))
        self.hoursLabel.setText(QCoreApplication.translate("OrganisationForm", u"CE&O hours per month", None))
#if QT_CONFIG(tooltip)
        self.hoursSpin.setToolTip(QCoreApplication.translate("OrganisationForm", u"Hours a month the CEO can give to partnerships, all of them together.", None))
#endif // QT_CONFIG(tooltip)
        self.hoursSpin.setSuffix(QCoreApplication.translate("OrganisationForm", u" h", None))
        self.limitLabel.setText(QCoreApplication.translate("OrganisationForm", u"Strategic-partnership &limit", None))
#if QT_CONFIG(tooltip)
        self.limitSpin.setToolTip(QCoreApplication.translate("OrganisationForm", u"Most leaders cannot give real attention to more than six or seven strategic partnerships at once.", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

