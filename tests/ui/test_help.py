"""Help › Guide opens each page (offline, from resources/guide), its links take the window
to the view that does what the page says, it searches and prints; Help › Keyboard shortcuts
lists the keys the window really answers to."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QUrl

from planner.store.database import Store
from planner.ui.shell.help import GuideDialog, guide_pages
from planner.ui.shell.main_window import MainWindow

TOPICS = {"prioritise.html": "Why prioritise", "questions.html": "five headline questions",
          "capacity.html": "six or seven", "coopetition.html": "competitor",
          "protocols.html": "Protocols", "elephant.html": "elephant",
          "inertia.html": "fatigue"}


def _links(html: str) -> list[str]:
    import re

    return re.findall(r'href="([^"]+)"', html)


def test_every_page_opens_and_links_to_a_view(window_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = window_factory(Store.open(tmp_path / "plan.sqlite", create=True))
    window.show()
    guide = window.show_guide()
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    assert not guide.isModal()
    pages = guide_pages()
    names = [p.name for p in pages]
    assert set(TOPICS) <= set(names)
    for page in pages:
        guide.open_page(page.name)
        assert guide.current_page == page.name
        shown = guide.browser.toPlainText()
        assert page.title in shown
        if page.name in TOPICS:
            assert TOPICS[page.name].casefold() in shown.casefold()
        views = [link for link in _links(page.html) if link.startswith("view:")]
        assert views, f"{page.name} links to no view"
        for link in _links(page.html):
            if link.endswith(".html"):
                assert link in names, f"{page.name} links to a missing page {link}"

    # A link goes to the view (and the page of it) that does what the guide describes.
    guide.open_page("coopetition.html")
    guide.browser.anchorClicked.emit(QUrl("view:conflicts"))
    assert window.stack.currentWidget() is window.views["conflicts"]
    guide.browser.anchorClicked.emit(QUrl("view:dashboard/meetings"))
    dashboard = window.views["dashboard"]
    assert window.stack.currentWidget() is dashboard
    assert dashboard.tabs.currentWidget() is dashboard._log_page  # type: ignore[attr-defined]
    guide.browser.anchorClicked.emit(QUrl("elephant.html"))
    assert guide.current_page == "elephant.html"


def test_the_guide_searches_and_prints(window_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = window_factory()
    guide = window.show_guide()  # works with no plan open too
    guide.search.setText("reticulist elephant")  # every word must be on the page
    assert guide.contents.count() == 0
    assert "No page holds" in guide.found.text()
    guide.search.setText("baseline")
    titles = [guide.contents.item(i).text() for i in range(guide.contents.count())]
    assert titles == ["Eating the elephant, one piece at a time"]
    assert guide.browser.textCursor().selectedText().casefold() == "baseline"
    guide.search.clear()
    assert guide.contents.count() == len(guide_pages())

    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "guide.pdf"
    printer.setOutputFileName(str(out))
    guide.open_page("capacity.html")
    guide.print_to(printer)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "six or seven" in " ".join(text.split())


def test_keyboard_shortcuts_come_from_the_actions(window_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = window_factory(Store.open(tmp_path / "plan.sqlite", create=True))
    window.show()
    rows = window.shortcut_rows()
    everywhere = {r.what: r.keys for r in rows if r.where == "Everywhere"}
    for title in ("Dashboard", "Organisation", "Screening", "Conflicts", "Agreements",
                  "Timeline"):
        assert everywhere[title].startswith("Ctrl+")
    assert everywhere["Guide"] == "F1"
    assert "Ctrl+Shift+S" in everywhere["Save a Copy"]
    timeline = {r.what: r.keys for r in rows if r.where.startswith("Timeline")}
    assert timeline["Delete milestone"] == "Del"
    assert everywhere["Meeting mode"] == "F5"  # Timeline › Meeting mode, from any view
    assert timeline["Add milestone"] == "Ins"
    screening = {r.what: r.keys for r in rows if r.where.startswith("Screening")}
    assert screening["Go to the list of opportunities"] == "Ctrl+L"
    assert screening["Agree weights"] == "Alt+A"  # on a page made only when first shown
    assert not [r for r in rows if r.what == "(no description)"]

    # A key added to an action shows in the list without anyone editing a list by hand.
    window.menus.next_steps_action.setShortcut("Ctrl+Shift+N")
    assert {r.what: r.keys for r in window.shortcut_rows()}["Next Steps"] == "Ctrl+Shift+N"
    dialog = window.show_shortcuts()
    text = dialog.browser.toPlainText()  # type: ignore[attr-defined]
    assert "Ctrl+Shift+N" in text and "Next Steps" in text and "Timeline (Ctrl+6)" in text
