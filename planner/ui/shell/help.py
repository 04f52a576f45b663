"""Help › Guide and Help › Keyboard shortcuts (ui layer).

The guide is the method in the program's own words, one HTML page per idea, shipped in
``resources/guide`` and read offline. Each page links to the view that does what it
describes ("view:NAME" or "view:NAME/PAGE" links). Pages can be searched (the list keeps only
the pages holding the words, the page shows where they are) and printed.

The shortcuts are read from the window's actions, buttons and shortcuts themselves, so the
list cannot drift from what the keys really do.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from planner.paths import resources_dir

PAGE_ROLE = 256  # Qt.ItemDataRole.UserRole: the page's file name on a list item


@dataclass(frozen=True)
class GuidePage:
    name: str  # file name, e.g. "prioritise.html"
    title: str
    html: str

    @property
    def text(self) -> str:
        """The page as plain text (what the search looks in)."""
        return html.unescape(re.sub(r"<[^>]+>", " ", self.html))


def guide_folder() -> Path:
    return resources_dir() / "guide"


def guide_pages() -> list[GuidePage]:
    """The pages in reading order (contents.txt lists the file names)."""
    folder = guide_folder()
    order = [line.strip() for line in (folder / "contents.txt").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    pages = []
    for name in order:
        text = (folder / name).read_text("utf-8")
        found = re.search(r"<h1>(.*?)</h1>", text, re.S)
        pages.append(GuidePage(name, html.unescape(found.group(1)) if found else name, text))
    return pages


class GuideDialog(QDialog):
    """The guide: the list of pages, the page, a search box and Print."""

    def __init__(self, go_to_view: Callable[[str, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Guide — Partnership Planner")
        self.resize(900, 640)
        self.go_to_view = go_to_view
        self.pages = guide_pages()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the guide")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the guide")
        top.addWidget(QLabel("Search:"))
        top.addWidget(self.search, 1)
        self.print_button = QPushButton("Print…")
        self.print_button.setToolTip("Print this page, or the whole guide (to paper or PDF)")
        menu = QMenu(self.print_button)
        self.print_page_action = menu.addAction("Print this page…", self.print_page)
        self.print_all_action = menu.addAction("Print the whole guide…", self.print_guide)
        self.pdf_action = menu.addAction("Save the whole guide as PDF…", self.save_guide_pdf)
        self.print_button.setMenu(menu)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        split = QSplitter()
        self.contents = QListWidget()
        self.contents.setAccessibleName("Pages of the guide")
        self.contents.setWordWrap(True)  # long titles wrap rather than being cut
        split.addWidget(self.contents)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setSearchPaths([str(guide_folder())])
        split.addWidget(self.browser)
        split.setStretchFactor(1, 3)
        split.setSizes([250, 630])
        layout.addWidget(split, 1)
        self.found = QLabel()
        layout.addWidget(self.found)
        buttons = QHBoxLayout()
        buttons.addStretch()
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._find_next)
        self.contents.currentItemChanged.connect(self._page_chosen)
        self.browser.anchorClicked.connect(self._link)
        self._fill(self.pages)

    def _fill(self, pages: list[GuidePage]) -> None:
        current = self.current_page
        self.contents.clear()
        for page in pages:
            item = QListWidgetItem(page.title)
            item.setData(PAGE_ROLE, page.name)
            item.setToolTip(page.title)
            self.contents.addItem(item)
        names = [p.name for p in pages]
        if pages:
            self.contents.setCurrentRow(names.index(current) if current in names else 0)

    @property
    def current_page(self) -> str:
        item = self.contents.currentItem()
        return str(item.data(PAGE_ROLE)) if item is not None else ""

    def open_page(self, name: str) -> None:
        """Show a page by its file name."""
        if not any(p.name == name for p in self.pages):
            return
        if self.search.text():
            self.search.clear()
        for row in range(self.contents.count()):
            if self.contents.item(row).data(PAGE_ROLE) == name:
                self.contents.setCurrentRow(row)

    def _page_chosen(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is None:
            return
        page = next(p for p in self.pages if p.name == item.data(PAGE_ROLE))
        self.browser.setHtml(page.html)
        if self.search.text().strip():
            self.browser.find(self.search.text().strip())

    def _search(self, text: str) -> None:
        words = text.strip().casefold().split()
        matching = [p for p in self.pages
                    if all(w in p.text.casefold() for w in words)] if words else self.pages
        self._fill(matching)
        if words:
            self.found.setText(f"“{text.strip()}” is on {len(matching)} of "
                               f"{len(self.pages)} pages." if matching else
                               f"No page holds “{text.strip()}”.")
        else:
            self.found.clear()

    def _find_next(self) -> None:
        text = self.search.text().strip()
        if text and not self.browser.find(text):
            self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
            self.browser.find(text)

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("view:"):
            name, _, page = target[5:].partition("/")
            self.go_to_view(name, page)
        elif target.endswith(".html"):
            self.open_page(target)

    def _ask_printer(self, title: str) -> object | None:
        """A printer chosen in the print dialog, or None (tests patch this)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(title)
        return printer if dialog.exec() else None

    def print_page(self) -> None:
        printer = self._ask_printer("Print this page")
        if printer is not None:
            self.print_to(printer)

    def print_to(self, printer: object) -> None:
        """Print the page shown (what Print… does once a printer is chosen)."""
        self.browser.print_(printer)  # type: ignore[arg-type]

    def print_guide(self) -> None:
        printer = self._ask_printer("Print the whole guide")
        if printer is not None:
            self.whole_guide().print_(printer)  # type: ignore[arg-type]
            self.found.setText(f"Printed the whole guide ({len(self.pages)} pages of text).")

    def save_guide_pdf(self, path: Path | None = None) -> Path | None:
        """The whole guide as one PDF, every page in reading order, each from a new sheet."""
        from PySide6.QtGui import QPageSize, QPdfWriter

        from planner.ui.shell import file_dialogs

        if path is None:
            chosen = file_dialogs.ask_save(self, "Save the whole guide as PDF",
                                           "Partnership Planner guide.pdf", "PDF (*.pdf)")
            if chosen is None:
                return None
            path = chosen if chosen.suffix.lower() == ".pdf" else Path(f"{chosen}.pdf")
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setTitle("Partnership Planner — Guide")
        self.whole_guide().print_(writer)
        self.found.setText(f"The whole guide was saved to {path}.")
        return path

    def whole_guide(self) -> QTextDocument:
        """Every page in one document, in reading order, each page starting a new sheet."""
        doc = QTextDocument()
        doc.setBaseUrl(QUrl.fromLocalFile(str(guide_folder()) + "/"))
        parts = [re.sub(r"</?(html|body|head)[^>]*>|<title>.*?</title>|<meta[^>]*>", "",
                        p.html, flags=re.S) for p in self.pages]
        doc.setHtml("".join(part if i == 0 else
                            f"<div style='page-break-before: always'>{part}</div>"
                            for i, part in enumerate(parts)))
        return doc



# ------------------------------------------------------------------ keyboard shortcuts


@dataclass(frozen=True)
class ShortcutRow:
    where: str
    what: str
    keys: str


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def _keys(sequences: list[QKeySequence]) -> str:
    names = [s.toString(QKeySequence.SequenceFormat.NativeText)
             for s in sequences if not s.isEmpty()]
    return ", ".join(dict.fromkeys(names))  # a standard key may repeat one given by name


def shortcut_rows(window: QMainWindow, places: dict[QWidget, str]) -> list[ShortcutRow]:
    """Every key the window answers to, read from its actions, buttons and shortcuts.

    ``places``: the views (widget → title) whose keys work only there."""

    def where(obj: QObject) -> str:
        node: QObject | None = obj
        while node is not None:
            if isinstance(node, QWidget) and node in places:
                return places[node]
            node = node.parent()
        return "Everywhere"

    rows: list[ShortcutRow] = []
    for action in window.findChildren(QAction):
        keys = _keys(action.shortcuts())
        if keys and action.text():
            rows.append(ShortcutRow(where(action), _plain(action.text()), keys))
    for button in window.findChildren(QAbstractButton):
        keys = _keys([button.shortcut()])
        if keys:
            what = _plain(button.text()) or button.toolTip().split(" (")[0]
            rows.append(ShortcutRow(where(button), what, keys))
    for shortcut in window.findChildren(QShortcut):
        keys = _keys(shortcut.keys())
        if keys and shortcut.isEnabled():
            rows.append(ShortcutRow(where(shortcut), shortcut.whatsThis() or "(no description)",
                                    keys))
    order = {title: n for n, title in enumerate(["Everywhere", *places.values()])}
    unique = {(r.where, r.what, r.keys): r for r in rows}
    return sorted(unique.values(), key=lambda r: (order.get(r.where, 99), r.what.casefold()))


def shortcuts_html(rows: list[ShortcutRow]) -> str:
    out = ["<h1>Keyboard shortcuts</h1>"]
    current = None
    for row in rows:
        if row.where != current:
            if current is not None:
                out.append("</table>")
            current = row.where
            out.append(f"<h3>{html.escape(current)}</h3><table cellpadding='3'>")
        out.append(f"<tr><td width='180'><b>{html.escape(row.keys)}</b></td>"
                   f"<td>{html.escape(row.what)}</td></tr>")
    if current is not None:
        out.append("</table>")
    return "".join(out)


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 620)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setHtml(shortcuts_html(rows))
        layout.addWidget(self.browser)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(close)
        layout.addLayout(row)
