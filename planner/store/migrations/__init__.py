"""Alembic migrations of the plan schema (store layer).

``HEAD`` and ``KNOWN_REVISIONS`` are written out here so that opening a file can recognise a
newer schema without importing Alembic; a test keeps them equal to the scripts.
"""

HEAD = "0008"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005",
                   "0006", "0007", "0008")
