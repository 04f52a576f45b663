"""Where the planner keeps things on disk: user data, backups, bundled resources.

No Qt and no database here, so every layer may ask. ``PLANNER_DATA_DIR`` overrides the user
data folder (tests, portable installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from planner import APP_NAME


def user_data_dir() -> Path:
    override = os.environ.get("PLANNER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir as platform_dir

    return Path(platform_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return user_data_dir() / "plan.sqlite"


def backups_root() -> Path:
    return user_data_dir() / "backups"


def resources_dir() -> Path:
    """The bundled resources: beside the package in a checkout, inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
