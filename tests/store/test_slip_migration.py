"""A slip keeps the due date (issue 17, migration 0006): once a plan made before is opened,
a milestone whose start has slipped past its due date can be stored with its due date as
agreed and its forecast recorded; the plan still refuses a start after both."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from planner.services import timeline as svc
from planner.services.changes import ValidationError
from planner.store.database import Store
from planner.store.migrations.runner import upgrade


def _plan_at_0005(path: Path) -> None:
    """A plan as 0005 left it: one partnership, a milestone due 20 Mar, forecast 25 Mar."""
    from sqlmodel import Session

    from planner.store.tables import Milestone, Opportunity

    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0005")
    with Session(engine) as session:  # the columns are those of 0005 (0006 changes a check)
        session.add(Opportunity(id=1, title="Shared sports hall", stage="pursued",
                                tier="strategic"))
        session.flush()
        session.add(Milestone(id=1, opportunity_id=1, title="Hall booked",
                              start_date=dt.date(2026, 3, 1), due_date=dt.date(2026, 3, 20),
                              baseline_date=dt.date(2026, 3, 20),
                              forecast_date=dt.date(2026, 3, 25)))
        session.commit()
    engine.dispose()


def test_a_plan_made_before_keeps_the_due_date_when_the_start_slips_past_it(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _plan_at_0005(path)
    with Store.open(path, pre_migration_backup_dir=tmp_path / "bk") as store:
        assert store.revision() >= "0006"  # upgraded past the slip migration
        assert store.check() == []
        svc.move_milestone(store, 1, 40)  # the start (1 Mar) passes the due date (20 Mar)
        moved = svc.get_milestone(store, 1)
        with pytest.raises(ValidationError, match=r"after the due date .* and the forecast"):
            svc.update_milestone(store, 1, {"start_date": dt.date(2026, 6, 1)})
    assert (moved["start_date"], moved["due_date"], moved["forecast_date"],
            moved["baseline_date"]) == (dt.date(2026, 4, 10), dt.date(2026, 3, 20),
                                        dt.date(2026, 5, 4), dt.date(2026, 3, 20))
    with closing(sqlite3.connect(path)) as db:  # the plan itself refuses what makes no sense
        db.execute("PRAGMA foreign_keys = ON")
        for forecast in ("'2026-04-30'", "NULL"):  # a start after its due and its forecast
            with pytest.raises(sqlite3.IntegrityError, match="milestone_dates"):
                db.execute("INSERT INTO milestone (row_version, opportunity_id, title, status, "
                           "progress, start_date, due_date, forecast_date, small_win, position, "
                           "definition_of_done, "
                           "notes, celebration_note) VALUES (1, 1, 'Late', 'late', 0, "
                           f"'2026-05-01', '2026-03-20', {forecast}, 0, 0, '', '', '')")
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_going_back_to_0005_takes_the_forecast_as_due_date(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _plan_at_0005(path)
    with Store.open(path, pre_migration_backup_dir=tmp_path / "bk") as store:
        svc.move_milestone(store, 1, 40)
    engine = create_engine(f"sqlite:///{path}")
    from alembic import command

    from planner.store.migrations.runner import config

    cfg = config()
    with engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0005")
        connection.commit()
    engine.dispose()
    with closing(sqlite3.connect(path)) as db:
        row = db.execute("SELECT start_date, due_date, forecast_date FROM milestone").fetchone()
        assert row == ("2026-04-10", "2026-05-04", "2026-05-04")
        with pytest.raises(sqlite3.IntegrityError, match="milestone_dates"):
            db.execute("UPDATE milestone SET due_date = '2026-04-01'")
