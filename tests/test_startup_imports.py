"""What the quick commands import: nothing heavy they do not use (start-up is imports).

ruff's TID253 (pyproject.toml) keeps the feature libraries out of every module's top; this
test sees what a command pulls in through all its imports, in a fresh process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Qt, charts, exports and signing, the team database: none of them serves these commands.
WINDOW_AND_EXPORTS = {
    "PySide6", "shiboken6", "pyqtgraph", "numpy",
    "reportlab", "pyhanko", "pyhanko_certvalidator", "cryptography", "pypdfium2",
    "arabic_reshaper", "bidi", "uharfbuzz", "openpyxl", "icalendar",
    "psycopg", "keyring",
}
DATABASE = {"sqlalchemy", "sqlmodel", "alembic", "pydantic"}

PROBE = """
import json, sys
from planner.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _imported(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, timeout=120)
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["code"] in (0, None), result.stderr
    return set(outcome["modules"])


def test_help_imports_no_heavy_library() -> None:
    assert _imported("--help") & (WINDOW_AND_EXPORTS | DATABASE) == set()


def test_check_imports_the_store_only(sample_file: Path) -> None:
    assert _imported("check", "--db", str(sample_file)) & WINDOW_AND_EXPORTS == set()
