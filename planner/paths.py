"""Where the planner keeps things on disk: user data, backups, bundled resources.

No Qt and no database here, so every layer may ask. ``PLANNER_DATA_DIR`` overrides the user
data folder (tests, portable installs).

The bundled resources (the repository's ``resources/``: fonts, icons, style sheet, clause
templates, schemas) are installed as the package ``planner_resources`` (pyproject.toml maps
the folder), and ``resources_dir()`` is the one place that finds them, through
``importlib.resources``: the same lookup in an editable install (setuptools' finder maps
the name to the checkout's folder), a wheel (site-packages/planner_resources) and the
PyInstaller bundle (the spec copies the folder under the same name).
"""

from __future__ import annotations

import os
from importlib import resources
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


RESOURCES_PACKAGE = "planner_resources"


def resources_dir() -> Path:
    """The folder of bundled resources, as a real path (ReportLab, Qt and pyHanko open the
    files by name)."""
    try:
        folder = resources.files(RESOURCES_PACKAGE)
    except ModuleNotFoundError:
        raise FileNotFoundError(f"{RESOURCES_PACKAGE} is not installed: the installation of "
                                "Partnership Planner is incomplete (reinstall it)") from None
    if not isinstance(folder, Path):  # a zipped install: never made by our builds
        raise FileNotFoundError(f"{RESOURCES_PACKAGE} is not a folder on disk ({folder})")
    return folder
