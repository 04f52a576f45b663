# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'screening_choice.ui'
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
    QLabel, QListWidget, QListWidgetItem, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_CapacityChoiceDialog(object):
    def setupUi(self, CapacityChoiceDialog):
        if not CapacityChoiceDialog.objectName():
            CapacityChoiceDialog.setObjectName(u"CapacityChoiceDialog")
        CapacityChoiceDialog.resize(560, 420)
        self.layout = QVBoxLayout(CapacityChoiceDialog)
        self.layout.setObjectName(u"layout")
        self.messageLabel = QLabel(CapacityChoiceDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.choicesLabel = QLabel(CapacityChoiceDialog)
        self.choicesLabel.setObjectName(u"choicesLabel")

        self.layout.addWidget(self.choicesLabel)

        self.choiceList = QListWidget(CapacityChoiceDialog)
        self.choiceList.setObjectName(u"choiceList")

        self.layout.addWidget(self.choiceList)

        self.hoursLabel = QLabel(CapacityChoiceDialog)
        self.hoursLabel.setObjectName(u"hoursLabel")
        self.hoursLabel.setWordWrap(True)

        self.layout.addWidget(self.hoursLabel)

        self.buttonBox = QDialogButtonBox(CapacityChoiceDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.choicesLabel.setBuddy(self.choiceList)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(CapacityChoiceDialog)
        self.buttonBox.accepted.connect(CapacityChoiceDialog.accept)
        self.buttonBox.rejected.connect(CapacityChoiceDialog.reject)

        QMetaObject.connectSlotsByName(CapacityChoiceDialog)
    # setupUi

    def retranslateUi(self, CapacityChoiceDialog):
        CapacityChoiceDialog.setWindowTitle(QCoreApplication.translate("CapacityChoiceDialog", u"Make room for a strategic partnership", None))
        self.choicesLabel.setText(QCoreApplication.translate("CapacityChoiceDialog", u"&Choose one way to make room:", None))
    # retranslateUi

