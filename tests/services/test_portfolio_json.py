"""Portfolio JSON: exact round trips, and bad files refused with the field named."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner.services.changes import ValidationError
from planner.services.portfolio_json import (
    FORMAT,
    VERSION,
    collection_name,
    export_portfolio,
    import_portfolio,
)
from planner.store.database import Store
from planner.store.rows import table_infos
from planner.store.tables import (
    Milestone,
    Opportunity,
    Organisation,
    PartnerAnswers,
    Person,
    WeightProfile,
)

SCRIPTS = ("Zażółć gęślą jaźń", "Ελένη", "مدرسة الأمل", "🤝")


def _add_scripts(store: Store) -> None:
    with store.work() as w:
        org = w.add(Organisation(name="مدرسة الأمل", location="Zażółć gęślą jaźń"))
        person = w.add(Person(organisation_id=org.id, name="Ελένη Παπαδοπούλου 🤝"))
        w.add(Opportunity(title="Zażółć gęślą jaźń 🤝", partner_id=org.id, sponsor_id=person.id,
                          notes="x'); DROP TABLE opportunity; --\n" + "ż" * 1_000_000,
                          we_give=[{"what": "Ελένη: مدرسة الأمل 🤝", "kind": "knowledge"}],
                          est_ceo_hours_per_month=2.5, start_date=dt.date(2026, 3, 1)))
        w.add(WeightProfile(weights={"1": 33.3, "2": 66.7}, reason="🤝",
                            created_at=dt.datetime(2026, 3, 1, 9, 30, 15, 123456,
                                                   tzinfo=dt.UTC)))


@pytest.fixture(scope="module")
def sample_json(sample_file: Path) -> str:
    from planner.store.engine import sqlite_backup

    copy_path = sample_file.with_name("json-source.sqlite")
    if not copy_path.exists():
        sqlite_backup(sample_file, copy_path)
    with Store.open(copy_path) as store:
        return export_portfolio(store)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".json"))


def test_round_trip_is_byte_identical_with_every_script(sample_store: Store,
                                                        tmp_path: Path) -> None:
    _add_scripts(sample_store)
    first = export_portfolio(sample_store)
    for text in SCRIPTS:
        assert text in first  # written as themselves, not \u escapes
    counts = import_portfolio(tmp_path / "copy.sqlite", first, "first.json")
    assert counts["milestone"] == 31 and counts["opportunity"] == 7
    with Store.open(tmp_path / "copy.sqlite") as copy_store:
        assert copy_store.check() == []
        second = export_portfolio(copy_store)
    assert second == first
    assert second.encode("utf-8") == first.encode("utf-8")


def test_export_shape(sample_json: str) -> None:
    assert sample_json.endswith("}\n")
    document = json.loads(sample_json)
    assert document["format"] == FORMAT and document["version"] == VERSION
    expected = {"format", "version"} | {collection_name(i.name) for i in table_infos()}
    assert set(document) == expected
    assert "audit_events" in document and "people" in document and "criteria" in document
    ids = [row["id"] for row in document["milestones"]]
    assert ids == sorted(ids) and len(ids) == 31
    profile = document["weight_profiles"][0]
    assert profile["created_at"].endswith("+00:00")
    assert dt.date.fromisoformat(document["milestones"][0]["due_date"])
    assert document["profiles"][0]["ceo_hours_per_month"] == 24.0
    assert '"ceo_hours_per_month": 24.0' in sample_json  # floats stay floats


def test_export_is_deterministic(sample_store: Store) -> None:
    assert export_portfolio(sample_store) == export_portfolio(sample_store)


def test_ids_kept_and_new_rows_continue_after_them(sample_json: str, tmp_path: Path) -> None:
    document = json.loads(sample_json)
    document["people"][3]["id"] = 500  # a gap in the ids, as after deletions
    for table in ("opportunities", "conflict_areas", "milestones", "signatories"):
        for row in document[table]:
            for column in ("sponsor_id", "lead_id", "owner_ours_id", "owner_theirs_id",
                           "person_id"):
                if row.get(column) == 4:
                    row[column] = 500
    import_portfolio(tmp_path / "gap.sqlite", json.dumps(document), "gap.json")
    with Store.open(tmp_path / "gap.sqlite") as store, store.work() as w:
        assert w.one(Person, 500).name == document["people"][3]["name"]
        org = w.first(Organisation, is_self=True)
        assert org is not None
        added = w.add(Person(organisation_id=org.id, name="New starter"))
        assert added.id == 501


def test_parents_listed_after_children_still_import(sample_json: str, tmp_path: Path) -> None:
    document = json.loads(sample_json)
    document["milestones"].reverse()  # children first: the importer must order them
    import_portfolio(tmp_path / "rev.sqlite", json.dumps(document), "rev.json")
    with Store.open(tmp_path / "rev.sqlite") as store, store.work() as w:
        assert store.check() == []
        assert sum(1 for m in w.list(Milestone) if m.parent_id) >= 20


def test_an_older_file_without_a_defaulted_field_is_accepted(sample_json: str,
                                                             tmp_path: Path) -> None:
    document = json.loads(sample_json)
    del document["opportunities"][0]["notes"]
    del document["meeting_actions"]  # a whole table missing: no rows
    import_portfolio(tmp_path / "old.sqlite", json.dumps(document), "old.json")
    with Store.open(tmp_path / "old.sqlite") as store, store.work() as w:
        assert w.one(Opportunity, document["opportunities"][0]["id"]).notes == ""


def _set(table: str, index: int, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document[table][index][field] = value
    return change


def _delete(table: str, index: int, field: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        del document[table][index][field]
    return change


def _top(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document[key] = value
    return change


def _loop(document: dict[str, Any]) -> None:
    milestones = document["milestones"]
    milestones[0]["parent_id"] = milestones[1]["id"]
    milestones[1]["parent_id"] = milestones[0]["id"]


def _duplicate(document: dict[str, Any]) -> None:
    document["people"][1]["id"] = document["people"][0]["id"]


BAD_DOCUMENTS = [
    ("wrong format", _top("format", "spreadsheet"), "format: expected \"partnership-planner"),
    ("newer version", _top("version", 2), "version: this file is version 2"),
    ("version as text", _top("version", "1"), "version: expected a whole number, got \"1\""),
    ("missing field", _delete("opportunities", 2, "title"), "opportunities[2].title: missing"),
    ("date as words", _set("milestones", 4, "due_date", "soon"),
     'milestones[4].due_date: expected a date like 2026-03-01, got "soon"'),
    ("string for int", _set("milestones", 4, "progress", "10"),
     'milestones[4].progress: expected a whole number, got "10"'),
    ("bool for number", _set("profiles", 0, "ceo_hours_per_month", True),
     "profiles[0].ceo_hours_per_month: expected a number, got true"),
    ("number for text", _set("people", 0, "name", 42), "people[0].name: expected text, got 42"),
    ("null for required", _set("opportunities", 1, "title", None),
     "opportunities[1].title: cannot be null"),
    ("huge number", _set("milestones", 0, "progress", 10**30),
     "milestones[0].progress: the number 1000000000000000000000000000000 is too large"),
    ("lone surrogate", _set("people", 2, "name", "Ann\ud800e"),
     "people[2].name: contains an invalid character"),
    ("datetime without offset", _set("weight_profiles", 0, "created_at", "2026-03-01T09:00:00"),
     "weight_profiles[0].created_at: expected a date and time with its offset"),
    # Valid ISO text whose moment in UTC falls outside the years 1 to 9999.
    ("datetime after 9999", _set("weight_profiles", 0, "created_at", "9999-12-31T23:59:59-12:00"),
     'weight_profiles[0].created_at: the date and time "9999-12-31T23:59:59-12:00" is out of range'),
    ("datetime before year 1", _set("weight_profiles", 0, "created_at", "0001-01-01T00:00:00+01:00"),
     'weight_profiles[0].created_at: the date and time "0001-01-01T00:00:00+01:00" is out of range'),
    ("bad JSON column", _set("opportunities", 0, "we_give", [{"what": 5, "kind": "money"}]),
     "opportunities[0].we_give[0].what: input should be a valid string"),
    ("dangling reference", _set("milestones", 3, "opportunity_id", 999),
     "milestones[3].opportunity_id: refers to opportunity 999, which is not in the file"),
    ("unknown field", _set("gates", 0, "colour", "red"),
     "gates[0].colour: unknown field"),
    ("unknown section", _top("spaceships", []), "spaceships: unknown section"),
    ("not a list", _top("decisions", {}), "decisions: expected a list of rows"),
    ("duplicate id", _duplicate, "people[1].id: duplicate id 1"),
    ("loop of parents", _loop, "milestones[0].parent_id: is part of a loop"),
    # Passes every check in the file but the database's own CHECK refuses it.
    ("reversed dates", _set("milestones", 2, "start_date", "2099-01-01"),
     "milestones[2]: refused by the database"),
]


@pytest.mark.parametrize(("case", "change", "message"), BAD_DOCUMENTS,
                         ids=[case for case, _, _ in BAD_DOCUMENTS])
def test_bad_documents_are_refused_and_leave_nothing(
        sample_json: str, tmp_path: Path, case: str,
        change: Callable[[dict[str, Any]], None], message: str) -> None:
    document = copy.deepcopy(json.loads(sample_json))
    change(document)
    target = tmp_path / "new.sqlite"
    with pytest.raises(ValidationError) as caught:
        import_portfolio(target, json.dumps(document, ensure_ascii=False), "bad.json")
    assert str(caught.value).startswith("bad.json: "), case
    assert message in str(caught.value), str(caught.value)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(("text", "message"), [
    ("", "not valid JSON: Expecting value at line 1, column 1"),
    ('{\n  "format": "partnership-planner-portfolio",\n  "version": 1,\n}',
     "not valid JSON: Expecting property name enclosed in double quotes at line 4, column 1"),
    ("[1, 2]", "(top level): expected a JSON object"),
    ('{"version": 1}', "format: missing"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_not_a_portfolio(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        import_portfolio(tmp_path / "x.sqlite", text, "x.json")
    assert message in str(caught.value)
    assert _leftovers(tmp_path) == []


def test_a_byte_order_mark_is_accepted(sample_json: str, tmp_path: Path) -> None:
    import_portfolio(tmp_path / "bom.sqlite", "\ufeff" + sample_json, "bom.json")
    with Store.open(tmp_path / "bom.sqlite") as store:
        assert export_portfolio(store) == sample_json


def test_many_problems_are_counted(sample_json: str, tmp_path: Path) -> None:
    document = json.loads(sample_json)
    for row in document["milestones"][:3]:
        del row["title"]
    with pytest.raises(ValidationError) as caught:
        import_portfolio(tmp_path / "x.sqlite", json.dumps(document), "x.json")
    assert "milestones[0].title: missing (and 2 more problems)" in str(caught.value)


def test_an_existing_database_is_never_touched(sample_json: str, tmp_path: Path) -> None:
    target = tmp_path / "mine.sqlite"
    target.write_bytes(b"precious")
    with pytest.raises(ValidationError, match="already exists"):
        import_portfolio(target, sample_json, "s.json")
    assert target.read_bytes() == b"precious"


def _planner(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner.cli", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)


@pytest.mark.slow
def test_command_line_demo_check_export_import(tmp_path: Path) -> None:
    for args in (("demo", "--db", "d.sqlite"), ("check", "--db", "d.sqlite"),
                 ("export", "portfolio", "--db", "d.sqlite", "--out", "a.json"),
                 ("import", "--db", "e.sqlite", "a.json"),
                 ("export", "portfolio", "--db", "e.sqlite", "--out", "b.json")):
        result = _planner(*args, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert "Łukasz" in (tmp_path / "a.json").read_text(encoding="utf-8")

    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    del document["opportunities"][2]["title"]
    (tmp_path / "bad.json").write_text(json.dumps(document), encoding="utf-8")
    result = _planner("import", "--db", "f.sqlite", "bad.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "planner: bad.json: opportunities[2].title: missing"
    assert not list(tmp_path.glob("f.sqlite*"))


def test_the_documentation_lists_every_table_and_field() -> None:
    from planner.services.portfolio_json import field_reference

    doc = (Path(__file__).resolve().parents[2] / "docs" / "portfolio-json.md").read_text(
        encoding="utf-8")
    assert field_reference() in doc, (
        "docs/portfolio-json.md is out of date: run "
        ".venv/bin/python -m planner.services.portfolio_json")
    assert '"format": "partnership-planner-portfolio"' in doc and '"version": 1' in doc


def test_import_into_postgresql(sample_json: str) -> None:
    """A server database: round trip exact, ids continue, a plan already there refused."""
    from tests import pg

    server = pg.server_url()
    url = pg.new_database(server)
    try:
        import_portfolio(url, sample_json, "s.json")
        with Store.open(url) as store:
            assert export_portfolio(store) == sample_json
            with store.work() as w:
                top = max(p.id or 0 for p in w.list(Person))
                org = w.first(Organisation, is_self=True)
                assert org is not None
                assert w.add(Person(organisation_id=org.id, name="Nowa osoba")).id == top + 1
        with pytest.raises(ValidationError, match="already holds a plan"):
            import_portfolio(url, sample_json, "s.json")
    finally:
        pg.drop_database(url)


def test_a_confidential_meeting_survives_the_round_trip_and_older_files_mean_open(
        sample_json: str, tmp_path: Path) -> None:
    document = json.loads(sample_json)
    flags = [m["confidential"] for m in document["meetings"]]
    assert flags.count(True) == 1  # the sample has one (a frank talk about competing)
    for row in document["meetings"]:  # a version 1 file written before meetings had it
        del row["confidential"]
    import_portfolio(tmp_path / "v1.sqlite", json.dumps(document), "v1.json")
    with Store.open(tmp_path / "v1.sqlite") as store:
        again = json.loads(export_portfolio(store))
    assert [m["confidential"] for m in again["meetings"]] == [False] * len(flags)


def test_partner_answers_travel_under_their_own_name_and_older_files_still_import(
        sample_file: Path, tmp_path: Path) -> None:
    """A round of the partner's answers leaves under "partner_answers"; a file written
    while the program spelled it "partner_answerss" still brings the round back."""
    from planner.store.engine import sqlite_backup

    plan = tmp_path / "answers.sqlite"
    sqlite_backup(sample_file, plan)
    with Store.open(plan) as store:
        with store.work() as w:
            opportunity = w.list(Opportunity)[0]
            w.add(PartnerAnswers(opportunity_id=opportunity.id, received_on=dt.date(2026, 11, 30),
                                 form_version="2", source="Ελένη — answers.pdf",
                                 answers={"comment": "مدرسة الأمل 🤝"}))
        text = export_portfolio(store)
    document = json.loads(text)
    assert "partner_answerss" not in document
    assert [row["source"] for row in document["partner_answers"]] == ["Ελένη — answers.pdf"]

    document["partner_answerss"] = document.pop("partner_answers")  # as written before
    import_portfolio(tmp_path / "older.sqlite", json.dumps(document), "older.json")
    with Store.open(tmp_path / "older.sqlite") as store, store.work() as w:
        (round_,) = w.list(PartnerAnswers)
        assert round_.received_on == dt.date(2026, 11, 30)
        assert round_.answers == {"comment": "مدرسة الأمل 🤝"}


def test_an_agreed_text_changed_in_the_file_is_not_imported(sample_json: str,
                                                            tmp_path: Path) -> None:
    """A signed agreement's clause edited in the JSON (a word changed after signing): the
    import used to take it, and only a later `planner check` said the text no longer
    matched what was signed. It is refused, naming the agreement; no plan is left."""
    document = json.loads(sample_json)
    signed = next(a for a in document["agreements"] if a["state"] == "signed")
    clause = next(s for s in document["agreement_sections"]
                  if s["agreement_id"] == signed["id"] and s["body"])
    clause["body"] = clause["body"].replace(" ", "  ", 1) + " Also, the partner pays."
    target = tmp_path / "imported.sqlite"
    with pytest.raises(ValidationError, match=r"edited\.json: not imported: The text of .* "
                       r"changed outside the program") as refused:
        import_portfolio(target, json.dumps(document), "edited.json")
    assert signed["title"] in str(refused.value)
    assert not target.exists() and not list(tmp_path.glob("*.sqlite*"))
    import_portfolio(target, sample_json, "s.json")  # the file as exported: taken whole
    assert target.exists()
