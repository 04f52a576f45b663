"""The conflict register (services layer): every area as a row, with its flags.

A RegisterRow carries what the Conflicts view, the exports, the dashboard and ``planner
report`` show of an area: ratings and bands, owners, clauses, the partner's own rating
(their latest questionnaire answers) and why it is flagged, in one wording.

The areas are read as plain column rows (no ORM records: at 29,000 areas building and
tracking them was most of the Conflicts view's wait); ``plain=True`` reads whole records,
the older way, which a test compares it with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from planner.domain import conflicts as rules
from planner.domain.agreements import AgreementState
from planner.domain.partner_view import shared_with_partner
from planner.services.conflicts.fields import EDITABLE_FIELDS, code
from planner.services.conflicts.reading import band_limits, values_of
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    Opportunity,
    Organisation,
    PartnerAnswers,
    Person,
)

AREA_COLUMNS = ("id", *EDITABLE_FIELDS)  # every column a RegisterRow carries of an area
_AT = {name: n for n, name in enumerate(AREA_COLUMNS)}  # where each is in a stored tuple


@dataclass(frozen=True)
class Clause:
    section_id: int
    agreement_id: int
    agreement: str
    title: str
    state: str


class RegisterRow(NamedTuple):
    """One area as the register shows it: a detached snapshot with derived values.

    A named tuple (read-only, compared field by field, as the frozen dataclass it was): at
    29,009 areas each row is made in C from its values, with no dictionary of 43 entries
    of its own (half the time of building the register's rows, and ~40 MB), and a row of
    plain values is soon left alone by the garbage collector. Its stored columns come
    first, in ``AREA_COLUMNS`` order (``_rows`` fills it so)."""

    id: int
    opportunity_id: int
    title: str
    overlap_domain: str
    tension_type: str
    description: str
    drivers: str
    openness: str
    partner_view: str
    likelihood: int
    impact: int
    residual_likelihood: int
    residual_impact: int
    treatment: str
    separation: str
    owner_ours_id: int | None
    owner_theirs_id: int | None
    review_every_days: int
    next_review: dt.date | None
    status: str
    identified_on: dt.date | None
    confidential: bool
    code: str
    partnership: str
    partner_id: int | None
    partner: str
    owner_ours: str
    owner_theirs: str
    inherent_score: int
    residual_score: int
    inherent_band: str
    residual_band: str
    overdue: bool
    days_overdue: int
    stale_internal: bool
    clauses: tuple[Clause, ...] = ()
    # The partner's own rating, from their latest questionnaire answers (None: not asked or
    # not answered); it never changes ours.
    theirs_likelihood: int | None = None
    theirs_impact: int | None = None
    internal_days: int = 0  # days since it was identified, while still internal only

    @property
    def theirs_worse(self) -> bool:
        """The partner rates the area worse than we do (before treatment)."""
        if self.theirs_likelihood is None or self.theirs_impact is None:
            return False
        return self.theirs_likelihood * self.theirs_impact > self.likelihood * self.impact

    @property
    def theirs_score(self) -> int | None:
        """The partner's likelihood × impact (None until they have rated the area)."""
        if self.theirs_likelihood is None or self.theirs_impact is None:
            return None
        return self.theirs_likelihood * self.theirs_impact

    def theirs_text(self) -> str:
        """The partner's rating as the register words it — their score, "▲ worse" when they
        rate the area worse than we do, blank until they have rated it: the Conflicts view's
        Theirs column and the register's CSV/XLSX export."""
        score = self.theirs_score
        return "" if score is None else f"{score}{' ▲ worse' if self.theirs_worse else ''}"

    @property
    def needs_clause(self) -> bool:
        """Rated high or critical (after treatment) and handled by no agreement clause."""
        return (self.status not in rules.INACTIVE_STATUSES and not self.clauses
                and self.residual_band in rules.SERIOUS_BANDS)

    @property
    def flagged(self) -> bool:
        return self.overdue or self.stale_internal or self.needs_clause or self.theirs_worse

    def flag_text(self, *, long: bool = True) -> str:
        """Why the area is flagged — the same flags wherever they show: the Conflicts view
        (short in the table, long in the editor), the register's CSV/XLSX Flags column and
        ``planner report --json``."""
        parts = []
        days = self.days_overdue
        if self.overdue:
            parts.append(f"review {days} day{'s' if days != 1 else ''} overdue" if long
                         else f"review {days} d overdue")
        if self.stale_internal:
            n = self.internal_days
            parts.append(f"kept internal for {n} day{'s' if n != 1 else ''}, not yet raised "
                         "with the partner" if long else f"internal {n} d")
        if self.needs_clause:
            parts.append(f"rated {self.residual_band}, handled by no agreement clause" if long
                         else "needs a clause")
        if self.theirs_worse:
            parts.append("the partner rates it worse than we do" if long else "partner: worse")
        return (" · " if long else "; ").join(parts)


@dataclass(frozen=True)
class Register:
    rows: tuple[RegisterRow, ...]
    band_limits: tuple[int, int, int]
    partnerships: tuple[tuple[int, str], ...]  # (id, title) of every opportunity
    people: tuple[tuple[int, str, int], ...]  # (id, name, organisation id)
    today: dt.date
    self_organisation_id: int | None = None


def register(store: Store, *, today: dt.date | None = None,
             opportunity_id: int | None = None,
             area_ids: Sequence[int] | None = None, plain: bool = False) -> Register:
    """The whole register (or one partnership's), ready for a table, a heat map or a file.

    ``area_ids`` reads only those areas (the view refreshes the rows an edit touched).
    ``plain`` reads the areas as whole records (for the test that compares the two).
    """
    today = today or dt.date.today()
    with store.work() as work:
        limits = band_limits(work)
        query: dict[str, Any] = {}
        if opportunity_id is not None:
            query["opportunity_id"] = opportunity_id
        if area_ids is not None:
            query["id"] = list(area_ids)
        # Plain tuples of AREA_COLUMNS (``_rows`` makes them rows), or records (``plain``).
        areas: Sequence[Any] = (work.list(ConflictArea, **query) if plain
                                else work.tuples(ConflictArea, AREA_COLUMNS, **query))
        opportunity_ids = ([a.opportunity_id for a in areas] if plain
                           else [a[_AT["opportunity_id"]] for a in areas])
        # A few rows (after an edit) read only what they refer to: ORM rows cost ~0.1 ms each.
        few = area_ids is not None
        owner_ids = [] if not few else [
            i for a in areas for i in ((a.owner_ours_id, a.owner_theirs_id) if plain else (
                a[_AT["owner_ours_id"]], a[_AT["owner_theirs_id"]])) if i]
        opp_query: dict[str, Any] = {"id": opportunity_ids} if few else {}
        opportunities = work.list(Opportunity, order_by=("title", "id"), **opp_query)
        org_query: dict[str, Any] = (
            {"id": [o.partner_id for o in opportunities if o.partner_id]} if few else {})
        work_orgs = work.list(Organisation, **org_query)
        self_org = work.first(Organisation, is_self=True)
        organisations = {o.id: o.name for o in work_orgs}
        people_query: dict[str, Any] = (
{"id": owner_ids} if few else {})
        people = work.list(Person, order_by=("name", "id"), **people_query)
        names = {p.id: p.name for p in people}
        agreement_query: dict[str, Any] = (
            {"opportunity_id": opportunity_ids} if few else {})
        agreements = {a.id: a for a in work.list(Agreement, **agreement_query)
                      if a.state != AgreementState.SUPERSEDED}
        clauses: dict[int, list[Clause]] = {}
        if agreements:
            for section in work.list(AgreementSection, order_by=("agreement_id", "position"),
                                     agreement_id=list(agreements)):
                agreement = agreements[section.agreement_id]
                for area_id in section.conflict_ids or []:
                    assert section.id is not None and agreement.id is not None
                    clauses.setdefault(area_id, []).append(Clause(
                        section.id, agreement.id, agreement.title, section.title,
                        agreement.state))
        theirs = _partner_ratings(work, set(opportunity_ids))
    rows = (_plain_rows if plain else _rows)(areas, opportunities, organisations, names,
                                             limits, today, clauses, theirs)
    return Register(
        rows=tuple(rows), band_limits=limits,
        partnerships=tuple((o.id, o.title) for o in opportunities if o.id is not None),
        people=tuple((p.id, p.name, p.organisation_id) for p in people if p.id is not None),
        today=today, self_organisation_id=self_org.id if self_org else None)



def _plain_rows(areas: Sequence[Any], opportunities: Sequence[Opportunity],
                organisations: dict[int | None, str], names: dict[int | None, str],
                limits: tuple[int, int, int], today: dt.date,
                clauses: dict[int, list[Clause]],
                theirs: dict[int, tuple[int, int]]) -> list[RegisterRow]:
    """The rows built field by field through the domain's rules, as they always were: what
    the test compares :func:`_rows` with."""
    by_id = {o.id: o for o in opportunities}
    rows = []
    for area in areas:
        assert area.id is not None
        opportunity = by_id.get(area.opportunity_id)
        partner = organisations.get(opportunity.partner_id, "") if opportunity else ""
        inherent = rules.score(area.likelihood, area.impact)
        residual = rules.score(area.residual_likelihood, area.residual_impact)
        stored = values_of(area, AREA_COLUMNS)
        rows.append(RegisterRow(
            **stored, code=code(area.id),
            partnership=opportunity.title if opportunity else "",
            partner_id=opportunity.partner_id if opportunity else None, partner=partner,
            owner_ours=names.get(area.owner_ours_id, "") if area.owner_ours_id else "",
            owner_theirs=names.get(area.owner_theirs_id, "") if area.owner_theirs_id else "",
            inherent_score=inherent, residual_score=residual,
            inherent_band=rules.band(inherent, limits), residual_band=rules.band(residual, limits),
            overdue=rules.is_overdue(area, today), days_overdue=rules.days_overdue(area, today),
            stale_internal=rules.is_stale_internal(area, today),
            clauses=tuple(clauses.get(area.id, ())),
            theirs_likelihood=theirs.get(area.id, (None, None))[0],
            theirs_impact=theirs.get(area.id, (None, None))[1],
            internal_days=((today - area.identified_on).days
                           if area.openness == rules.Openness.INTERNAL and area.identified_on
                           else 0),
        ))
    return rows



def _rows(areas: Sequence[tuple[Any, ...]], opportunities: Sequence[Opportunity],
          organisations: dict[int | None, str], names: dict[int | None, str],
          limits: tuple[int, int, int], today: dt.date, clauses: dict[int, list[Clause]],
          theirs: dict[int, tuple[int, int]]) -> list[RegisterRow]:
    """The areas' stored columns (plain tuples of ``AREA_COLUMNS``) made rows as
    :func:`_plain_rows` builds them, in a tenth of the time at 29,000 areas: what each
    partnership and each score give is worked out once, the domain's date rules are applied
    inline, and each row is made from its values in one call (``tuple.__new__``, past the
    keyword arguments of RegisterRow's own ``__new__``). Tuples of plain values leave
    nothing per area for the garbage collector to walk."""
    by_opportunity: dict[int, tuple[str, int | None, str]] = {}
    for o in opportunities:
        assert o.id is not None
        by_opportunity[o.id] = (o.title, o.partner_id,
                                organisations.get(o.partner_id, "") if o.partner_id else "")
    nowhere: tuple[str, int | None, str] = ("", None, "")
    scores: dict[tuple[int, int], tuple[int, str]] = {}

    def rated(likelihood: int, impact: int) -> tuple[int, str]:
        found = scores.get((likelihood, impact))
        if found is None:
            value = rules.score(likelihood, impact)
            found = scores[(likelihood, impact)] = (value, rules.band(value, limits))
        return found

    unrated = (None, None)
    internal = rules.Openness.INTERNAL
    inactive = rules.INACTIVE_STATUSES
    grace = rules.INTERNAL_GRACE_DAYS
    at = _AT
    i_id, i_opp, i_open = at["id"], at["opportunity_id"], at["openness"]
    i_lik, i_imp = at["likelihood"], at["impact"]
    i_rlik, i_rimp = at["residual_likelihood"], at["residual_impact"]
    i_ours, i_theirs = at["owner_ours_id"], at["owner_theirs_id"]
    i_next, i_status, i_found = at["next_review"], at["status"], at["identified_on"]
    new = tuple.__new__  # RegisterRow's own __new__ takes its 43 fields as arguments
    rows = []
    for values in areas:
        ident = values[i_id]
        partnership, partner_id, partner = by_opportunity.get(values[i_opp], nowhere)
        inherent, inherent_band = rated(values[i_lik], values[i_imp])
        residual, residual_band = rated(values[i_rlik], values[i_rimp])
        active = values[i_status] not in inactive
        next_review = values[i_next]
        # rules.days_overdue: an active area whose next review is before today
        days = ((today - next_review).days
                if active and next_review is not None and next_review < today else 0)
        found = values[i_found]
        internal_days = (today - found).days if values[i_open] == internal and found else 0
        ours, theirs_id = values[i_ours], values[i_theirs]
        theirs_likelihood, theirs_impact = theirs.get(ident, unrated)
        rows.append(new(RegisterRow, (  # in RegisterRow's field order
            *values, f"CA-{ident:03d}", partnership, partner_id, partner,  # code(): inline
            names.get(ours, "") if ours else "", names.get(theirs_id, "") if theirs_id else "",
            inherent, residual, inherent_band, residual_band, days > 0, days,
            # rules.is_stale_internal: active, internal only, identified > grace days ago
            active and internal_days > grace,
            tuple(clauses.get(ident, ())), theirs_likelihood, theirs_impact, internal_days)))
    return rows


def _partner_ratings(work: UnitOfWork, opportunity_ids: set[int]) -> dict[int, tuple[int, int]]:
    """Area id -> (likelihood, impact) as the partner rated it in their latest round."""
    if not opportunity_ids:
        return {}
    latest: dict[int, PartnerAnswers] = {}
    for answers in work.list(PartnerAnswers, order_by=("received_on", "id"),
                             opportunity_id=sorted(opportunity_ids)):
        latest[answers.opportunity_id] = answers
    shared = {a.id for a in work.columns(ConflictArea, ("id", "openness", "confidential"),
                                         opportunity_id=sorted(latest))
              if shared_with_partner(a.openness, a.confidential)} if latest else set()
    out: dict[int, tuple[int, int]] = {}
    for answers in latest.values():
        for rated in answers.answers.get("conflicts", []):
            lik, imp = rated.get("likelihood"), rated.get("impact")
            if rated.get("id") in shared and isinstance(lik, int) and isinstance(imp, int):
                out[rated["id"]] = (lik, imp)
    return out
