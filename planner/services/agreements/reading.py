"""Reading agreements (services layer): the list, one agreement in full, the templates.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from typing import Any

from planner.domain.capacity import Stage
from planner.domain.conflicts import residual_band
from planner.services.agreements.snapshots import (
    AgreementDetail,
    AgreementSummary,
    ConflictChoice,
    SectionRow,
    SignatoryRow,
    SignatureRow,
)
from planner.store.database import Store, StoreError, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    Opportunity,
    Organisation,
    Person,
    Signatory,
    Signature,
)

# --------------------------------------------------------------------------- reading


def _parties(work: UnitOfWork, opportunity: Opportunity) -> tuple[str, str]:
    us = work.first(Organisation, is_self=True)
    partner = work.get(Organisation, opportunity.partner_id) if opportunity.partner_id else None
    return (us.name if us else "Our organisation",
            partner.name if partner else "The partner organisation")


def partnerships(store: Store) -> list[tuple[int, str]]:
    """(id, title) of the opportunities an agreement can be made for: pursued ones first."""
    with store.work() as work:
        rows = work.list(Opportunity, order_by=("title",))
    order: dict[str, int] = {Stage.PURSUED: 0, Stage.SCREENING: 1, Stage.IDENTIFIED: 2,
                             Stage.PAUSED: 3, Stage.DEFERRED: 4}
    rows = [r for r in rows if r.stage not in (Stage.DECLINED, Stage.EXITED)]
    rows.sort(key=lambda r: (order.get(r.stage, 5), r.title.casefold()))
    return [(r.id or 0, r.title) for r in rows]


def list_agreements(store: Store) -> list[AgreementSummary]:
    with store.work() as work:
        rows = work.list(Agreement, order_by=("opportunity_id", "version"))
        opportunities = {o.id: o for o in work.list(Opportunity)}
        organisations = {o.id: o.name for o in work.list(Organisation)}
    out: list[AgreementSummary] = []
    for row in rows:
        assert row.id is not None
        opp = opportunities.get(row.opportunity_id)
        partner = organisations.get(opp.partner_id, "") if opp and opp.partner_id else ""
        out.append(AgreementSummary(row.id, row.opportunity_id, opp.title if opp else "",
                                    partner, row.title, row.version, row.state,
                                    row.fingerprint))
    return out


def _section_row(s: AgreementSection) -> SectionRow:
    assert s.id is not None
    return SectionRow(s.id, s.agreement_id, s.position, s.key, s.title, s.guidance, s.body,
                      copy.deepcopy(dict(s.data or {})), tuple(s.conflict_ids or ()))


def _strokes(raw: Any) -> tuple[tuple[tuple[float, float], ...], ...]:
    out: list[tuple[tuple[float, float], ...]] = []
    for stroke in raw or ():
        points = tuple((float(p[0]), float(p[1])) for p in stroke
                       if isinstance(p, (list, tuple)) and len(p) >= 2)
        if points:
            out.append(points)
    return tuple(out)


def get_agreement(store: Store, agreement_id: int) -> AgreementDetail:
    with store.work() as work:
        return _detail(work, agreement_id)


def _detail(work: UnitOfWork, agreement_id: int) -> AgreementDetail:
    from planner.services.organisation import ensure_self

    row = work.one(Agreement, agreement_id)
    opp = work.one(Opportunity, row.opportunity_id)
    us, partner = _parties(work, opp)
    sections = tuple(_section_row(s) for s in
                     work.list(AgreementSection, order_by=("position", "id"),
                               agreement_id=agreement_id))
    signatories: list[SignatoryRow] = []
    for p in work.list(Signatory, order_by=("position", "id"), agreement_id=agreement_id):
        assert p.id is not None
        sig = work.first(Signature, signatory_id=p.id)
        signature = None
        if sig is not None:
            assert sig.id is not None
            signature = SignatureRow(sig.id, sig.signed_at, sig.typed_name,
                                     _strokes(sig.strokes), sig.cert_fingerprint, sig.digital)
        contact = work.get(Person, p.person_id) if p.person_id is not None else None
        signatories.append(SignatoryRow(p.id, p.agreement_id, p.position, p.person_id, p.name,
                                        p.role, p.organisation, signature,
                                        contact.cert_fingerprint if contact else ""))
    _org, profile = ensure_self(work)
    limits = list(profile.band_limits)
    conflicts = tuple(ConflictChoice(c.id or 0, c.title, residual_band(c, limits))
                      for c in work.list(ConflictArea, opportunity_id=opp.id))
    versions = _versions(work, row)
    assert row.id is not None
    return AgreementDetail(
        row.id, row.opportunity_id, opp.title, us, partner, row.title, row.version, row.state,
        row.supersedes_id, row.amendment_reason, row.fingerprint, row.agreed_on,
        row.effective_from, row.review_on, row.binding, row.personal_data, sections,
        tuple(signatories), conflicts, versions)


def _versions(work: UnitOfWork, row: Agreement) -> tuple[tuple[int, int, str], ...]:
    """Every version in the same chain (older and newer), oldest first."""
    chain: dict[int, Agreement] = {}
    first = row
    while first.supersedes_id is not None and first.supersedes_id not in chain:
        assert first.id is not None
        chain[first.id] = first
        first = work.one(Agreement, first.supersedes_id)
    members = [first]
    frontier = [first]
    while frontier:
        nxt = work.list(Agreement, supersedes_id=[a.id for a in frontier])
        members += nxt
        frontier = nxt
    return tuple(sorted(((a.id or 0, a.version, a.state) for a in members),
                        key=lambda v: v[1]))


# --------------------------------------------------------------------------- creating


def load_templates() -> list[dict[str, Any]]:
    """The clause templates shipped in resources/templates/agreement.toml."""
    from planner.paths import resources_dir

    path = resources_dir() / "templates" / "agreement.toml"
    try:
        parsed = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"The agreement templates ({path}) cannot be read: {exc}") from None
    sections = parsed.get("section", [])
    return [dict(s) for s in sections if isinstance(s, dict)]


def template_guidance(key: str) -> str:
    """The shipped guidance for a section key ("" when there is none)."""
    return next((str(t.get("guidance", "")) for t in load_templates() if t.get("key") == key),
                "")


def template_choices() -> list[tuple[str, str]]:
    """(key, title) of every template section, for "add section"."""
    return [(str(t.get("key", "")), str(t.get("title", ""))) for t in load_templates()]


def _fill(value: Any, names: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        for key, text in names.items():
            value = value.replace("{" + key + "}", text)
        return value
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value


