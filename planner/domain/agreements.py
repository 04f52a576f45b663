"""Rules of protocol agreements (domain layer): lifecycle, light markup, tables, fingerprint.

An agreement is a list of sections (clauses) written in a light markup, some with structured
tables (contributions, measures, meetings). Once both sides agree the text it is frozen and
identified by the SHA-256 of a canonical form of its content, so a printed copy and the plan
can be matched later. Everything here is pure: no database, no Qt, no PDF library.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# --------------------------------------------------------------------------- lifecycle


class AgreementState(StrEnum):
    """Where a version of an agreement is in its life. The values are what the plan stores
    (and has always stored): a member equals its text, ``AgreementState.DRAFT == "draft"``,
    so states read from a plan compare, sort and look up labels as before."""

    DRAFT = "draft"
    AGREED = "agreed"  # the text is frozen and its fingerprint fixed
    PARTLY_SIGNED = "partly_signed"
    SIGNED = "signed"
    SUPERSEDED = "superseded"  # replaced by an agreed amendment


STATES = tuple(AgreementState)
STATE_LABELS: dict[str, str] = {  # read with the text a plan stores
    AgreementState.DRAFT: "Draft",
    AgreementState.AGREED: "Agreed (text frozen)",
    AgreementState.PARTLY_SIGNED: "Partly signed",
    AgreementState.SIGNED: "Signed",
    AgreementState.SUPERSEDED: "Superseded",
}
EDITABLE_STATES = frozenset({AgreementState.DRAFT})
# Versions that may be replaced by an amendment: the text has been agreed at least.
AMENDABLE_STATES = frozenset({AgreementState.AGREED, AgreementState.PARTLY_SIGNED,
                              AgreementState.SIGNED})
SIGNABLE_STATES = frozenset({AgreementState.AGREED, AgreementState.PARTLY_SIGNED})


def edit_problem(state: str, version: int) -> str | None:
    """Why a version in ``state`` cannot be edited, or None when it can."""
    if state in EDITABLE_STATES:
        return None
    if state == AgreementState.SUPERSEDED:
        return (f"Version {version} has been replaced by a later version; it stays readable "
                "but cannot be changed.")
    return (f"Version {version} is {STATE_LABELS.get(state, state).lower()}: its text is frozen. "
            "Use “Amend” to start a new draft version.")


def state_after_signatures(signed: int, signatories: int) -> AgreementState:
    """The state an agreed version reaches once ``signed`` of ``signatories`` have signed."""
    if signed <= 0:
        return AgreementState.AGREED
    return AgreementState.SIGNED if signed >= signatories else AgreementState.PARTLY_SIGNED


def field_name(index: int) -> str:
    """The PDF signature field of the signatory at ``index`` (0-based), stable across exports."""
    return f"Signature{index + 1}"


def same_person(certificate_name: str, signatory_name: str) -> bool:
    """Whether a signing certificate names the signatory (letter case, spacing and Unicode
    forms aside): only then is the certificate remembered as that person's."""
    def plain(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).casefold().split())

    return bool(certificate_name.strip()) and plain(certificate_name) == plain(signatory_name)


# --------------------------------------------------------------------------- light markup


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph (one item) or a bullet list (one item per bullet); items are runs."""

    kind: str  # "para" | "bullets"
    items: tuple[tuple[Run, ...], ...]


_INLINE = re.compile(r"(\*\*.+?\*\*|\*[^*\s][^*]*?\*)", re.S)
_BULLET = re.compile(r"^\s*[-•*]\s+")


def parse_inline(text: str) -> tuple[Run, ...]:
    """``**bold**`` and ``*italic*`` runs; anything unbalanced stays literal text."""
    runs: list[Run] = []
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            runs.append(Run(part[2:-2], bold=True))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2 \
                and not part.startswith("**"):
            runs.append(Run(part[1:-1], italic=True))
        else:
            runs.append(Run(part))
    return tuple(runs)


def parse_markup(text: str) -> list[Block]:
    """Paragraphs split by blank lines; lines starting "- " make a bullet list."""
    blocks: list[Block] = []
    para: list[str] = []
    bullets: list[str] = []

    def flush_para() -> None:
        if para:
            blocks.append(Block("para", (parse_inline(" ".join(s.strip() for s in para)),)))
            para.clear()

    def flush_bullets() -> None:
        if bullets:
            blocks.append(Block("bullets", tuple(parse_inline(b) for b in bullets)))
            bullets.clear()

    for line in normalise_text(text).split("\n"):
        if not line.strip():
            flush_para()
            flush_bullets()
        elif _BULLET.match(line):
            flush_para()
            bullets.append(_BULLET.sub("", line, count=1).strip())
        elif bullets and line.startswith((" ", "\t")):
            bullets[-1] += " " + line.strip()  # a wrapped bullet continues
        else:
            flush_bullets()
            para.append(line)
    flush_para()
    flush_bullets()
    return blocks


def runs_markup(runs: Iterable[Run], escape: Callable[[str], str]) -> str:
    """Runs as <b>/<i> markup, the tag set Qt rich text and ReportLab paragraphs share;
    ``escape`` makes each run's text safe for the one it is meant for."""
    out: list[str] = []
    for run in runs:
        piece = escape(run.text)
        if run.bold:
            piece = f"<b>{piece}</b>"
        if run.italic:
            piece = f"<i>{piece}</i>"
        out.append(piece)
    return "".join(out)


def plain_text(text: str) -> str:
    """The markup without its marks (search, previews)."""
    out: list[str] = []
    for block in parse_markup(text):
        for item in block.items:
            line = "".join(r.text for r in item)
            out.append(f"• {line}" if block.kind == "bullets" else line)
    return "\n".join(out)


def normalise_text(text: str) -> str:
    """One spelling of the same text: NFC, Unix newlines, no trailing spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | money | hours | bool | choice
    choices: tuple[str, ...] = ()


FREQUENCIES_PER_YEAR: dict[str, float] = {
    "weekly": 52.0,
    "fortnightly": 26.0,
    "monthly": 12.0,
    "half-termly": 6.0,
    "termly": 3.0,
    "quarterly": 4.0,
    "twice a year": 2.0,
    "annually": 1.0,
    "yearly": 1.0,
}
MEETING_KINDS = ("strategic", "operational", "review")
DEFAULT_MEETING_HOURS = {"strategic": 1.5, "operational": 1.0, "review": 2.0}

TABLES: dict[str, tuple[Column, ...]] = {
    "contributions": (
        Column("party", "Partner"),
        Column("cash", "Cash (£)", "money"),
        Column("in_kind", "In kind"),
        Column("in_kind_value", "Value in kind (£)", "money"),
        Column("period", "Period"),
    ),
    "measures": (
        Column("measure", "Measure"),
        Column("baseline", "Baseline"),
        Column("target", "Target"),
        Column("source", "Source"),
        Column("owner", "Owner"),
        Column("frequency", "How often"),
    ),
    "meetings": (
        Column("kind", "Meeting"),
        Column("who", "Who attends"),
        Column("frequency", "How often", "choice", tuple(FREQUENCIES_PER_YEAR)),
        Column("hours", "Hours", "hours"),
        Column("chair", "Chair"),
        Column("quorum", "Quorum"),
        Column("ceo", "CEO attends", "bool"),
    ),
}
TABLE_TITLES = {"contributions": "Contributions", "measures": "Measures",
                "meetings": "Meeting schedule"}
# Which section key carries which table by default.
SECTION_TABLES = {"finance": "contributions", "monitoring": "measures", "meetings": "meetings"}

SCHEDULE_FIELDS: tuple[tuple[str, str], ...] = (
    ("purposes", "Purposes of sharing"),
    ("lawful_basis", "Lawful basis"),
    ("data_items", "Data items"),
    ("subjects", "Whose data"),
    ("controllers", "Controller roles"),
    ("transfer", "Transfer and security"),
    ("retention", "Retention and deletion"),
    ("breach_notice", "Breach notification"),
    ("subject_rights", "Individuals' rights"),
    ("review", "Review"),
)


def table_problem(table: str, rows: object) -> str | None:
    """Why ``rows`` cannot be stored as ``table``, or None. Cells are text, numbers or flags."""
    if table not in TABLES:
        return f"There is no table called “{table}”."
    if not isinstance(rows, list):
        return "A table must be a list of rows."
    columns = {c.key: c for c in TABLES[table]}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            return f"Row {number} of {TABLE_TITLES[table].lower()} is not a row."
        for key, value in row.items():
            column = columns.get(key)
            if column is None:
                return f"Row {number}: “{key}” is not a column of {TABLE_TITLES[table].lower()}."
            if column.kind in ("money", "hours"):
                if isinstance(value, bool) or not isinstance(value, (int, float)) \
                        or value != value:
                    return f"Row {number}: {column.label} must be a number."
                if value < 0:
                    return f"Row {number}: {column.label} cannot be negative."
                if column.kind == "hours" and value > 24:
                    return f"Row {number}: a meeting of {value:g} hours is longer than a day."
            elif column.kind == "bool":
                if not isinstance(value, bool):
                    return f"Row {number}: {column.label} must be yes or no."
            elif not isinstance(value, str):
                return f"Row {number}: {column.label} must be text."
            elif len(value) > 2000:
                return f"Row {number}: {column.label} is too long (limit 2,000 characters)."
            if column.kind == "choice" and value and value not in column.choices:
                return (f"Row {number}: {column.label} must be one of "
                        + ", ".join(column.choices) + ".")
    return None


def format_cell(column: Column, value: object) -> str:
    if column.kind == "money":
        return f"{float(value):,.0f}" if isinstance(value, (int, float)) else ""
    if column.kind == "hours":
        return f"{float(value):g}" if isinstance(value, (int, float)) else ""
    if column.kind == "bool":
        return "Yes" if value else "No"
    return "" if value is None else str(value)


def contribution_totals(rows: Sequence[Mapping[str, Any]]) -> tuple[float, float]:
    """Total cash and total value in kind (text cells count as nothing)."""

    def amount(value: object) -> float:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
            else 0.0

    return (sum(amount(r.get("cash")) for r in rows),
            sum(amount(r.get("in_kind_value")) for r in rows))


# --------------------------------------------------------------------------- meeting load

# Above these the schedule is flagged: an adviser's rule of thumb, not a law.
MEETINGS_PER_MONTH_LIMIT = 4.0
CEO_SHARE_LIMIT = 0.25  # of the CEO's monthly hours for all partnerships


@dataclass(frozen=True)
class MeetingLoad:
    meetings_per_month: float
    hours_per_month: float
    ceo_hours_per_month: float
    warnings: tuple[str, ...]


def meeting_load(rows: Iterable[Mapping[str, Any]], ceo_budget_hours: float,
                 partnership_ceo_hours: float = 0.0) -> MeetingLoad:
    """Monthly meeting load of a schedule, with warnings when it looks unmanageable.

    ``ceo_budget_hours`` is the CEO's monthly time for all partnerships (the profile);
    ``partnership_ceo_hours`` what screening estimated for this one (0 when unknown).
    """
    count = hours = ceo = 0.0
    for row in rows:
        per_year = FREQUENCIES_PER_YEAR.get(str(row.get("frequency", "")).strip().lower(), 0.0)
        per_month = per_year / 12.0
        kind = str(row.get("kind", "")).strip().lower()
        length = row.get("hours")
        if not isinstance(length, (int, float)) or isinstance(length, bool) or length <= 0:
            length = DEFAULT_MEETING_HOURS.get(kind, 1.0)  # unknown length: a typical one
        count += per_month
        hours += per_month * length
        if ceo_attends(row):
            ceo += per_month * length
    warnings: list[str] = []
    if count > MEETINGS_PER_MONTH_LIMIT:
        warnings.append(f"About {count:.1f} meetings a month: more than people can usually "
                        "prepare for well. Consider merging or spacing them.")
    if ceo_budget_hours > 0 and ceo > CEO_SHARE_LIMIT * ceo_budget_hours:
        warnings.append(f"The CEO would spend about {ceo:.1f} h a month in these meetings, over "
                        f"a quarter of the {ceo_budget_hours:g} h budgeted for all partnerships.")
    if partnership_ceo_hours > 0 and ceo > partnership_ceo_hours:
        warnings.append(f"The CEO's meeting time ({ceo:.1f} h a month) exceeds the "
                        f"{partnership_ceo_hours:g} h estimated for this partnership at screening.")
    return MeetingLoad(round(count, 2), round(hours, 2), round(ceo, 2), tuple(warnings))


def ceo_attends(row: Mapping[str, Any]) -> bool:
    """Whether the CEO sits in this meeting: the tick when given, else a strategic meeting
    or one whose attendees name the chief executives."""
    flag = row.get("ceo")
    if isinstance(flag, bool):
        return flag
    who = str(row.get("who", "")).casefold()
    return str(row.get("kind", "")).strip().lower() == "strategic" or "chief exec" in who \
        or "ceo" in who


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class SectionContent:
    key: str
    title: str
    body: str
    data: Mapping[str, Any] = field(default_factory=dict)
    conflict_titles: tuple[str, ...] = ()
    conflict_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SignatoryBlock:
    name: str
    role: str
    organisation: str
    signed_on: str = ""  # a date as printed, "" while unsigned
    typed_name: str = ""
    strokes: tuple[tuple[tuple[float, float], ...], ...] = ()
    digital: bool = False
    cert_fingerprint: str = ""


@dataclass(frozen=True)
class AgreementDocument:
    """Everything printed, already resolved to text: what the PDF renderer is given."""

    agreement_id: int
    title: str
    version: int
    state: str
    us: str
    partner: str
    sections: tuple[SectionContent, ...]
    signatories: tuple[SignatoryBlock, ...]
    binding: bool = False
    personal_data: bool = False
    fingerprint: str = ""
    agreed_on: str = ""
    effective_from: str = ""
    review_on: str = ""
    supersedes_version: int | None = None
    amendment_reason: str = ""
    changes: tuple[str, ...] = ()
    history: tuple[tuple[str, str], ...] = ()  # (when, what happened), oldest first

    @property
    def is_draft(self) -> bool:
        return self.state == AgreementState.DRAFT

    def schedule(self) -> Mapping[str, Any] | None:
        """The data-sharing schedule when personal data is shared, else None."""
        if not self.personal_data:
            return None
        for section in self.sections:
            if section.key == "data":
                found = section.data.get("schedule")
                return found if isinstance(found, Mapping) else {}
        return {}


def canonical_content(doc: AgreementDocument) -> bytes:
    """The agreed content as canonical JSON: what the fingerprint covers.

    Guidance, state, dates of signing and signatures are left out: signing must not change
    the identity of the text that was agreed.
    """
    content = {
        "format": 1,
        "agreement": doc.agreement_id,
        "title": normalise_text(doc.title),
        "version": doc.version,
        "parties": [normalise_text(doc.us), normalise_text(doc.partner)],
        "binding": doc.binding,
        "personal_data": doc.personal_data,
        "effective_from": doc.effective_from,
        "review_on": doc.review_on,
        "sections": [
            {"key": s.key, "title": normalise_text(s.title), "body": normalise_text(s.body),
             "data": _canonical_value(s.data), "conflicts": sorted(s.conflict_ids)}
            for s in doc.sections
        ],
        "signatories": [
            {"name": normalise_text(p.name), "role": normalise_text(p.role),
             "organisation": normalise_text(p.organisation)}
            for p in doc.signatories
        ],
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def _canonical_value(value: Any) -> Any:
    if isinstance(value, str):
        return normalise_text(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical_value(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 100.0 and 100 are the same amount
    return value


def fingerprint(doc: AgreementDocument) -> str:
    return hashlib.sha256(canonical_content(doc)).hexdigest()


def section_digest(section: SectionContent) -> str:
    """SHA-256 of one section's canonical content: which clause changed can be told apart."""
    content = {"key": section.key, "title": normalise_text(section.title),
               "body": normalise_text(section.body), "data": _canonical_value(section.data),
               "conflicts": sorted(section.conflict_ids)}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()


def short_fingerprint(digest: str) -> str:
    """The first 16 hex digits in groups of four: enough to compare aloud, by phone."""
    head = digest[:16].upper()
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


# --------------------------------------------------------------------------- amendments


def section_changes(old: Sequence[SectionContent], new: Sequence[SectionContent]) -> list[str]:
    """What an amendment changed, section by section, in plain words."""
    changes: list[str] = []
    old_by_key = {s.key or s.title: s for s in old}
    new_by_key = {s.key or s.title: s for s in new}
    for key, section in new_by_key.items():
        before = old_by_key.get(key)
        if before is None:
            changes.append(f"Added “{section.title}”.")
            continue
        what: list[str] = []
        if normalise_text(before.title) != normalise_text(section.title):
            what.append("title")
        if normalise_text(before.body) != normalise_text(section.body):
            what.append("text")
        if _canonical_value(before.data) != _canonical_value(section.data):
            what.append("tables")
        if sorted(before.conflict_ids) != sorted(section.conflict_ids):
            what.append("linked conflict areas")
        if what:
            changes.append(f"Changed “{section.title}”: " + ", ".join(what) + ".")
    for key, section in old_by_key.items():
        if key not in new_by_key:
            changes.append(f"Removed “{section.title}”.")
    old_order = [k for k in old_by_key if k in new_by_key]
    new_order = [k for k in new_by_key if k in old_by_key]
    if old_order != new_order:
        changes.append("Sections reordered.")
    return changes
