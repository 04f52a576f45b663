"""Errors the store raises for the user to read (store layer; imports nothing heavy)."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with a database that the user can read and act on."""


class NotFoundError(StoreError):
    """A record that no longer exists (deleted elsewhere, or by an undo)."""


class ConflictError(StoreError):
    """Someone else saved the record after it was read: saving now would overwrite them.

    ``theirs`` holds the fields as they are now in the database, ``mine`` the values this
    save tried to write (both only for the fields concerned, when known), so the user can
    be shown both side by side. Nothing was written.
    """

    def __init__(self, table: str, ident: int | None, expected_version: int | None,
                 current_version: int | None, theirs: dict[str, object] | None = None,
                 mine: dict[str, object] | None = None, *, label: str = "",
                 deleting: bool = False) -> None:
        what = table.replace("_", " ") + (f" “{label}”" if label else
                                          f" {ident}" if ident is not None else "")
        super().__init__(f"Someone else changed this {what} after you opened it; "
                         "nothing was saved, so that neither change is lost.")
        self.table = table
        self.ident = ident
        self.expected_version = expected_version
        self.current_version = current_version
        self.theirs = dict(theirs or {})
        self.mine = dict(mine or {})
        self.label = label  # the record's title or name, when it has one
        self.deleting = deleting  # the refused change was a deletion

    @property
    def key(self) -> tuple[str, int] | None:
        return None if self.ident is None else (self.table, self.ident)
