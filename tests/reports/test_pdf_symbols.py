"""Emoji and other characters DejaVu lacks reach the PDFs as glyphs, not empty boxes, and
read back as the same characters (copy, search, screen readers)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pypdf

from planner.reports.fonts import register_fonts, rich
from planner.services import agreements as svc
from planner.services import timeline as timeline_svc
from planner.store.database import Store
from planner.store.tables import Milestone, Opportunity
from tests.services.test_agreements import make_plan


def _fonts_and_text(data: bytes) -> tuple[set[str], str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts: set[str] = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():  # type: ignore[union-attr]
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts, "\n".join(p.extract_text() or "" for p in reader.pages)


def test_markup_sets_only_what_dejavu_lacks_in_symbola() -> None:
    register_fonts()
    assert rich("Łąka & Co <b>") == "Łąka &amp; Co &lt;b&gt;"  # Latin: untouched, escaped
    assert rich("Hall 🤝 hire") == 'Hall <font name="PP-Symbols">🤝 </font>hire'
    # The emoji-presentation selector has no glyph: left out; DejaVu Sans has this heart.
    assert rich("❤️") == '<font name="PP-Sans">❤</font>'
    # Hebrew stays in logical order, its face left to text_layout (which keeps <b> bold).
    assert rich("שלום") == "שלום"


def test_an_agreement_with_emoji_prints_them(store: Store, tmp_path: Path) -> None:
    plan = make_plan(store)
    svc.update_agreement(store, plan.agreement_id, "title", "Sports hall 🤝 partnership")
    svc.add_signatory(store, plan.agreement_id, "Ana 🎉 Kowalska", "Chair", "Łąka Trust")
    out = tmp_path / "a.pdf"
    svc.export_agreement_pdf(store, plan.agreement_id, out)
    fonts, text = _fonts_and_text(out.read_bytes())
    assert any("Symbola" in f for f in fonts)
    assert "Sports hall 🤝 partnership" in text  # title page, header and contents
    assert "Ana 🎉 Kowalska" in text  # the signature block (drawn on the canvas)


def test_a_timeline_with_emoji_prints_them(store: Store, tmp_path: Path) -> None:
    with store.work() as w:
        opp = w.add(Opportunity(title="Sports hall 🤝", stage="pursued"))
        w.add(Milestone(title="Opening day 🎉", opportunity_id=opp.id or 0,
                        start_date=dt.date(2026, 5, 1),
                        due_date=dt.date(2026, 6, 1)))
    out = tmp_path / "t.pdf"
    timeline_svc.export_timeline(store, out, None)
    fonts, text = _fonts_and_text(out.read_bytes())
    assert any("Symbola" in f for f in fonts)
    assert "Openingday🎉" in re.sub(r"\s+", "", text)  # drawn as two strings
