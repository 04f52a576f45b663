"""Issue 18: documents any reader trusts, read back by other programs.

pypdf reads every document here; poppler's pdftotext and pdffonts read them too where they
are installed (CI installs poppler-utils; elsewhere those checks skip). What is checked is
what a reader notices: Arabic in the order it was written, found by a search, never cut in
the middle of a name; fonts embedded; timelines legible; signatures strict and quiet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdf
import pytest
from bidi import get_display

from planner.reports.boardpack_pdf import BoardPack, HealthLine, Tile, write_boardpack
from planner.services import agreements as svc
from planner.services import timeline as tsvc
from planner.store.database import Store
from tests.services.test_agreements import NAMES, link_conflict, make_plan

# An Arabic sentence with digits, a Latin name and a bold word (in the agreement's markup).
SENTENCE = "يجتمع الفريق 3 مرات في السنة مع ACME لتقديم الدعم"
BOLD_MARKUP = "يجتمع الفريق 3 مرات في السنة مع ACME لتقديم **الدعم**"
LONG_RTL = ("هذا نص طويل يلتف على عدة أسطر لنرى ترتيب الأسطر في الصفحة من الأعلى إلى "
            "الأسفل ومن اليمين إلى اليسار كما يقرؤه القارئ. ") * 2
LONG_NAME = "Łukasz Wiśniewski-Kowalczykowski of Northfield"
# Under CI (which installs poppler-utils) poppler is required: a missing tool fails there.
POPPLER = (shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None) \
    or os.environ.get("CI") == "true"
needs_poppler = pytest.mark.skipif(not POPPLER,
                                   reason="poppler-utils (pdftotext, pdffonts) not installed")


# --------------------------------------------------------------------------- readers


def _pypdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _pdftotext(path: Path) -> list[str]:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True)
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def _visual(poppler_line: str) -> str:
    """poppler writes a line left to right with each right-to-left run in reading order
    between RLE and PDF marks: turn those runs round to get what is on the page."""
    line = re.sub("\u202b(.*?)\u202c", lambda m: m.group(1)[::-1], poppler_line)
    return line.replace("\u202a", "").replace("\u202c", "")


def _fold(text: str) -> str:
    """Text without what readers disagree on: spacing, which way round a bracket is drawn,
    bullets, and the order of the two letters of a lam-alef ligature (poppler turns the
    letters of one glyph round along with the run)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s()\[\]•\u0644\u0627\u0623\u0625\u0622]", "", text)


def _same_glyphs(a: str, b: str) -> bool:
    return _fold(a) == _fold(b)


def _unembedded_fonts(data: bytes) -> list[str]:
    """Fonts a page uses whose program is not in the file (pypdf's view of pdffonts)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    missing = []
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font") or {}
        for font in fonts.values():  # type: ignore[union-attr]
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def _check_hygiene(data: bytes, path: Path, title: str) -> None:
    assert _unembedded_fonts(data) == []
    reader = pypdf.PdfReader(io.BytesIO(data))
    meta = reader.metadata
    assert meta is not None and meta.title == title
    assert re.fullmatch(r"Partnership Planner \d+\.\d+\.\d+", meta.creator or "")
    assert meta.producer == meta.creator
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    if POPPLER:
        fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                               text=True).stdout.splitlines()[2:]
        assert fonts and all(row.split()[-5] == "yes" for row in fonts), fonts  # emb
        assert not any("Helvetica" in row for row in fonts)


def _check_sentence_in_logical_order(path: Path, data: bytes, base_dir: str = "R") -> None:
    """Searchable letters (pypdf); what is on the page is the bidi algorithm's order of the
    sentence as written, line by line (pdftotext), in a paragraph read from ``base_dir``."""
    text = unicodedata.normalize("NFC", _pypdf_text(data))
    assert "الدعم" in text and "يجتمع" in text  # letters, not joined presentation forms
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufefe]", text)
    if not POPPLER:
        return
    lines = _pdftotext(path)
    line = next(x for x in lines if "ACME" in x and "3" in x)
    assert _same_glyphs(_visual(line), get_display(SENTENCE, base_dir=base_dir)), line


# --------------------------------------------------------------------------- agreement


def _arabic_agreement(store: Store) -> int:
    plan = make_plan(store)
    svc.add_signatory(store, plan.agreement_id, LONG_NAME, "Chair of trustees",
                      "مؤسسة الأمل للتعليم والتدريب في المدارس")
    detail = svc.get_agreement(store, plan.agreement_id)
    section = detail.sections[2]
    svc.update_section(store, section.id, "title", "الخلفية والسياق")
    svc.update_section(store, section.id, "body", f"{BOLD_MARKUP}\n\n{LONG_RTL}")
    return plan.agreement_id


@needs_poppler
def test_agreement_arabic_reads_in_order_and_searches(store: Store, tmp_path: Path) -> None:
    agreement_id = _arabic_agreement(store)
    out = tmp_path / "agreement.pdf"
    svc.export_agreement_pdf(store, agreement_id, out)
    data = out.read_bytes()
    _check_sentence_in_logical_order(out, data)
    _check_hygiene(data, out, svc.get_agreement(store, agreement_id).title)
    # The wrapped paragraph: its lines, top to bottom, each read right to left, are the
    # text from its beginning (lines broken before they were reordered).
    lines = _pdftotext(out)
    start = next(i for i, x in enumerate(lines) if "هذا نص طويل" in x)
    read = "".join(_visual(x)[::-1] for x in lines[start:start + 3])
    assert _fold(LONG_RTL).startswith(_fold(read)[:120]), read


def test_agreement_bold_arabic_keeps_its_face_and_place(store: Store) -> None:
    """`**الدعم**` inside Arabic stays bold and stays the last word (the leftmost)."""
    agreement_id = _arabic_agreement(store)
    data, _info = svc.render_pdf(store, agreement_id)
    reader = pypdf.PdfReader(io.BytesIO(data))
    runs: list[tuple[float, str, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip() and font is not None:
            runs.append((tm[4], str(font.get("/BaseFont")), text))  # type: ignore[attr-defined]

    page = next(p for p in reader.pages if "ACME" in (p.extract_text() or ""))
    page.extract_text(visitor_text=visit)
    bold = [r for r in runs if "الدعم" in unicodedata.normalize("NFKC", r[2])]
    assert bold and all("Bold" in r[1] for r in bold)
    line = [r for r in runs if r[0] <= bold[0][0] + 1]
    assert line  # nothing of the sentence sits left of its last word


def test_names_are_never_cut_in_signature_boxes(store: Store) -> None:
    agreement_id = _arabic_agreement(store)
    data, _info = svc.render_pdf(store, agreement_id)
    text = " ".join(_pypdf_text(data).split())
    assert LONG_NAME in text  # wrapped or set smaller, never "Łukasz Wiśniew…"
    signatures = text.split("Signatures")[-1]
    assert "Wiśniew…" not in signatures and "مؤسسة" in unicodedata.normalize("NFKC", text)


def test_signed_appearance_shows_the_whole_name() -> None:
    from planner.reports.signing import StampInfo, stamp_pdf
    from planner.reports.signing_identity import IdentityInfo

    info = IdentityInfo(Path("x.p12"), LONG_NAME, "", "", "ab" * 32,
                        dt.datetime(2030, 1, 1, tzinfo=dt.UTC), True)
    data = stamp_pdf(StampInfo(LONG_NAME), info, dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
                     (220.0, 58.0))
    text = " ".join(_pypdf_text(data).split())
    assert text.count(LONG_NAME) >= 1 and "Wiśniew…" not in text
    assert _unembedded_fonts(data) == []


def test_contents_lines_link_to_their_sections(store: Store) -> None:
    agreement_id = _arabic_agreement(store)
    data, info = svc.render_pdf(store, agreement_id)
    reader = pypdf.PdfReader(io.BytesIO(data))
    links = [a.get_object() for a in reader.pages[1].get("/Annots") or []]
    links = [a for a in links if a.get("/Subtype") == "/Link"]
    assert len(links) == len(info.toc)
    targets = [reader.get_page_number(a["/Dest"][0].get_object()) + 1 for a in links]
    assert targets == [page for _text, page in info.toc]


# --------------------------------------------------------------------------- board pack


@needs_poppler
def test_board_pack_arabic_reads_in_order(tmp_path: Path) -> None:
    pack = BoardPack(
        title="Board pack: مؤسسة الأمل", subtitle="Portfolio as of 6 December 2026",
        tiles=(Tile("Partnerships", "3"),),
        health=(HealthLine("شراكة المدارس", "Watch", "watch", "6 h of 4 h",
                           (SENTENCE, LONG_RTL)),),
        sections=(("Awaiting signature", (SENTENCE,)),))
    out = tmp_path / "pack.pdf"
    write_boardpack(pack, out)
    data = out.read_bytes()
    # Every line of the pack is one of the program's English sentences, names quoted in it:
    # laid out left to right, whatever letter comes first (the dashboard shows them so).
    _check_sentence_in_logical_order(out, data, base_dir="L")
    _check_hygiene(data, out, pack.title)


# --------------------------------------------------------------------------- timeline

TODAY = dt.date(2026, 6, 1)
LONG_TITLE = "خطة الدعم الفني للمرحلة الأولى من مشروع المدارس الشريكة في المدينة والريف معا"


def _timeline_plan(store: Store, extra: int = 0) -> int:
    plan = make_plan(store)
    start = dt.date(2026, 3, 2)
    tsvc.create_milestone(store, plan.opportunity_id, {
        "title": SENTENCE, "start_date": start, "due_date": start + dt.timedelta(days=30)})
    tsvc.create_milestone(store, plan.opportunity_id, {
        "title": LONG_TITLE + " " + LONG_TITLE[:90], "start_date": start, "due_date": start + dt.timedelta(days=60)})
    for i in range(extra):
        day = start + dt.timedelta(days=i)
        tsvc.create_milestone(store, plan.opportunity_id, {
            "title": f"Step {i}", "start_date": day, "due_date": day + dt.timedelta(days=5)})
    return plan.opportunity_id


@needs_poppler
def test_timeline_pdf_labels_in_logical_order_cut_at_the_end(store: Store,
                                                            tmp_path: Path) -> None:
    partnership = _timeline_plan(store)
    out = tmp_path / "timeline.pdf"
    tsvc.export_timeline(store, out, partnership, today=TODAY)
    data = out.read_bytes()
    _check_sentence_in_logical_order(out, data)
    text = unicodedata.normalize("NFKC", _pypdf_text(data))
    # The long title keeps its beginning and ends in an ellipsis (at its logical end),
    # after a whole word ("في ال…" cut "المدينة" before).
    assert "خطة الدعم الفني" in text and "الشريكة في..." in text  # NFKC: "…" is "..."
    assert "في ال..." not in text
    _check_hygiene(data, out, "Milestones: Engineering careers programme")


def test_timeline_svg_keeps_logical_text_with_its_direction(store: Store,
                                                           tmp_path: Path) -> None:
    partnership = _timeline_plan(store)
    out = tmp_path / "timeline.svg"
    tsvc.export_timeline(store, out, partnership, today=TODAY)
    svg = out.read_text(encoding="utf-8")
    rtl = re.findall(r"<text[^>]*direction=\"rtl\"[^>]*>([^<]*)</text>", svg)
    assert SENTENCE in rtl
    cut = next(t for t in rtl if t.startswith("خطة الدعم الفني"))
    assert cut.endswith("…") and LONG_TITLE.startswith(cut[:-1].rstrip())
    assert "<title>Milestones: Engineering careers programme</title>" in svg
    assert re.search(r"stroke: rgb\(77%,15%,15%\)[^\"]*stroke-dasharray", svg)  # today
    assert "Symbola" in svg and "Noto Color Emoji" in svg
    height = float(re.search(r'<svg[^>]* height="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert height < 595 / 2  # sized to its few rows, not a blank A4 page


def test_timeline_png_is_sized_to_the_chart_and_records_its_resolution(
        store: Store, tmp_path: Path) -> None:
    from PIL import Image

    partnership = _timeline_plan(store)
    out = tmp_path / "timeline.png"
    tsvc.export_timeline(store, out, partnership, today=TODAY)
    image = Image.open(out)
    assert round(image.info["dpi"][0]) == 150  # the pHYs chunk
    width, height = image.size
    assert width == round(842 / 72 * 150) or abs(width - 842 / 72 * 150) < 3
    assert height < width / 2  # a few rows: no blank A4 canvas
    assert b"pHYs" in out.read_bytes()[:200]


def test_a_big_timeline_tiles_to_legible_pages(store: Store, tmp_path: Path) -> None:
    partnership = _timeline_plan(store, extra=179)  # 181 milestones
    data, plan = tsvc.timeline_pdf(store, partnership, today=TODAY)
    assert plan.auto_tiled and len(plan.tiles) > 1
    assert plan.label_size >= 7.0
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(plan.tiles)
    # Every page after the first starts inside the partnership: its header comes again.
    for page in reader.pages[1:]:
        assert "Engineering careers programme (continued)" in (page.extract_text() or "")
    one = tsvc.PrintOptions(mode="tiles", cols=1, rows=1)
    _data, squeezed = tsvc.timeline_pdf(store, partnership, one, today=TODAY)
    assert squeezed.label_size < 7.0 and not squeezed.auto_tiled  # asked for: obeyed


def test_two_by_two_tiles_spread_their_rows(store: Store) -> None:
    partnership = _timeline_plan(store, extra=30)
    options = tsvc.PrintOptions(mode="tiles", cols=2, rows=2)
    _data, plan = tsvc.timeline_pdf(store, partnership, options, today=TODAY)
    used = (plan.tiles[0].row1 - plan.tiles[0].row0 + 1) * plan.row_height
    assert used >= plan.chart_height * 0.9  # not half empty


def test_command_line_offers_the_print_dialogs_choices(store: Store, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    from planner.cli import main

    partnership = _timeline_plan(store, extra=20)
    path = store.path
    assert path is not None
    store.close()
    out = tmp_path / "t.pdf"
    assert main(["export", "timeline", "--db", str(path), "--out", str(out), "--partnership",
                 str(partnership), "--paper", "A3", "--portrait", "--tiles", "2x1",
                 "--from", "2026-03-01", "--to", "2026-05-31"]) == 0
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 1191)  # A3 upright
    assert "(2 pages)" in capsys.readouterr().out
    assert "Jun" not in (reader.pages[1].extract_text() or "").split("Milestone")[0]
    for bad, words in ((["--tiles", "3"], "--tiles takes CxR"),
                       (["--from", "2026-13-01"], "--from needs a date"),
                       (["--from", "2026-06-01", "--to", "2026-01-01"], "end date comes before"),
                       (["--paper", "B5"], "invalid choice")):
        with pytest.raises(SystemExit) if bad[0] == "--paper" else contextlib.nullcontext():
            code = main(["export", "timeline", "--db", str(path), "--out", str(out), *bad])
            assert code != 0
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err
        if bad[0] != "--paper":  # (argparse's own refusals come with its usage lines)
            assert len(err.strip().splitlines()) == 1


# --------------------------------------------------------------------------- signing


def _passphrase_less_identity(tmp_path: Path) -> Path:
    from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12

    from planner.reports.signing_identity import create_identity

    protected = create_identity(tmp_path / "protected.p12", LONG_NAME, "Northfield", "Chair",
                                "a passphrase")
    key, cert, _chain = pkcs12.load_key_and_certificates(protected.path.read_bytes(),
                                                         b"a passphrase")
    bare = tmp_path / "bare.p12"
    bare.write_bytes(pkcs12.serialize_key_and_certificates(b"bare", key, cert, None,
                                                           NoEncryption()))
    return bare


@pytest.fixture
def signed_bare(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    identity = _passphrase_less_identity(tmp_path)
    monkeypatch.setenv("PLANNER_PASSPHRASE", "")
    out = tmp_path / "signed.pdf"
    first = svc.get_agreement(store, plan.agreement_id).signatories[0]  # not its name
    svc.export_agreement_pdf(store, plan.agreement_id, out, sign=True, identity=identity,
                             signatory_id=first.id)
    return out


def test_a_passphrase_less_identity_signs_and_validates(signed_bare: Path,
                                                        tmp_path: Path) -> None:
    report = svc.verify_pdf(signed_bare)
    assert report.intact
    from planner.reports.signing_common import SigningError
    from planner.reports.signing_identity import identity_info

    bare = tmp_path / "bare.p12"
    assert identity_info(bare, "").name == LONG_NAME
    with pytest.raises(SigningError, match="not correct"):
        identity_info(tmp_path / "protected.p12", "wrong passphrase")
    with pytest.raises(SigningError, match="protected by a passphrase"):
        identity_info(tmp_path / "protected.p12", "")


def _container(data: bytes) -> tuple[int, int, int]:
    """Start of the hex string, end of the DER's hex, end of the padding (file offsets)."""
    from asn1crypto import cms

    match = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)", data))[-1]
    start = int(match.group(2)) + 1
    end = int(match.group(3)) - 1
    der = bytes.fromhex(data[start:end].decode())
    used = len(cms.ContentInfo.load(der).dump())
    return start, start + 2 * used, end


def test_padding_and_certificate_flips_are_not_intact(signed_bare: Path) -> None:
    from asn1crypto import cms

    from planner.reports.signature_check import _verify_bytes

    data = signed_bare.read_bytes()
    start, der_end, end = _container(data)
    signed = cms.ContentInfo.load(bytes.fromhex(data[start:der_end].decode()))["content"]
    certs = signed["certificates"]
    assert len(certs) == 1  # the signer's certificate, once
    cert_at = data.lower().find(certs[0].chosen.dump().hex().encode(), start)
    assert cert_at > 0
    cert_hex = certs[0].chosen.dump().hex()
    positions = list(range(der_end, end, max(1, (end - der_end) // 40)))[:40]
    positions += list(range(cert_at, cert_at + len(cert_hex), max(1, len(cert_hex) // 40)))
    positions += [start + 50, start + 52]  # the unsigned header: version, digest list
    survived = []
    for at in positions:
        digit = b"1" if data[at:at + 1] != b"1" else b"2"
        checks, _empty, _fp = _verify_bytes(data[:at] + digit + data[at + 1:], set())
        if checks and all(c.sound for c in checks):
            survived.append(at)
    assert survived == [], f"{len(survived)} of {len(positions)} flips reported intact"


def test_verify_prints_the_verdict_only(signed_bare: Path, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_bare.read_bytes()))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(
        stream_data=b"q 1 0 0 rg 100 100 200 200 re f Q")))
    changed = io.BytesIO()
    writer.write(changed)
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(changed.getvalue())
    data = signed_bare.read_bytes()
    start, _der_end, _end = _container(data)
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(data[:start + 400] + b"7" + data[start + 401:])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    for path, code in ((signed_bare, 0), (altered, 1), (flipped, 1)):
        done = subprocess.run([sys.executable, "-m", "planner.cli", "verify", str(path)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.stderr == "", done.stderr
        assert (done.returncode == 0) == (code == 0), done.stdout
        assert "Result:" in done.stdout


def test_signing_from_the_command_line_prints_one_line(store: Store, tmp_path: Path) -> None:
    """No passphrase (none given, an empty PLANNER_PASSPHRASE): signs, and the terminal
    shows the one line saying so, no warning; pdfsig (poppler) finds it valid and whole."""
    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    identity = _passphrase_less_identity(tmp_path)
    path = store.path
    assert path is not None
    store.close()
    out = tmp_path / "cli-signed.pdf"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env["PLANNER_PASSPHRASE"] = ""
    done = subprocess.run([sys.executable, "-m", "planner.cli", "export", "agreement", "--db",
                           str(path), "--id", str(plan.agreement_id), "--out", str(out),
                           "--sign", "--identity", str(identity), "--signatory", NAMES["polish"]],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.strip().splitlines() == [f"Agreement written to {out}"]
    if shutil.which("pdfsig"):
        report = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
        assert "Signature is Valid" in report and "Total document signed" in report
