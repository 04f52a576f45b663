"""Runs Alembic programmatically against an engine (store layer)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

HERE = Path(__file__).resolve().parent


def config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = config()
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql" and revision == "head":
            from planner.store.errors import StoreError
            from planner.store.migrations import HEAD
            from planner.store.postgres import upgrade_refusal

            problem = upgrade_refusal(connection, HEAD)
            connection.rollback()  # Alembic begins its own transactions
            if problem:
                raise StoreError(problem)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
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
