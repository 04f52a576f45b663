"""The large plans bench/scale.py measures: the sample portfolio plus N generated milestones.

A generated plan is the sample (``planner demo``, as of DAY) with N more milestones spread
over N / 500 pursued partnerships (200 at 100,000), each with dependencies, review
snapshots, meetings with actions and conflict areas in the sample's own proportions per
milestone. Built once and kept in a cache directory outside git (``$PLANNER_BENCH_CACHE``,
else ``~/.cache/partnership-planner-bench``) under a name holding a hash of this file and of
the sample's source: changing either builds the plan again.
Rows are written with bulk inserts (explicit ids), so building 100,000 takes seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
from pathlib import Path
from typing import Any

DAY = dt.date(2026, 12, 1)  # the sample's "today": the cached plan does not depend on the date
PER_PARTNERSHIP = 500
# Per milestone, as in the sample (31 milestones: 15 dependencies, 14 snapshots, 9 meetings,
# 10 actions, 9 conflict areas).
DEPENDENCIES, SNAPSHOTS, MEETINGS, ACTIONS, AREAS = 15 / 31, 14 / 31, 9 / 31, 10 / 31, 9 / 31
PHASE = 10  # one parent milestone, then its nine steps
SCHOOLS = ("Oakfield Primary", "Łódź Technika", "Riverside Academy", "St Anne's High",
           "Northgate College", "Al-Noor School", "Hillcrest Infants", "Kingsway Sixth Form")
STATUSES_PAST = ("done", "done", "done", "done", "late", "dropped")
STATUSES_NEAR = ("on_track", "on_track", "at_risk", "late", "not_started")


def cache_dir() -> Path:
    root = os.environ.get("PLANNER_BENCH_CACHE")
    path = Path(root) if root else Path.home() / ".cache" / "partnership-planner-bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def generator_hash() -> str:
    from planner.services import sample

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(Path(sample.__file__).read_bytes())
    return digest.hexdigest()[:12]


def plan(milestones: int) -> Path:
    """The cached plan with ``milestones`` generated milestones (0: the sample alone),
    built first if the cache does not hold it for this generator."""
    path = cache_dir() / f"scale-{milestones}-{generator_hash()}.sqlite"
    if not path.exists():
        for old in cache_dir().glob(f"scale-{milestones}-*"):  # an older generator's
            old.unlink()
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        build(partial, milestones)
        partial.rename(path)
    return path


def build(path: Path, milestones: int) -> None:
    from sqlalchemy import func, insert, select

    from planner.services.sample import write_sample
    from planner.store.database import Store
    from planner.store.tables import (
        ConflictArea,
        Meeting,
        MeetingAction,
        Milestone,
        MilestoneDependency,
        MilestoneSnapshot,
        Opportunity,
        Person,
    )

    write_sample(path, DAY)
    rng = random.Random(22)
    tables: dict[Any, list[dict[str, Any]]] = {t: [] for t in (
        Opportunity, Milestone, MilestoneDependency, Meeting, MeetingAction, MilestoneSnapshot,
        ConflictArea)}
    with Store.open(path) as store, store.work() as w:
        def next_id(model: Any) -> int:
            return int(w.session.execute(select(func.max(model.id))).scalar() or 0) + 1

        ids = {t: next_id(t) for t in tables}
        people = [p.id for p in w.list(Person)]

        def add(model: Any, **row: Any) -> int:
            row["id"] = ids[model]
            ids[model] += 1
            tables[model].append(row)
            return int(row["id"])

        for p in range(milestones // PER_PARTNERSHIP):
            began = DAY - dt.timedelta(days=rng.randrange(400, 3000))
            span = (DAY + dt.timedelta(days=400) - began).days
            opp = add(Opportunity, title=f"Partnership {p + 1:03d} with "
                                         f"{SCHOOLS[p % len(SCHOOLS)]}",
                      stage="pursued", tier=("strategic", "operational", "network")[p % 3],
                      we_give=[], we_get=[], boundary_spanners=[],
                      start_date=began, est_ceo_hours_per_month=float(1 + p % 4),
                      sponsor_id=people[p % len(people)] if p % 5 else None,
                      lead_id=people[(p + 1) % len(people)] if p % 7 else None)
            rows: list[int] = []
            parent = None
            for m in range(PER_PARTNERSHIP):
                base = began + dt.timedelta(days=span * m // PER_PARTNERSHIP)
                slip = rng.choice((0, 0, 0, 3, 7, 14, 30))
                forecast = base + dt.timedelta(days=slip)
                near = abs((base - DAY).days) < 60
                if base < DAY - dt.timedelta(days=60):
                    status = rng.choice(STATUSES_PAST)
                elif near:
                    status = rng.choice(STATUSES_NEAR)
                else:
                    status = "not_started"
                is_parent = m % PHASE == 0
                mid = add(Milestone, opportunity_id=opp,
                          parent_id=None if is_parent else parent,
                          title=(f"Phase {m // PHASE + 1}: joint work" if is_parent else
                                 f"Step {m % PHASE} of phase {m // PHASE + 1}"),
                          start_date=base - dt.timedelta(days=rng.randrange(1, 20)),
                          due_date=forecast, baseline_date=base, forecast_date=forecast,
                          actual_date=forecast if status == "done" else None,
                          status=status, progress=100 if status == "done" else
                          rng.randrange(0, 90, 10), small_win=rng.random() < 0.05,
                          owner_ours_id=people[m % len(people)] if m % 3 else None,
                          owner_theirs_id=people[(m + 2) % len(people)] if m % 4 else None,
                          position=m)
                if is_parent:
                    parent = mid
                rows.append(mid)
            for k in range(round(PER_PARTNERSHIP * DEPENDENCIES)):
                step = 2 * k + 1  # a step after the one before it (never a phase's parent)
                if step % PHASE == 0 or step >= len(rows):
                    step = (step + 1) % len(rows) or 1
                add(MilestoneDependency, predecessor_id=rows[step - 1], successor_id=rows[step],
                    kind="FS", lag_days=k % 3)
            meetings = []
            count = round(PER_PARTNERSHIP * MEETINGS)
            for k in range(count):
                held = DAY - dt.timedelta(days=(count - k) * 14 - rng.randrange(0, 5))
                state = "held" if k % 9 else rng.choice(("cancelled", "missed"))
                meetings.append((add(Meeting, opportunity_id=opp, held_on=held, state=state,
                                     kind=("strategic", "operational", "review")[k % 3],
                                     attendees=["Head", "Partner lead", "Bursar"][: 1 + k % 3],
                                     ceo_hours=1.5 if state == "held" else 0.0,
                                     confidential=k % 25 == 0), held))
            for k in range(round(PER_PARTNERSHIP * ACTIONS)):
                meeting, held = meetings[k % len(meetings)]
                due = held + dt.timedelta(days=21)
                add(MeetingAction, meeting_id=meeting, text=f"Follow up item {k + 1}",
                    owner="Head" if k % 2 else "", due_on=due,
                    done_on=due if due < DAY - dt.timedelta(days=30) and k % 4 else None)
            for k in range(round(PER_PARTNERSHIP * SNAPSHOTS)):
                m = rng.randrange(len(rows))
                meeting, held = meetings[k % len(meetings)]
                add(MilestoneSnapshot, milestone_id=rows[m], meeting_id=meeting, taken_on=held,
                    forecast_date=DAY + dt.timedelta(days=rng.randrange(-300, 300)),
                    status="on_track")
            for k in range(round(PER_PARTNERSHIP * AREAS)):
                status = ("open", "monitoring", "closed", "accepted", "escalated")[k % 5]
                add(ConflictArea, opportunity_id=opp, title=f"Overlap in area {k + 1}",
                    likelihood=1 + k % 5, impact=1 + (k * 3) % 5,
                    residual_likelihood=1 + (k * 2) % 5, residual_impact=1 + k % 4,
                    status=status, openness=("internal", "raised", "joint", "agreed")[k % 4],
                    next_review=DAY + dt.timedelta(days=rng.randrange(-60, 120)),
                    identified_on=DAY - dt.timedelta(days=rng.randrange(30, 900)),
                    confidential=k % 30 == 0)
        for model, batch in tables.items():  # parents before children (foreign keys)
            for start in range(0, len(batch), 5000):
                w.session.execute(insert(model), batch[start:start + 5000])
