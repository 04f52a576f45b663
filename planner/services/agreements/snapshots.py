"""What the agreements services hand out (services layer): plain, frozen snapshots.

An agreement's summary and detail, its sections, signatories and signatures, the conflict
areas a clause can name, and what undoing a removal needs; never an ORM row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain import agreements as rules
from planner.services.changes import ChangeSet

AGREEMENT_FIELDS = ("title", "effective_from", "review_on", "binding", "personal_data")
SECTION_FIELDS = ("title", "body", "guidance", "data", "conflict_ids")
SIGNATORY_FIELDS = ("name", "role", "organisation")
MAX_SECTIONS = 60
PASSPHRASE_ENV = "PLANNER_PASSPHRASE"


def _changes(*, agreement: Iterable[int | None] = (), section: Iterable[int | None] = (),
             signatory: Iterable[int | None] = (), signature: Iterable[int | None] = ()
             ) -> ChangeSet:
    out = ChangeSet.of("agreement", *agreement)
    if section:
        out = out | ChangeSet.of("agreement_section", *section)
    if signatory:
        out = out | ChangeSet.of("signatory", *signatory)
    if signature:
        out = out | ChangeSet.of("signature", *signature)
    return out


# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class AgreementSummary:
    id: int
    opportunity_id: int
    partnership: str
    partner: str
    title: str
    version: int
    state: str
    fingerprint: str


@dataclass(frozen=True)
class SectionRow:
    id: int
    agreement_id: int
    position: int
    key: str
    title: str
    guidance: str
    body: str
    data: dict[str, Any]
    conflict_ids: tuple[int, ...]


@dataclass(frozen=True)
class SignatureRow:
    id: int
    signed_at: dt.datetime
    typed_name: str
    strokes: tuple[tuple[tuple[float, float], ...], ...]
    cert_fingerprint: str
    digital: bool


@dataclass(frozen=True)
class SignatoryRow:
    id: int
    agreement_id: int
    position: int
    person_id: int | None
    name: str
    role: str
    organisation: str
    signature: SignatureRow | None
    pinned_fingerprint: str = ""  # the certificate the signatory said is theirs


@dataclass(frozen=True)
class ConflictChoice:
    id: int
    title: str
    band: str


@dataclass(frozen=True)
class AgreementDetail:
    id: int
    opportunity_id: int
    partnership: str
    us: str
    partner: str
    title: str
    version: int
    state: str
    supersedes_id: int | None
    amendment_reason: str
    fingerprint: str
    agreed_on: dt.date | None
    effective_from: dt.date | None
    review_on: dt.date | None
    binding: bool
    personal_data: bool
    sections: tuple[SectionRow, ...]
    signatories: tuple[SignatoryRow, ...]
    conflicts: tuple[ConflictChoice, ...]
    versions: tuple[tuple[int, int, str], ...]  # (id, version, state) of every version

    @property
    def editable(self) -> bool:
        return self.state in rules.EDITABLE_STATES

    @property
    def edit_problem(self) -> str | None:
        return rules.edit_problem(self.state, self.version)

    def section(self, section_id: int) -> SectionRow | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class SectionSnapshot:
    """Everything needed to put a removed section back where it was (undo)."""

    agreement_id: int
    position: int
    key: str
    title: str
    guidance: str
    body: str
    data: dict[str, Any]
    conflict_ids: tuple[int, ...]
    id: int | None = None  # put back under the same id (undo, redo)


@dataclass(frozen=True)
class SignatorySnapshot:
    agreement_id: int
    position: int
    person_id: int | None
    name: str
    role: str
    organisation: str
    id: int | None = None  # put back under the same id (undo, redo)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    signed_field: str = ""
    signer_fingerprint: str = ""
    fields: tuple[str, ...] = field(default_factory=tuple)

