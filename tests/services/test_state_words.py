"""Agreement states and conflict openness are StrEnums (planner/domain) whose values are the
words plans have always stored: a plan made before them opens, reads and shows the same,
and what is written now is the same text in the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planner.domain.agreements import STATE_LABELS, AgreementState
from planner.domain.conflicts import OPENNESS_LABELS, Openness
from planner.services import agreements as svc
from planner.services import conflicts as cf
from planner.store.database import Store
from tests.services.test_agreements import link_conflict, make_plan

WORDS_STORED = ("draft", "agreed", "partly_signed", "signed", "superseded")
OPENNESS_STORED = ("internal", "raised", "joint", "agreed")


def test_the_values_are_the_words_plans_store() -> None:
    assert tuple(AgreementState) == WORDS_STORED
    assert [state.value for state in AgreementState] == list(WORDS_STORED)
    assert tuple(Openness) == OPENNESS_STORED
    # Looked up with the plain text read from a plan, the labels are the same as before.
    assert STATE_LABELS["partly_signed"] == "Partly signed"
    assert OPENNESS_LABELS["raised"] == "Raised with partner"


def test_a_plan_written_with_them_holds_the_same_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    Store.open(path, create=True).close()
    with Store.open(path) as store:  # a plan made earlier, reopened
        plan = make_plan(store)
        cf.update_area(store, plan.conflict_id, {"openness": Openness.RAISED})
        link_conflict(store, plan)
        svc.mark_agreed(store, plan.agreement_id)
    raw = sqlite3.connect(path)  # another reader of the file, byte for byte
    try:
        stored_state = raw.execute("SELECT state FROM agreement").fetchone()[0]
        stored_openness = raw.execute("SELECT openness FROM conflict_area").fetchone()[0]
        check = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'conflict_area'"
                            ).fetchone()[0]
    finally:
        raw.close()
    assert (type(stored_state), stored_state) == (str, "agreed")
    assert (type(stored_openness), stored_openness) == (str, "raised")
    # The store's own rule names exactly the words the enum holds.
    assert "openness IN ('internal','raised','joint','agreed')" in check
    with Store.open(path) as reopened:
        detail = svc.get_agreement(reopened, plan.agreement_id)
        assert detail.state == AgreementState.AGREED
        assert STATE_LABELS[detail.state] == "Agreed (text frozen)"
        row = next(r for r in cf.register(reopened).rows if r.id == plan.conflict_id)
        assert row.openness == Openness.RAISED
        assert OPENNESS_LABELS[row.openness] == "Raised with partner"
