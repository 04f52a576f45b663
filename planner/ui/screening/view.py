"""The Screening view (ui layer): rank opportunities, screen one, agree weights, see capacity.

Three pages. **Ranking**: the ranked table (ranking.py: search, declined kept and
searchable), a stacked bar of each criterion's weighted contribution
(contribution_chart.py), and the editor for the selected opportunity (editor.py: context,
gates, scores with evidence, decisions, the partner's view; the tabs after Context are made
when first chosen). **Weights** (weights_page.py): sliders that always total 100
or a pairwise grid with the live consistency ratio; changes are a draft previewed in the
ranking until agreed with a reason (the log keeps every change), plus the criteria themselves
(criteria_page.py) and how far each weight can move before the top group changes.
**Capacity**: the board of strategic slots and CEO hours (planner/ui/capacity/board.py).

The pages and tabs hold no store and push nothing: they emit signals, and this view turns
them into undo commands (``commands.py``, see ``_connect_edits``). The view reloads its
snapshot from the service when a ChangeSet concerns screening.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain.capacity import Choice
from planner.domain.screening import RankedOption
from planner.services import screening as svc
from planner.services import validate
from planner.services.changes import ChangeSet, Topic, ValidationError
from planner.ui.capacity.board import CapacityBoard
from planner.ui.screening import commands as cmd
from planner.ui.screening.common import GREY, ID_ROLE, RED, MessageLabel
from planner.ui.screening.context_tab import CHOOSER_FIELDS
from planner.ui.screening.contribution_chart import ContributionChart
from planner.ui.screening.decision_tab import DecisionRequest
from planner.ui.screening.editor import OpportunityEditor
from planner.ui.screening.gates_tab import GatesTab
from planner.ui.screening.make_room import CapacityChoiceDialog
from planner.ui.screening.partner_tab import PartnerReads, PartnerViewPage
from planner.ui.screening.ranking import RankingFilterProxy, RankingTableModel, TitleFloor
from planner.ui.screening.scores_tab import ScoresTab
from planner.ui.shell import chooser
from planner.ui.shell.commands import EditCommand
from planner.ui.shell.context import ViewContext
from planner.ui.shell.long_text import calm_wrapping
from planner.ui.shell.views import BaseView, fit_small_screens
from planner.ui.shell.wheel_guard import steady_wheels

if TYPE_CHECKING:
    from planner.ui.screening.weights_page import WeightsPage  # with pyqtgraph: made on demand

# Changes that only concern the opportunities they name (their ids are in the ChangeSet).
PER_OPPORTUNITY_KINDS = frozenset({"opportunity", "criterion_score", "gate_result", "decision",
                                   "partner_answers"})
# The ranking's titles: the narrowest they get with every column in view (two lines of a
# few words), and their width when the table must scroll sideways anyway (at 1024 px). The
# narrowest the search and new-title boxes get (their words readable at 1024 px).
TITLE_LEAST = 150
TITLE_FLOOR = 220
BOX_MIN_WIDTH = 170


class ScreeningView(BaseView):
    """The Ranking, Weights and Capacity pages; the one place screening edits are pushed."""

    topics = frozenset({Topic.OPPORTUNITIES, Topic.SCREENING, Topic.PROFILE,
                        Topic.ORGANISATIONS, Topic.PEOPLE,
                        Topic.CONFLICTS})  # the register feeds conflict exposure

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data = svc.load(ctx.store)
        self.ranking: list[RankedOption] = []
        self.shares: dict[int, float] = {}
        self._selected: int | None = None
        self._board_key: tuple[Any, ...] = ()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.pages = QTabWidget()
        layout.addWidget(self.pages)

        # Ranking page
        ranking_page = QWidget()
        ranking_layout = QVBoxLayout(ranking_page)
        ranking_layout.setContentsMargins(0, 0, 0, 0)
        self.preview_banner = QLabel()
        self.preview_banner.setStyleSheet("background: #fff6dc; padding: 4px;")
        self.preview_banner.setWordWrap(True)
        self.preview_banner.hide()
        ranking_layout.addWidget(self.preview_banner)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        ranking_layout.addWidget(splitter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        # Two rows: on one, at 1024 px the boxes were squeezed to "Sear…" and "N…".
        tools = QHBoxLayout()
        adding = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, partners, purposes and decision reasons")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search opportunities")
        self.show_declined = QCheckBox("Show decl&ined")
        self.show_declined.setChecked(True)
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("New opportunity title")
        self.new_button = QPushButton("&New opportunity")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete an opportunity screened by mistake (decline it to "
                                      "keep it on record)")
        self.search.setMinimumWidth(BOX_MIN_WIDTH)
        self.new_title.setMinimumWidth(BOX_MIN_WIDTH)
        tools.addWidget(self.search, 1)
        tools.addWidget(self.show_declined)
        adding.addWidget(self.new_title, 1)
        adding.addWidget(self.new_button)
        adding.addWidget(self.delete_button)
        left_layout.addLayout(tools)
        left_layout.addLayout(adding)
        self.message = MessageLabel()
        self.message.setStyleSheet(f"color: {RED};")
        self.message.setWordWrap(True)
        left_layout.addWidget(self.message)
        self.empty_note = QLabel()
        self.empty_note.setWordWrap(True)
        self.empty_note.setStyleSheet(f"color: {GREY}; padding: 6px 2px;")
        self.empty_note.hide()
        left_layout.addWidget(self.empty_note)
        self.model = RankingTableModel(self)
        self.proxy = RankingFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Widths from the header text, not the contents: sizing to contents reads every cell
        # of every row on each reload, which is slow with hundreds of opportunities.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = header.fontMetrics()
        for column, title in enumerate(RankingTableModel.COLUMNS):
            header.resizeSection(column, metrics.horizontalAdvance(title) + 28)
        # Room for the longest stage, "Pursued (operational)", rather than eliding it.
        header.resizeSection(6, metrics.horizontalAdvance("Pursued (operational)") + 16)
        # Titles fill what the other columns leave; when that is too little to read, they
        # keep TITLE_FLOOR px and the table scrolls sideways.
        self.title_floor = TitleFloor(self.table, 1, TITLE_LEAST, TITLE_FLOOR)
        # Titles get two lines (the second elided, the whole title in the tooltip): one
        # line left most of each title unread beside the editor. A fixed row height keeps
        # reloads quick (no per-row measuring).
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(
            2 * self.table.fontMetrics().lineSpacing() + 10)
        self.table.setAccessibleName("Ranked opportunities")
        chart_split = QSplitter(Qt.Orientation.Vertical)
        chart_split.addWidget(self.table)
        self.chart = ContributionChart()
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_title = QLabel("<b>What each criterion contributes</b> (ranked opportunities)")
        chart_layout.addWidget(chart_title)
        chart_layout.addWidget(self.chart, 1)
        chart_layout.addWidget(self.chart.key)
        chart_split.addWidget(chart_box)
        chart_split.setSizes([320, 260])
        left_layout.addWidget(chart_split)
        splitter.addWidget(left)
        self.editor = OpportunityEditor(PartnerViewPage(PartnerReads.of(ctx.store)))
        splitter.addWidget(self.editor)
        splitter.setSizes([760, 480])
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.pages.addTab(ranking_page, "Ranking")

        # The Weights page is made when it is first shown or asked for (self.weights):
        # most visits stay on the Ranking page.
        self._weights: WeightsPage | None = None
        self._weights_holder = QWidget()
        QVBoxLayout(self._weights_holder).setContentsMargins(0, 0, 0, 0)
        self.pages.addTab(self._weights_holder, "Weights")
        self.pages.currentChanged.connect(
            lambda i: self.weights if self.pages.widget(i) is self._weights_holder else None)
        self.board = CapacityBoard()
        self.pages.addTab(self.board, "Capacity")

        self.search.textChanged.connect(self.proxy.set_search)
        self.show_declined.toggled.connect(self.proxy.set_show_declined)
        for signal in (self.search.textChanged, self.show_declined.toggled):
            signal.connect(lambda *_a: self._show_empty_note())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.new_button.clicked.connect(self.new_opportunity)
        self.new_title.returnPressed.connect(self.new_opportunity)
        self.delete_button.clicked.connect(self.delete_opportunity)
        self._connect_edits()
        self.board.open_requested.connect(lambda ident: self.show_record("opportunity", ident))
        self.board.move_requested.connect(self.move_on_board)
        # The descriptions are what Help › Keyboard shortcuts lists.
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search).setWhatsThis(
            "Search the opportunities")
        QShortcut(QKeySequence("Ctrl+L"), self, lambda: self.table.setFocus()).setWhatsThis(
            "Go to the list of opportunities")
        QShortcut(QKeySequence("Ctrl+E"), self, self._focus_editor).setWhatsThis(
            "Go to the chosen opportunity's details")
        self.setTabOrder(self.search, self.table)
        self._apply(None)  # self.data was loaded above

    # ------------------------------------------------------------------ contract

    def refresh(self, changes: ChangeSet) -> None:
        # Hidden, this view hears nothing (the window hands it the backlog when shown), so
        # edits elsewhere never wait for the ranking and stability to be worked out.
        if changes.concerns(self.topics):
            self._reload(changes)

    def show_record(self, kind: str, ident: int) -> bool:
        if kind not in ("opportunity", "decision"):
            return False
        if self.data.opportunity(ident) is None:
            return False
        self.pages.setCurrentIndex(0)
        self.search.clear()
        self.show_declined.setChecked(True)
        self.select(ident)
        return True

    def finish_edits(self) -> bool:
        """A half-written decision is never recorded by itself: closing the plan shows it."""
        decision = self.editor.decision
        waiting = [i for i in decision.unrecorded() if self.data.opportunity(i) is not None]
        if not waiting:
            return True
        self.select(waiting[0])
        self.editor.tabs.setCurrentWidget(decision)
        decision.show_error("This decision is not recorded yet: Record decision keeps it.")
        return False

    def make_every_page(self) -> None:
        _ = self.weights, self.board.cards
        self.editor.make_every_tab()

    def show_page(self, name: str) -> QWidget | None:
        """Switch to a sub-page ("ranking", "weights", "capacity", or "partner": the Partner's
        view tab of the first opportunity with the partner's answers); the window is grabbed."""
        index = {"ranking": 0, "weights": 1, "capacity": 2, "partner": 0}.get(name)
        if index is not None:
            self.pages.setCurrentIndex(index)
        if name == "partner":
            from planner.services.partner_view import rounds

            answered = [o.id for o in self.data.opportunities
                        if rounds(self.ctx.store, o.id)]
            if answered:
                self.select(answered[0])
            self.editor.show_tab(self.editor.partner_page)
        return None

    # ------------------------------------------------------------------ edits

    def _connect_edits(self) -> None:
        """What the editor's tabs and the Weights page ask for becomes an undo step here."""
        ctx, editor = self.ctx, self.editor
        context = editor.context
        context.edited.connect(self._edit_opportunity)
        context.new_spanner_requested.connect(lambda: self.new_boundary_spanner())
        # Partner and people boxes offer “New…” and create a typed name that is not listed.
        for combo, (name, table) in zip(context.chooser_boxes(), CHOOSER_FIELDS, strict=True):
            chooser.attach(combo, ctx, table, partial(context.picked, name, combo),
                           partial(context.saved, name))
        editor.decision.decision_requested.connect(self._record_decision)
        editor.partner_page.keep_requested.connect(self._keep_partner_answers)
        editor.partner_page.status.connect(ctx.events.status.emit)
        editor.made.connect(self._connect_tab)  # Gates and Scores: made when first chosen

    def _connect_tab(self, _name: str, tab: QWidget) -> None:
        ctx = self.ctx
        if isinstance(tab, GatesTab):
            tab.answer_changed.connect(
                lambda opp, gate, old, new, name: self.push(
                    cmd.SetGateCommand(ctx, opp, gate, old, new, name)))
            tab.gate_added.connect(lambda name: self.push(cmd.AddGateCommand(ctx, name)))
            tab.gate_removed.connect(
                lambda gate, name: self.push(cmd.RemoveGateCommand(ctx, gate, name)))
        elif isinstance(tab, ScoresTab):
            tab.score_changed.connect(
                lambda opp, criterion, old, new, name: self.push(
                    cmd.SetScoreCommand(ctx, opp, criterion, old, new, name)))

    @property
    def weights(self) -> WeightsPage:
        """The Weights page (made now if it has not been shown yet)."""
        if self._weights is None:
            from planner.ui.screening.weights_page import WeightsPage  # pyqtgraph comes with it

            self._weights = page = WeightsPage(self.data)
            layout = self._weights_holder.layout()
            assert layout is not None
            layout.addWidget(page)
            fit_small_screens(page)  # as the window treats a view it makes
            calm_wrapping(page)
            steady_wheels(page)
            self._connect_weights(page)
            page.load(self.data)
            page.show_ranges(self.data)
        return self._weights

    def _connect_weights(self, page: WeightsPage) -> None:
        ctx = self.ctx
        page.draft_changed.connect(self._show_ranking)
        criteria = page.criteria
        criteria.criterion_edited.connect(
            lambda ident, field, old, new: self.push(
                cmd.UpdateCriterionCommand(ctx, ident, field, old, new)))
        criteria.criterion_added.connect(
            lambda name, direction: self.push(cmd.AddCriterionCommand(ctx, name, direction)))
        criteria.criterion_removed.connect(
            lambda ident, name: self.push(cmd.RemoveCriterionCommand(ctx, ident, name)))
        page.agree_requested.connect(self._agree_weights)
        page.top_k_changed.connect(
            lambda old, new: self.push(cmd.SetTopKCommand(ctx, old, new)))

    def _edit_opportunity(self, name: str, value: Any, widget: QWidget) -> None:
        opp = self.editor.context.opp
        if opp is None:
            return
        try:
            cleaned = svc.check_opportunity_value(self.ctx.store, name, value)
        except ValidationError as exc:
            self.editor.context.show_error(exc.message, widget)
            return
        self.editor.context.show_error("")
        old = opp.get(name)
        if cleaned != old:
            self.push(cmd.UpdateOpportunityCommand(self.ctx, opp.id, name, old, cleaned))

    def new_boundary_spanner(self) -> int | None:
        """Add a person (one undo step) and tick them as a boundary-spanner (another)."""
        context = self.editor.context
        if context.opp is None:
            return None
        ident = chooser.create_record(context.form_widget, self.ctx, "person", "",
                                      context.opp.partner_id)
        if ident is not None:
            context.add_spanner(ident)
        return ident

    def _record_decision(self, request: DecisionRequest) -> None:
        """Check the decision against the plan, ask how to make room when a strategic slot
        is needed, and record it."""
        tab = self.editor.decision
        choice: Choice | None = None
        try:
            check = svc.check_decision(self.ctx.store, request.opportunity_id, request.outcome,
                                       request.rationale, request.decided_on,
                                       tier=request.tier, review_on=request.review_on,
                                       despite=request.despite,
                                       partner_answers_id=request.partner_answers_id,
                                       data=self.data)
        except svc.CapacityChoiceNeeded as needed:
            dialog = CapacityChoiceDialog(needed.check, self, options=svc.room_options(
                self.ctx.store, self.data, needed.check))
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
                tab.show_error("Not recorded: no room was made.")
                return
            choice = dialog.chosen()
            check = needed.check
        except ValidationError as exc:
            tab.show_error(exc.message)
            return
        tab.show_error("")
        title = request.title
        if not self.push(cmd.DecideCommand(
                self.ctx, request.opportunity_id, request.outcome, request.rationale,
                request.decided_on, request.tier, request.review_on, choice, title,
                despite=request.despite, partner_answers_id=request.partner_answers_id)):
            return
        tab.recorded()
        if check is not None and check.status == "last_slot":
            self.ctx.events.status.emit(f"“{title}” fills the last strategic slot.")
        else:
            self.ctx.events.status.emit(f"Decision recorded: {request.outcome} “{title}”.")

    def _keep_partner_answers(self, preview: Any, received_on: dt.date, title: str) -> None:
        page = self.editor.partner_page
        command = cmd.ImportPartnerAnswersCommand(self.ctx, preview, received_on, title)
        if self.push(command):
            page.kept(preview)
        else:
            page.show_message(command.problem)

    def _agree_weights(self, draft: dict[int, float], reason: str, method: str,
                       pairwise: list[list[float]] | None) -> None:
        try:
            cleaned = svc.clean_weights(self.ctx.store, draft)
        except ValidationError as exc:
            self.weights.show_error(exc.message)
            return
        old = {c.id: c.weight for c in self.data.criteria}
        self.weights.agreed()
        self.push(cmd.SetWeightsCommand(self.ctx, old, cleaned, reason, method, pairwise))

    # ------------------------------------------------------------------ working

    def push(self, command: EditCommand) -> bool:
        """Push an undo command; a refusal the view did not foresee is shown, not raised."""
        self.ctx.push(command)
        if command.problem:
            self.message.setText(command.problem)
            self._reload()  # show the plan as it is, not as the refused edit hoped
            return False
        return True

    def _reload(self, changes: ChangeSet | None = None) -> None:
        ids = None if changes is None else changes.only_rows(PER_OPPORTUNITY_KINDS,
                                                             "opportunity")
        if ids is not None:
            # An edit to some opportunities: read just those again (typing stays quick).
            self.data = svc.reload_opportunities(self.ctx.store, self.data, ids)
        else:
            self.data = svc.load(self.ctx.store)
        self._apply(changes)

    def _apply(self, changes: ChangeSet | None) -> None:
        """Show ``self.data``: weights page, board and ranking."""
        # Typing a score or a rationale reloads on every key: skip what it cannot change.
        if self._weights is not None and (
                changes is None or changes.touches("criterion", "weight_profile", "profile")):
            self._weights.load(self.data)
        state = self.data.capacity_state()
        board_key = (state.limit, state.hours_budget,
                     tuple(sorted((e.id, e.title, e.tier, e.ceo_hours)
                                  for e in self.data.engagements())))
        if board_key != self._board_key:
            self._board_key = board_key
            self.board.set_state(state)
        self._show_ranking()

    def _show_ranking(self) -> None:
        draft = self._weights.draft if self._weights is not None else None
        self.ranking = self.data.ranking(draft)
        stability = self.data.stability(weights=draft)
        self.shares = stability.shares
        rows = []
        for r in self.ranking:
            opp = self.data.opportunity(r.id)
            assert opp is not None
            rows.append((r, opp, self.shares.get(r.id)))
        keep = self._selected
        self.model.set_rows(rows, self.data.top_k)
        self._show_empty_note()
        self.chart.set_data([c.name for c in self.data.criteria], self.ranking)
        if draft is not None:
            self.preview_banner.setText("Previewing draft weights: the ranking shows what they "
                                        "would do. Agree them with a reason on the Weights page, "
                                        "or revert.")
            self.preview_banner.show()
        else:
            self.preview_banner.hide()
        if self._weights is not None:
            self._weights.show_ranges(self.data)
        if keep is not None and self.data.opportunity(keep) is not None:
            self.select(keep)
        elif self.proxy.rowCount() > 0:
            self.table.selectRow(0)
        else:
            self._selected = None
            self.editor.load(self.data, None, None)

    def _show_empty_note(self) -> None:
        """Say why the table is empty, and what to do, instead of showing a blank grid."""
        if self.model.rowCount() == 0:
            text = ("No opportunities yet. Type a title in the box above and press Enter (or "
                    "New opportunity) to start screening one.")
        elif self.proxy.rowCount() == 0:
            text = (f"Nothing matches “{self.search.text()}”." if self.search.text()
                    else "Every opportunity here is declined: tick Show declined to see them.")
        else:
            text = ""
        self.empty_note.setText(text)
        self.empty_note.setVisible(bool(text))

    def select(self, ident: int) -> None:
        row = self.model.row_of(ident)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._selected = ident
        if index.isValid() and index.row() != self.table.currentIndex().row():
            self.table.setCurrentIndex(index)  # _current_changed loads the editor
        else:
            if index.isValid():
                self.table.selectionModel().select(
                    index, self.table.selectionModel().SelectionFlag.ClearAndSelect
                    | self.table.selectionModel().SelectionFlag.Rows)
            self._load_editor()
        if index.isValid():
            self.table.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        ident = self.proxy.data(current, ID_ROLE)
        if ident != self._selected:
            self._selected = ident  # the Decision tab keeps the last one's draft itself
        self._load_editor()

    def _load_editor(self) -> None:
        ranked = next((r for r in self.ranking if r.id == self._selected), None)
        self.editor.load(self.data, ranked, self.shares.get(self._selected or -1))

    def selected_id(self) -> int | None:
        return self._selected

    def new_opportunity(self) -> None:
        try:
            title = validate.name(self.new_title.text(), "The title")
        except ValidationError as exc:
            self.message.setText(exc.message)
            self.new_title.setFocus()
            return
        self.message.clear()
        self.new_title.clear()
        command = cmd.CreateOpportunityCommand(self.ctx, title)
        self.push(command)
        if command.ident is not None:
            self.select(command.ident)
            self.editor.tabs.setCurrentIndex(0)

    def delete_opportunity(self) -> None:
        ident = self._selected
        opp = self.data.opportunity(ident) if ident is not None else None
        if opp is None:
            return
        blocker = svc.delete_blocker(self.ctx.store, opp.id)
        if blocker:
            self.message.setText(blocker)
            return
        self.message.clear()
        self._selected = None
        self.push(cmd.DeleteOpportunityCommand(self.ctx, opp.id, opp.title))

    def move_on_board(self, ident: int, move: str) -> None:
        opp = self.data.opportunity(ident)
        if opp is None or (move == opp.tier and opp.stage == "pursued"):
            return  # dropped where it already was
        choice: Choice | None = None
        if move == "strategic":
            check = svc.board_check(self.data, ident)
            if check.needs_choice:
                # The same choice a recorded decision offers: what makes room.
                dialog = CapacityChoiceDialog(check, self, options=svc.room_options(
                    self.ctx.store, self.data, check))
                if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
                    self.board.show_error(f"“{opp.title}” stays {opp.tier}: no strategic slot "
                                          "was made free.")
                    return
                choice = dialog.chosen()
        self.board.show_error("")
        if self.push(cmd.BoardMoveCommand(self.ctx, ident, move, opp.title, choice)):
            if choice is not None:
                self.ctx.events.status.emit(f"“{opp.title}” is now strategic.")
        else:
            self.board.show_error(self.message.text())

    def _focus_search(self) -> None:
        self.pages.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def _focus_editor(self) -> None:
        self.pages.setCurrentIndex(0)
        self.editor.tabs.currentWidget().setFocus()
        self.editor.tabs.setFocus()
