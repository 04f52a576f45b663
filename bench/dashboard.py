"""Benchmark: the dashboard summary and the board pack on a large portfolio.

Run: ``.venv/bin/python -m bench.dashboard``. A deliberately heavy plan: 15 pursued
partnerships (twice what a CEO can lead), each with 40 milestones (5 review snapshots
each), 60 meetings with 3 actions each and 10 conflict areas. Baselines, timed in the same
run on the same file: reading every row the dashboard reads with plain ``UnitOfWork.list``
calls (the I/O floor), and a one-page ReportLab PDF of plain Helvetica paragraphs with the
same text as the board pack. Medians of RUNS runs after one warm-up. Goals: the summary
within 2x the I/O floor (the rules are linear in the plan); board pack <= 800 ms.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from bench._common import median_ms

RUNS = 5
GOAL_SUMMARY_RATIO = 2.0  # the health rules may cost at most as much again as the reads
GOAL_PACK_MS = 800.0
PARTNERSHIPS, MILESTONES, SNAPSHOTS, MEETINGS, ACTIONS, AREAS = 15, 40, 5, 60, 3, 10
TODAY = dt.date(2026, 6, 1)


def build(path: Path) -> None:
    from planner.services.organisation import ensure_self
    from planner.store.database import Store
    from planner.store.tables import (
        ConflictArea,
        Meeting,
        MeetingAction,
        Milestone,
        MilestoneSnapshot,
        Opportunity,
    )

    with Store.open(path, create=True) as store, store.work() as w:
        ensure_self(w, "Bench Learning Trust")
        for p in range(PARTNERSHIPS):
            opp = w.add(Opportunity(title=f"Partnership {p:02d} with Łódź Technika",
                                    stage="pursued", tier="strategic" if p < 7 else "operational",
                                    start_date=TODAY - dt.timedelta(days=400),
                                    est_ceo_hours_per_month=2.0))
            assert opp.id is not None
            for m in range(MILESTONES):
                base = TODAY + dt.timedelta(days=m * 7 - 100)
                row = w.add(Milestone(opportunity_id=opp.id, title=f"Bite {m}",
                                      baseline_date=base,
                                      forecast_date=base + dt.timedelta(days=m % 9),
                                      status="done" if m < 10 else "on_track",
                                      actual_date=base if m < 10 else None,
                                      small_win=m % 5 == 0, position=m))
                for k in range(SNAPSHOTS):
                    w.session.add(MilestoneSnapshot(
                        milestone_id=row.id or 0, taken_on=TODAY - dt.timedelta(days=30 * k),
                        forecast_date=base + dt.timedelta(days=k)))
            for k in range(MEETINGS):
                meeting = w.add(Meeting(opportunity_id=opp.id,
                                        held_on=TODAY - dt.timedelta(days=7 * k + 1),
                                        state="held" if k % 7 else "cancelled",
                                        attendees=["A", "B", "C"][: 1 + k % 3],
                                        ceo_hours=1.0 if k % 7 else 0.0))
                for a in range(ACTIONS):
                    w.session.add(MeetingAction(meeting_id=meeting.id or 0, text=f"Do {a}",
                                                due_on=meeting.held_on + dt.timedelta(days=14)))
            for c in range(AREAS):
                w.session.add(ConflictArea(opportunity_id=opp.id, title=f"Overlap {c}",
                                           residual_likelihood=1 + c % 5,
                                           residual_impact=1 + (c * 3) % 5,
                                           next_review=TODAY + dt.timedelta(days=c * 5 - 20),
                                           identified_on=TODAY - dt.timedelta(days=90)))


def main() -> None:
    from planner.services import dashboard
    from planner.store.database import Store
    from planner.store.tables import (
        Agreement,
        ConflictArea,
        Decision,
        Meeting,
        MeetingAction,
        Milestone,
        MilestoneSnapshot,
        Opportunity,
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        start = time.perf_counter()
        build(path)
        print(f"built the plan in {time.perf_counter() - start:.1f} s")
        with Store.open(path) as store:
            def read_rows() -> int:
                with store.work() as w:
                    return sum(len(w.list(model)) for model in (
                        Opportunity, Decision, Milestone, MilestoneSnapshot, Meeting,
                        MeetingAction, ConflictArea, Agreement))

            rows = read_rows()
            floor = median_ms(read_rows, RUNS, warm_up=True)
            summary_ms = median_ms(lambda: dashboard.summary(store, TODAY), RUNS, warm_up=True)
            s = dashboard.summary(store, TODAY)
            content = dashboard.board_pack(store, TODAY)

            def pack() -> None:
                from planner.reports.boardpack_pdf import write_boardpack

                write_boardpack(content, Path(tmp) / "pack.pdf")

            def plain() -> None:
                from reportlab.lib.pagesizes import A4
                from reportlab.lib.styles import getSampleStyleSheet
                from reportlab.platypus import Paragraph, SimpleDocTemplate

                style = getSampleStyleSheet()["BodyText"]
                lines = [content.title, content.subtitle]
                lines += [f"{h.partnership} {h.state_label} {' '.join(h.signals[:3])}"
                          for h in content.health]
                SimpleDocTemplate(str(Path(tmp) / "plain.pdf"), pagesize=A4).build(
                    [Paragraph(line.replace("&", "&amp;").replace("<", "&lt;"), style)
                     for line in lines])

            pack_ms = median_ms(pack, RUNS, warm_up=True)
            plain_ms = median_ms(plain, RUNS, warm_up=True)

    print(f"{rows:,} rows; {len(s.health)} partnerships; "
          f"{sum(len(h.signals) for h in s.health):,} signals")
    print(f"{'figure':40} {'ms':>9} {'ratio':>9}")
    print(f"{'read every row (baseline)':40} {floor:9.1f} {1.0:9.2f}")
    print(f"{'dashboard summary':40} {summary_ms:9.1f} {summary_ms / floor:9.2f}"
          f"   goal <= {GOAL_SUMMARY_RATIO:.1f}x: "
          f"{'met' if summary_ms <= GOAL_SUMMARY_RATIO * floor else 'MISSED'}")
    print(f"{'plain ReportLab page (baseline)':40} {plain_ms:9.1f} {1.0:9.2f}")
    print(f"{'board pack PDF (one page, shrunk)':40} {pack_ms:9.1f} {pack_ms / plain_ms:9.2f}"
          f"   goal <= {GOAL_PACK_MS:.0f} ms: {'met' if pack_ms <= GOAL_PACK_MS else 'MISSED'}")


if __name__ == "__main__":
    main()
