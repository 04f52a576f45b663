# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'conflict_bands.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSpinBox, QVBoxLayout, QWidget)

class Ui_ConflictBandsDialog(object):
    def setupUi(self, ConflictBandsDialog):
        if not ConflictBandsDialog.objectName():
            ConflictBandsDialog.setObjectName(u"ConflictBandsDialog")
        ConflictBandsDialog.resize(420, 300)
        self.outerLayout = QVBoxLayout(ConflictBandsDialog)
        self.outerLayout.setObjectName(u"outerLayout")
        self.introLabel = QLabel(ConflictBandsDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.introLabel)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.lowLabel = QLabel(ConflictBandsDialog)
        self.lowLabel.setObjectName(u"lowLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.lowLabel)

        self.lowSpin = QSpinBox(ConflictBandsDialog)
        self.lowSpin.setObjectName(u"lowSpin")
        self.lowSpin.setMinimum(1)
        self.lowSpin.setMaximum(24)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.lowSpin)

        self.mediumLabel = QLabel(ConflictBandsDialog)
        self.mediumLabel.setObjectName(u"mediumLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.mediumLabel)

        self.mediumSpin = QSpinBox(ConflictBandsDialog)
        self.mediumSpin.setObjectName(u"mediumSpin")
        self.mediumSpin.setMinimum(1)
        self.mediumSpin.setMaximum(24)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.mediumSpin)

        self.highLabel = QLabel(ConflictBandsDialog)
        self.highLabel.setObjectName(u"highLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.highLabel)

        self.highSpin = QSpinBox(ConflictBandsDialog)
        self.highSpin.setObjectName(u"highSpin")
        self.highSpin.setMinimum(1)
        self.highSpin.setMaximum(24)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.highSpin)


        self.outerLayout.addLayout(self.form)

        self.previewLabel = QLabel(ConflictBandsDialog)
        self.previewLabel.setObjectName(u"previewLabel")
        self.previewLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.previewLabel)

        self.errorLabel = QLabel(ConflictBandsDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.errorLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.defaultsButton = QPushButton(ConflictBandsDialog)
        self.defaultsButton.setObjectName(u"defaultsButton")

        self.buttonRow.addWidget(self.defaultsButton)

        self.buttons = QDialogButtonBox(ConflictBandsDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.buttonRow.addWidget(self.buttons)


        self.outerLayout.addLayout(self.buttonRow)

#if QT_CONFIG(shortcut)
        self.lowLabel.setBuddy(self.lowSpin)
        self.mediumLabel.setBuddy(self.mediumSpin)
        self.highLabel.setBuddy(self.highSpin)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ConflictBandsDialog)

        QMetaObject.connectSlotsByName(ConflictBandsDialog)
    # setupUi

    def retranslateUi(self, ConflictBandsDialog):
        ConflictBandsDialog.setWindowTitle(QCoreApplication.translate("ConflictBandsDialog", u"Conflict bands", None))
        self.introLabel.setText(QCoreApplication.translate("ConflictBandsDialog", u"A conflict area's score is likelihood \u00d7 impact (1 to 25). Choose the highest score that still counts as low, medium and high; anything above is critical. High and critical areas need an agreement clause before an agreement can be agreed or signed.", None))
        self.lowLabel.setText(QCoreApplication.translate("ConflictBandsDialog", u"&Low up to", None))
        self.mediumLabel.setText(QCoreApplication.translate("ConflictBandsDialog", u"&Medium up to", None))
        self.highLabel.setText(QCoreApplication.translate("ConflictBandsDialog", u"&High up to", None))
        self.defaultsButton.setText(QCoreApplication.translate("ConflictBandsDialog", u"&Restore defaults", None))
    # retranslateUi

