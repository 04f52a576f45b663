"""A frozen team database (every server process stopped with SIGSTOP, as a frozen machine
would be) never hangs the program: a save says within its budget that the server is not
answering, nothing is half-saved, and once the server runs again (SIGCONT) saving resumes
on the same open plan — each change saved exactly once, even one whose commit went
unanswered. ``planner check`` answers too instead of waiting until killed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from planner.cli import main
from planner.services.screening import create_opportunity
from planner.store.database import Store
from planner.store.errors import NotAnswering
from tests import pg

pytestmark = pytest.mark.postgresql

BUDGET = 1.5  # seconds a call may wait (PLANNER_PG_ANSWER_SECONDS), small to keep it fast
CONNECT = 2  # libpq's connect_timeout at that budget (its minimum)
# The longest a save may take on a frozen server: the pool's ping of its connection, then
# a new connection (refused after CONNECT s); scheduling slack on a busy 2-core machine.
WORST = BUDGET + CONNECT + 2.0
# What a test allows: twice that, as a whole test session on 2 busy cores has measured 6.9 s
# for a 5.5 s worst case; a hang (95 s before the watchdog) is still far outside it.
ALLOWED = 2 * WORST


def _timed(call: Callable[[], Any], limit: float) -> tuple[float, BaseException | None, Any]:
    """Run ``call`` on a thread (so that a hang fails the test instead of hanging it)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the test
            box["error"] = exc

    start = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"still waiting after {limit:.1f} s: the program hangs"
    return time.monotonic() - start, box.get("error"), box.get("value")


@pytest.fixture
def budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", str(BUDGET))


def _titles(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(pg._libpq(url)) as conn:
        return sorted(r[0] for r in conn.execute("SELECT title FROM opportunity"))


def test_a_save_loop_on_a_frozen_server_errs_in_time_and_resumes_saving_each_once(
        pg_url: str, pg_server: str, budget: None) -> None:
    made_earlier = Store.open(pg_url)
    made_earlier.close()
    store = Store.open(pg_url)
    try:
        wanted = [f"Hall {n}" for n in range(3)]
        for title in wanted:
            create_opportunity(store, title)
        pending: list[tuple[str, NotAnswering]] = []
        with pg.frozen(pg_server):
            for title in ("Pitch during 1", "Pitch during 2"):
                wanted.append(title)
                took, error, _ = _timed(lambda t=title: create_opportunity(store, t), ALLOWED * 2)
                assert isinstance(error, NotAnswering), error
                assert took <= ALLOWED, f"{took:.1f} s to the first clear error"
                assert str(error) == ("The team database at 127.0.0.1 is not answering; your "
                                      "change is kept in this window, try again.")
                pending.append((title, error))
        # The server runs again: the same open plan saves; a change whose commit went
        # unanswered is saved again only if the server did not commit it.
        for title, error in pending:
            if error.in_doubt is not None:
                deadline = time.monotonic() + 10
                outcome = store.committed(error.in_doubt)
                while outcome is None and time.monotonic() < deadline:
                    time.sleep(0.1)
                    outcome = store.committed(error.in_doubt)
                assert outcome is not None
                if outcome:
                    continue
            create_opportunity(store, title)
        wanted.append("After")
        took, error, _ = _timed(lambda: create_opportunity(store, "After"), ALLOWED)
        assert error is None
    finally:
        store.close()
    assert _titles(pg_url) == sorted(wanted)  # nothing lost, nothing twice


def test_planner_check_on_a_frozen_server_answers_in_one_line(
        pg_url: str, pg_server: str, budget: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    with pg.frozen(pg_server):
        took, error, code = _timed(lambda: main(["check", "--db", pg_url]), ALLOWED * 2)
    assert error is None and code == 1
    assert took <= ALLOWED, f"{took:.1f} s"
    err = capsys.readouterr().err.strip()
    assert err == ("planner: The team database at 127.0.0.1 is not answering; try again in a "
                   "moment."), err
