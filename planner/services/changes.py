"""What a service call changed (services layer), so views can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


class ValidationError(ValueError):
    """Input the user must correct. ``field`` names the input it concerns, when one does."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# Who caused a change: the views keep the user's typing through a colleague's change, and
# the status bar says "All changes saved" only for this window's own.
THIS_WINDOW, COLLEAGUE, IMPORT = "this window", "colleague", "import"


@dataclass(frozen=True)
class ChangeSet:
    """Kinds of records touched (table names), the ids touched per kind, and who did it."""

    kinds: frozenset[str] = frozenset()
    ids: tuple[tuple[str, int], ...] = field(default=())
    origin: str = THIS_WINDOW

    @classmethod
    def of(cls, kind: str, *ids: int | None) -> ChangeSet:
        return cls(frozenset({kind}), tuple((kind, i) for i in ids if i is not None))

    def __or__(self, other: ChangeSet) -> ChangeSet:
        # Changes of one origin together keep it (a hidden view's backlog of a colleague's
        # changes is still theirs); mixed ones count as this window's.
        origin = self.origin if self.origin == other.origin else THIS_WINDOW
        return ChangeSet(self.kinds | other.kinds, self.ids + other.ids, origin)

    def by(self, origin: str) -> ChangeSet:
        return ChangeSet(self.kinds, self.ids, origin)

    @property
    def colleagues(self) -> bool:
        return self.origin == COLLEAGUE

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds & set(kinds)) or "*" in self.kinds


EVERYTHING = ChangeSet(frozenset({"*"}), origin=IMPORT)


def current_user() -> str:
    """Who is making a change, as the histories record it: the operating system's login name,
    or "unknown" where there is none (some containers) — the change is recorded either way."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
