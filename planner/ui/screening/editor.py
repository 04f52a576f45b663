"""The editor of one opportunity (ui layer): a header with its figures, and the Context,
Gates, Scores, Decision and Partner's view tabs, each a module of its own; the tabs after
Context are made when first chosen.

The editor and its tabs hold no store and push nothing; the tabs emit signals that
ScreeningView connects (planner/ui/screening/view.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
from planner.ui.shell.long_text import calm_wrapping
from planner.ui.shell.views import fit_small_screens
from planner.ui.shell.wheel_guard import steady_wheels

# The tabs made when first chosen or asked for (most visits read Context): a row per gate or
# criterion. Decision and Partner's view are made at once: cheap, and the widest (the
# editor's least width, which the splitter keeps, is theirs).
LATER_TABS = (("gates", "&Gates"), ("scores", "&Scores"))


class OpportunityEditor(QWidget):
    """Context, gates, scores, decision and the partner's view for one opportunity.

    The Gates and Scores tabs are made when first chosen or asked for (``gates``,
    ``scores``), loaded then with the opportunity shown, and announced with ``made`` so that
    the view connects what they ask for."""

    made = Signal(str, QWidget)  # "gates" or "scores"; the tab

    def __init__(self, partner_page: PartnerViewPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opp: svc.OpportunityRow | None = None
        self._shown: tuple[svc.ScreeningData, svc.OpportunityRow | None] | None = None
        self._made: dict[str, QWidget] = {}
        self._holders: dict[str, QWidget] = {}
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
        for name, label in LATER_TABS:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders[name] = holder
            self.tabs.addTab(holder, label)
        self.decision = DecisionTab()
        self.tabs.addTab(self.decision, "&Decision")
        # The partner's own view: questionnaire out, answers in, theirs beside ours.
        self.partner_page = partner_page
        self.tabs.addTab(self.partner_page, "P&artner's view")
        self.tabs.currentChanged.connect(self._chosen)

    # ------------------------------------------------------------------ the tabs

    @property
    def gates(self) -> GatesTab:
        tab = self._tab("gates")
        assert isinstance(tab, GatesTab)
        return tab

    @property
    def scores(self) -> ScoresTab:
        tab = self._tab("scores")
        assert isinstance(tab, ScoresTab)
        return tab

    def is_made(self, name: str) -> bool:
        return name in self._made

    def make_every_tab(self) -> None:
        for name, _label in LATER_TABS:
            self._tab(name)

    def show_tab(self, tab: QWidget) -> None:
        """Bring ``tab`` (any of them; Gates and Scores once made) to the front."""
        holder = next((self._holders[n] for n, made in self._made.items() if made is tab), tab)
        self.tabs.setCurrentWidget(holder)

    def _chosen(self, index: int) -> None:
        name = next((n for n, holder in self._holders.items()
                     if holder is self.tabs.widget(index)), None)
        if name is not None:
            self._tab(name)

    def _tab(self, name: str) -> QWidget:
        made = self._made.get(name)
        if made is not None:
            return made
        tab = GatesTab() if name == "gates" else ScoresTab()
        self._made[name] = tab
        holder = self._holders[name]
        layout = holder.layout()
        assert layout is not None
        layout.addWidget(tab)
        tab.show()  # a child added to a shown holder stays hidden unless told
        holder.setFocusProxy(tab)
        fit_small_screens(tab)  # as the window treats the view it makes
        calm_wrapping(tab)
        steady_wheels(tab)
        self.made.emit(name, tab)
        if self._shown is not None:
            data, o = self._shown
            self._load_rows(name, data, o, same=False)
        return tab

    # ------------------------------------------------------------------ loading

    def load(self, data: svc.ScreeningData, ranked: RankedOption | None,
             share: float | None) -> None:
        previous = self.opp.id if self.opp is not None else None
        self.opp = data.opportunity(ranked.id) if ranked is not None else None
        if ranked is None:
            self.opp = None
        self.setEnabled(self.opp is not None)
        self._shown = (data, self.opp)
        o = self.opp
        if o is None or ranked is None:
            self.header.setText("<h3>No opportunity selected</h3><p>Choose one in the "
                                "table, or add a new one.</p>")
        else:
            self.header.setText(self._header(data, o, ranked, share))
        self.context.load(data, o)
        for name in self._made:
            self._load_rows(name, data, o, same=o is not None and o.id == previous)
        if o is None:
            self.decision.load(data, None)
            self.partner_page.load(None, "")
        else:
            self.partner_page.load(o.id, o.title)
            self.decision.load(data, o, self.partner_page.round_names)

    def _load_rows(self, name: str, data: svc.ScreeningData, o: svc.OpportunityRow | None,
                   same: bool) -> None:
        """Show ``o`` (or nothing) on the Gates or Scores tab, made; ``same``: it was shown
        already, so the keyboard stays on the row it was on (a colleague's new gate or
        criterion rebuilds the rows)."""
        tab = self.gates if name == "gates" else self.scores
        place = focused_place(tab.rows)
        tab.build(data)
        if isinstance(tab, GatesTab):
            tab.load(o)
        else:
            tab.load(data, o)
        if same:
            focus_place(tab.rows, place)

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
