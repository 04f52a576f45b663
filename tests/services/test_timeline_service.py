"""Milestone services: validation, dependencies, snapshots, wins and exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from planner.domain import timeline_review as tl_review
from planner.services import timeline as svc
from planner.services.changes import ValidationError
from planner.store.database import Store
from planner.store.tables import Opportunity, Organisation, Person

TODAY = dt.date(2026, 3, 2)


def make_plan(store: Store) -> dict[str, int]:
    """Two partnerships with a small elephant each; returns ids by short name."""
    with store.work() as w:
        us = w.add(Organisation(name="Northfield Academy Trust", is_self=True))
        them = w.add(Organisation(name="Riverside Mental Health Trust"))
        ana = w.add(Person(organisation_id=us.id, name="Ana Kowalska"))
        omar = w.add(Person(organisation_id=them.id, name="عمر الفاروق"))
        p1 = w.add(Opportunity(title="Wellbeing hub", partner_id=them.id, stage="pursued"))
        p2 = w.add(Opportunity(title="Łódź exchange — Żółć", stage="pursued"))
    ids = {"p1": p1.id, "p2": p2.id, "ana": ana.id, "omar": omar.id}
    d = dt.date
    plan = [
        ("goal", "p1", {"title": "Hub open to pupils", "due_date": d(2026, 6, 30)}),
        ("scope", "p1", {"title": "Agree scope", "start_date": d(2026, 1, 5),
                         "due_date": d(2026, 1, 30), "status": "done", "actual_date":
                         d(2026, 2, 2), "owner_ours_id": ana.id, "progress": 100}),
        ("room", "p1", {"title": "Room refitted", "start_date": d(2026, 2, 9),
                        "due_date": d(2026, 3, 20), "status": "at_risk", "progress": 40,
                        "owner_ours_id": ana.id, "owner_theirs_id": omar.id}),
        ("staff", "p1", {"title": "Counsellor recruited", "due_date": d(2026, 4, 17),
                         "status": "on_track", "small_win": True, "owner_theirs_id": omar.id}),
        ("launch", "p1", {"title": "Launch assembly", "due_date": d(2026, 5, 1),
                          "status": "late"}),
        ("visit", "p2", {"title": "Pierwsza wizyta — Ελληνικά", "start_date": d(2026, 2, 1),
                         "due_date": d(2026, 5, 29), "status": "not_started"}),
    ]
    for key, p, values in plan:
        mid, _ = svc.create_milestone(store, ids[p], values)
        ids[key] = mid
    for key in ("scope", "room", "staff", "launch"):
        svc.update_milestone(store, ids[key], {"parent_id": ids["goal"]})
    svc.add_dependency(store, ids["scope"], ids["room"])
    svc.add_dependency(store, ids["room"], ids["launch"])
    svc.add_dependency(store, ids["staff"], ids["launch"], "FF", 0)
    return ids


@pytest.fixture
def plan(store: Store) -> dict[str, int]:
    return make_plan(store)


def test_create_defaults_baseline_and_forecast_to_due(store: Store, plan: dict[str, int]) -> None:
    record = svc.get_milestone(store, plan["staff"])
    assert record["baseline_date"] == record["forecast_date"] == dt.date(2026, 4, 17)


@pytest.mark.parametrize("values, message", [
    ({"title": "  "}, "title cannot be empty"),
    ({"title": "x" * 201}, "too long"),
    ({"title": "Reversed", "start_date": dt.date(2026, 5, 2), "due_date": dt.date(2026, 5, 1)},
     r"“Reversed”: the start \(2 May 2026\) is after the due date \(1 May 2026\)\.$"),
    ({"title": "Early", "start_date": dt.date(2026, 3, 9), "due_date": dt.date(2026, 4, 1),
      "actual_date": dt.date(2026, 3, 1)},
     r"“Early”: the actual date \(1 Mar 2026\) is before the start \(9 Mar 2026\)\.$"),
    ({"title": "Bad date", "due_date": "31/02/2026"}, "is not a date"),
    ({"title": "Bad status", "status": "finished"}, "Unknown status"),
    ({"title": "Bad progress", "progress": 140}, "cannot be more than 100"),
])
def test_bad_input_is_refused_with_a_clear_message(store: Store, plan: dict[str, int],
                                                   values: dict[str, object],
                                                   message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        svc.create_milestone(store, plan["p1"], values)


def test_awkward_titles_are_kept_exactly(store: Store, plan: dict[str, int]) -> None:
    for title in ("🎉 First win", "اجتماع الشركاء", "'; DROP TABLE milestone; --"):
        mid, _ = svc.create_milestone(store, plan["p1"], {"title": title})
        assert svc.get_milestone(store, mid)["title"] == title


def test_dependency_loops_and_self_links_name_the_milestones(store: Store,
                                                             plan: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="“Room refitted” cannot depend on itself"):
        svc.add_dependency(store, plan["room"], plan["room"])
    with pytest.raises(ValidationError,
                       match="loop of dependencies: “Launch assembly” → “Agree scope” → "
                             "“Room refitted” → “Launch assembly”"):
        svc.add_dependency(store, plan["launch"], plan["scope"])
    with pytest.raises(ValidationError, match="already depends"):
        svc.add_dependency(store, plan["scope"], plan["room"])


def test_parent_loop_is_refused(store: Store, plan: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="one of “Hub open to pupils”'s own steps"):
        svc.update_milestone(store, plan["goal"], {"parent_id": plan["room"]})
    with pytest.raises(ValidationError, match="another partnership"):
        svc.update_milestone(store, plan["visit"], {"parent_id": plan["goal"]})


def test_move_keeps_length_and_delete_restores(store: Store, plan: dict[str, int]) -> None:
    svc.move_milestone(store, plan["room"], 7)
    record = svc.get_milestone(store, plan["room"])
    assert (record["start_date"], record["forecast_date"]) == (dt.date(2026, 2, 16),
                                                               dt.date(2026, 3, 27))
    deleted, _ = svc.delete_milestone(store, plan["goal"])
    assert svc.get_milestone(store, plan["room"])["parent_id"] is None
    svc.restore_milestone(store, deleted)
    assert svc.get_milestone(store, plan["room"])["parent_id"] == plan["goal"]
    data = svc.load_timeline(store, plan["p1"])
    assert len(data.items) == 5 and len(data.dependencies) == 3


def test_snapshots_give_since_last_meeting(store: Store, plan: dict[str, int]) -> None:
    from planner.store.tables import Meeting, MilestoneSnapshot

    with store.work() as w:
        meeting = w.add(Meeting(opportunity_id=plan["p1"], held_on=dt.date(2026, 2, 1)))
    svc.take_snapshot(store, plan["p1"], dt.date(2026, 2, 1))
    with store.work() as w:  # the snapshot is linked to the meeting held that day
        assert {s.meeting_id for s in w.list(MilestoneSnapshot)} == {meeting.id}
    svc.move_milestone(store, plan["launch"], 14)
    svc.celebrate(store, plan["staff"], "Interviews went well", dt.date(2026, 2, 20))
    svc.create_milestone(store, plan["p1"], {"title": "Parents' evening",
                                             "due_date": dt.date(2026, 6, 1)})
    data = svc.load_timeline(store, plan["p1"])
    delta = tl_review.since_last_meeting(data.snapshots, data.items)
    assert delta.meeting_date == dt.date(2026, 2, 1)
    assert [(c.title, c.days) for c in delta.slipped] == [("Launch assembly", 14)]
    assert [c.title for c in delta.done] == ["Counsellor recruited"]
    assert [c.title for c in delta.added] == ["Parents' evening"]
    wins = svc.recent_wins(store, today=dt.date(2026, 3, 1))
    assert [(w.title, w.note) for w in wins] == [("Counsellor recruited",
                                                  "Interviews went well")]


def test_ics_round_trips_every_date(store: Store, plan: dict[str, int], tmp_path: Path) -> None:
    from icalendar import Calendar

    from planner.services import exchange

    out = tmp_path / "m.ics"
    svc.export_timeline(store, out, None, today=TODAY)
    calendar = Calendar.from_ical(out.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    data = svc.load_timeline(store)
    assert len(events) == len(data.items)
    for item in data.items:
        uid = exchange.plan_uid(store)
        event = events[f"milestone-{item.id}.{uid}@partnership-planner"]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is dt.date and type(end) is dt.date  # all-day, no time zone
        assert end == item.end + dt.timedelta(days=1)  # exclusive end
        assert start == item.end  # by default one day: the day it is due
        assert item.title in str(event["summary"])


def test_pdf_has_titles_and_the_planned_page_count(store: Store, plan: dict[str, int],
                                                   tmp_path: Path) -> None:
    from pypdf import PdfReader

    options = svc.PrintOptions(mode="tiles", cols=3, rows=2, paper="A4", landscape=True)
    pdf, page_plan = svc.timeline_pdf(store, None, options, today=TODAY)
    out = tmp_path / "t.pdf"
    out.write_bytes(pdf)
    reader = PdfReader(out)
    assert len(reader.pages) == len(page_plan.tiles) == 6
    top = "".join(reader.pages[i].extract_text() for i in range(3))
    below = "".join(reader.pages[i].extract_text() for i in range(3, 6))
    for title in ("Hub open to pupils", "Agree scope"):  # 8 rows: 4 on each page down
        assert top.count(title) == 3  # the label column repeats on every page across
        assert below.count(title) == 0
    assert below.count("Launch assembly") == 3
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Pierwsza wizyta" in text and "Ελληνικά" in text  # non-Latin letters survive
    assert "As of 2 Mar 2026" in text and "page 6 of 6" in text


def test_png_and_svg_export(store: Store, plan: dict[str, int], tmp_path: Path) -> None:
    svc.export_timeline(store, tmp_path / "t.png", plan["p1"], today=TODAY)
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svc.export_timeline(store, tmp_path / "t.svg", plan["p1"], today=TODAY)
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Room refitted" in svg
    assert "fill: None" not in svg  # viewers would paint unfilled shapes black
    assert "font-family: 'DejaVu Sans'" in svg


def test_export_refuses_empty_and_unknown(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no milestones"):
        svc.export_timeline(store, tmp_path / "t.pdf")
    with pytest.raises(ValidationError, match="Partnership 99 does not exist"):
        svc.export_timeline(store, tmp_path / "t.pdf", 99)


def test_command_line_export(store: Store, plan: dict[str, int], tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    path = store.path
    assert path is not None
    store.close()  # the command line opens the file itself
    out = tmp_path / "hub.ics"
    assert main(["export", "timeline", "--db", str(path), "--partnership", str(plan["p1"]),
                 "--out", str(out)]) == 0
    assert out.read_bytes().count(b"BEGIN:VEVENT") == 5
    assert main(["export", "timeline", "--db", str(path), "--partnership", "999",
                 "--out", str(tmp_path / "x.pdf")]) == 1
    assert "Partnership 999 does not exist" in capsys.readouterr().err


def test_sample_portfolio_timeline_prints(sample_store: Store, tmp_path: Path) -> None:
    from pypdf import PdfReader

    data = svc.load_timeline(sample_store)
    assert data.items and data.snapshots
    pdf, plan = svc.timeline_pdf(sample_store, None,
                                 svc.PrintOptions(mode="auto", zoom="month", paper="A4"))
    reader = PdfReader(__import__("io").BytesIO(pdf))
    assert len(reader.pages) == len(plan.tiles) == plan.cols * plan.rows > 1
    text = "".join(page.extract_text() for page in reader.pages)
    assert all(item.title[:20] in text for item in data.items[:5])


def test_split_into_bites_and_undo(store: Store, plan: dict[str, int]) -> None:

    # 1 Feb .. 29 May: 118 days, split before it starts (tests/journeys/test_split_lived.py:
    # a goal already started is split from today).
    made, _ = svc.split_into_bites(store, plan["visit"], 42, today=dt.date(2026, 1, 1))
    data = svc.load_timeline(store, plan["p2"])
    steps = [i for i in data.items if i.parent_id == plan["visit"]]
    assert [s.title for s in steps] == [f"Pierwsza wizyta — Ελληνικά — step {k} of 3"
                                        for k in (1, 2, 3)]
    assert steps[0].start == dt.date(2026, 2, 1) and steps[-1].end == dt.date(2026, 5, 29)
    messages = [w.message for w in tl_review.bite_warnings(data.items, 42)]
    assert not any("spans" in m for m in messages)  # every bite fits
    assert sum("has no owner" in m for m in messages) == 3
    deleted, _changes = svc.delete_milestones(store, made)
    assert len(svc.load_timeline(store, plan["p2"]).items) == 1
    svc.restore_milestones(store, deleted)  # a redo: the same bites, with the same ids
    back = [i for i in svc.load_timeline(store, plan["p2"]).items if i.parent_id == plan["visit"]]
    assert [i.id for i in back] == made
    svc.delete_milestones(store, made)
    with pytest.raises(ValidationError, match="start and a due date first"):
        svc.split_into_bites(store, plan["staff"], 42)


@pytest.mark.parametrize("paper, landscape, size", [
    ("A4", True, (841.89, 595.28)), ("A3", False, (841.89, 1190.55)),
    ("Letter", False, (612.0, 792.0))])
def test_pdf_paper_sizes(store: Store, plan: dict[str, int], paper: str, landscape: bool,
                         size: tuple[float, float]) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    pdf, _plan = svc.timeline_pdf(store, plan["p1"],
                                  svc.PrintOptions(paper=paper, landscape=landscape), today=TODAY)
    box = PdfReader(BytesIO(pdf)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)


@pytest.mark.parametrize("year", [1, 1899, 2200, 9999])
def test_a_date_years_away_is_refused_naming_the_field(store: Store, plan: dict[str, int],
                                                       year: int) -> None:
    """A year typed as 9999 squeezed the chart into a pixel and broke the .ics export."""
    with pytest.raises(ValidationError) as refused:
        svc.update_milestone(store, plan["room"], {"forecast_date": dt.date(year, 3, 1)})
    assert refused.value.field == "forecast_date"
    assert f"1 Mar {year}" in refused.value.message and "check the year" in refused.value.message
    with pytest.raises(ValidationError):
        svc.create_milestone(store, plan["p1"], {"title": "Far", "due_date": f"{year:04d}-01-01"})
    assert svc.get_milestone(store, plan["room"])["forecast_date"].year == 2026


def test_ics_of_the_last_calendar_day_does_not_fail() -> None:
    """Data from elsewhere may still hold 31 Dec 9999: the export writes it, not a crash."""
    from icalendar import Calendar

    from planner.domain import timeline as tl
    from planner.reports.ics import milestones_ics

    item = tl.TimelineItem(id=1, group_id=1, title="Someday", start=None,
                           due=dt.date.max, status="not_started")
    cal = Calendar.from_ical(milestones_ics([item], {1: "P"}))
    events = cal.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [dt.date.max]


@pytest.mark.parametrize("today", [dt.date(2026, 3, 2), dt.date(2026, 12, 1),
                                   dt.date(2027, 6, 1)])
def test_a_long_plans_reads_say_what_every_milestone_says_on_either_database(
        any_store: Store, today: dt.date) -> None:
    """The Timeline's reads of a long plan (folded groups, the panel's rows picked out in
    SQL) against reading every milestone, on the sample plan, on SQLite and PostgreSQL."""
    from planner.domain import timeline as tl
    from planner.services import timeline_scope as scope
    from planner.services.sample import create_sample
    create_sample(any_store, dt.date(2026, 12, 1))
    whole = svc.load_timeline(any_store)
    for grouping in tl.GROUPINGS:
        groups = scope.group_summaries(any_store, None, grouping)
        keys = sorted(groups.keys)
        for opened in (set(), set(keys[::2])):
            part = scope.load_groups(any_store, None, groups, opened)
            folded = set(keys) - opened
            assert tl.build_layout(part.items, part.dependencies, grouping=grouping,
                                   group_titles=part.group_titles, collapsed=folded,
                                   today=today, summaries=groups.summaries) == \
                tl.build_layout(whole.items, whole.dependencies, grouping=grouping,
                                group_titles=whole.group_titles, collapsed=folded,
                                today=today)
    for bite_days in (7, 42):
        fast = scope.warnings(any_store, None, today, bite_days)
        assert fast == (tl_review.overdue_warnings(whole.items, today)
                        + tl_review.bite_warnings(whole.items, bite_days))
        assert fast or today < dt.date(2026, 12, 1)
        pages = scope.warning_pages(any_store, None, today, bite_days, page=2)  # OFFSET, LIMIT
        assert [w for page in pages for w in page] == fast
    assert any("spans" in w.message for w in scope.warnings(any_store, None, today, 7))
    since = scope.since_last_meeting(any_store, None, 3)
    assert since == _listing(tl_review.since_last_meeting(whole.snapshots, whole.items), 3)
    assert scope.slip_lines(any_store, None, today) == \
        tl_review.slip_lines(whole.snapshots, whole.items, today=today)


def _listing(delta: Any, limit: int) -> Any:
    """``delta`` as a long plan's panel reads it: the first ``limit`` added milestones
    named, the others counted (what the panel lists of them)."""
    from dataclasses import replace

    return replace(delta, added=delta.added[:limit],
                   more_added=max(0, len(delta.added) - limit))


def test_celebrating_a_step_done_earlier_keeps_the_day_it_was_done(store: Store,
                                                                   plan: dict[str, int]) -> None:
    """'Agree scope' was done on 2 Feb; celebrating it later marks the win, not a new date
    (a later date would stretch its bar and count it as a recent win)."""
    svc.celebrate(store, plan["scope"], "The scope held all year.", dt.date(2026, 11, 30))
    record = svc.get_milestone(store, plan["scope"])
    assert record["actual_date"] == dt.date(2026, 2, 2)
    assert record["small_win"] and record["celebration_note"] == "The scope held all year."
    wins = svc.recent_wins(store, today=dt.date(2026, 12, 1))
    assert "Agree scope" not in [w.title for w in wins]
    # A step not yet done is done on the day it is celebrated.
    svc.celebrate(store, plan["room"], "Room ready.", dt.date(2026, 3, 18))
    assert svc.get_milestone(store, plan["room"])["actual_date"] == dt.date(2026, 3, 18)
