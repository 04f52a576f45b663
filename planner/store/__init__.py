"""The SQLModel tables, engine, migrations and backups (store layer)."""
