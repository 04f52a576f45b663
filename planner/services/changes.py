"""What a service call changed (services layer), so views can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


class ValidationError(ValueError):
    """Input the user must correct. ``field`` names the input it concerns, when one does."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ChangeSet:
    """Kinds of records touched (table names) and the ids touched, per kind."""

    kinds: frozenset[str] = frozenset()
    ids: tuple[tuple[str, int], ...] = field(default=())

    @classmethod
    def of(cls, kind: str, *ids: int | None) -> ChangeSet:
        return cls(frozenset({kind}), tuple((kind, i) for i in ids if i is not None))

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.kinds | other.kinds, self.ids + other.ids)

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds & set(kinds)) or "*" in self.kinds


EVERYTHING = ChangeSet(frozenset({"*"}))
