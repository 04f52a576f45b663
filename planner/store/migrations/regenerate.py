"""Developer tool: rewrite revision 0001 from the current tables.

Only valid before the first release (no user database exists at 0001 yet). After a
release, schema changes get a new revision instead: ``alembic revision --autogenerate``.
Run: ``.venv/bin/python -m planner.store.migrations.regenerate``
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from planner.store.migrations.runner import HERE, config


def main() -> None:
    from alembic import command
    from sqlalchemy import create_engine

    for old in (HERE / "versions").glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'empty.sqlite'}")
        cfg = config()
        with engine.connect() as connection:
            cfg.attributes["connection"] = connection
            command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")


if __name__ == "__main__":
    main()
