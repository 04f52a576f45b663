"""A portfolio exported by a colleague from whom the server hides confidential records must
not look complete: refused like ``planner copy``; with ``--allow-partial`` written, saying
what it leaves out on screen and inside the file. The owner's export is whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from tests import pg
from tests.store.test_postgres_confidential_meetings import (  # noqa: F401 -- a fixture
    COLLEAGUE,
    READER,
    team_plan,
)

pytestmark = pytest.mark.postgresql


def _export(url: str, out: Path, *extra: str) -> int:
    return main(["export", "portfolio", "--db", url, "--out", str(out), *extra])


def test_a_partial_export_is_refused_or_says_what_it_lacks(
        team_plan: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    colleague = pg.with_user(team_plan, COLLEAGUE)
    out = tmp_path / "portfolio.json"
    assert _export(colleague, out) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "incomplete" in err and "--allow-partial" in err
    assert not out.exists()

    assert _export(colleague, out, "--allow-partial") == 0
    said = capsys.readouterr().out
    assert "INCOMPLETE" in said and "confidential" in said
    document = json.loads(out.read_text(encoding="utf-8"))
    assert "confidential" in document["left_out"]
    assert len(document["meetings"]) == 1

    for who in (READER, "postgres"):  # a named reader, the owner: the whole plan
        whole = tmp_path / f"{who}.json"
        code = _export(pg.with_user(team_plan, who), whole, "--allow-partial")
        capsys.readouterr()
        assert code == 0
        document = json.loads(whole.read_text(encoding="utf-8"))
        assert len(document["meetings"]) == 2
