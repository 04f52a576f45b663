"""Errors the store raises for the user to read (store layer; imports nothing heavy)."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with a database that the user can read and act on."""


class ReadOnlyPlace(StoreError):
    """The plan file, or its folder, cannot be written: it can be opened to read only."""


class PasswordWanted(StoreError):
    """The team database asks for a password the connection did not give, or refused the
    one given (the message says which, in plain words)."""


class NotAnswering(StoreError):
    """The team database did not answer in time (a frozen or unreachable server).

    Nothing is known to be saved. ``in_doubt`` is set when the commit itself went
    unanswered: the server may still have committed it, so before saving the same change
    again ask ``Store.committed(in_doubt)`` (True: saved; False: not saved; None: unknown
    yet)."""

    def __init__(self, host: str, in_doubt: str | None = None) -> None:
        super().__init__(f"The team database at {host} is not answering; your change is kept "
                         "in this window, try again.")
        self.host = host
        self.in_doubt = in_doubt


class NotFoundError(StoreError):
    """A record that no longer exists (deleted elsewhere, or by an undo)."""


class EditClash(StoreError):
    """Someone else changed a field this edit was about to write, since the user saw it.

    Not a *conflict area* (the register's record of where partners compete): an edit clash
    is two saves meeting on one field. ``theirs`` holds the fields as they are now, ``mine``
    the values this edit tried to write, so the user can be shown both side by side.
    Nothing was written.
    """

    def __init__(self, table: str, ident: int | None, theirs: dict[str, object] | None = None,
                 mine: dict[str, object] | None = None, *, label: str = "",
                 deleting: bool = False) -> None:
        what = table.replace("_", " ") + (f" “{label}”" if label else
                                          f" {ident}" if ident is not None else "")
        super().__init__(f"Someone else changed this {what} after you opened it; "
                         "nothing was saved, so that neither change is lost.")
        self.table = table
        self.ident = ident
        self.theirs = dict(theirs or {})
        self.mine = dict(mine or {})
        self.label = label  # the record's title or name, when it has one
        self.deleting = deleting  # the refused change was a deletion

    @property
    def key(self) -> tuple[str, int] | None:
        return None if self.ident is None else (self.table, self.ident)
