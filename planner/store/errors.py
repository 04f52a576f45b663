"""Errors the store raises for the user to read (store layer; imports nothing heavy)."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with a database that the user can read and act on."""


class NotFoundError(StoreError):
    """A record that no longer exists (deleted elsewhere, or by an undo)."""
