"""docs/architecture.md names every room a newcomer may open: each package of planner/ (the
layers, the window's feature packages, the services' packages), the top-level modules and the
modules of the command line, the services, the store, the domain and the reports. A room added
without a line there fails here (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANNER = ROOT / "planner"


def _packages(folder: Path, prefix: str) -> list[str]:
    return [f"{prefix}{p.name}/" for p in folder.iterdir()
            if p.is_dir() and (p / "__init__.py").exists()]


def _modules(folder: Path) -> list[str]:
    return [p.stem for p in folder.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]


def test_the_architecture_names_every_room() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"[\w/]+/", text))  # planner/ui/people/, agreements/
    stems = set(re.findall(r"\b(\w+)\.py\b", text)) | set(re.findall(r"`(\w+)`", text))
    wildcards = re.findall(r"\b(\w+)\*\.py\b", text)  # timeline*.py
    packages = [*_packages(PLANNER, "planner/"), *_packages(PLANNER / "ui", "planner/ui/"),
                *_packages(PLANNER / "services", "")]
    modules = [m for room in ("", "cli", "services", "store", "domain", "reports")
               for m in _modules(PLANNER / room)]
    missing = [p for p in packages if p not in paths] + [
        m for m in modules if m not in stems and not any(m.startswith(w) for w in wildcards)]
    assert missing == [], f"docs/architecture.md does not name {missing}"
