"""Runs Alembic programmatically against an engine (store layer)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine

HERE = Path(__file__).resolve().parent


def config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the plan's schema to ``revision``.

    On a team database (PostgreSQL) the upgrade runs as the plan's owner even when the
    server's administrator (or another member of the owner's role) runs it, so that new
    tables belong to the owner and get the team's default grants; afterwards the team's
    grants are re-applied (idempotent). Anyone else is refused with a sentence.
    """
    if engine.dialect.name == "postgresql":
        _upgrade_server(engine, revision)
        return
    from alembic import command

    cfg = config()
    with engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
        connection.commit()


def _upgrade_server(engine: Engine, revision: str) -> None:
    from alembic import command
    from sqlalchemy import text

    from planner.store.errors import StoreError
    from planner.store.migrations import HEAD
    from planner.store.postgres import (
        acting_as,
        patient,
        restore_team_access,
        upgrade_refusal,
        upgrade_role,
    )

    def current(connection: Connection) -> str | None:
        found = connection.execute(text(
            "SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
        if not found:
            return None
        value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)

    cfg = config()
    with engine.connect() as connection:
        if revision == "head":
            problem = upgrade_refusal(connection, HEAD)
            if problem:
                connection.rollback()
                raise StoreError(problem)
        before = current(connection)
        # Most openings find the plan at head: Alembic has nothing to run, as anyone.
        role = None if revision == "head" and before == HEAD else upgrade_role(connection)
        connection.rollback()  # Alembic begins its own transactions
        with patient(connection), acting_as(connection, role):
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
            connection.commit()
        if before is not None and current(connection) != before:
            restore_team_access(connection)
        connection.commit()


def script_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    return [s.revision for s in ScriptDirectory.from_config(config()).walk_revisions()]


def schema_differences(engine: Engine) -> list[str]:
    """Differences between the live schema and the models (empty when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import planner.store.tables  # noqa: F401 - registers the tables

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diffs = compare_metadata(context, SQLModel.metadata)
    return [str(d) for d in diffs]
