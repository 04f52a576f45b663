"""The whole journey end to end, every step its own process: the ``planner`` command where
it has one, a ``python -c`` snippet running the journey step otherwise.

Each process starts from nothing but the plan file and the ids printed by the one before,
so every step proves that what the previous process saved is really there.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.journeys import journey as J
from tests.journeys.conftest import run_planner, run_python

_STEP = """
import json, sys
from pathlib import Path
from tests.journeys import journey as J
state = json.loads(sys.argv[1])
j = J.Journey(state["target"], Path(state["folder"]), state["draft"], state["ids"],
              {k: Path(v) for k, v in state["files"].items()})
for name in sys.argv[2:]:
    getattr(J, name)(j)
print(json.dumps({"ids": j.ids, "draft": j.draft,
                  "files": {k: str(v) for k, v in j.files.items()}}))
"""


class Run:
    """The journey's state as one process hands it to the next (JSON on the command line)."""

    def __init__(self, folder: Path) -> None:
        self.state: dict[str, Any] = {"target": str(folder / "plan.sqlite"),
                                      "folder": str(folder), "draft": "", "ids": {},
                                      "files": {}}

    def step(self, *names: str) -> None:
        """One process running journey functions (a step, with what it needs noted)."""
        done = run_python(_STEP, json.dumps(self.state), *names)
        _ok(done, f"journey step {' '.join(names)}")
        self.state = {**self.state, **json.loads(done.stdout.strip().splitlines()[-1])}

    def planner(self, *args: str, env_passphrase: str = "") -> subprocess.CompletedProcess[str]:
        done = run_planner(*args, env={"PLANNER_PASSPHRASE": env_passphrase}
                           if env_passphrase else None)
        _ok(done, "planner " + " ".join(args[:2]))
        return done

    @property
    def plan(self) -> str:
        return str(self.state["target"])

    @property
    def ids(self) -> dict[str, int]:
        return dict(self.state["ids"])


def _ok(done: subprocess.CompletedProcess[str], what: str) -> None:
    assert done.returncode == 0, f"{what} exited {done.returncode}: {done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]


def test_the_journey_in_separate_processes(tmp_path: Path) -> None:
    run = Run(tmp_path)
    run.step("new_plan")
    run.step("profile")

    # Partners and people: export the plan, add them to the file, import it as a new plan.
    exported = tmp_path / "first-plan.json"
    run.planner("export", "portfolio", "--db", run.state["draft"], "--out", str(exported))
    document = json.loads(exported.read_text(encoding="utf-8"))
    J.add_partners_and_people(document)
    edited = tmp_path / "with-partners.json"
    edited.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    run.planner("import", "--db", run.plan, str(edited))

    run.step("meet_partners_and_people", "opportunity")
    for name in ("gates_and_scores", "decide"):
        run.step(name)
    report = json.loads(run.planner("report", "--db", run.plan, "--json").stdout)
    assert _pursued(report) == {J.PARTNERSHIP: "strategic", J.SECOND: "operational"}

    for name in ("conflict_area", "agreement", "link_clause", "mark_agreed"):
        run.step(name)

    # Our chief executive signs with the command line; the next process finds the signature.
    journey = J.Journey(run.plan, tmp_path)
    J.make_identities(journey)  # certificates, not plan data: made here
    run.state["files"].update({k: str(v) for k, v in journey.files.items()})
    signed_once = tmp_path / "signed-once.pdf"
    run.planner("export", "agreement", "--db", run.plan, "--id", str(run.ids["agreement"]),
                "--out", str(signed_once), "--sign", "--identity",
                run.state["files"]["identity_ours"], env_passphrase=J.PASS_OURS)
    run.state["files"]["signed_once"] = str(signed_once)
    run.step("signed_once", "countersign")
    verified = run.planner("verify", run.state["files"]["signed_twice"])
    assert J.CEO in verified.stdout and J.PARTNER_CHAIR in verified.stdout

    for name in ("amend", "milestones", "meeting", "small_win"):
        run.step(name)

    checked = run.planner("check", "--db", run.plan)
    assert "sound" in checked.stdout
    pack = tmp_path / "board-pack.pdf"
    run.planner("export", "boardpack", "--db", run.plan, "--out", str(pack))
    text = J.pdf_text(pack)
    assert J.PARTNERSHIP in text and J.SECOND in text

    # The last process sees every earlier one's work.
    final_json = tmp_path / "final.json"
    run.planner("export", "portfolio", "--db", run.plan, "--out", str(final_json))
    final = json.loads(final_json.read_text(encoding="utf-8"))
    assert {a["version"]: a["state"] for a in final["agreements"]} == {1: "signed", 2: "draft"}
    assert len(final["signatures"]) == 2 and all(s["digital"] for s in final["signatures"])
    assert [m["decisions"] for m in final["meetings"]] == ["Start on Tuesdays."]
    assert {m["title"]: m["status"] for m in final["milestones"]} == {
        "First training session": "done", "End-of-season tournament": "not_started"}


def _pursued(report: dict[str, Any]) -> dict[str, str]:
    """Title -> tier of the pursued partnerships in ``planner report --json``."""
    return {row["title"]: tier for tier, rows in report["capacity"]["tiers"].items()
            for row in rows}
