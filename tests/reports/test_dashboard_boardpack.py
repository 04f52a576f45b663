"""The board pack PDF: one page that reads back with the figures the dashboard shows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from planner import cli
from planner.services import dashboard
from planner.services.dashboard import fmt_date, fmt_hours
from planner.store.database import Store
from planner.store.tables import Opportunity
from tests.services.test_dashboard import TODAY, build_portfolio


def text_of(path: Path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    joined = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", joined)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_board_pack_shows_the_dashboard_figures(store: Store, tmp_path: Path) -> None:
    build_portfolio(store)
    out = tmp_path / "pack.pdf"
    s = dashboard.export_boardpack(store, out, TODAY)
    pages, text = text_of(out)
    assert pages == 1
    flat = squash(text)
    assert "Riverbend Learning Trust" in text
    assert fmt_date(TODAY) in text
    # The tiles: slots, CEO hours budget / committed / actual, health counts.
    assert s.slots_text == "2 of 2" and "2 of 2" in text
    for figure in (f"{fmt_hours(s.ceo_actual)} actual", f"budget {fmt_hours(s.ceo_budget)}",
                   f"committed {fmt_hours(s.ceo_committed)}", "2 at risk",
                   "0 to watch · 1 healthy", "Awaiting signature 1"):
        assert squash(figure) in flat, figure
    assert fmt_hours(s.ceo_actual) == "9.3 h" and fmt_hours(s.ceo_committed) == "7 h"
    # Every partnership with its state and the sentences behind it.
    for h in s.health:
        assert squash(h.title) in flat and h.label in text
        for signal in h.signals[:2]:
            assert squash(signal.sentence) in flat, signal.sentence
    # The four lists.
    for item in (*s.upcoming, *s.small_wins, *s.reviews_due, *s.awaiting_signature):
        assert squash(item.text) in flat, item.text
    assert "partly signed, 1 of 2 signatures" in text


@pytest.mark.slow  # shrinking forty rows onto one page takes a couple of seconds
def test_a_big_messy_portfolio_still_fits_one_page(store: Store, tmp_path: Path) -> None:
    with store.work() as w:
        for i in range(40):
            w.add(Opportunity(title=f"Partnership {i} ليلى حداد Łódź " + "long name " * 8,
                              stage="pursued", tier="strategic", start_date=dt.date(2025, 1, 1),
                              est_ceo_hours_per_month=1.0))
    out = tmp_path / "pack.pdf"
    s = dashboard.export_boardpack(store, out, TODAY)
    pages, text = text_of(out)
    assert pages == 1
    assert s.over_limit and "40 of 7" in text
    assert "Łódź" in text  # real fonts, not black boxes
    assert not list(tmp_path.glob("*.part"))


def test_empty_plan_board_pack(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    dashboard.export_boardpack(store, out, TODAY)
    pages, text = text_of(out)
    assert pages == 1 and "No partnership is being pursued yet." in text


def test_command_line_export(store: Store, tmp_path: Path, capsys: object) -> None:
    build_portfolio(store)
    path = store.path
    store.close()
    out = tmp_path / "board.pdf"
    assert cli.main(["export", "boardpack", "--db", str(path), "--out", str(out)]) == 0
    assert text_of(out)[0] == 1
    assert cli.main(["export", "boardpack", "--db", str(path), "--out",
                     str(tmp_path / "x.txt")]) == 2


def test_sample_board_pack(sample_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "sample.pdf"
    s = dashboard.export_boardpack(sample_store, out)
    pages, text = text_of(out)
    assert pages == 1
    assert s.slots_text in text
    for h in s.health:
        assert squash(h.title) in squash(text)


def test_the_board_pack_never_quotes_a_confidential_record(sample_store: Store,
                                                           tmp_path: Path) -> None:
    """Trustees read the board pack; a confidential conflict area or meeting action behind a
    warning is named only by what it is."""
    from planner.store.tables import ConflictArea, Meeting, MeetingAction

    with sample_store.work() as w:
        area = w.list(ConflictArea)[0]
        area.title, area.confidential = "Poaching their head of maths", True
        area.openness, area.identified_on = "internal", dt.date(2020, 1, 1)
        meeting = w.list(Meeting)[0]
        meeting.confidential = True
        w.add(MeetingAction(meeting_id=meeting.id, text="Call their chair about the merger",
                            owner="Priya", due_on=dt.date(2021, 1, 1)))
    out = tmp_path / "pack.pdf"
    dashboard.export_boardpack(sample_store, out)
    _pages, text = text_of(out)
    assert "headofmaths" not in squash(text) and "merger" not in squash(text)
    assert "A confidential conflict area" in text
    # The overdue action is a watch: on a crowded page it may sit behind "… and N more"
    # (the most serious signals of each kind come first); its line never quotes it either.
    content = dashboard.board_pack(sample_store)
    lines = [sig for line in content.health for sig in line.signals]
    assert any("action of a confidential meeting" in sig for sig in lines)
    assert not any("merger" in sig for sig in lines)
