"""Alembic environment: runs on the connection handed in by the runner."""

from alembic import context
from sqlmodel import SQLModel

import planner.store.tables  # noqa: F401 - registers the tables

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
