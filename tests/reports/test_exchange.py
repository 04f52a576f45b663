"""The timeline for other programs: MS Project XML (checked against the shipped XSD subset
and read back by MPXJ, an independent reader), calendars (per-plan UIDs, due days, SEQUENCE)
and spreadsheets (CSV with BOM, XLSX with real dates and print setup)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from planner.services import exchange
from planner.services import timeline as svc
from planner.services.changes import ValidationError
from planner.store.database import Store
from tests.services.test_timeline_service import make_plan

ROOT = Path(__file__).resolve().parents[2]
XSD = ROOT / "resources" / "schemas" / "mspdi-subset.xsd"
CI = os.environ.get("CI") == "true"


@pytest.fixture
def plan(store: Store) -> dict[str, int]:
    return make_plan(store)


def _mspdi(store: Store, tmp_path: Path) -> Path:
    out = tmp_path / "plan.xml"
    exchange.export_timeline_file(store, out)
    return out


def test_mspdi_is_valid_against_the_shipped_schema(store: Store, plan: dict[str, int],
                                                   tmp_path: Path) -> None:
    from lxml import etree

    out = _mspdi(store, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.parse(str(out))
    assert schema.validate(document), schema.error_log
    ns = {"p": "http://schemas.microsoft.com/project"}
    names = document.xpath("//p:Task/p:Name/text()", namespaces=ns)
    assert "Wellbeing hub" in names and "Pierwsza wizyta — Ελληνικά" in names
    assert "Łódź exchange — Żółć" in names  # one summary task per partnership
    summaries = document.xpath("//p:Task[p:Summary='1']/p:Name/text()", namespaces=ns)
    assert set(summaries) >= {"Wellbeing hub", "Hub open to pupils"}
    # A milestone with no span is an MS Project milestone of zero length.
    staff = document.xpath("//p:Task[p:Name='Counsellor recruited']", namespaces=ns)[0]
    assert staff.findtext("p:Milestone", namespaces=ns) == "1"
    assert staff.findtext("p:Duration", namespaces=ns) == "PT0H0M0S"
    room = document.xpath("//p:Task[p:Name='Room refitted']", namespaces=ns)[0]
    assert room.findtext("p:PercentComplete", namespaces=ns) == "40"
    assert "Status: At risk" in room.findtext("p:Notes", namespaces=ns)
    assert room.findtext("p:Baseline/p:Finish", namespaces=ns).startswith("2026-03-20")
    assert len(room.findall("p:PredecessorLink", namespaces=ns)) == 1
    resources = document.xpath("//p:Resource/p:Name/text()", namespaces=ns)
    assert set(resources) == {"Ana Kowalska", "عمر الفاروق"}
    assert len(document.xpath("//p:Assignment", namespaces=ns)) == 4


def _mpxj() -> object:
    try:
        import jpype
        import mpxj  # noqa: F401
    except ImportError:
        if CI:
            raise
        pytest.skip("MPXJ (pip install mpxj JPype1) is not installed")
    if shutil.which("java") is None:
        if CI:
            pytest.fail("no Java runtime (Debian default-jre-headless) for MPXJ")
        pytest.skip("no Java runtime for MPXJ")
    if not jpype.isJVMStarted():
        jpype.startJVM()
    return jpype


def test_mpxj_reads_back_titles_dates_links_and_owners(store: Store, plan: dict[str, int],
                                                       tmp_path: Path) -> None:
    out = _mspdi(store, tmp_path)
    script = f"""
import jpype, mpxj
jpype.startJVM()
from org.mpxj.reader import UniversalProjectReader
p = UniversalProjectReader().read({str(out)!r})
for t in p.getTasks():
    if t.getUniqueID() == 0: continue
    preds = ",".join(str(r.getPredecessorTask().getName()) for r in t.getPredecessors())
    owners = ",".join(sorted(str(a.getResource().getName()) for a in t.getResourceAssignments()
                             if a.getResource() is not None))
    print("|".join([str(t.getName()), str(t.getFinish())[:10], str(bool(t.getMilestone())),
                    str(bool(t.getSummary())), str(t.getBaselineFinish())[:10], preds, owners]))
"""
    _mpxj()
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=True)
    rows = {line.split("|")[0]: line.split("|") for line in done.stdout.splitlines()}
    assert rows["Room refitted"][1] == "2026-03-20"
    assert rows["Room refitted"][4] == "2026-03-20"
    assert rows["Room refitted"][5] == "Agree scope"
    assert rows["Room refitted"][6] == "Ana Kowalska,عمر الفاروق"
    assert rows["Counsellor recruited"][2] == "True"
    assert rows["Hub open to pupils"][3] == "True"
    assert rows["Pierwsza wizyta — Ελληνικά"][1] == "2026-05-29"


def test_calendar_uids_are_the_plans_own_and_sequence_rises_on_a_move(
        store: Store, plan: dict[str, int], tmp_path: Path) -> None:
    from icalendar import Calendar

    out = tmp_path / "m.ics"
    exchange.export_timeline_file(store, out)
    uid = exchange.plan_uid(store)
    assert uid == exchange.plan_uid(store)  # made once, kept in the plan
    events = {str(e["uid"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    room = events[f"milestone-{plan['room']}.{uid}@partnership-planner"]
    # Default: one day, the day it is due (not a six-week banner).
    assert room.decoded("dtstart") == dt.date(2026, 3, 20)
    assert room.decoded("dtend") == dt.date(2026, 3, 21)
    assert int(room["sequence"]) == 0
    svc.move_milestone(store, plan["room"], 7)
    exchange.export_timeline_file(store, out)
    events = {str(e["uid"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    room = events[f"milestone-{plan['room']}.{uid}@partnership-planner"]
    assert room.decoded("dtstart") == dt.date(2026, 3, 27) and int(room["sequence"]) == 1
    exchange.export_timeline_file(store, out, calendar=exchange.CalendarOptions(spans=True))
    events = {str(e["uid"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    room = events[f"milestone-{plan['room']}.{uid}@partnership-planner"]
    assert room.decoded("dtstart") == dt.date(2026, 2, 16)


def test_two_plans_have_different_uids(tmp_path: Path) -> None:
    a = Store.open(tmp_path / "a.sqlite", create=True)
    b = Store.open(tmp_path / "b.sqlite", create=True)
    try:
        assert exchange.plan_uid(a) != exchange.plan_uid(b)
        kept = exchange.plan_uid(a)
        a.backup_to(tmp_path / "copy.sqlite")
    finally:
        a.close()
        b.close()
    with Store.open(tmp_path / "copy.sqlite") as copy:
        assert exchange.plan_uid(copy) == kept  # a backup keeps the plan's events


def test_timeline_csv_and_xlsx(store: Store, plan: dict[str, int], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    exchange.export_timeline_file(store, tmp_path / "t.csv")
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == list(exchange.TABLE_HEADER)
    room = next(r for r in rows if r[2] == "Room refitted")
    assert room[0] == "Wellbeing hub" and room[1] == "Hub open to pupils"
    assert room[8] == "2026-03-20" and room[10] == "At risk" and "Agree scope" in room[13]

    exchange.export_timeline_file(store, tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    sheet = book.active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"
    assert book.properties.creator == "Partnership Planner"
    dates = [row[8].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(d, dt.datetime) for d in dates if d is not None)


def test_command_line_writes_each_format(store: Store, plan: dict[str, int], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    path = store.path
    assert path is not None
    store.close()
    for suffix in (".xml", ".csv", ".xlsx", ".ics"):
        out = tmp_path / f"t{suffix}"
        assert main(["export", "timeline", "--db", str(path), "--out", str(out)]) == 0
        assert out.stat().st_size > 100
    assert main(["export", "timeline", "--db", str(path), "--out", str(tmp_path / "t.ics"),
                 "--spans"]) == 0
    assert main(["export", "timeline", "--db", str(path), "--out", str(tmp_path / "t.doc")]) == 2
    assert "must end in" in capsys.readouterr().err


# ------------------------------------------------------------------------------ import


def _empty_partnership(store: Store) -> int:
    from planner.store.tables import Opportunity

    with store.work() as w:
        ident = w.add(Opportunity(title="Imported", stage="pursued")).id
    assert ident is not None
    return ident


def test_round_trip_keeps_titles_dates_and_links(store: Store, plan: dict[str, int],
                                                 tmp_path: Path) -> None:
    from planner.services.milestone_import import import_milestones, read_project

    out = tmp_path / "p1.xml"
    exchange.export_timeline_file(store, out, plan["p1"])
    target = _empty_partnership(store)
    project = read_project(out)
    import_milestones(store, target, project)
    before = {i.title: i for i in svc.load_timeline(store, plan["p1"]).items}
    after = {i.title: i for i in svc.load_timeline(store, target).items}
    assert set(after) == set(before) | {"Wellbeing hub"}  # the partnership's summary task
    for title, item in before.items():
        assert after[title].end == item.end, title
        assert after[title].baseline == item.baseline, title
    assert after["Room refitted"].parent_id is not None
    data = svc.load_timeline(store, target)
    assert len(data.dependencies) == 3
    # Owners come back as the plan's own people, ours and the partner's (Arabic name too).
    for title, item in before.items():
        assert (after[title].owner, after[title].owner_theirs) == (
            item.owner, item.owner_theirs), title
    assert after["Room refitted"].owner_theirs == "عمر الفاروق"


def test_an_import_is_all_or_nothing(store: Store, plan: dict[str, int], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure on the fourth task leaves the partnership as it was, not three tasks in."""
    from planner.services import milestone_import
    from planner.services.milestone_import import import_milestones, read_project

    out = tmp_path / "p1.xml"
    exchange.export_timeline_file(store, out, plan["p1"])
    target = _empty_partnership(store)
    project = read_project(out)
    real = svc.add_milestone
    calls = []

    def fail_on_the_fourth(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 4:
            raise ValidationError("The disk said no.")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(milestone_import.tl_svc, "add_milestone", fail_on_the_fourth)
    with pytest.raises(ValidationError):
        import_milestones(store, target, project)
    assert svc.load_timeline(store, target).items == () and len(calls) == 4
    monkeypatch.setattr(milestone_import.tl_svc, "add_milestone", real)
    made, _ = import_milestones(store, target, read_project(out))  # the retry: whole
    assert len(svc.load_timeline(store, target).items) == len(made) == len(project.tasks)


def test_owner_names_match_people_once_whatever_the_case(store: Store, plan: dict[str, int],
                                                         tmp_path: Path) -> None:
    """A name two people share is left unmatched rather than guessed."""
    from planner.services.milestone_import import ImportedProject, ImportedTask, match_owners
    from planner.store.tables import Organisation, Person

    with store.work() as w:
        org = w.first(Organisation, is_self=True)
        assert org is not None
        w.add(Person(organisation_id=org.id, name="Sam Lee"))
        w.add(Person(organisation_id=org.id, name="Sam  LEE"))
    project = ImportedProject("x.xml", "MS Project XML", tasks=[
        ImportedTask("1", "A", owners=["ana kowalska", "Sam Lee", "Nobody"])])
    assert match_owners(store, project) == {"ana kowalska": ("ours", plan["ana"])}


def test_a_file_mpxj_wrote_imports(store: Store, tmp_path: Path) -> None:
    """MPXJ writes MSPDI and GNOME Planner files the way those programs do."""
    import sys

    from planner.services.milestone_import import import_milestones, read_project

    _mpxj()
    script = f"""
import jpype, mpxj
jpype.startJVM()
from org.mpxj import ProjectFile, Relation, RelationType, Duration, TimeUnit
from org.mpxj.writer import UniversalProjectWriter, FileFormat
import java.time
p = ProjectFile()
s = p.addTask(); s.setName("Phase Łódź")
a = s.addTask(); a.setName("Kick-off"); a.setMilestone(True)
a.setStart(java.time.LocalDateTime.of(2026,3,2,8,0)); a.setFinish(java.time.LocalDateTime.of(2026,3,2,8,0))
b = s.addTask(); b.setName("Pilot — Ελληνικά")
b.setStart(java.time.LocalDateTime.of(2026,3,3,8,0)); b.setFinish(java.time.LocalDateTime.of(2026,4,3,17,0))
b.addPredecessor(Relation.Builder().predecessorTask(a).type(RelationType.FINISH_START))
UniversalProjectWriter(FileFormat.MSPDI).write(p, {str(tmp_path / 'm.xml')!r})
UniversalProjectWriter(FileFormat.PLANNER).write(p, {str(tmp_path / 'm.planner')!r})
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120,
                   capture_output=True)
    for name in ("m.xml", "m.planner"):
        target = _empty_partnership(store)
        project = read_project(tmp_path / name)
        import_milestones(store, target, project)
        data = svc.load_timeline(store, target)
        items = {i.title: i for i in data.items}
        assert set(items) == {"Phase Łódź", "Kick-off", "Pilot — Ελληνικά"}, name
        assert items["Pilot — Ελληνικά"].end == dt.date(2026, 4, 3)
        assert items["Pilot — Ελληνικά"].start == dt.date(2026, 3, 3)
        assert items["Kick-off"].start is None and items["Kick-off"].end == dt.date(2026, 3, 2)
        assert items["Kick-off"].parent_id == items["Phase Łódź"].id
        assert len(data.dependencies) == 1
        if name == "m.xml":
            assert project.skipped > 0  # MPXJ writes much this program does not use


def test_a_non_project_is_refused_in_one_line(store: Store, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    path = store.path
    assert path is not None
    target = _empty_partnership(store)
    store.close()
    page = tmp_path / "page.xml"
    page.write_text("<html><body>hi</body></html>", encoding="utf-8")
    broken = tmp_path / "broken.planner"
    broken.write_text("<project><tasks>", encoding="utf-8")
    for bad, words in ((page, "root element is <html>"), (broken, "not well-formed")):
        assert main(["import", "--db", str(path), "--partnership", str(target),
                     str(bad)]) == 1
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert main(["import", "--db", str(path), str(page)]) == 2
    assert "--partnership" in capsys.readouterr().err


def test_register_for_one_partnership_without_confidential_areas(
        sample_store: Store, tmp_path: Path) -> None:
    from planner.cli import main
    from planner.store.tables import ConflictArea

    with sample_store.work() as w:
        areas = w.list(ConflictArea)
        w.add(ConflictArea(opportunity_id=areas[0].opportunity_id, title="Quiet merger talk",
                           confidential=True))
    path = sample_store.path
    assert path is not None
    sample_store.close()

    def titles(*extra: str) -> list[str]:
        out = tmp_path / "r.csv"
        assert main(["export", "register", "--db", str(path), "--out", str(out), *extra]) == 0
        return [row[3] for row in csv.reader(out.read_text("utf-8-sig").splitlines())][1:]

    everything = titles("--include-confidential")
    assert "Quiet merger talk" in " ".join(everything)
    assert "Quiet merger talk" not in " ".join(titles())
    one = titles("--partnership", str(areas[0].opportunity_id), "--include-confidential")
    assert 0 < len(one) < len(everything)


XSL = Path("/usr/share/planner/stylesheets/msp2planner.xsl")
DTD = Path("/usr/share/planner/dtd/mrproject-0.6.dtd")


def test_gnome_planners_own_stylesheet_reads_the_export(store: Store, plan: dict[str, int],
                                                        tmp_path: Path) -> None:
    """GNOME Planner's msp2planner.xsl turns our MSPDI into a file valid against its DTD,
    and that file imports back with the same titles and end dates."""
    from planner.services.milestone_import import import_milestones, read_project

    if not (XSL.exists() and DTD.exists() and shutil.which("xsltproc")
            and shutil.which("xmllint")):
        pytest.skip("Debian packages planner, xsltproc and libxml2-utils are not installed")
    out = _mspdi(store, tmp_path)
    converted = tmp_path / "plan.planner"
    done = subprocess.run(["xsltproc", str(XSL), str(out)], capture_output=True, check=True)
    converted.write_bytes(done.stdout)
    subprocess.run(["xmllint", "--noout", "--dtdvalid", str(DTD), str(converted)], check=True,
                   capture_output=True)
    target = _empty_partnership(store)
    import_milestones(store, target, read_project(converted))
    before = {i.title: i.end for i in svc.load_timeline(store, plan["p1"]).items}
    after = {i.title: i.end for i in svc.load_timeline(store, target).items}
    for title, end in before.items():
        assert after[title] == end, title


def test_calendar_with_review_dates_and_planned_meetings(sample_store: Store,
                                                         tmp_path: Path) -> None:
    from icalendar import Calendar

    from planner.store.tables import ConflictArea, Meeting

    with sample_store.work() as w:
        area = w.list(ConflictArea)[0]
        w.add(ConflictArea(opportunity_id=area.opportunity_id, title="Quiet merger talk",
                           confidential=True, next_review=dt.date(2026, 9, 1)))
        w.add(Meeting(opportunity_id=area.opportunity_id, held_on=dt.date(2026, 9, 2),
                      state="planned", kind="strategic"))
    out = tmp_path / "c.ics"

    def summaries(**options: bool) -> list[str]:
        exchange.export_timeline_file(sample_store, out,
                                      calendar=exchange.CalendarOptions(**options))
        return [str(e["summary"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")]

    plain = summaries()
    assert not any(s.startswith(("Review", "Strategic meeting")) for s in plain)
    more = summaries(reviews=True, meetings=True)
    assert any(s.startswith("Review conflict area") for s in more)
    assert any(s.startswith("Strategic meeting") for s in more)
    assert not any("Quiet merger talk" in s for s in more)
    assert any("Quiet merger talk" in s
               for s in summaries(reviews=True, include_confidential=True))


def test_a_task_with_no_name_is_imported_named_by_its_number(store: Store,
                                                              tmp_path: Path) -> None:
    """GNOME Planner lets a task go without a name: it was left out without a word ("2
    milestones" from 3 tasks, and the link to it gone). It is kept, named by its number in
    the file, with its dates and its link; a blank line with neither is still left out."""
    from planner.services.milestone_import import import_milestones, read_project

    source = tmp_path / "unnamed.planner"
    source.write_text(
        '<?xml version="1.0"?>\n<project name="Unnamed">\n<tasks>\n'
        '<task id="1" name="Survey families" start="20270104T000000Z" '
        'end="20270115T170000Z" percent-complete="0" type="normal"/>\n'
        '<task id="2" name="" start="20270118T000000Z" end="20270129T170000Z" '
        'percent-complete="0" type="normal">\n'
        '<predecessors><predecessor id="1" predecessor-id="1" type="FS"/></predecessors>\n'
        '</task>\n'
        '<task id="3" name="Report to trustees" start="20270201T000000Z" '
        'end="20270205T170000Z" percent-complete="0" type="normal"/>\n'
        '<task id="4" name=""/>\n'
        '</tasks>\n</project>\n', encoding="utf-8")
    project = read_project(source)
    titles = [task.title for task in project.tasks]
    assert titles == ["Survey families", "Task 2 (no name in the file)", "Report to trustees"]
    target = _empty_partnership(store)
    import_milestones(store, target, project)
    data = svc.load_timeline(store, target)
    unnamed = next(i for i in data.items if i.title == "Task 2 (no name in the file)")
    assert unnamed.due == dt.date(2027, 1, 29)
    assert any(d.successor_id == unnamed.id for d in data.dependencies)
