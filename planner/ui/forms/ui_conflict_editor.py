# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'conflict_editor.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDateEdit,
    QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
    QSizePolicy, QSpacerItem, QSpinBox, QTabWidget,
    QToolButton, QVBoxLayout, QWidget)

class Ui_ConflictEditorForm(object):
    def setupUi(self, ConflictEditorForm):
        if not ConflictEditorForm.objectName():
            ConflictEditorForm.setObjectName(u"ConflictEditorForm")
        ConflictEditorForm.resize(460, 520)
        self.outerLayout = QVBoxLayout(ConflictEditorForm)
        self.outerLayout.setObjectName(u"outerLayout")
        self.outerLayout.setContentsMargins(0, -1, 0, -1)
        self.headingLabel = QLabel(ConflictEditorForm)
        self.headingLabel.setObjectName(u"headingLabel")
        self.headingLabel.setTextFormat(Qt.TextFormat.RichText)
        self.headingLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.headingLabel)

        self.flagLabel = QLabel(ConflictEditorForm)
        self.flagLabel.setObjectName(u"flagLabel")
        self.flagLabel.setWordWrap(True)
        self.flagLabel.setStyleSheet(u"color: #8a3b00;")

        self.outerLayout.addWidget(self.flagLabel)

        self.tabs = QTabWidget(ConflictEditorForm)
        self.tabs.setObjectName(u"tabs")
        self.areaTab = QWidget()
        self.areaTab.setObjectName(u"areaTab")
        self.areaForm = QFormLayout(self.areaTab)
        self.areaForm.setObjectName(u"areaForm")
        self.areaForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.partnershipLabel = QLabel(self.areaTab)
        self.partnershipLabel.setObjectName(u"partnershipLabel")

        self.areaForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.partnershipLabel)

        self.partnershipCombo = QComboBox(self.areaTab)
        self.partnershipCombo.setObjectName(u"partnershipCombo")

        self.areaForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.partnershipCombo)

        self.titleLabel = QLabel(self.areaTab)
        self.titleLabel.setObjectName(u"titleLabel")

        self.areaForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.titleLabel)

        self.titleEdit = QLineEdit(self.areaTab)
        self.titleEdit.setObjectName(u"titleEdit")

        self.areaForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.titleEdit)

        self.overlapLabel = QLabel(self.areaTab)
        self.overlapLabel.setObjectName(u"overlapLabel")

        self.areaForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.overlapLabel)

        self.overlapCombo = QComboBox(self.areaTab)
        self.overlapCombo.setObjectName(u"overlapCombo")
        self.overlapCombo.setEditable(True)

        self.areaForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.overlapCombo)

        self.tensionLabel = QLabel(self.areaTab)
        self.tensionLabel.setObjectName(u"tensionLabel")

        self.areaForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.tensionLabel)

        self.tensionCombo = QComboBox(self.areaTab)
        self.tensionCombo.setObjectName(u"tensionCombo")
        self.tensionCombo.setEditable(True)

        self.areaForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.tensionCombo)

        self.descriptionLabel = QLabel(self.areaTab)
        self.descriptionLabel.setObjectName(u"descriptionLabel")

        self.areaForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.descriptionLabel)

        self.descriptionEdit = QPlainTextEdit(self.areaTab)
        self.descriptionEdit.setObjectName(u"descriptionEdit")
        self.descriptionEdit.setTabChangesFocus(True)
        self.descriptionEdit.setMaximumSize(QSize(16777215, 70))

        self.areaForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.descriptionEdit)

        self.driversLabel = QLabel(self.areaTab)
        self.driversLabel.setObjectName(u"driversLabel")

        self.areaForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.driversLabel)

        self.driversEdit = QPlainTextEdit(self.areaTab)
        self.driversEdit.setObjectName(u"driversEdit")
        self.driversEdit.setTabChangesFocus(True)
        self.driversEdit.setMaximumSize(QSize(16777215, 70))

        self.areaForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.driversEdit)

        self.confidentialCheck = QCheckBox(self.areaTab)
        self.confidentialCheck.setObjectName(u"confidentialCheck")

        self.areaForm.setWidget(6, QFormLayout.ItemRole.SpanningRole, self.confidentialCheck)

        self.tabs.addTab(self.areaTab, "")
        self.ratingTab = QWidget()
        self.ratingTab.setObjectName(u"ratingTab")
        self.ratingForm = QFormLayout(self.ratingTab)
        self.ratingForm.setObjectName(u"ratingForm")
        self.ratingForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.likelihoodLabel = QLabel(self.ratingTab)
        self.likelihoodLabel.setObjectName(u"likelihoodLabel")

        self.ratingForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.likelihoodLabel)

        self.likelihoodCombo = QComboBox(self.ratingTab)
        self.likelihoodCombo.setObjectName(u"likelihoodCombo")

        self.ratingForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.likelihoodCombo)

        self.impactLabel = QLabel(self.ratingTab)
        self.impactLabel.setObjectName(u"impactLabel")

        self.ratingForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.impactLabel)

        self.impactCombo = QComboBox(self.ratingTab)
        self.impactCombo.setObjectName(u"impactCombo")

        self.ratingForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.impactCombo)

        self.treatmentLabel = QLabel(self.ratingTab)
        self.treatmentLabel.setObjectName(u"treatmentLabel")

        self.ratingForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.treatmentLabel)

        self.treatmentCombo = QComboBox(self.ratingTab)
        self.treatmentCombo.setObjectName(u"treatmentCombo")

        self.ratingForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.treatmentCombo)

        self.separationLabel = QLabel(self.ratingTab)
        self.separationLabel.setObjectName(u"separationLabel")

        self.ratingForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.separationLabel)

        self.separationCombo = QComboBox(self.ratingTab)
        self.separationCombo.setObjectName(u"separationCombo")

        self.ratingForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.separationCombo)

        self.residualLikelihoodLabel = QLabel(self.ratingTab)
        self.residualLikelihoodLabel.setObjectName(u"residualLikelihoodLabel")

        self.ratingForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.residualLikelihoodLabel)

        self.residualLikelihoodCombo = QComboBox(self.ratingTab)
        self.residualLikelihoodCombo.setObjectName(u"residualLikelihoodCombo")

        self.ratingForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.residualLikelihoodCombo)

        self.residualImpactLabel = QLabel(self.ratingTab)
        self.residualImpactLabel.setObjectName(u"residualImpactLabel")

        self.ratingForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.residualImpactLabel)

        self.residualImpactCombo = QComboBox(self.ratingTab)
        self.residualImpactCombo.setObjectName(u"residualImpactCombo")

        self.ratingForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.residualImpactCombo)

        self.ratingLabel = QLabel(self.ratingTab)
        self.ratingLabel.setObjectName(u"ratingLabel")
        self.ratingLabel.setWordWrap(True)
        self.ratingLabel.setTextFormat(Qt.TextFormat.RichText)

        self.ratingForm.setWidget(6, QFormLayout.ItemRole.SpanningRole, self.ratingLabel)

        self.tabs.addTab(self.ratingTab, "")
        self.opennessTab = QWidget()
        self.opennessTab.setObjectName(u"opennessTab")
        self.opennessForm = QFormLayout(self.opennessTab)
        self.opennessForm.setObjectName(u"opennessForm")
        self.opennessForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.opennessLabel = QLabel(self.opennessTab)
        self.opennessLabel.setObjectName(u"opennessLabel")

        self.opennessForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.opennessLabel)

        self.opennessCombo = QComboBox(self.opennessTab)
        self.opennessCombo.setObjectName(u"opennessCombo")

        self.opennessForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.opennessCombo)

        self.partnerViewLabel = QLabel(self.opennessTab)
        self.partnerViewLabel.setObjectName(u"partnerViewLabel")

        self.opennessForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.partnerViewLabel)

        self.partnerViewEdit = QPlainTextEdit(self.opennessTab)
        self.partnerViewEdit.setObjectName(u"partnerViewEdit")
        self.partnerViewEdit.setTabChangesFocus(True)
        self.partnerViewEdit.setMaximumSize(QSize(16777215, 70))

        self.opennessForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.partnerViewEdit)

        self.statusLabel = QLabel(self.opennessTab)
        self.statusLabel.setObjectName(u"statusLabel")

        self.opennessForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.statusLabel)

        self.statusCombo = QComboBox(self.opennessTab)
        self.statusCombo.setObjectName(u"statusCombo")

        self.opennessForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.statusCombo)

        self.ownerOursLabel = QLabel(self.opennessTab)
        self.ownerOursLabel.setObjectName(u"ownerOursLabel")

        self.opennessForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.ownerOursLabel)

        self.ownerOursCombo = QComboBox(self.opennessTab)
        self.ownerOursCombo.setObjectName(u"ownerOursCombo")

        self.opennessForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.ownerOursCombo)

        self.ownerTheirsLabel = QLabel(self.opennessTab)
        self.ownerTheirsLabel.setObjectName(u"ownerTheirsLabel")

        self.opennessForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.ownerTheirsLabel)

        self.ownerTheirsCombo = QComboBox(self.opennessTab)
        self.ownerTheirsCombo.setObjectName(u"ownerTheirsCombo")

        self.opennessForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.ownerTheirsCombo)

        self.reviewEveryLabel = QLabel(self.opennessTab)
        self.reviewEveryLabel.setObjectName(u"reviewEveryLabel")

        self.opennessForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.reviewEveryLabel)

        self.reviewEverySpin = QSpinBox(self.opennessTab)
        self.reviewEverySpin.setObjectName(u"reviewEverySpin")
        self.reviewEverySpin.setMinimum(1)
        self.reviewEverySpin.setMaximum(3660)

        self.opennessForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.reviewEverySpin)

        self.nextReviewLabel = QLabel(self.opennessTab)
        self.nextReviewLabel.setObjectName(u"nextReviewLabel")

        self.opennessForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.nextReviewLabel)

        self.reviewRow = QHBoxLayout()
        self.reviewRow.setObjectName(u"reviewRow")
        self.nextReviewEdit = QDateEdit(self.opennessTab)
        self.nextReviewEdit.setObjectName(u"nextReviewEdit")
        self.nextReviewEdit.setCalendarPopup(True)

        self.reviewRow.addWidget(self.nextReviewEdit)

        self.reviewedButton = QPushButton(self.opennessTab)
        self.reviewedButton.setObjectName(u"reviewedButton")

        self.reviewRow.addWidget(self.reviewedButton)


        self.opennessForm.setLayout(6, QFormLayout.ItemRole.FieldRole, self.reviewRow)

        self.identifiedLabel = QLabel(self.opennessTab)
        self.identifiedLabel.setObjectName(u"identifiedLabel")

        self.opennessForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.identifiedLabel)

        self.identifiedEdit = QDateEdit(self.opennessTab)
        self.identifiedEdit.setObjectName(u"identifiedEdit")
        self.identifiedEdit.setCalendarPopup(True)

        self.opennessForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.identifiedEdit)

        self.clausesLabel = QLabel(self.opennessTab)
        self.clausesLabel.setObjectName(u"clausesLabel")

        self.opennessForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.clausesLabel)

        self.clausesColumn = QVBoxLayout()
        self.clausesColumn.setObjectName(u"clausesColumn")
        self.clausesList = QListWidget(self.opennessTab)
        self.clausesList.setObjectName(u"clausesList")
        self.clausesList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.clausesList.setWordWrap(True)
        self.clausesList.setMaximumSize(QSize(16777215, 90))

        self.clausesColumn.addWidget(self.clausesList)

        self.clausesButtons = QHBoxLayout()
        self.clausesButtons.setObjectName(u"clausesButtons")
        self.linkClauseButton = QToolButton(self.opennessTab)
        self.linkClauseButton.setObjectName(u"linkClauseButton")
        self.linkClauseButton.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        self.clausesButtons.addWidget(self.linkClauseButton)

        self.unlinkClauseButton = QToolButton(self.opennessTab)
        self.unlinkClauseButton.setObjectName(u"unlinkClauseButton")

        self.clausesButtons.addWidget(self.unlinkClauseButton)

        self.clausesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.clausesButtons.addItem(self.clausesSpacer)


        self.clausesColumn.addLayout(self.clausesButtons)


        self.opennessForm.setLayout(8, QFormLayout.ItemRole.FieldRole, self.clausesColumn)

        self.tabs.addTab(self.opennessTab, "")
        self.historyTab = QWidget()
        self.historyTab.setObjectName(u"historyTab")
        self.historyLayout = QVBoxLayout(self.historyTab)
        self.historyLayout.setObjectName(u"historyLayout")
        self.historyList = QListWidget(self.historyTab)
        self.historyList.setObjectName(u"historyList")
        self.historyList.setWordWrap(True)

        self.historyLayout.addWidget(self.historyList)

        self.tabs.addTab(self.historyTab, "")

        self.outerLayout.addWidget(self.tabs)

        self.noteForm = QFormLayout()
        self.noteForm.setObjectName(u"noteForm")
        self.noteForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.noteLabel = QLabel(ConflictEditorForm)
        self.noteLabel.setObjectName(u"noteLabel")

        self.noteForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.noteLabel)

        self.noteEdit = QLineEdit(ConflictEditorForm)
        self.noteEdit.setObjectName(u"noteEdit")

        self.noteForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.noteEdit)


        self.outerLayout.addLayout(self.noteForm)

        self.errorLabel = QLabel(ConflictEditorForm)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(u"color: #b00020;")

        self.outerLayout.addWidget(self.errorLabel)

#if QT_CONFIG(shortcut)
        self.partnershipLabel.setBuddy(self.partnershipCombo)
        self.titleLabel.setBuddy(self.titleEdit)
        self.overlapLabel.setBuddy(self.overlapCombo)
        self.tensionLabel.setBuddy(self.tensionCombo)
        self.descriptionLabel.setBuddy(self.descriptionEdit)
        self.driversLabel.setBuddy(self.driversEdit)
        self.likelihoodLabel.setBuddy(self.likelihoodCombo)
        self.impactLabel.setBuddy(self.impactCombo)
        self.treatmentLabel.setBuddy(self.treatmentCombo)
        self.separationLabel.setBuddy(self.separationCombo)
        self.residualLikelihoodLabel.setBuddy(self.residualLikelihoodCombo)
        self.residualImpactLabel.setBuddy(self.residualImpactCombo)
        self.opennessLabel.setBuddy(self.opennessCombo)
        self.partnerViewLabel.setBuddy(self.partnerViewEdit)
        self.statusLabel.setBuddy(self.statusCombo)
        self.ownerOursLabel.setBuddy(self.ownerOursCombo)
        self.ownerTheirsLabel.setBuddy(self.ownerTheirsCombo)
        self.reviewEveryLabel.setBuddy(self.reviewEverySpin)
        self.nextReviewLabel.setBuddy(self.nextReviewEdit)
        self.identifiedLabel.setBuddy(self.identifiedEdit)
        self.clausesLabel.setBuddy(self.clausesList)
        self.noteLabel.setBuddy(self.noteEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ConflictEditorForm)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(ConflictEditorForm)
    # setupUi

    def retranslateUi(self, ConflictEditorForm):
        self.headingLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"No conflict area selected", None))
        self.partnershipLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"&Partnership", None))
#if QT_CONFIG(tooltip)
        self.partnershipCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"The partnership in which the two sides overlap or compete", None))
#endif // QT_CONFIG(tooltip)
        self.titleLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"T&itle", None))
        self.titleEdit.setPlaceholderText(QCoreApplication.translate("ConflictEditorForm", u"A short name for the area of overlap", None))
        self.overlapLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"&Overlap", None))
#if QT_CONFIG(tooltip)
        self.overlapCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Where the partners' interests overlap; type your own if none fits", None))
#endif // QT_CONFIG(tooltip)
        self.tensionLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Tensi&on", None))
#if QT_CONFIG(tooltip)
        self.tensionCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"What kind of tension it is; type your own if none fits", None))
#endif // QT_CONFIG(tooltip)
        self.descriptionLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"De&scription", None))
        self.descriptionEdit.setPlaceholderText(QCoreApplication.translate("ConflictEditorForm", u"What the overlap is and how it shows itself", None))
        self.driversLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Dr&ivers", None))
        self.driversEdit.setPlaceholderText(QCoreApplication.translate("ConflictEditorForm", u"What pushes the two sides into competition here", None))
        self.confidentialCheck.setText(QCoreApplication.translate("ConflictEditorForm", u"&Confidential", None))
#if QT_CONFIG(tooltip)
        self.confidentialCheck.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Keep this area out of documents shared with the partner", None))
#endif // QT_CONFIG(tooltip)
        self.tabs.setTabText(self.tabs.indexOf(self.areaTab), QCoreApplication.translate("ConflictEditorForm", u"Area", None))
        self.likelihoodLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"&Likelihood before", None))
#if QT_CONFIG(tooltip)
        self.likelihoodCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"How likely the tension is to cause harm if nothing is done", None))
#endif // QT_CONFIG(tooltip)
        self.impactLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"&Impact before", None))
#if QT_CONFIG(tooltip)
        self.impactCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"How much harm it would do if nothing is done", None))
#endif // QT_CONFIG(tooltip)
        self.treatmentLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Tre&atment", None))
#if QT_CONFIG(tooltip)
        self.treatmentCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"What we decided to do about it", None))
#endif // QT_CONFIG(tooltip)
        self.separationLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"&Kept apart by", None))
#if QT_CONFIG(tooltip)
        self.separationCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"How the competing parts of the work are kept apart", None))
#endif // QT_CONFIG(tooltip)
        self.residualLikelihoodLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Likelihood &after", None))
#if QT_CONFIG(tooltip)
        self.residualLikelihoodCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Likelihood once the treatment is in place", None))
#endif // QT_CONFIG(tooltip)
        self.residualImpactLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Im&pact after", None))
#if QT_CONFIG(tooltip)
        self.residualImpactCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Impact once the treatment is in place", None))
#endif // QT_CONFIG(tooltip)
        self.tabs.setTabText(self.tabs.indexOf(self.ratingTab), QCoreApplication.translate("ConflictEditorForm", u"Rating", None))
        self.opennessLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"O&penness", None))
#if QT_CONFIG(tooltip)
        self.opennessCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"How far the area has been brought into the open with the partner", None))
#endif // QT_CONFIG(tooltip)
        self.partnerViewLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Partner's v&iew", None))
        self.partnerViewEdit.setPlaceholderText(QCoreApplication.translate("ConflictEditorForm", u"The partner's stated position, in their words", None))
        self.statusLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"&Status", None))
        self.ownerOursLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"&Our owner", None))
#if QT_CONFIG(tooltip)
        self.ownerOursCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Who on our side looks after this area", None))
#endif // QT_CONFIG(tooltip)
        self.ownerTheirsLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Partner's o&wner", None))
#if QT_CONFIG(tooltip)
        self.ownerTheirsCombo.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Who on the partner's side looks after it", None))
#endif // QT_CONFIG(tooltip)
        self.reviewEveryLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Revie&w every", None))
        self.reviewEverySpin.setSuffix(QCoreApplication.translate("ConflictEditorForm", u" days", None))
#if QT_CONFIG(tooltip)
        self.reviewEverySpin.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"How often the area is reviewed", None))
#endif // QT_CONFIG(tooltip)
        self.nextReviewLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Next rev&iew", None))
#if QT_CONFIG(tooltip)
        self.nextReviewEdit.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"When the area is next due for review", None))
#endif // QT_CONFIG(tooltip)
        self.nextReviewEdit.setDisplayFormat(QCoreApplication.translate("ConflictEditorForm", u"dd MMM yyyy", None))
        self.reviewedButton.setText(QCoreApplication.translate("ConflictEditorForm", u"Reviewed toda&y", None))
#if QT_CONFIG(tooltip)
        self.reviewedButton.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Record a review today and move the next review on by the interval", None))
#endif // QT_CONFIG(tooltip)
        self.identifiedLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Identified &on", None))
#if QT_CONFIG(tooltip)
        self.identifiedEdit.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"When the area was first named", None))
#endif // QT_CONFIG(tooltip)
        self.identifiedEdit.setDisplayFormat(QCoreApplication.translate("ConflictEditorForm", u"dd MMM yyyy", None))
        self.clausesLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"Linked clauses", None))
#if QT_CONFIG(tooltip)
        self.clausesList.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Agreement clauses that handle this area; double-click one to open it in its agreement.", None))
#endif // QT_CONFIG(tooltip)
        self.linkClauseButton.setText(QCoreApplication.translate("ConflictEditorForm", u"&Link to a clause", None))
#if QT_CONFIG(tooltip)
        self.linkClauseButton.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Name this area in the conflict-protocols section of a draft agreement of the same partnership", None))
#endif // QT_CONFIG(tooltip)
        self.unlinkClauseButton.setText(QCoreApplication.translate("ConflictEditorForm", u"&Unlink", None))
#if QT_CONFIG(tooltip)
        self.unlinkClauseButton.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Take this area out of the selected clause (draft agreements only)", None))
#endif // QT_CONFIG(tooltip)
        self.tabs.setTabText(self.tabs.indexOf(self.opennessTab), QCoreApplication.translate("ConflictEditorForm", u"Openness && review", None))
#if QT_CONFIG(tooltip)
        self.historyList.setToolTip(QCoreApplication.translate("ConflictEditorForm", u"Every change of status, openness, treatment or rating, newest first", None))
#endif // QT_CONFIG(tooltip)
        self.tabs.setTabText(self.tabs.indexOf(self.historyTab), QCoreApplication.translate("ConflictEditorForm", u"History", None))
        self.noteLabel.setText(QCoreApplication.translate("ConflictEditorForm", u"N&ote for history", None))
        self.noteEdit.setPlaceholderText(QCoreApplication.translate("ConflictEditorForm", u"Optional: why the status or rating is changing (kept with the next change)", None))
        pass
    # retranslateUi

