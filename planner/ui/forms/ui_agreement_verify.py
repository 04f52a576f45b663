# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'agreement_verify.ui'
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
from PySide6.QtWidgets import (QApplication, QLabel, QPlainTextEdit, QPushButton,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_AgreementVerifyForm(object):
    def setupUi(self, AgreementVerifyForm):
        if not AgreementVerifyForm.objectName():
            AgreementVerifyForm.setObjectName(u"AgreementVerifyForm")
        AgreementVerifyForm.resize(600, 400)
        self.outerLayout = QVBoxLayout(AgreementVerifyForm)
        self.outerLayout.setObjectName(u"outerLayout")
        self.introLabel = QLabel(AgreementVerifyForm)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.introLabel)

        self.pinsLabel = QLabel(AgreementVerifyForm)
        self.pinsLabel.setObjectName(u"pinsLabel")

        self.outerLayout.addWidget(self.pinsLabel)

        self.pinsEdit = QPlainTextEdit(AgreementVerifyForm)
        self.pinsEdit.setObjectName(u"pinsEdit")
        self.pinsEdit.setMaximumSize(QSize(16777215, 90))

        self.outerLayout.addWidget(self.pinsEdit)

        self.verifyButton = QPushButton(AgreementVerifyForm)
        self.verifyButton.setObjectName(u"verifyButton")

        self.outerLayout.addWidget(self.verifyButton, 0, Qt.AlignmentFlag.AlignLeft)

        self.resultEdit = QPlainTextEdit(AgreementVerifyForm)
        self.resultEdit.setObjectName(u"resultEdit")
        self.resultEdit.setReadOnly(True)

        self.outerLayout.addWidget(self.resultEdit)

        self.outerLayout.setStretch(4, 1)
#if QT_CONFIG(shortcut)
        self.pinsLabel.setBuddy(self.pinsEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(AgreementVerifyForm)

        QMetaObject.connectSlotsByName(AgreementVerifyForm)
    # setupUi

    def retranslateUi(self, AgreementVerifyForm):
        self.introLabel.setText(QCoreApplication.translate("AgreementVerifyForm", u"Check a signed agreement PDF: who signed, when, and whether anything changed since. Paste the certificate fingerprints your partners gave you (one per line; anything after # is a note) to confirm who signed.", None))
        self.pinsLabel.setText(QCoreApplication.translate("AgreementVerifyForm", u"T&rusted fingerprints", None))
#if QT_CONFIG(accessibility)
        self.pinsEdit.setAccessibleName(QCoreApplication.translate("AgreementVerifyForm", u"Trusted fingerprints", None))
#endif // QT_CONFIG(accessibility)
        self.pinsEdit.setPlaceholderText(QCoreApplication.translate("AgreementVerifyForm", u"For example:  3f2a\u20269c41  # Helen Marsh, Northvale (read out on the phone)", None))
#if QT_CONFIG(tooltip)
        self.verifyButton.setToolTip(QCoreApplication.translate("AgreementVerifyForm", u"Choose a signed agreement PDF to check", None))
#endif // QT_CONFIG(tooltip)
        self.verifyButton.setText(QCoreApplication.translate("AgreementVerifyForm", u"Verify a &PDF\u2026", None))
#if QT_CONFIG(accessibility)
        self.resultEdit.setAccessibleName(QCoreApplication.translate("AgreementVerifyForm", u"Verification result", None))
#endif // QT_CONFIG(accessibility)
        self.resultEdit.setPlaceholderText(QCoreApplication.translate("AgreementVerifyForm", u"What the check finds appears here: each signature (who, when, which certificate), whether the file is intact, and whether it matches an agreement of this plan.", None))
        pass
    # retranslateUi

