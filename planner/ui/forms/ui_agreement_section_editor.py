# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'agreement_section_editor.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_AgreementSectionEditorForm(object):
    def setupUi(self, AgreementSectionEditorForm):
        if not AgreementSectionEditorForm.objectName():
            AgreementSectionEditorForm.setObjectName(u"AgreementSectionEditorForm")
        self.outerLayout = QVBoxLayout(AgreementSectionEditorForm)
        self.outerLayout.setObjectName(u"outerLayout")
        self.outerLayout.setContentsMargins(0, -1, 0, -1)
        self.headingLabel = QLabel(AgreementSectionEditorForm)
        self.headingLabel.setObjectName(u"headingLabel")
        self.headingLabel.setTextFormat(Qt.TextFormat.RichText)
        self.headingLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.headingLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.titleLabel = QLabel(AgreementSectionEditorForm)
        self.titleLabel.setObjectName(u"titleLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.titleLabel)

        self.titleEdit = QLineEdit(AgreementSectionEditorForm)
        self.titleEdit.setObjectName(u"titleEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.titleEdit)


        self.outerLayout.addLayout(self.formLayout)

        self.guidanceLabel = QLabel(AgreementSectionEditorForm)
        self.guidanceLabel.setObjectName(u"guidanceLabel")
        self.guidanceLabel.setTextFormat(Qt.TextFormat.RichText)
        self.guidanceLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.guidanceLabel)

        self.bodyLabel = QLabel(AgreementSectionEditorForm)
        self.bodyLabel.setObjectName(u"bodyLabel")

        self.outerLayout.addWidget(self.bodyLabel)

        self.bodyEdit = QPlainTextEdit(AgreementSectionEditorForm)
        self.bodyEdit.setObjectName(u"bodyEdit")

        self.outerLayout.addWidget(self.bodyEdit)

        self.markupLabel = QLabel(AgreementSectionEditorForm)
        self.markupLabel.setObjectName(u"markupLabel")
        self.markupLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.markupLabel)

        self.tableGroup = QGroupBox(AgreementSectionEditorForm)
        self.tableGroup.setObjectName(u"tableGroup")
        self.tableLayout = QVBoxLayout(self.tableGroup)
        self.tableLayout.setObjectName(u"tableLayout")
        self.tableWidget = QTableWidget(self.tableGroup)
        self.tableWidget.setObjectName(u"tableWidget")
        self.tableWidget.setAlternatingRowColors(True)

        self.tableLayout.addWidget(self.tableWidget)

        self.tableButtons = QHBoxLayout()
        self.tableButtons.setObjectName(u"tableButtons")
        self.addRowButton = QPushButton(self.tableGroup)
        self.addRowButton.setObjectName(u"addRowButton")

        self.tableButtons.addWidget(self.addRowButton)

        self.removeRowButton = QPushButton(self.tableGroup)
        self.removeRowButton.setObjectName(u"removeRowButton")

        self.tableButtons.addWidget(self.removeRowButton)

        self.tableSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.tableButtons.addItem(self.tableSpacer)


        self.tableLayout.addLayout(self.tableButtons)

        self.loadLabel = QLabel(self.tableGroup)
        self.loadLabel.setObjectName(u"loadLabel")
        self.loadLabel.setTextFormat(Qt.TextFormat.RichText)
        self.loadLabel.setWordWrap(True)

        self.tableLayout.addWidget(self.loadLabel)


        self.outerLayout.addWidget(self.tableGroup)

        self.conflictsGroup = QGroupBox(AgreementSectionEditorForm)
        self.conflictsGroup.setObjectName(u"conflictsGroup")
        self.conflictsLayout = QVBoxLayout(self.conflictsGroup)
        self.conflictsLayout.setObjectName(u"conflictsLayout")
        self.conflictsList = QListWidget(self.conflictsGroup)
        self.conflictsList.setObjectName(u"conflictsList")

        self.conflictsLayout.addWidget(self.conflictsList)


        self.outerLayout.addWidget(self.conflictsGroup)

        self.messageLabel = QLabel(AgreementSectionEditorForm)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.TextFormat.RichText)
        self.messageLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.messageLabel)


        self.retranslateUi(AgreementSectionEditorForm)

        QMetaObject.connectSlotsByName(AgreementSectionEditorForm)
    # setupUi

    def retranslateUi(self, AgreementSectionEditorForm):
        self.headingLabel.setText(QCoreApplication.translate("AgreementSectionEditorForm", u"No section selected", None))
        self.titleLabel.setText(QCoreApplication.translate("AgreementSectionEditorForm", u"T&itle", None))
        self.titleEdit.setPlaceholderText(QCoreApplication.translate("AgreementSectionEditorForm", u"Section title", None))
        self.guidanceLabel.setText("")
        self.guidanceLabel.setStyleSheet(QCoreApplication.translate("AgreementSectionEditorForm", u"QLabel { background: #eef2f8; border-left: 3px solid #1f3a5f; padding: 6px; color: #26313f; }", None))
        self.bodyLabel.setText(QCoreApplication.translate("AgreementSectionEditorForm", u"C&lause text", None))
        self.bodyEdit.setPlaceholderText(QCoreApplication.translate("AgreementSectionEditorForm", u"Write the clause here.", None))
        self.markupLabel.setText(QCoreApplication.translate("AgreementSectionEditorForm", u"A blank line starts a new paragraph; start a line with \u201c- \u201d for a bullet; **bold**, *italic*.", None))
        self.markupLabel.setStyleSheet(QCoreApplication.translate("AgreementSectionEditorForm", u"color: #5f6672;", None))
        self.tableGroup.setTitle(QCoreApplication.translate("AgreementSectionEditorForm", u"Table", None))
        self.addRowButton.setText(QCoreApplication.translate("AgreementSectionEditorForm", u"Add row", None))
        self.removeRowButton.setText(QCoreApplication.translate("AgreementSectionEditorForm", u"Remove row", None))
        self.loadLabel.setText("")
        self.conflictsGroup.setTitle(QCoreApplication.translate("AgreementSectionEditorForm", u"Conflict areas this clause deals with", None))
        self.messageLabel.setText("")
        self.messageLabel.setStyleSheet(QCoreApplication.translate("AgreementSectionEditorForm", u"color: #a11d1d;", None))
        pass
    # retranslateUi

