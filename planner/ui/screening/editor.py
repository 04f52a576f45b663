"""The editor of one opportunity (ui layer): a header with its figures, and the Context,
Gates, Scores, Decision and Partner's view tabs, each a module of its own.

The editor and its tabs hold no store and push nothing; the tabs emit signals that
ScreeningView connects (planner/ui/screening/view.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from planner.domain.screening import RankedOption, stability_words
from planner.services import screening as svc
from planner.ui.screening.common import (
    GATE_LABELS,
    NOT_SCORED,
    RED,
    breakable,
    html,
    percent,
)
from planner.ui.screening.context_tab import ContextTab
from planner.ui.screening.decision_tab import DecisionTab
from planner.ui.screening.gates_tab import GatesTab
from planner.ui.screening.partner_tab import PartnerViewPage
from planner.ui.screening.scores_tab import ScoresTab
from planner.ui.shell.keep_place import focus_place, focused_place


class OpportunityEditor(QWidget):
    """Context, gates, scores, decision and the partner's view for one opportunity."""

    def __init__(self, partner_page: PartnerViewPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opp: svc.OpportunityRow | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.context = ContextTab()
        self.tabs.addTab(self.context, "&Context")
        self.gates = GatesTab()
        self.tabs.addTab(self.gates, "&Gates")
        self.scores = ScoresTab()
        self.tabs.addTab(self.scores, "&Scores")
        self.decision = DecisionTab()
        self.tabs.addTab(self.decision, "&Decision")
        # The partner's own view: questionnaire out, answers in, theirs beside ours.
        self.partner_page = partner_page
        self.tabs.addTab(self.partner_page, "P&artner's view")

    def load(self, data: svc.ScreeningData, ranked: RankedOption | None,
             share: float | None) -> None:
        # A colleague's new gate or criterion rebuilds these rows: the keyboard stays put.
        gate_place = focused_place(self.gates.rows)
        score_place = focused_place(self.scores.rows)
        self.gates.build(data)
        self.scores.build(data)
        previous = self.opp.id if self.opp is not None else None
        self.opp = data.opportunity(ranked.id) if ranked is not None else None
        self.setEnabled(self.opp is not None)
        if self.opp is None or ranked is None:
            self.opp = None
            for tab in (self.context, self.scores, self.decision):
                tab.load(data, None)
            self.gates.load(None)
            self.partner_page.load(None, "")
            self.header.setText("<h3>No opportunity selected</h3><p>Choose one in the "
                                "table, or add a new one.</p>")
            return
        o = self.opp
        self.header.setText(self._header(data, o, ranked, share))
        self.context.load(data, o)
        self.gates.load(o)
        self.scores.load(data, o)
        self.partner_page.load(o.id, o.title)
        self.decision.load(data, o, self.partner_page.round_names)
        if o.id == previous:
            focus_place(self.gates.rows, gate_place)
            focus_place(self.scores.rows, score_place)

    @staticmethod
    def _header(data: svc.ScreeningData, o: svc.OpportunityRow, ranked: RankedOption,
                share: float | None) -> str:
        rank = f"ranked {ranked.rank}" if ranked.rank is not None else "not ranked"
        if ranked.unscored:
            share = None  # no stability figure for what nobody has scored
        gates = GATE_LABELS.get(ranked.gate_status, ranked.gate_status).lower()
        words = stability_words(share, data.top_k) if share is not None else ""
        failed = (f"<br><span style='color:{RED}'>Failed: {', '.join(ranked.failed_gates)}"
                  "</span>") if ranked.failed_gates else ""
        figures = (f"<b>{NOT_SCORED.capitalize()}</b>: score it on the criteria below to "
                   f"give it a rank and a confidence; gates {gates}" if ranked.unscored
                   else f"Score <b>{ranked.score:.0f}</b>, {rank}; gates {gates}; "
                        f"confidence {percent(ranked.confidence)}"
                        f"{'; ' + words if words else ''}")
        return f"<h3>{html(breakable(o.title))}</h3><p>{figures}.{failed}</p>"
