"""The conflict register service: validation, workflow, history, links, export."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from planner.reports.register_export import unguard_csv_cell
from planner.services import conflicts as svc
from planner.services.changes import ValidationError
from planner.store.database import Store
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    ConflictHistory,
    Opportunity,
    Organisation,
    Person,
    Profile,
)

TODAY = dt.date(2026, 6, 1)


def _plan(store: Store) -> dict[str, int]:
    with store.work() as w:
        us = w.add(Organisation(name="Northfield Trust", is_self=True))
        w.add(Profile(organisation_id=us.id))
        them = w.add(Organisation(name="Riverside College"))
        opp = w.add(Opportunity(title="Post-16 pathway", partner_id=them.id, stage="pursued"))
        other = w.add(Opportunity(title="Careers hub", stage="pursued"))
        me = w.add(Person(organisation_id=us.id, name="Asha Patel"))
        you = w.add(Person(organisation_id=them.id, name="Tom Reed"))
        return {"opp": opp.id, "other": other.id, "me": me.id, "you": you.id}


def _area(store: Store, opp: int, **values: object) -> int:
    base: dict[str, object] = {"opportunity_id": opp, "title": "Sixth-form recruitment",
                               "likelihood": 4, "impact": 4}
    base.update(values)
    area_id, _ = svc.create_area(store, base, who="tester", today=TODAY)
    return area_id


def test_create_sets_defaults_and_history(store: Store) -> None:
    ids = _plan(store)
    area_id = _area(store, ids["opp"])
    area = svc.get_area(store, area_id)
    assert (area.residual_likelihood, area.residual_impact) == (4, 4)
    assert area.identified_on == TODAY
    assert area.next_review == TODAY + dt.timedelta(days=90)
    rows = svc.history(store, area_id)
    assert [(h.field, h.who) for h in rows] == [("created", "tester")]


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"likelihood": 0}, "likelihood", "1 (rare) to 5"),
    ({"likelihood": 6}, "likelihood", "not on the scale"),
    ({"residual_impact": 6}, "residual_impact", "Residual impact"),
    ({"title": "   "}, "title", "cannot be empty"),
    ({"next_review": TODAY - dt.timedelta(days=1)}, "next_review", "cannot be in the past"),
    ({"status": "gone"}, "status", "not a known status"),
    ({"treatment": "ignore"}, "treatment", "must be one of"),
    ({"owner_ours_id": 999}, "owner_ours_id", "no longer in the plan"),
    ({"title": "x" * 201}, "title", "too long"),
    ({"openness": "agreed"}, "openness", "clause"),
])
def test_bad_input_is_refused_and_nothing_is_saved(store: Store, values: dict[str, object],
                                                   field: str, words: str) -> None:
    ids = _plan(store)
    with pytest.raises(ValidationError) as caught:
        _area(store, ids["opp"], **values)
    assert caught.value.field == field
    assert words in caught.value.message
    with store.work() as w:
        assert w.count(ConflictArea) == 0
        assert w.count(ConflictHistory) == 0


def test_missing_partnership_is_named(store: Store) -> None:
    _plan(store)
    with pytest.raises(ValidationError, match="partnership"):
        svc.create_area(store, {"title": "x"}, today=TODAY)


def test_unicode_rtl_and_sql_looking_text_survive(store: Store) -> None:
    ids = _plan(store)
    title = "تنافس على القبول 🚸 '; DROP TABLE conflict_area; --"
    area_id = _area(store, ids["opp"], title=title, description="Ż" * 1_000_000)
    area = svc.get_area(store, area_id)
    assert area.title == title and len(area.description) == 1_000_000


def test_rating_and_status_changes_go_to_history_with_who_and_note(store: Store) -> None:
    ids = _plan(store)
    area_id = _area(store, ids["opp"])
    svc.update_area(store, area_id, {"residual_likelihood": 2, "status": "monitoring",
                                     "description": "not tracked"},
                    who="ceo", note="after the heads' meeting", today=TODAY)
    rows = svc.history(store, area_id)
    changed = {(h.field, h.old, h.new, h.who, h.note) for h in rows if h.field != "created"}
    assert changed == {("status", "open", "monitoring", "ceo", "after the heads' meeting"),
                       ("residual_likelihood", "4", "2", "ceo", "after the heads' meeting")}


def test_a_refused_edit_changes_nothing(store: Store) -> None:
    ids = _plan(store)
    area_id = _area(store, ids["opp"])
    with pytest.raises(ValidationError):
        svc.update_area(store, area_id, {"impact": 2, "likelihood": 9}, today=TODAY)
    area = svc.get_area(store, area_id)
    assert (area.likelihood, area.impact) == (4, 4)
    assert len(svc.history(store, area_id)) == 1


def _link(store: Store, opp: int, area_id: int, state: str = "draft") -> int:
    with store.work() as w:
        agreement = w.add(Agreement(opportunity_id=opp, title="Protocol", state=state))
        section = w.add(AgreementSection(agreement_id=agreement.id, title="Recruitment",
                                         conflict_ids=[area_id]))
        return section.id  # type: ignore[return-value]


def test_protocol_agreed_needs_a_linked_clause(store: Store) -> None:
    ids = _plan(store)
    area_id = _area(store, ids["opp"])
    with pytest.raises(ValidationError, match="clause"):
        svc.update_area(store, area_id, {"openness": "agreed"}, today=TODAY)
    assert svc.get_area(store, area_id).openness == "internal"
    _link(store, ids["opp"], area_id, state="superseded")
    with pytest.raises(ValidationError):  # a superseded agreement does not count
        svc.update_area(store, area_id, {"openness": "agreed"}, today=TODAY)
    _link(store, ids["opp"], area_id)
    svc.update_area(store, area_id, {"openness": "agreed"}, today=TODAY)
    assert svc.get_area(store, area_id).openness == "agreed"


def test_lint_and_highest_band_from_the_register(store: Store) -> None:
    ids = _plan(store)
    serious = _area(store, ids["opp"], title="Staff poaching")
    _area(store, ids["opp"], title="Shared brand", likelihood=1, impact=2)
    with store.work() as w:
        agreement = w.add(Agreement(opportunity_id=ids["opp"], title="Protocol"))
    messages = svc.lint_agreement(store, agreement.id)  # type: ignore[arg-type]
    assert len(messages) == 1 and "Staff poaching" in messages[0]
    assert svc.highest_residual_band(store, ids["opp"]) == "critical"
    assert svc.exposure_level(store, ids["opp"]) == 5
    assert svc.highest_residual_band(store, ids["other"]) is None
    svc.update_area(store, serious, {"residual_likelihood": 2, "residual_impact": 2},
                    today=TODAY)
    assert svc.highest_residual_band(store, ids["opp"]) == "low"
    assert svc.lint_agreement(store, agreement.id) == []  # type: ignore[arg-type]


def test_bands_follow_the_profile(store: Store) -> None:
    ids = _plan(store)
    _area(store, ids["opp"], likelihood=2, impact=3)
    assert svc.highest_residual_band(store, ids["opp"]) == "medium"
    with store.work() as w:
        profile = w.first(Profile)
        assert profile is not None
        profile.band_limits = [1, 2, 5]
        w.add(profile)
    assert svc.highest_residual_band(store, ids["opp"]) == "critical"


def test_delete_and_restore_bring_back_history_and_links(store: Store) -> None:
    ids = _plan(store)
    area_id = _area(store, ids["opp"])
    svc.update_area(store, area_id, {"status": "escalated"}, today=TODAY)
    section_id = _link(store, ids["opp"], area_id)
    saved, _ = svc.delete_area(store, area_id)
    with store.work() as w:
        assert w.get(ConflictArea, area_id) is None
        assert w.one(AgreementSection, section_id).conflict_ids == []
    svc.restore_area(store, saved)
    assert svc.get_area(store, area_id).status == "escalated"
    assert len(svc.history(store, area_id)) == 2
    with store.work() as w:
        assert w.one(AgreementSection, section_id).conflict_ids == [area_id]


def test_register_flags_overdue_and_stale_internal(store: Store) -> None:
    ids = _plan(store)
    old = TODAY - dt.timedelta(days=40)
    area_id = _area(store, ids["opp"], identified_on=old)
    svc.update_area(store, area_id, {"next_review": TODAY - dt.timedelta(days=3)}, today=TODAY)
    row = svc.register(store, today=TODAY).rows[0]
    assert row.overdue and row.days_overdue == 3 and row.stale_internal
    assert row.partner == "Riverside College" and row.residual_band == "critical"
    assert "review 3 days overdue" in row.flag_text()
    assert "kept internal for 40 days" in row.flag_text()
    assert "rated critical, handled by no agreement clause" in row.flag_text()


def test_review_moves_the_next_review_on(store: Store) -> None:
    ids = _plan(store)
    area_id = _area(store, ids["opp"], review_every_days=30)
    svc.record_review(store, area_id, note="checked", who="ceo", today=TODAY)
    assert svc.get_area(store, area_id).next_review == TODAY + dt.timedelta(days=30)
    assert svc.history(store, area_id)[0].field == "review"


FORMULA = '=HYPERLINK("http://example.com","click")'


def _export_plan(store: Store) -> dict[str, int]:
    ids = _plan(store)
    _area(store, ids["opp"], title=FORMULA, owner_ours_id=ids["me"])
    _area(store, ids["opp"], title="تنافس على القبول", drivers="Ünïcødé 🚸\nsecond line")
    _area(store, ids["other"], title="'=already quoted", description="-5 pupils; @mention")
    return ids


def test_csv_export_reads_back_the_same_text(store: Store, tmp_path: Path) -> None:
    _export_plan(store)
    out = tmp_path / "register.csv"
    assert svc.export_register(store, out, today=TODAY) == 3
    with out.open(encoding="utf-8-sig", newline="") as handle:
        raw = list(csv.reader(handle))
    header, *rows = raw
    assert header[:4] == ["Ref", "Partnership", "Partner", "Title"]
    # Formula-like text is defused in the file itself ...
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    # ... and the documented reader gives back exactly what was typed.
    titles = {unguard_csv_cell(r[3]) for r in rows}
    assert titles == {FORMULA, "تنافس على القبول", "'=already quoted"}
    drivers = {unguard_csv_cell(r[header.index("Drivers")]) for r in rows}
    assert "Ünïcødé 🚸\nsecond line" in drivers
    descriptions = {unguard_csv_cell(r[header.index("Description")]) for r in rows}
    assert "-5 pupils; @mention" in descriptions
    assert {r[header.index("Next review")] for r in rows} == {"2026-08-30"}


def test_xlsx_export_has_dates_and_text_not_formulas(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ids = _export_plan(store)
    out = tmp_path / "register.xlsx"
    svc.export_register(store, out, today=TODAY)
    book = load_workbook(out)
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[3] == "Title" and sheet["A1"].font.b
    titles = {r[3] for r in rows[1:]}
    assert titles == {FORMULA, "تنافس على القبول", "'=already quoted"}
    formula_cell = next(c for c in sheet["D"] if c.value == FORMULA)
    assert formula_cell.data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    import zipfile

    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the sheet
    review = rows[1][header.index("Next review")]
    assert isinstance(review, dt.datetime) and review.date() == dt.date(2026, 8, 30)
    assert rows[1][header.index("Likelihood")] == 4
    owners = {r[header.index("Our owner")] for r in rows[1:]}
    assert "Asha Patel" in owners
    # Only the chosen rows when the view exports its filtered table.
    svc.export_register(store, out, rows=[1], today=TODAY)
    assert load_workbook(out).active.max_row == 2
    assert ids


def test_export_refuses_unknown_format(store: Store, tmp_path: Path) -> None:
    _plan(store)
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        svc.export_register(store, tmp_path / "r.ods")


def test_an_area_in_a_signed_agreement_cannot_be_deleted(store: Store) -> None:
    ids = _plan(store)
    area_id = _area(store, ids["opp"])
    _link(store, ids["opp"], area_id, state="signed")
    with pytest.raises(ValidationError, match="Closed"):
        svc.check_delete(store, area_id)
    with pytest.raises(ValidationError, match="Closed"):
        svc.delete_area(store, area_id)
    assert svc.get_area(store, area_id).title == "Sixth-form recruitment"


def test_cli_exports_the_sample_register(sample_file: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    from planner.cli import main

    out = tmp_path / "register.xlsx"
    assert main(["export", "register", "--db", str(sample_file), "--out", str(out)]) == 0
    assert "Conflict register written" in capsys.readouterr().out
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    with Store.open(sample_file) as s:
        expected = len([r for r in svc.register(s).rows if not r.confidential])  # by default
    assert len(rows) == expected + 1 and rows[0][0] == "Ref"
    # Choices read as the editor shows them ("Reduce", not the stored "reduce").
    treatment = rows[0].index("Treatment")
    assert {r[treatment] for r in rows[1:] if r[treatment]} <= {
        "Avoid", "Reduce", "Share", "Accept", "Exploit"}
    assert any(r[treatment] for r in rows[1:])
    csv_out = tmp_path / "register.csv"
    assert main(["export", "register", "--db", str(sample_file), "--out", str(csv_out)]) == 0
    with csv_out.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == expected + 1
    assert main(["export", "register", "--db", str(sample_file),
                 "--out", str(tmp_path / "r.pdf")]) == 2
    assert ".csv or .xlsx" in capsys.readouterr().err


def test_reading_a_few_rows_matches_the_full_register(sample_store: Store) -> None:
    full = {r.id: r for r in svc.register(sample_store).rows}
    some = sorted({min(full), *(i for i, r in full.items() if r.clauses or r.owner_ours)})
    part = svc.register(sample_store, area_ids=some)
    assert [r.id for r in part.rows] == some
    for row in part.rows:
        assert row == full[row.id]
    assert any(full[i].clauses for i in some) and any(full[i].owner_ours for i in some)


def test_the_register_read_as_columns_equals_the_records(sample_store: Store) -> None:
    fast, plain = svc.register(sample_store), svc.register(sample_store, plain=True)
    assert fast == plain and fast.rows  # on SQLite and on a team database alike
    assert [r.flag_text(long=True) for r in fast.rows] == \
        [r.flag_text(long=True) for r in plain.rows]
    assert all(isinstance(r.confidential, bool) for r in fast.rows)  # not the database's 0


def test_band_limits_are_set_with_clear_messages(store: Store) -> None:
    ids = _plan(store)
    _area(store, ids["opp"], likelihood=2, impact=3)
    svc.set_band_limits(store, [2, 4, 5])
    assert svc.band_limits(store) == (2, 4, 5)
    assert svc.highest_residual_band(store, ids["opp"]) == "critical"
    for bad in ([5, 4, 9], [0, 4, 9], [4, 9, 25], [4, 9]):
        with pytest.raises(ValidationError) as caught:
            svc.set_band_limits(store, bad)
        assert caught.value.field == "band_limits"
    assert svc.band_limits(store) == (2, 4, 5)


def test_a_stale_save_is_refused_and_nothing_is_written(store: Store) -> None:
    from planner.store.errors import EditClash

    ids = _plan(store)
    area_id = _area(store, ids["opp"])
    from planner.services.edits import writes

    seen = svc.get_area(store, area_id)  # two people open the area
    svc.update_area(store, area_id, {"impact": 2},
                    expect=writes("conflict_area", area_id, {"impact": seen.impact},
                                  {"impact": 2}))
    with pytest.raises(EditClash):  # a colleague's view still shows the old impact
        svc.update_area(store, area_id, {"impact": 1},
                        expect=writes("conflict_area", area_id, {"impact": seen.impact},
                                      {"impact": 1}))
    # Another field of the same area is no clash.
    svc.update_area(store, area_id, {"status": "monitoring"},
                    expect=writes("conflict_area", area_id, {"status": seen.status},
                                  {"status": "monitoring"}))
    area = svc.get_area(store, area_id)
    assert (area.status, area.impact) == ("monitoring", 2)
    assert [h.field for h in svc.history(store, area_id)] == ["status", "impact", "created"]


def test_the_schema_refuses_unknown_workflow_values(store: Store) -> None:
    ids = _plan(store)
    for bad in ({"openness": "settled"}, {"status": "gone"}, {"treatment": "ignore"},
                {"review_every_days": 0}):
        with pytest.raises(Exception, match="CHECK constraint") as caught, store.work() as w:
            w.add(ConflictArea(opportunity_id=ids["opp"], title="x", **bad))
        assert "conflict_" in str(caught.value)
    with store.work() as w:
        assert w.count(ConflictArea) == 0


def test_bulk_exposure_levels_match_one_by_one(sample_store: Store) -> None:
    from planner.store.tables import Opportunity

    levels = svc.exposure_levels(sample_store)
    with sample_store.work() as w:
        opportunities = [o.id for o in w.list(Opportunity)]
    for opportunity_id in opportunities:
        assert opportunity_id is not None
        if svc.highest_residual_band(sample_store, opportunity_id) is None:
            assert opportunity_id not in levels
        else:
            assert levels[opportunity_id] == svc.exposure_level(sample_store, opportunity_id)
    assert levels


def test_an_area_with_a_clause_cannot_move_to_another_partnership(store: Store) -> None:
    ids = _plan(store)
    area_id = _area(store, ids["opp"])
    other = _area(store, ids["opp"], title="Unlinked")
    _link(store, ids["opp"], area_id)
    with pytest.raises(ValidationError, match="unlink it") as caught:
        svc.update_area(store, area_id, {"opportunity_id": ids["other"]}, today=TODAY)
    assert caught.value.field == "opportunity_id"
    assert svc.get_area(store, area_id).opportunity_id == ids["opp"]
    svc.update_area(store, other, {"opportunity_id": ids["other"]}, today=TODAY)
    assert svc.get_area(store, other).opportunity_id == ids["other"]
    # Named in agreed text, it cannot be unlinked either: the message says what to do.
    settled = _area(store, ids["opp"], title="Settled")
    _link(store, ids["opp"], settled, state="agreed")
    with pytest.raises(ValidationError, match="close it and add a new area"):
        svc.update_area(store, settled, {"opportunity_id": ids["other"]}, today=TODAY)


def test_status_trend_follows_the_history(store: Store) -> None:
    ids = _plan(store)
    area_id = _area(store, ids["opp"], identified_on=dt.date(2026, 3, 1))
    with store.work() as w:
        w.add(ConflictHistory(conflict_id=area_id, field="status", old="open", new="escalated",
                              at=dt.datetime(2026, 4, 20, tzinfo=dt.UTC)))
        area = w.one(ConflictArea, area_id)
        area.status = "escalated"
        w.add(area)
    trend = svc.status_trend(store, months=4, today=TODAY)
    assert trend.dates[-1] == TODAY and len(trend.dates) == 4
    assert trend.counts["open"] == [1, 0, 0, 0]    # March: open; from April: escalated
    assert trend.counts["escalated"] == [0, 1, 1, 1]
    assert svc.status_trend(store, months=2, opportunity_id=ids["other"], today=TODAY).counts[
        "open"] == [0, 0]


def test_every_history_names_the_same_person_even_without_a_login_name(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A container with no login name: the register's history and the weights log both say
    "unknown" (they used to disagree: "unknown" in one, nothing at all in the other)."""
    import getpass

    from planner.services import screening

    def no_login() -> str:
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_login)
    ids = _plan(store)
    area_id, _ = svc.create_area(store, {"opportunity_id": ids["opp"], "title": "Bids",
                                         "likelihood": 2, "impact": 3}, today=TODAY)
    assert [h.who for h in svc.history(store, area_id)] == ["unknown"]
    criteria = [c.id for c in screening.load(store).criteria]
    screening.set_weights(store, {criteria[0]: 1}, "Fit first")
    assert screening.load(store).weight_log[0].author == "unknown"


def test_every_flag_the_view_shows_is_in_the_csv_and_the_report(store: Store,
                                                                 tmp_path: Path) -> None:
    import csv

    from planner.services import screening
    from planner.ui.conflicts.register_model import flag_text

    ids = _plan(store)
    _area(store, ids["opp"], identified_on=TODAY - dt.timedelta(days=45))
    row = svc.register(store, today=TODAY).rows[0]
    assert row.needs_clause and row.stale_internal and row.internal_days == 45
    shown = flag_text(row, long=True)  # what the Conflicts view's editor shows
    assert shown == ("kept internal for 45 days, not yet raised with the partner · "
                     "rated critical, handled by no agreement clause")
    assert flag_text(row) == "internal 45 d; needs a clause"  # the table column
    out = tmp_path / "register.csv"
    svc.export_register(store, out, today=TODAY)
    with out.open(encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    assert table[1][table[0].index("Flags")] == shown
    report = screening.portfolio_report(store, today=TODAY)
    (flagged,) = report["conflict_flags"]
    assert flagged["flags"] == shown and flagged["internal_days"] == 45
    assert flagged["needs_clause"] and flagged["stale_internal"]
    assert "Conflict areas flagged:" in screening.report_text(report)


def test_even_after_treatment_only_when_a_treatment_is_recorded(store: Store) -> None:
    from planner.domain import conflicts as rules

    ids = _plan(store)
    untreated = svc.get_area(store, _area(store, ids["opp"], title="Recruitment"))
    treated = svc.get_area(store, _area(store, ids["opp"], title="Bids", treatment="reduce"))
    untreated_msg, treated_msg = rules.protocol_lint([untreated, treated], [], (4, 9, 15))
    assert "even after treatment" not in untreated_msg
    assert "no treatment is recorded" in untreated_msg
    assert "even after treatment (reduce)" in treated_msg


def test_the_export_carries_the_partners_latest_rating_as_the_view_words_it(
        sample_store: Store, tmp_path: Path) -> None:
    """Issue 21: the CSV and XLSX say what the partner rated in their latest round and flag
    where they see the area as worse, with the words of the Conflicts view's Theirs column;
    read back with the csv module and with openpyxl, on the plan reopened from disk."""
    from openpyxl import load_workbook

    from planner.domain import partner_view as pv
    from planner.services import partner_view as partner
    from tests.services.test_partner_view import OAKFIELD, exported, fill

    q = partner.questionnaire(sample_store, OAKFIELD)
    first_area, second_area = q.conflicts[0], q.conflicts[1]
    form = exported(sample_store, tmp_path)
    earlier, latest = tmp_path / "october.pdf", tmp_path / "november.pdf"
    fill(form, earlier, {pv.conflict_field(first_area.id, "likelihood"): "/1",
                         pv.conflict_field(first_area.id, "impact"): "/1",
                         pv.conflict_field(second_area.id, "likelihood"): "/5",
                         pv.conflict_field(second_area.id, "impact"): "/5"})
    fill(form, latest, {pv.conflict_field(first_area.id, "likelihood"): "/5",
                        pv.conflict_field(first_area.id, "impact"): "/4"})
    partner.store_answers(sample_store, partner.read_answers(sample_store, earlier),
                          received_on=dt.date(2026, 10, 1))
    partner.store_answers(sample_store, partner.read_answers(sample_store, latest),
                          received_on=dt.date(2026, 11, 1))
    plan = sample_store.path or sample_store.url  # the file, or the team database
    sample_store.close()
    with Store.open(plan) as reopened:
        ours = {r.id: r for r in svc.register(reopened).rows}
        csv_out, xlsx_out = tmp_path / "register.csv", tmp_path / "register.xlsx"
        svc.export_register(reopened, csv_out)
        svc.export_register(reopened, xlsx_out)
    first, second = ours[first_area.id], ours[second_area.id]
    assert first.likelihood * first.impact < 20  # so 5 × 4 is worse than ours
    assert first.theirs_text() == "20 ▲ worse"  # the words of the view's Theirs column

    with csv_out.open(encoding="utf-8-sig", newline="") as handle:
        raw = list(csv.reader(handle))
    header = raw[0]
    by_ref = {row[header.index("Ref")]: row for row in raw[1:]}
    row = by_ref[first.code]
    assert (row[header.index("Their likelihood")], row[header.index("Their impact")],
            row[header.index("Theirs")]) == ("5", "4", "20 ▲ worse")
    assert "the partner rates it worse than we do" in row[header.index("Flags")]
    # Rated only in the earlier round: the latest round is what counts, so nothing shows.
    row = by_ref[second.code]
    assert (row[header.index("Their likelihood")], row[header.index("Their impact")],
            row[header.index("Theirs")]) == ("", "", "")
    # Areas of other partnerships, never put to this partner, stay blank too.
    unrated = [r for r in raw[1:] if r[header.index("Ref")] not in (first.code, second.code)]
    assert unrated and {r[header.index("Theirs")] for r in unrated} == {""}

    sheet = load_workbook(xlsx_out).active
    rows = list(sheet.iter_rows(values_only=True))
    header_x = list(rows[0])
    assert header_x == header
    by_ref_x = {r[header_x.index("Ref")]: r for r in rows[1:]}
    cells = by_ref_x[first.code]
    assert (cells[header_x.index("Their likelihood")], cells[header_x.index("Their impact")],
            cells[header_x.index("Theirs")]) == (5, 4, "20 ▲ worse")  # numbers stay numbers
    cells = by_ref_x[second.code]
    assert cells[header_x.index("Their likelihood")] is None
    assert cells[header_x.index("Theirs")] in (None, "")
