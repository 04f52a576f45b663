"""Every dialog fits laptops and projectors too (issue 17): opened as the program opens it,
on a screen of 1024×768, 1366×768, 1920×1080 or 2732×1536 at scale 2, in light and dark,
each dialog lies inside the screen, none of its controls is outside it, no label or button
text is cut without a tooltip, and its labels' text stands out from their background.

Each screen is given to Qt's offscreen platform (its ``configfile``) in a process of its
own; there the dialogs are opened with ``exec`` replaced by a look at the shown dialog.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow
from tests.ui.layout_check import problems

SCREENS = {"1024x768": (1024, 768, 1), "1366x768": (1366, 768, 1),
           "1920x1080": (1920, 1080, 1), "2732x1536@2": (1366, 768, 2)}
ON_SCREEN = os.environ.get("PLANNER_LAYOUT_SCREEN", "")
GRAB = os.environ.get("PLANNER_LAYOUT_GRAB", "")
theme_of = [""]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_dialog_fits_the_screen(screen: str, tmp_path: Path) -> None:
    width, height, dpr = SCREENS[screen]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "Screen", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": dpr}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "PLANNER_LAYOUT_SCREEN": screen}
    env.pop("QT_SCALE_FACTOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(Path(__file__)),
         "-k", "dialogs_on_this_screen", f"--basetemp={tmp_path / 'run'}"],
        env=env, capture_output=True, text=True, timeout=600,
        cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout, done.stdout[-3000:]


# ------------------------------------------------------------ in the screen's own process


class Looked(list[str]):
    """The dialogs looked at (their titles), with what was wrong with each."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []


@pytest.fixture
def look(monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> Iterator[Looked]:
    """``exec`` of any dialog shows it, checks it and answers Cancel (nothing modal)."""
    monkeypatch.undo()  # the usual patches (clash dialog, raised question) are not wanted
    looked = Looked()

    def check(dialog: QWidget) -> None:
        dialog.show()
        qtbot.waitExposed(dialog)
        for _ in range(3):
            QApplication.processEvents()
        title = dialog.windowTitle() or type(dialog).__name__
        looked.append(title)
        avail = dialog.screen().availableGeometry()
        frame = dialog.frameGeometry()
        if not avail.contains(frame):
            looked.found.append(f"{title}: {frame.getRect()} is not inside the screen "
                                f"{avail.getRect()}")
        looked.found.extend(f"{title}: {p}" for p in problems(dialog))
        if GRAB:  # to look at them: PLANNER_LAYOUT_GRAB=folder
            name = "".join(c if c.isalnum() else "-" for c in title)[:30]
            dialog.grab().save(f"{GRAB}/{ON_SCREEN}-{theme_of[0]}-{len(looked)}-{name}.png")

    def fake_exec(self: QDialog) -> int:
        check(self)
        self.hide()
        return 0

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    looked.check = check  # type: ignore[attr-defined]
    yield looked


def _openers(window: MainWindow, tmp_path: Path) -> list[Callable[[], object]]:
    """Each dialog opened the way the program opens it (or built as it builds it)."""
    from planner.services import exchange
    from planner.services import people as people_svc
    from planner.services import screening as screening_svc
    from planner.services.conflicts import InternalArea
    from planner.services.milestone_import import read_project
    from planner.services.organisation import update_profile
    from planner.store.backups import Backup
    from planner.ui.conflicts.bands_dialog import ConflictBandsDialog
    from planner.ui.people import view as people_view
    from planner.ui.screening.view import CapacityChoiceDialog
    from planner.ui.shell import chooser, clash_dialog, raise_check
    from planner.ui.shell.connect_dialog import ConnectDialog
    from planner.ui.shell.restore_dialog import RestoreDialog
    from planner.ui.timeline.view import (
        CalendarDialog,
        LinkDialog,
        TimelineView,
    )

    assert window.store is not None
    store = window.store
    ctx = window.ctx
    assert ctx is not None
    timeline = window.show_view("timeline")
    assert isinstance(timeline, TimelineView) and timeline.data is not None
    items = timeline.data.items
    stone = next(i for i in items if i.forecast is not None)
    screening = window.show_view("screening")
    update_profile(store, "strategic_limit", 1)  # one strategic too many: make room
    update_profile(store, "ceo_hours_per_month", 10)
    data = screening_svc.load(store)
    opps = [o for o in data.opportunities if o.stage in ("screening", "identified")]
    check = next(c for o in opps
                 if (c := data.pursue_check(o.id, "strategic")) and c.choices)
    xml = tmp_path / "plan.xml"
    exchange.export_timeline_file(store, xml, stone.group_id)
    for i in range(12):
        (tmp_path / f"b{i}.sqlite").write_bytes(b"\0" * 4096 * (i + 1))
    backups = [Backup(tmp_path / f"b{i}.sqlite",
                      dt.datetime(2026, 12, i + 1, 9, 30, tzinfo=dt.UTC)) for i in range(12)]
    contacts = [people_svc.Contact(name=f"Contact number {i}", organisation="Northside Trust")
                for i in range(300)]
    many = people_svc.ImportPlan(add=tuple(contacts[:250]),
                                 skipped=tuple((c, "already in the plan")
                                               for c in contacts[250:]))
    long_text = "\n".join(f"Clause {i}: the partner shares the pitch bookings each term."
                          for i in range(40))

    def meeting() -> None:
        log = window.show_page("dashboard", "meetings").meeting_log  # type: ignore[union-attr]
        target = max(log.model.rows, key=lambda m: len(m.actions))
        log.select_meeting(target.id or 0)
        log.edit_button.click()

    def import_preview() -> None:
        from planner.ui.timeline.import_dialog import ImportPreviewDialog

        project = read_project(xml)
        ImportPreviewDialog(project, [(stone.group_id, "Northside Health Trust")],
                            stone.group_id, {}, timeline).exec()

    return [
        window.welcome,
        lambda: RestoreDialog(backups, window).exec(),
        lambda: ConnectDialog(window.settings, window).exec(),
        lambda: look_at(window.show_guide()),
        lambda: look_at(window.show_shortcuts()),
        lambda: chooser.NewRecordDialog(ctx, "person", "Zofia", window).exec(),
        lambda: chooser.NewRecordDialog(ctx, "organisation", "", window).exec(),
        lambda: clash_dialog.resolve_clash("body of the clause “Sharing”", long_text,
                                           long_text + "\nMine.", lambda _t: None),
        lambda: raise_check.ask(window, [InternalArea(1, "Pupil data and safeguarding "
                                                         "records shared across trusts",
                                                      40, False)]),
        lambda: timeline.edit_milestone(stone.id),
        lambda: LinkDialog(stone.title, [(i.id, i.title) for i in items[:30]],
                           timeline).exec(),
        lambda: CalendarDialog(window.settings, timeline).exec(),
        lambda: timeline.print_dialog().exec(),
        import_preview,
        lambda: ConflictBandsDialog((5, 10, 15), window.show_view("conflicts")).exec(),
        meeting,
        lambda: CapacityChoiceDialog(check, screening, options=screening_svc.room_options(
            store, data, check)).exec(),
        lambda: people_view.preview_import(window, many, "contacts.vcf"),
    ]


_look_at: list[Callable[[QWidget], None]] = []


def look_at(widget: QWidget) -> None:
    """A dialog the program shows beside the window (not modal): looked at the same way."""
    _look_at[0](widget)
    widget.close()


@pytest.mark.skipif(not ON_SCREEN, reason="runs in a process with its own screen")
@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_dialogs_on_this_screen(theme_name: str, look: Looked, window_factory: Any,
                                sample_store: Store, tmp_path: Path, qtbot: Any) -> None:
    from planner.ui.shell import theme

    theme.apply(theme_name)
    theme_of[0] = theme_name
    _look_at[:] = [look.check]  # type: ignore[attr-defined]
    try:
        window: MainWindow = window_factory(sample_store)
        window.settings.theme = theme_name
        window.showMaximized()
        qtbot.waitExposed(window)
        silent = []
        for n, opener in enumerate(_openers(window, tmp_path)):
            before = len(look)
            opener()
            if len(look) == before:
                silent.append(n)
            for top in QApplication.topLevelWidgets():
                if isinstance(top, QDialog) and top.isVisible():
                    top.hide()
    finally:
        theme.apply("light")
    assert silent == [], f"openers {silent} opened no dialog; looked at {look}"
    assert look.found == [], f"{ON_SCREEN} {theme_name}:\n" + "\n".join(look.found)
