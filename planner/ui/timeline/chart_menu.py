"""The right-click menu of a milestone in the Gantt chart.

It lists what can be done to the milestone and emits the choice; the view runs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from planner.services import timeline as svc


class MilestoneMenu(QMenu):
    """Edit, link, unlink, celebrate, split or delete one milestone."""

    editRequested = Signal(int)
    linkRequested = Signal()
    unlinkRequested = Signal(int)    # the dependency's id
    celebrateRequested = Signal()
    splitRequested = Signal(int)
    deleteRequested = Signal()

    def __init__(self, ident: int, data: svc.TimelineData, bite_days: int,
                 parent: QWidget | None = None, titles: Mapping[int, str] | None = None
                 ) -> None:
        """``titles``: the milestones' titles by id, those of folded groups too (the
        milestones read are titled without it)."""
        super().__init__(parent)
        self.addAction("Edit…", lambda: self.editRequested.emit(ident))
        self.addAction("Depends on…", self.linkRequested.emit)
        if titles is None:
            titles = {i.id: i.title for i in data.items}
        unlink = self.addMenu("Remove dependency")
        links = [(dep_id, pred, succ) for (pred, succ), dep_id in
                 data.dependency_ids.items() if ident in (pred, succ)]
        for dep_id, pred, succ in links:
            text = f"“{titles.get(succ, succ)}” after “{titles.get(pred, pred)}”"
            unlink.addAction(text, partial(self.unlinkRequested.emit, dep_id))
        unlink.setEnabled(bool(links))
        self.addAction("Celebrate…", self.celebrateRequested.emit)
        self.addAction(f"Split into {bite_days}-day bites",
                       lambda: self.splitRequested.emit(ident))
        self.addSeparator()
        self.addAction("Delete", self.deleteRequested.emit)
