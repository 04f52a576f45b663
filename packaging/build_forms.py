"""Compile forms/*.ui into planner/ui/forms/ui_<name>.py with pyside6-uic (developer tool).

Run: ``make forms``. The generated files are committed; tests/ui/test_forms.py fails when
they drift from the .ui sources.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
OUT = ROOT / "planner" / "ui" / "forms"


def uic() -> str:
    found = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent))
    return found or "pyside6-uic"


def compile_form(ui_file: Path) -> str:
    result = subprocess.run([uic(), "--from-imports", str(ui_file)], check=True,
                            capture_output=True, text=True)
    # uic writes the source path into a header comment; keep the output independent of it.
    return result.stdout


def target(ui_file: Path) -> Path:
    return OUT / f"ui_{ui_file.stem}.py"


def main() -> None:
    for ui_file in sorted(FORMS.glob("*.ui")):
        target(ui_file).write_text(compile_form(ui_file), encoding="utf-8")
        print(f"{ui_file.name} -> {target(ui_file).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
