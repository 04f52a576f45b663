"""Where the file dialogs for exports and imports open (ui layer).

A Save or Open dialog for a file going out of the plan or coming into it (a PDF, a
spreadsheet, a calendar, a file of waiting changes, contacts, a signing identity) opens in
the folder the user last chose a file in during this session, else in their Documents
folder. Before, some opened in the home folder, some in the folder the program happened
to be started from (a bare "timeline.pdf": Save pressed at once wrote it there, wherever
that was), and the next export did not remember where the last one went. The plans
themselves are opened and made in the user data folder (plan_files.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_last: list[Path] = []  # the folder of the file chosen last (this session)


def folder() -> Path:
    """The folder the next dialog opens in."""
    if _last and _last[0].is_dir():
        return _last[0]
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def ask_save_typed(parent: QWidget | None, title: str, name: str, filters: str
                   ) -> tuple[Path | None, str]:
    """The file to write (suggested: ``name`` in :func:`folder`) and the type chosen in
    the dialog; (None, "") when cancelled."""
    chosen, kind = QFileDialog.getSaveFileName(parent, title, str(folder() / name), filters)
    return _remembered(chosen), kind


def ask_save(parent: QWidget | None, title: str, name: str, filters: str) -> Path | None:
    """The file to write (suggested: ``name`` in :func:`folder`); None when cancelled."""
    return ask_save_typed(parent, title, name, filters)[0]


def ask_open(parent: QWidget | None, title: str, filters: str) -> Path | None:
    """The file to read, chosen from :func:`folder`; None when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(folder()), filters)
    return _remembered(chosen)


def _remembered(chosen: str) -> Path | None:
    if not chosen:
        return None
    path = Path(chosen)
    _last[:] = [path.parent]
    return path
