"""What a service call changed (services layer), so views can decide whether to refresh."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ValidationError(ValueError):
    """Input the user must correct. ``field`` names the input it concerns, when one does."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# Who caused a change: the views keep the user's typing through a colleague's change, and
# the status bar says "All changes saved" only for this window's own.
THIS_WINDOW, COLLEAGUE, IMPORT = "this window", "colleague", "import"


class Topic(StrEnum):
    """What a change is about, as views subscribe to it (``BaseView.topics``)."""

    PROFILE = "profile"  # the organisation profile: limits, CEO hours, weights in use
    ORGANISATIONS = "organisations"  # partner organisations
    PEOPLE = "people"
    OPPORTUNITIES = "opportunities"  # the partnerships themselves
    SCREENING = "screening"  # criteria, gates, scores, decisions, weights, partner answers
    CONFLICTS = "conflicts"  # conflict areas, their history and readers
    AGREEMENTS = "agreements"  # agreements, sections, signatories, signatures
    MILESTONES = "milestones"  # milestones, dependencies, snapshots
    MEETINGS = "meetings"  # meetings and their actions
    HEALTH = "health"  # the health rules' thresholds


ALL_TOPICS = frozenset(Topic)

# The one place table names (what services and the team database's notices report) meet
# topics. A table not listed here concerns every topic: a view hears too much, never too little.
TABLE_TOPICS: dict[str, Topic] = {
    "profile": Topic.PROFILE,
    "organisation": Topic.ORGANISATIONS,
    "person": Topic.PEOPLE,
    "opportunity": Topic.OPPORTUNITIES,
    **dict.fromkeys(("criterion", "gate", "gate_result", "criterion_score", "weight_profile",
                     "decision", "partner_answers"), Topic.SCREENING),
    **dict.fromkeys(("conflict_area", "conflict_history", "confidential_reader"),
                    Topic.CONFLICTS),
    **dict.fromkeys(("agreement", "agreement_section", "signatory", "signature"),
                    Topic.AGREEMENTS),
    **dict.fromkeys(("milestone", "milestone_dependency", "milestone_snapshot"),
                    Topic.MILESTONES),
    **dict.fromkeys(("meeting", "meeting_action"), Topic.MEETINGS),
    "health": Topic.HEALTH,
}


@dataclass(frozen=True)
class ChangeSet:
    """Kinds of records touched (table names), the ids touched per kind, and who did it.
    Views subscribe to the ``topics`` the kinds belong to."""

    kinds: frozenset[str] = frozenset()
    ids: tuple[tuple[str, int], ...] = field(default=())
    origin: str = THIS_WINDOW

    @classmethod
    def of(cls, kind: str, *ids: int | None) -> ChangeSet:
        return cls(frozenset({kind}), tuple((kind, i) for i in ids if i is not None))

    @classmethod
    def of_writes(cls, edit: Iterable[Any]) -> ChangeSet:
        """What a declared write set touches (``planner.services.edits.Write``: each has a
        ``table`` and, when found by id, an ``ident``)."""
        edit = tuple(edit)
        return cls(frozenset(w.table for w in edit),
                   tuple((w.table, w.ident) for w in edit if w.ident is not None))

    def __or__(self, other: ChangeSet) -> ChangeSet:
        # Changes of one origin together keep it (a hidden view's backlog of a colleague's
        # changes is still theirs); mixed ones count as this window's.
        origin = self.origin if self.origin == other.origin else THIS_WINDOW
        return ChangeSet(self.kinds | other.kinds, self.ids + other.ids, origin)

    def then(self, other: ChangeSet) -> ChangeSet:
        """Two separate changes, one after the other (a burst of colleagues' commits): their
        ids are kept only when both name theirs. A change naming kinds but no ids (a notice
        shortened to fit) leaves its rows unknown, and the other's ids would then name too
        few rows to read again."""
        if any(c.kinds and not c.ids for c in (self, other)):
            return self.gathered(other)
        return self | other

    def gathered(self, other: ChangeSet) -> ChangeSet:
        """``self | other`` without ids: a backlog a hidden view catches up with when shown
        is read again whole, not patched from ids that may not name every record changed."""
        joined = self | other
        return ChangeSet(joined.kinds, (), joined.origin)

    def by(self, origin: str) -> ChangeSet:
        return ChangeSet(self.kinds, self.ids, origin)

    @property
    def colleagues(self) -> bool:
        return self.origin == COLLEAGUE

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds & set(kinds)) or "*" in self.kinds

    @property
    def topics(self) -> frozenset[Topic]:
        """The topics of the kinds touched (every topic for a kind not in TABLE_TOPICS)."""
        if any(kind not in TABLE_TOPICS for kind in self.kinds):
            return ALL_TOPICS
        return frozenset(TABLE_TOPICS[kind] for kind in self.kinds)

    def concerns(self, topics: frozenset[Topic]) -> bool:
        """True when a view subscribed to ``topics`` should hear of this change."""
        return bool(self.topics & topics)

    def only_rows(self, row_kinds: frozenset[str], id_kind: str) -> list[int] | None:
        """The ids of ``id_kind`` to read again when this change touches nothing but rows of
        ``row_kinds`` and names them (an edit of a few records: typing stays quick); None
        when the view must be read again whole. The one partial-reload rule of the views."""
        ids = sorted({i for kind, i in self.ids if kind == id_kind})
        if not ids or not self.kinds or not self.kinds <= row_kinds:
            return None
        return ids


EVERYTHING = ChangeSet(frozenset({"*"}), origin=IMPORT)


def current_user() -> str:
    """Who is making a change, as the histories record it: the operating system's login name,
    or "unknown" where there is none (some containers) — the change is recorded either way."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
