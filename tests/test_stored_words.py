"""The words a plan stores for a milestone's status, an opportunity's stage and a decision's
outcome are spelt once, by the StrEnums in the domain (MilestoneStatus, Stage, Outcome),
not as bare strings scattered through the services, the sample and the reports: a word
misspelt in one place ("on-track") would pass every type check and silently count nothing.

The sample written by ``planner demo`` in another process still stores exactly the words a
plan has always stored, so plans made earlier and exports read the same.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import planner
from planner.domain.capacity import Stage
from planner.domain.screening import Outcome
from planner.domain.timeline import MilestoneStatus

ROOT = Path(planner.__file__).parent
WORDS = {m.value for enum in (MilestoneStatus, Stage, Outcome) for m in enum}
CHECKED = [*sorted((ROOT / "services").rglob("*.py")), *sorted((ROOT / "reports").glob("*.py"))]
# Not a stored word of those three, though spelt the same; this list may only get shorter.
OTHER_MEANINGS = {
    ("services/changes.py", "screening"),  # a topic the views listen to
    ("services/next_steps.py", "screening"),  # the view a step opens
    ("services/screening/opportunities.py", "screening"),  # the audit trail's entity
    ("services/meetings.py", "done"),  # the audit trail's verb for a ticked action
    ("reports/boardpack_pdf.py", "at_risk"),  # a health state (domain/health.py)
    # The timeline's paper renderer, owned elsewhere this session (left as it was).
    ("reports/timeline_pdf.py", "done"),
    ("reports/timeline_pdf.py", "not_started"),
    ("reports/timeline_pdf.py", "on_track"),
}


def _bare_words(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and node.value in WORDS and id(node) not in docstrings]


def test_services_the_sample_and_reports_spell_stored_words_through_the_enums() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}: \"{word}\""
             for path in CHECKED for line, word in _bare_words(path)
             if (str(path.relative_to(ROOT)), word) not in OTHER_MEANINGS]
    assert found == [], "use MilestoneStatus, Stage or Outcome:\n" + "\n".join(found)


def test_the_sample_made_by_another_process_stores_the_same_words(
        tmp_path: Path) -> None:
    from tests.journeys.conftest import run_planner

    plan = tmp_path / "sample.sqlite"
    done = run_planner("demo", "--db", str(plan))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(plan) as db:
        statuses = {r[0] for r in db.execute("SELECT DISTINCT status FROM milestone")}
        snapshot = {r[0] for r in db.execute("SELECT DISTINCT status FROM milestone_snapshot")}
        stages = {r[0] for r in db.execute("SELECT DISTINCT stage FROM opportunity")}
        outcomes = {r[0] for r in db.execute("SELECT DISTINCT outcome FROM decision")}
        kinds = {r[0] for r in db.execute(
            "SELECT DISTINCT typeof(status) FROM milestone UNION "
            "SELECT DISTINCT typeof(stage) FROM opportunity")}
    assert statuses == {"done", "at_risk", "late", "on_track", "not_started"}
    assert snapshot == {"on_track", "at_risk", "late", "not_started"}
    assert stages == {"pursued", "screening", "declined"}
    assert outcomes == {"pursue", "defer", "decline"}
    assert kinds == {"text"}
