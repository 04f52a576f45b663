"""The documents of a plan made from scratch, read back by poppler's pdftotext.

Found by using the real program on a new plan (one partner, one person, one partnership
pursued, its protocol drafted from the templates and marked agreed):
- the agreement's meeting schedule broke "Independent" (the review meeting's chair, from the
  templates) across two lines, "Independe" and "nt": each column had a fixed share of the
  page whatever its words;
- the board pack said "1 agreements agreed, not fully signed";
- every page's header cut the title inside a word: "Partnership protocol: Engineering
  appren…".

The plan is made through the services, each step in a Store of its own, and the documents
are written by ``planner`` run as its own process, as a user would.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from planner.store.database import Store
from tests.journeys.conftest import run_planner

TITLE = "Engineering apprenticeships with Harrowgate"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) not installed")


@pytest.fixture
def agreed_plan(tmp_path: Path) -> tuple[Path, int]:
    return _agreed_plan(tmp_path)


def _agreed_plan(tmp_path: Path) -> tuple[Path, int]:
    """A new plan, built step by step, with one agreement marked agreed (its id)."""
    from planner.services import agreements as ag
    from planner.services import organisation as org
    from planner.services import people
    from planner.services import screening as sc

    plan = tmp_path / "new.sqlite"
    Store.open(plan, create=True).close()
    with Store.open(plan) as s:
        org.update_profile(s, "name", "Valley Community Schools Trust")
    with Store.open(plan) as s:
        partner, _ = people.create_organisation(
            s, {"name": "Harrowgate Engineering Works Limited", "kind": "company"})
        lead, _ = people.create_person(s, {"name": "Aleksandra Nowak", "organisation_id": partner,
                                          "role": "Head of Skills"})
    with Store.open(plan) as s:
        _, opportunity = sc.create_opportunity(s, TITLE, partner_id=partner)
        sc.update_opportunity(s, opportunity, "lead_id", lead)
        data = sc.load(s)
        for gate in data.gates:
            sc.set_gate_result(s, opportunity, gate.id, "pass", "Checked with the partner.")
        for criterion in data.criteria:
            sc.set_score(s, opportunity, criterion.id, 4, "From the first visit.")
    with Store.open(plan) as s:
        sc.decide(s, opportunity, "pursue", "Fits priority 1.", dt.date.today(),
                  tier="strategic")
    with Store.open(plan) as s:
        agreement, _ = ag.create_agreement(s, opportunity)
    with Store.open(plan) as s:
        ag.mark_agreed(s, agreement)
    return plan, agreement


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True)
    return done.stdout


def test_the_agreements_tables_keep_every_word_whole(agreed_plan: tuple[Path, int],
                                                     tmp_path: Path) -> None:
    plan, agreement = agreed_plan
    out = tmp_path / "agreement.pdf"
    done = run_planner("export", "agreement", "--db", str(plan), "--id", str(agreement),
                       "--out", str(out))
    assert done.returncode == 0, done.stderr
    words = _text(out).split()
    assert "Meeting" in words and "Independe" not in words
    for word in ("Independent", "Alternating", "executives", "Attendance", "annually"):
        assert word in words, word


def test_the_board_pack_counts_one_agreement_as_one(agreed_plan: tuple[Path, int],
                                                    tmp_path: Path) -> None:
    plan, _ = agreed_plan
    out = tmp_path / "board-pack.pdf"
    done = run_planner("export", "boardpack", "--db", str(plan), "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = " ".join(_text(out).split())
    assert "1 agreement agreed, not fully signed" in text, text


def test_the_page_header_cuts_the_title_after_a_whole_word(agreed_plan: tuple[Path, int],
                                                           tmp_path: Path) -> None:
    plan, agreement = agreed_plan
    out = tmp_path / "agreement.pdf"
    assert run_planner("export", "agreement", "--db", str(plan), "--id", str(agreement),
                       "--out", str(out)).returncode == 0
    title = f"Partnership protocol: {TITLE}"
    headers = [line for line in _text(out).splitlines() if "Partnership protocol:" in line
               and "…" in line]
    assert headers, "the header no longer cuts the title: make it longer here"
    for line in headers:
        shown = line[line.index("Partnership protocol:"):].split("…")[0].rstrip()
        assert title.startswith(shown) and title[len(shown)] == " ", line


def test_one_milestone_imported_is_said_as_one(tmp_path: Path) -> None:
    """`planner import` of a project file with one task said "Imported 1 milestones"."""
    from planner.store.tables import Opportunity

    plan, _ = _agreed_plan(tmp_path)
    with Store.open(plan) as s, s.work() as work:
        opportunity = work.list(Opportunity)[0].id
    project = tmp_path / "one.xml"
    project.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Project xmlns="http://schemas.microsoft.com/project"><Tasks><Task><UID>1</UID>'
        "<ID>1</ID><Name>First ten apprentices start</Name>"
        "<Start>2027-01-11T08:00:00</Start><Finish>2027-01-15T17:00:00</Finish>"
        "</Task></Tasks></Project>\n", encoding="utf-8")
    done = run_planner("import", "--db", str(plan), "--partnership", str(opportunity),
                       str(project))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Imported 1 milestone from {project} "), done.stdout


def test_the_timeline_pdf_cuts_a_long_partnership_after_a_whole_word(tmp_path: Path) -> None:
    """The printed timeline's row for the partnership read "Engineering apprenticeships
    with Harrow…"."""
    from planner.services import timeline as tl
    from planner.store.tables import Opportunity

    plan, _ = _agreed_plan(tmp_path)
    with Store.open(plan) as s:
        with s.work() as work:
            opportunity = work.list(Opportunity)[0].id
        tl.create_milestone(s, opportunity, {"title": "First ten apprentices start",
                                             "due_date": dt.date.today()})
    out = tmp_path / "timeline.pdf"
    done = run_planner("export", "timeline", "--db", str(plan), "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = [line.strip() for line in _text(out).splitlines() if line.startswith("Engineering")]
    assert rows, _text(out)
    for row in rows:
        shown = row.split("…")[0].rstrip()
        assert TITLE.startswith(shown) and (shown == TITLE or TITLE[len(shown)] == " "), row


ARABIC_TITLE = "تدريب المرشدين"  # "mentor training": a milestone named in Arabic


def _bullets_and_words(pdf: Path) -> tuple[list[float], str]:
    """The left edges of the page's bullets (pdftotext -bbox) and its words in one line."""
    import re

    done = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True)
    bullets = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"[^>]*>•</word>', done.stdout)]
    return bullets, " ".join(_text(pdf).split())


def test_the_board_pack_reads_left_to_right_when_a_sentence_starts_with_an_arabic_name(
        tmp_path: Path) -> None:
    """A health sentence that begins with a milestone's Arabic title was laid out right to
    left, as an Arabic paragraph: its bullet at the right edge of the column and the English
    words out of order (".so nobody is clearly accountable"). The dashboard shows it left to
    right; so does the page now, with the title itself still read right to left."""
    import unicodedata

    from planner.services import timeline as tl
    from planner.store.tables import Opportunity

    plan, _ = _agreed_plan(tmp_path)
    with Store.open(plan) as s:
        with s.work() as work:
            opportunity = work.list(Opportunity)[0].id
        tl.create_milestone(s, opportunity, {"title": ARABIC_TITLE,
                                             "due_date": dt.date.today()})
    out = tmp_path / "board-pack.pdf"
    done = run_planner("export", "boardpack", "--db", str(plan), "--out", str(out))
    assert done.returncode == 0, done.stderr
    bullets, text = _bullets_and_words(out)
    assert "has no owner on either side, so nobody is clearly accountable." in text, text
    assert len(bullets) >= 2 and max(bullets) - min(bullets) < 1, bullets
    # The title is still whole and in the order it was typed.
    assert ARABIC_TITLE in unicodedata.normalize("NFKC", text.replace("\u202b", "")
                                                 .replace("\u202c", "")), text
