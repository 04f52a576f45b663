"""The Conflicts view (ui layer): the conflict-area register, its heat map and an editor.

Left, the register as a sortable, filterable table (register_model); right, the 5 x 5 heat
map (click a cell to show only its areas) and the status trend (heat_map), above the
editor of the selected area (editor). The editor says what the user changed through its
signals; this module checks each edit with the service and pushes it as an undo command;
bad input is explained beside the editor and nothing is saved.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain import conflicts as rules
from planner.domain.conflicts import Openness
from planner.services import conflicts as svc
from planner.services.changes import ChangeSet, Topic, ValidationError
from planner.ui.conflicts.bands_dialog import ConflictBandsDialog
from planner.ui.conflicts.commands import (
    BandLimitsCommand,
    ConflictCreateCommand,
    ConflictDeleteCommand,
    ConflictEditCommand,
    ConflictLinkCommand,
    ConflictReviewCommand,
)
from planner.ui.conflicts.editor import TYPED_FIELDS, ConflictEditor
from planner.ui.conflicts.filter_bar import FilterBar
from planner.ui.conflicts.heat_map import HeatMapWidget, StatusTrendChart
from planner.ui.conflicts.register_model import (
    ROW_ROLE,
    ConflictFilterProxy,
    ConflictTableModel,
    building_rows,
    needs_clause,
)
from planner.ui.shell import chooser, file_dialogs
from planner.ui.shell.background import JobRunner
from planner.ui.shell.context import ViewContext
from planner.ui.shell.views import BaseView

# Kinds an edit of areas touches; anything else (a renamed partnership, a new person)
# reloads the whole register.
_ROW_KINDS = frozenset({"conflict_area", "conflict_history", "opportunity"})


class ConflictsView(BaseView):
    topics = frozenset({Topic.CONFLICTS, Topic.OPPORTUNITIES, Topic.PEOPLE, Topic.PROFILE,
                        Topic.ORGANISATIONS, Topic.AGREEMENTS,
                        Topic.SCREENING})  # a partner's answers name its conflicts
    exportFinished = Signal(str, str)  # file, problem ("" when written)

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.reg: svc.Register | None = None
        self.current: svc.RegisterRow | None = None
        self._loading = False
        self.jobs = JobRunner(self)  # the register's export

        self.model = ConflictTableModel(self)
        self.proxy = ConflictFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.bar = FilterBar()
        self._connect_bar()
        self.proxy.set_filter(status="active")
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # worst "after" first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((58, 230, 86, 86, 70, 90, 130, 96, 170, 170, 120)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.heat = HeatMapWidget()
        self.heat.cellChosen.connect(self._cell_chosen)
        self.heat.cellCleared.connect(self._cell_cleared)
        self.modeCombo = QComboBox()
        self.modeCombo.addItem("After treatment (residual)", "residual")
        self.modeCombo.addItem("Before treatment (inherent)", "inherent")
        self.modeCombo.setToolTip("Which rating the heat map and the band filter use")
        self.modeCombo.currentIndexChanged.connect(self._mode_changed)

        self.editor = ConflictEditor()
        self.ui = self.editor.ui
        self.linkMenu = self.editor.linkMenu
        self._connect_editor()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        heat_page = QWidget()
        heat_layout = QVBoxLayout(heat_page)
        heat_layout.setContentsMargins(4, 4, 4, 0)
        mode_row = QHBoxLayout()
        mode_row.addWidget(QLabel("Rating:"))
        mode_row.addWidget(self.modeCombo, 1)
        heat_layout.addLayout(mode_row)
        heat_layout.addWidget(self.heat, 1)
        self.trend = StatusTrendChart()
        self.trend.setToolTip("How many areas were in each status at the end of each month, "
                              "for the partnership chosen above")
        self.chartTabs = QTabWidget()
        self.chartTabs.addTab(heat_page, "Heat &map")
        self.chartTabs.addTab(self.trend, "Ove&r time")
        self.chartTabs.currentChanged.connect(lambda _i: self._update_trend())
        right_layout.addWidget(self.chartTabs, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.editor)
        # The splitter keeps the editor whole; the table gives up the width instead.
        scroll.setMinimumWidth(self.editor.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width() + 4)
        # Refusals show above the editor's scroll area, so they are seen whichever field
        # was being edited (inside it, the message could be scrolled out of sight; below
        # it, at 1024×768 it lay below the fold of the window's view). The editor also
        # scrolls the window's view to it (ConflictEditor.say).
        self.ui.outerLayout.removeWidget(self.ui.errorLabel)
        right_layout.addWidget(self.ui.errorLabel)
        right_layout.addWidget(scroll, 3)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 480])

        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(splitter, 1)
        self.reload()

    # ------------------------------------------------------------------ building

    def _connect_bar(self) -> None:
        bar = self.bar
        bar.filterChanged.connect(lambda name, value: self._set_filter(**{name: value}))
        bar.newRequested.connect(self.new_area)
        bar.deleteRequested.connect(self.delete_area)
        bar.exportRequested.connect(lambda: self.export())
        bar.bandsRequested.connect(lambda: self.edit_bands())
        # What tests and the window reach by name.
        self.partnershipFilter, self.bandFilter = bar.partnershipFilter, bar.bandFilter
        self.statusFilter, self.flaggedCheck = bar.statusFilter, bar.flaggedCheck
        self.searchEdit, self.bannerLabel = bar.searchEdit, bar.bannerLabel
        self.newButton, self.deleteButton = bar.newButton, bar.deleteButton
        self.exportButton, self.bandsButton = bar.exportButton, bar.bandsButton

    def _connect_editor(self) -> None:
        editor = self.editor
        editor.fieldEdited.connect(self._edit)
        editor.reviewRequested.connect(self.record_review)
        editor.clauseOpened.connect(
            lambda section: self.ctx.events.open_record.emit("agreement_section", section))
        editor.linkRequested.connect(lambda section: self.link_clause(section))
        editor.unlinkRequested.connect(lambda: self.unlink_clause())
        editor.linkTargetsWanted.connect(self._fill_link_menu)
        # The owners' boxes offer “New person…” (ours in our organisation, theirs in the
        # partner's) and create a typed name that is not listed.
        for combo, name, org in ((self.ui.ownerOursCombo, "owner_ours_id", self._our_org),
                                 (self.ui.ownerTheirsCombo, "owner_theirs_id",
                                  self._their_org)):
            chooser.attach(combo, self.ctx, "person", partial(self._edit, name),
                           partial(self._saved, name), org)

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read the register again, keeping the filters and the selected area."""
        keep = self.current.id if self.current else None
        with building_rows():
            self.reg = svc.register(self.ctx.store)
            self._loading = True
            try:
                self._fill_partnerships()
                self.model.set_rows(list(self.reg.rows))
            finally:
                self._loading = False
            self._update_heat_map()
            self._update_banner()
        self._keep_current(keep)

    def _fill_partnerships(self) -> None:
        assert self.reg is not None
        if not self.bar.show_partnerships(self.reg.partnerships,
                                          {r.opportunity_id for r in self.reg.rows}):
            self.proxy.set_filter(partnership_id=None)
        self.editor.set_partnerships(self.reg.partnerships)

    def _visible_rows(self) -> list[svc.RegisterRow]:
        indexes = (self.proxy.index(r, 0) for r in range(self.proxy.rowCount()))
        return [row for index in indexes if (row := index.data(ROW_ROLE)) is not None]

    def _update_heat_map(self) -> None:
        if self.reg is None:
            return
        # The map counts what the other filters let through, so clicking a cell narrows
        # the table within the current partnership, band and status.
        test = self.proxy.test(ignore_cell=True)
        # Without a cell chosen that is the table's own filter, already applied (model.shown).
        shown = (self.model.rows if test is None else self.model.shown
                 if self.proxy.cell is None else filter(test, self.model.rows))
        rating = (attrgetter("likelihood", "impact") if self.proxy.mode == "inherent"
                  else attrgetter("residual_likelihood", "residual_impact"))
        # rules.heat_counts, but counted in C (Counter) and placed once per distinct rating
        tally = Counter(map(rating, shown))
        counts = rules.heat_counts(())
        for (likelihood, impact), n in tally.items():
            if 1 <= likelihood <= 5 and 1 <= impact <= 5:
                counts[likelihood - 1][impact - 1] += n
        self.heat.set_counts(counts, self.reg.band_limits)
        self.heat.set_selected_cell(self.proxy.cell)
        self.heat.set_caption("Areas after treatment (residual)" if self.proxy.mode == "residual"
                              else "Areas before treatment (inherent)")
        self._update_arrow()
        self._update_trend()

    def _update_trend(self) -> None:
        """Rebuild the status chart, only while it is the tab in front (it reads history)."""
        if self.chartTabs.currentWidget() is not self.trend:
            return
        trend = svc.status_trend(self.ctx.store, opportunity_id=self.proxy.partnership_id)
        self.trend.set_trend(trend.dates, trend.counts)

    def _update_arrow(self) -> None:
        row = self.current
        if row is None:
            self.heat.set_arrow(None, None)
        else:
            self.heat.set_arrow((row.likelihood, row.impact),
                                (row.residual_likelihood, row.residual_impact))

    def _update_banner(self) -> None:
        self.bar.show_summary(self.model.rows, self.proxy.rowCount(), self.proxy.cell,
                              bool(self.reg and self.reg.partnerships))

    # ------------------------------------------------------------------ selection

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.table.selectRow(0)
            self._row_changed(self.proxy.index(0, 0), QModelIndex())
        else:
            self._show(None)

    def select_area(self, area_id: int) -> bool:
        """Choose the area in the table; False when the filters hide it (or it is gone)."""
        source = self.model.shown_row_of(area_id)
        if source is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._show(self.model.shown[source])
        return True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        self._show(row)

    def _show(self, row: svc.RegisterRow | None) -> None:
        self.current = row
        self._load_editor()
        self._update_arrow()
        self.deleteButton.setEnabled(row is not None)

    def _load_editor(self) -> None:
        row = self.current
        history = svc.history(self.ctx.store, row.id) if row is not None else []
        self._loading = True
        try:
            self.editor.show_area(row, self.reg, history)
        finally:
            self._loading = False

    # ------------------------------------------------------------------ filters

    def _set_filter(self, **values: Any) -> None:
        if self._loading:
            return
        self.proxy.set_filter(**values)
        self._update_heat_map()
        self._update_banner()
        if self.current is None or not self.select_area(self.current.id):
            self._select_first()

    def _cell_chosen(self, likelihood: int, impact: int) -> None:
        self._set_filter(cell=(likelihood, impact))

    def _cell_cleared(self) -> None:
        self._set_filter(cell=None)

    def _mode_changed(self, _index: int) -> None:
        self._set_filter(mode=self.modeCombo.currentData(), cell=None)

    # ------------------------------------------------------------------ editing

    def _saved(self, name: str) -> Any:
        return getattr(self.current, name) if self.current is not None else None

    def _our_org(self) -> int | None:
        return None  # a new person of ours

    def _their_org(self) -> int | None:
        return self.current.partner_id if self.current is not None else None

    def _edit(self, name: str, value: Any) -> None:
        if self._loading or self.current is None:
            return
        row = self.current
        old = getattr(row, name)
        if old == value or (name == "title" and old == value.strip()):
            return
        try:
            # (on a frozen team database the save checks it: the step waits, offline.py)
            self.ctx.check(partial(svc.check_update, self.ctx.store, row.id, {name: value}),
                           late=None)
        except ValidationError as exc:
            self.editor.say(exc.message)
            if name not in TYPED_FIELDS:
                self._load_editor()  # a refused choice goes back to what is saved
            return
        self.editor.say("")
        note = self.editor.take_note() if name in rules.TRACKED_FIELDS else ""
        command = ConflictEditCommand(self.ctx, row.id, {name: old}, {name: value}, note)
        self.ctx.push(command)
        if command.problem:
            self.editor.say(command.problem)

    def new_area(self) -> int | None:
        partnership = self.proxy.partnership_id
        if partnership is None and self.current is not None:
            partnership = self.current.opportunity_id
        if partnership is None and self.reg and self.reg.partnerships:
            partnership = self.reg.partnerships[0][0]
        if partnership is None:
            QMessageBox.information(self, "New conflict area",
                                    "Add an opportunity first: every conflict area belongs "
                                    "to a partnership.")
            return None
        command = ConflictCreateCommand(self.ctx, {"opportunity_id": partnership,
                                                   "title": "New conflict area"})
        try:
            self.ctx.push(command)
        except ValidationError as exc:  # pragma: no cover - values above are valid
            QMessageBox.warning(self, "New conflict area", exc.message)
            return None
        if command.ident is None:
            return None
        if self.model.row_of(command.ident) is None:
            self.reload()
        if not self.select_area(command.ident):
            self.clear_filters(keep_partnership=True)
            self.select_area(command.ident)
        self.ui.tabs.setCurrentIndex(0)
        self.ui.titleEdit.setFocus()
        self.ui.titleEdit.selectAll()
        return command.ident

    def delete_area(self) -> None:
        if self.current is None:
            return
        row = self.current
        try:
            svc.check_delete(self.ctx.store, row.id)
        except ValidationError as exc:
            QMessageBox.information(self, "Delete conflict area", exc.message)
            return
        self.ctx.push(ConflictDeleteCommand(self.ctx, row.id, row.title))
        self.ctx.events.status.emit(f"Deleted “{row.title}”; Edit › Undo brings it back.")

    def record_review(self) -> None:
        if self.current is None:
            return
        self.ctx.push(ConflictReviewCommand(self.ctx, self.current.id, self.editor.take_note()))

    def edit_bands(self, limits: tuple[int, ...] | None = None) -> bool:
        """Ask for new bands (or use ``limits``) and apply them as one undo step."""
        old = self.reg.band_limits if self.reg else rules.DEFAULT_BAND_LIMITS
        if limits is None:
            dialog = ConflictBandsDialog(old, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            limits = dialog.limits()
        if tuple(limits) == tuple(old):
            return False
        try:
            rules.check_band_limits(limits)
        except ValueError as exc:
            QMessageBox.warning(self, "Conflict bands", str(exc))
            return False
        self.ctx.push(BandLimitsCommand(self.ctx, tuple(old), tuple(limits)))
        return True

    def _fill_link_menu(self) -> None:
        """The clauses this area could be linked to, read when the menu opens."""
        from planner.services import agreements as agreements_svc  # see link_clause

        row = self.current
        self.editor.offer_links(
            [t for t in agreements_svc.clause_targets(self.ctx.store, row.id) if not t.linked]
            if row is not None else None)

    def link_clause(self, section_id: int, *, link: bool = True) -> bool:
        """Name the selected area in a clause (or take it out) as one undo step."""
        row = self.current
        if row is None:
            return False
        # Imported when first needed: the view shows sooner (~25 ms at its first showing).
        from planner.services import agreements as agreements_svc

        targets = {t.section_id: t for t in agreements_svc.clause_targets(self.ctx.store, row.id)}
        target = targets.get(section_id)
        if target is None:
            self.editor.say("Only clauses of a draft agreement of this partnership "
                            "can be changed here; amend an agreed one first.")
            return False
        # Settled before any edit is pushed: is an internal-only area being shown to the
        # partner for the first time?
        from planner.ui.shell import raise_check

        answer = raise_check.LINK_ONLY
        if link:
            internal = svc.internal_areas(self.ctx.store, [row.id])
            if internal:
                answer = raise_check.ask(self, internal)
                if answer == raise_check.CANCEL:
                    return False
        command = ConflictLinkCommand(self.ctx, section_id, row.id, link, target.title)
        if answer == raise_check.RECORD:
            self.ctx.undo.beginMacro(f"Raise and link conflict area to “{target.title}”")
            self.ctx.push(ConflictEditCommand(self.ctx, row.id, {"openness": Openness.INTERNAL},
                                              {"openness": Openness.RAISED},
                                              note=raise_check.RAISED_NOTE))
            self.ctx.push(command)
            self.ctx.undo.endMacro()
        else:
            self.ctx.push(command)
        if command.problem:
            self.editor.say(command.problem)
            return False
        self.editor.say("")
        return True

    def unlink_clause(self) -> bool:
        clause = self.editor.clause()
        return False if clause is None else self.link_clause(clause.section_id, link=False)

    def export(self, path: str | None = None) -> Path | None:
        """Write the areas shown to a file, off the GUI thread; ``exportFinished`` reports.

        Returns the file being written, or None when the user cancelled.
        """
        out = Path(path) if path else file_dialogs.ask_save(
            self, "Export the conflict register", "conflict-register.xlsx",
            "Excel workbook (*.xlsx);;Comma-separated values (*.csv)")
        if out is None:
            return None
        if out.suffix.lower() not in (".xlsx", ".csv"):
            out = out.with_suffix(".xlsx")
        ids = [row.id for row in self._visible_rows()]
        store = self.ctx.store
        self.bar.set_exporting(True)
        self.ctx.events.status.emit(f"Writing the conflict register to {out}…")
        self.jobs.start(lambda: svc.export_register(store, out, rows=ids),
                        done=lambda count: self._exported(out, count, ""),
                        failed=lambda message: self._exported(out, 0, message),
                        unexpected="unexpected problem")
        return out

    def _exported(self, out: Path, count: object, problem: str) -> None:
        self.bar.set_exporting(False)
        if problem:
            QMessageBox.warning(self, "Export the conflict register",
                                f"The register could not be written to {out}: {problem}")
        else:
            self.ctx.events.status.emit(f"{count} conflict areas written to {out}")
        self.exportFinished.emit(str(out), problem)

    # ------------------------------------------------------------------ contract

    def refresh(self, changes: ChangeSet) -> None:
        # Hidden, this view hears nothing (the window hands it the backlog when shown), so
        # typing elsewhere never waits for the register to reload.
        if not changes.concerns(self.topics):
            return
        ids = changes.only_rows(_ROW_KINDS, "conflict_area")
        if ids is not None and self.reg is not None:
            self._reload_rows(set(ids))
        else:
            self.reload()

    def _reload_rows(self, ids: set[int]) -> None:
        """An edit of a few areas: read just those rows (a full reload costs ~0.2 ms a row)."""
        assert self.reg is not None
        keep = self.current.id if self.current else None  # before the table moves its choice
        fresh = svc.register(self.ctx.store, area_ids=sorted(ids))
        before = {i: self._map_key(self.model.rows[at]) for i in ids
                  if (at := self.model.row_of(i)) is not None}
        after = {row.id: self._map_key(row) for row in fresh.rows}
        self._loading = True
        try:
            self.model.update_rows(ids, list(fresh.rows))
            if {r.opportunity_id for r in fresh.rows} - self.bar.offers():
                self._fill_partnerships()
        finally:
            self._loading = False
        if before != after:  # typing a description changes nothing the map or banner show
            self._update_heat_map()
            self._update_banner()
        if keep is not None and self.model.row_of(keep) is None:  # deleted: the next area
            keep = self.current.id if self.current else None  # (where the table moved)
        self._keep_current(keep)

    def _map_key(self, row: svc.RegisterRow) -> tuple[object, ...]:
        """What of a row the heat map, the trend, the banner and the filters depend on."""
        key: tuple[object, ...] = (
            row.likelihood, row.impact, row.residual_likelihood, row.residual_impact,
            row.status, row.opportunity_id, row.overdue, row.stale_internal,
            needs_clause(row), row.inherent_band, row.residual_band, row.identified_on)
        if self.proxy.text:
            key += (row.code, row.title, row.partnership, row.partner, row.overlap_domain,
                    row.description)
        return key

    def _keep_current(self, keep: int | None) -> None:
        """Stay on the area being edited, even when the edit moved it out of the filter:
        the editor keeps it (the next edit cannot land on another area) and no table row
        is chosen until the user chooses one; the first area shown when ``keep`` is gone
        or None. Callers name ``keep`` from before the refresh: a row leaving the table
        has by then moved the table's choice to the next row."""
        if keep is not None and not self.select_area(keep):
            at = self.model.row_of(keep)
            if at is not None:
                self.table.clearSelection()
                self.table.selectionModel().clearCurrentIndex()  # a click on any row is heard
                self._show(self.model.rows[at])
                return
        if keep is None or self.model.row_of(keep) is None:
            self._select_first()

    def show_record(self, kind: str, ident: int) -> bool:
        if kind != "conflict_area":
            return False
        if self.model.row_of(ident) is None:
            self.reload()
        if not self.select_area(ident):
            self.clear_filters()
            return self.select_area(ident)
        return True

    def clear_filters(self, *, keep_partnership: bool = False) -> None:
        """Show every area (of the chosen partnership), widgets and filter alike."""
        self._loading = True
        try:
            self.bar.clear(keep_partnership=keep_partnership)
        finally:
            self._loading = False
        self.proxy.set_filter(partnership_id=self.partnershipFilter.currentData(), band="",
                              status="", flagged_only=False, cell=None, text="")
        self._update_heat_map()
        self._update_banner()
