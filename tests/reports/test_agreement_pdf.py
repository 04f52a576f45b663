"""The agreement PDF read back with pypdf: pages, titles, names in four scripts, footer."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest

from planner.services import agreements as svc
from planner.services.changes import ValidationError
from planner.store.database import Store
from tests.services.test_agreements import NAMES, link_conflict, make_plan


def _text(data: bytes) -> tuple[int, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), [p.extract_text() or "" for p in reader.pages]


def _agreed_with_four_scripts(store: Store) -> int:
    plan = make_plan(store)
    svc.add_signatory(store, plan.agreement_id, NAMES["cyrillic"], "Chair of trustees",
                      "Northfield Learning Trust")
    svc.add_signatory(store, plan.agreement_id, NAMES["arabic"], "Trustee", "مؤسسة الأمل")
    svc.update_agreement(store, plan.agreement_id, "personal_data", True)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    return plan.agreement_id


def test_pdf_has_sections_names_and_fingerprint(store: Store, tmp_path: Path) -> None:
    agreement_id = _agreed_with_four_scripts(store)
    out = tmp_path / "agreement.pdf"
    result = svc.export_agreement_pdf(store, agreement_id, out)
    pages, texts = _text(out.read_bytes())
    assert pages == result.pages >= 6
    everything = "\n".join(texts)
    detail = svc.get_agreement(store, agreement_id)
    for section in detail.sections:
        assert section.title in everything
    for script in ("polish", "greek", "cyrillic"):
        assert NAMES[script] in everything, script
    # Arabic is drawn shaped (joined presentation forms); folded back it is the same name.
    folded = unicodedata.normalize("NFKC", everything)
    assert NAMES["arabic"] in folded
    assert "■" not in everything
    short = " ".join(detail.fingerprint[:16].upper()[i:i + 4] for i in range(0, 16, 4))
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert f"Fingerprint {short}" in text
    assert "Annex A" in texts[-2] and "Data-sharing schedule" in texts[-2]
    assert "Record of this document" in texts[-1] and detail.fingerprint in texts[-1]
    assert "Text agreed" in texts[-1]  # the history, from the audit trail
    assert "Contents" in texts[1]


def test_draft_is_marked_and_has_no_fingerprint(store: Store, tmp_path: Path) -> None:
    plan = make_plan(store)
    out = tmp_path / "draft.pdf"
    svc.export_agreement_pdf(store, plan.agreement_id, out)
    _pages, texts = _text(out.read_bytes())
    assert all("DRAFT, not agreed" in t for t in texts)
    assert "Annex A" not in "\n".join(texts)  # no personal data ticked


def test_output_in_missing_folder_is_refused(store: Store, tmp_path: Path) -> None:
    plan = make_plan(store)
    with pytest.raises(ValidationError, match="does not exist"):
        svc.export_agreement_pdf(store, plan.agreement_id, tmp_path / "nope" / "a.pdf")


def test_markup_bold_bullets_and_tables_reach_the_page(store: Store, tmp_path: Path) -> None:
    plan = make_plan(store)
    detail = svc.get_agreement(store, plan.agreement_id)
    finance = next(s for s in detail.sections if s.key == "finance")
    svc.set_table(store, finance.id, "contributions", [
        {"party": "Northfield", "cash": 12000.0, "in_kind": "Rooms", "in_kind_value": 3000.0,
         "period": "2026-27"},
        {"party": NAMES["greek"], "cash": 500.0, "in_kind": "Staff", "in_kind_value": 8000.0,
         "period": "2026-27"}])
    svc.update_section(store, finance.id, "body", "**Cash first.**\n\n- item one\n- item two")
    data, info = svc.render_pdf(store, plan.agreement_id)
    everything = "\n".join(_text(data)[1])
    assert "12,000" in everything and "12,500" in everything  # the totals row
    assert "• item one" in everything or "item one" in everything
    assert "Cash first." in everything
    assert set(info.fields) == {"Signature1", "Signature2"}


def test_a_very_long_clause_still_renders_quickly(store: Store) -> None:
    import time

    plan = make_plan(store)
    section = svc.get_agreement(store, plan.agreement_id).sections[2]
    svc.update_section(store, section.id, "body", "lorem ipsum " * 25_000 + "THE-END")
    start = time.process_time()
    data, info = svc.render_pdf(store, plan.agreement_id)
    assert time.process_time() - start < 5.0
    assert info.pages > 40
    reader = pypdf.PdfReader(io.BytesIO(data))
    after = info.section_pages["s4"]  # 1-based: the page where the next section starts
    tail = "".join(reader.pages[i].extract_text() for i in (after - 2, after - 1))
    assert "THE-END" in tail


def test_contents_run_over_pages_when_there_are_many_sections(store: Store) -> None:
    plan = make_plan(store)
    for number in range(40):
        svc.add_section(store, plan.agreement_id, f"Extra clause {number}", body="Short.")
    data, info = svc.render_pdf(store, plan.agreement_id)
    reader = pypdf.PdfReader(io.BytesIO(data))
    contents = "".join(reader.pages[i].extract_text() for i in (1, 2))
    assert "Extra clause 0" in contents and "Extra clause 39" in contents
    last = len(svc.get_agreement(store, plan.agreement_id).sections)
    page = info.section_pages[f"s{last}"]
    assert re.search(rf"{last}\.\s+Extra clause 39\s+{page}\b", contents)  # its page beside it


def test_sample_memorandum_reads_like_a_signed_document(sample_store: Store) -> None:
    """The signed sample: typed-name signatures appear in their boxes, the "Signatures"
    heading sits on the page of the blocks, and table headings do not break mid-word."""
    memorandum = next(a for a in svc.list_agreements(sample_store) if a.state == "signed")
    detail = svc.get_agreement(sample_store, memorandum.id)
    data, _info = svc.render_pdf(sample_store, memorandum.id)
    _pages, texts = _text(data)
    signing_page = next(t for t in texts if "ORGANISATION" in t.upper() and "Signature" in t)
    heading = next(t for t in texts if "Signatures" in t and "Contents" not in t)
    assert heading is signing_page  # the heading is not left alone on the page before
    for person in detail.signatories:
        assert signing_page.count(person.name) >= 2, person.name  # in the box and below it
    meetings = next(t for t in texts if "Meeting schedule" in t)
    assert "Hours" in meetings and "Hour\ns" not in meetings


def test_draft_signature_boxes_stay_empty(store: Store) -> None:
    plan = make_plan(store)
    data, _info = svc.render_pdf(store, plan.agreement_id)
    _pages, texts = _text(data)
    detail = svc.get_agreement(store, plan.agreement_id)
    page = next(t for t in texts if "Signature" in t and detail.signatories[0].name in t)
    assert page.count(detail.signatories[0].name) == 1  # the name line only, no signature


def test_an_arabic_section_title_reads_right_in_the_contents(store: Store) -> None:
    """The contents line was shaped twice (reversed letters); the bookmark keeps the
    title in logical order, as viewers expect."""
    plan = make_plan(store)
    section = svc.get_agreement(store, plan.agreement_id).sections[2]
    svc.update_section(store, section.id, "title", "الخلفية والسياق")
    data, _info = svc.render_pdf(store, plan.agreement_id)
    reader = pypdf.PdfReader(io.BytesIO(data))
    contents = unicodedata.normalize("NFKC", reader.pages[1].extract_text())
    assert "الخلفية" in contents and "والسياق" in contents
    assert "ةيفلخلا" not in contents  # not the letters in reverse
    assert "3.  الخلفية والسياق" in [o.title for o in reader.outline]
