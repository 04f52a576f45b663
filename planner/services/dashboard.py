"""The portfolio dashboard (services layer): the summary, its lists and the board pack.

Gathers the portfolio figures the dashboard and the trustees' board pack both show, so the
two can never disagree. The health of each partnership (the facts the rules judge, the
thresholds, the cadence) is read by ``planner.services.dashboard_health``; its names are
also offered here, as before the split.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain import conflicts as register
from planner.domain import health
from planner.domain.capacity import Stage
from planner.domain.timeline import MilestoneStatus
from planner.services.dashboard_health import (
    AREA_COLUMNS,
    RECENT_WIN_DAYS,
    UPCOMING_DAYS,
    CadenceRow,
    effective,
    facts_for,
    health_settings,
    held_vs_expected,
    portfolio_health_of,
    read_facts,
    remembered,
    set_health_setting,
    settings_of,
)
from planner.services.organisation import ensure_self
from planner.store import health_reads, postgres
from planner.store.database import Store
from planner.store.tables import (
    Agreement,
    ConflictArea,
    Opportunity,
    Signatory,
    Signature,
)

__all__ = ["RECENT_WIN_DAYS", "UPCOMING_DAYS", "CadenceRow", "DashboardSummary", "HoursRow",
           "Item", "board_pack", "boardpack_content", "export_boardpack", "facts_for",
           "fmt_date", "fmt_hours", "health_report", "health_settings", "health_text",
           "held_vs_expected", "portfolio_health", "pursued_text", "reviews_due",
           "serious_first", "set_health_setting", "summary", "write_boardpack"]

REVIEW_SOON_DAYS = 14
# The conflict reviews due the summary lists: a plan kept for years has over 10,000, which
# the dashboard counts and the register (and the board pack) lists whole.
REVIEWS_LISTED = 200
AWAITING_STATES = ("agreed", "partly_signed")
STATE_WORDS = {"agreed": "agreed, not yet signed", "partly_signed": "partly signed"}


# ------------------------------------------------------------------------------ summary


@dataclass(frozen=True)
class Item:
    """One line of a dashboard list, with the record it opens."""

    when: dt.date | None
    text: str
    partnership: str
    kind: str
    record_id: int
    note: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class HoursRow:
    partnership_id: int
    title: str
    estimate: float
    actual: float


@dataclass(frozen=True)
class DashboardSummary:
    organisation: str
    today: dt.date
    strategic_used: int
    strategic_limit: int
    pursued: int
    ceo_budget: float
    ceo_committed: float
    ceo_actual: float
    hours_window_days: int
    health: tuple[health.Health, ...]
    counts: dict[str, int]
    upcoming: tuple[Item, ...]
    small_wins: tuple[Item, ...]
    # The first REVIEWS_LISTED conflict reviews due, by date (the dashboard shows them);
    # reviews_due_count counts them all, and reviews_due(store) lists them all.
    reviews_due: tuple[Item, ...]
    awaiting_signature: tuple[Item, ...]
    hours: tuple[HoursRow, ...] = field(default=())
    reviews_due_count: int = 0

    @property
    def slots_text(self) -> str:
        return f"{self.strategic_used} of {self.strategic_limit}"

    @property
    def over_limit(self) -> bool:
        return self.strategic_used > self.strategic_limit

    @property
    def hours_text(self) -> str:
        return (f"budget {fmt_hours(self.ceo_budget)} · committed "
                f"{fmt_hours(self.ceo_committed)} · actual {fmt_hours(self.ceo_actual)}")


def portfolio_health(store: Store, today: dt.date | None = None,
                     settings: health.HealthSettings | None = None) -> list[health.Health]:
    """Every pursued partnership's health, the most worrying first: the dashboard's own
    (kept until a commit may change it, so another view asking reads nothing again), or
    judged afresh when other thresholds than the plan's are asked about."""
    today = today or dt.date.today()
    if settings is None or settings == health_settings(store):
        return list(summary(store, today).health)
    return portfolio_health_of(store, today, settings)


def fmt_hours(value: float) -> str:
    """Hours a month as people say them: 20 h, 12.5 h."""
    return f"{value:.1f}".rstrip("0").rstrip(".") + " h"


@functools.lru_cache(maxsize=4096)  # a list of 10,000 reviews has a few hundred dates
def fmt_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {day:%b %Y}"


def summary(store: Store, today: dt.date | None = None, *,
            plain: bool = False) -> DashboardSummary:
    """The portfolio at a glance, as of ``today``, kept until a commit may change it
    (dashboard_health.remembered). ``plain``: by reading every record whole, the way it
    was done before the fast path (the same figures, for the tests), never kept."""
    today = today or dt.date.today()
    if plain:
        return _summary(store, today, plain=True)
    return remembered(store, "summary", today, lambda: _summary(store, today, plain=False))


def _summary(store: Store, today: dt.date, *, plain: bool) -> DashboardSummary:
    # One read per table, shared by the health facts and the lists: each distinct query
    # costs SQLAlchemy a few milliseconds to compile the first time (start-up).
    with store.work() as work:
        # One state of the plan throughout, on a team database as in a plan file.
        postgres.consistent_reads(work.session, read_only=False)
        org, profile = ensure_self(work)
        settings = effective(settings_of(profile))
        everyone = work.list(Opportunity, order_by=("title",))
        pursued = [o for o in everyone if o.stage == Stage.PURSUED]
        titles = {o.id: o.title for o in everyone}
        soon = today + dt.timedelta(days=REVIEW_SOON_DAYS)
        # The nearest reviews due and how many, and the areas a rule can name: asked of
        # the database, not read whole (a plan kept for years holds 29,000 areas).
        if plain:
            areas = work.list(ConflictArea, order_by=("next_review", "id"))
            reviews = _review_items(areas, profile.band_limits, titles, today)
            reviews_count, reviews = len(reviews), reviews[:REVIEWS_LISTED]
        else:
            nearest, reviews_count = health_reads.areas_due(
                work, AREA_COLUMNS, soon, inactive=register.INACTIVE_STATUSES,
                first=REVIEWS_LISTED)
            reviews = _review_items(nearest, profile.band_limits, titles, today)
        every_agreement = work.list(Agreement)
        loaded: dict[str, list[Any]] = {}
        facts = read_facts(work, pursued, profile.band_limits, loaded=loaded,
                           all_areas=areas if plain else None,
                           all_agreements=every_agreement, plain=plain, today=today,
                           settings=settings)
        milestones = sorted(loaded["milestones"], key=lambda m: m.id or 0)
        agreements = [a for a in every_agreement if a.state in AWAITING_STATES]
        signatories = work.list(Signatory, agreement_id=[a.id for a in agreements]) \
            if agreements else []
        signed = {s.signatory_id for s in work.list(
            Signature, signatory_id=[s.id for s in signatories])} if signatories else set()

    results = health.assess_all(facts, today, settings)
    order = {health.AT_RISK: 0, health.WATCH: 1, health.HEALTHY: 2}
    results.sort(key=lambda h: (order[h.state], -len(h.signals), h.title.casefold()))
    window = settings.hours_window_days
    hours = tuple(HoursRow(f.id, f.title, f.est_ceo_hours_per_month,
                           health.actual_ceo_hours_per_month(f, today, window)) for f in facts)

    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    upcoming: list[Item] = []
    wins: list[Item] = []
    for m in milestones:
        assert m.id is not None
        when = m.forecast_date or m.due_date or m.baseline_date
        if m.status in health.OPEN_MILESTONE and when is not None and today <= when <= horizon:
            upcoming.append(Item(when, m.title, titles.get(m.opportunity_id, ""), "milestone",
                                 m.id, "small win" if m.small_win else "",
                                 urgent=m.status in (MilestoneStatus.AT_RISK,
                                                     MilestoneStatus.LATE)))
        if m.small_win and m.status == MilestoneStatus.DONE and m.actual_date is not None and \
                today - dt.timedelta(days=RECENT_WIN_DAYS) <= m.actual_date <= today:
            wins.append(Item(m.actual_date, m.title, titles.get(m.opportunity_id, ""),
                             "milestone", m.id, m.celebration_note))
    upcoming.sort(key=lambda i: (i.when or today, i.text))
    wins.sort(key=lambda i: (i.when or today, i.text), reverse=True)

    awaiting: list[Item] = []
    for ag in agreements:
        assert ag.id is not None
        people = [s for s in signatories if s.agreement_id == ag.id]
        done = sum(1 for s in people if s.id in signed)
        note = STATE_WORDS.get(ag.state, ag.state)
        if people:
            note += f", {done} of {len(people)} signatures"
        awaiting.append(Item(ag.agreed_on, f"{ag.title} (v{ag.version})",
                             titles.get(ag.opportunity_id, ""), "agreement", ag.id, note))

    return DashboardSummary(
        organisation=org.name, today=today,
        strategic_used=sum(1 for o in pursued if o.tier == "strategic"),
        strategic_limit=profile.strategic_limit, pursued=len(pursued),
        ceo_budget=profile.ceo_hours_per_month,
        ceo_committed=sum(o.est_ceo_hours_per_month for o in pursued),
        ceo_actual=sum(r.actual for r in hours), hours_window_days=window,
        health=tuple(results), counts=health.count_by_state(results),
        upcoming=tuple(upcoming), small_wins=tuple(wins), reviews_due=tuple(reviews),
        awaiting_signature=tuple(awaiting), hours=hours, reviews_due_count=reviews_count)


def _review_items(areas: Sequence[Any], band_limits: Sequence[int], titles: dict[Any, str],
                  today: dt.date) -> list[Item]:
    """The lines of the active ``areas`` (by review date) due for review by
    REVIEW_SOON_DAYS from ``today``."""
    soon = today + dt.timedelta(days=REVIEW_SOON_DAYS)
    reviews: list[Item] = []
    for a in areas:
        assert a.id is not None
        if not register.is_active(a) or a.next_review is None or a.next_review > soon:
            continue
        band = register.residual_band(a, band_limits)
        overdue = a.next_review < today
        note = f"{band}, overdue" if overdue else band
        # The dashboard goes into the board pack: a confidential area is not named there.
        shown = "A confidential conflict area" if a.confidential else a.title
        reviews.append(Item(a.next_review, shown, titles.get(a.opportunity_id, ""),
                            "conflict_area", a.id, note,
                            urgent=overdue and band in register.SERIOUS_BANDS))
    return reviews


def reviews_due(store: Store, today: dt.date | None = None, *,
                plain: bool = False) -> tuple[Item, ...]:
    """Every conflict review due by REVIEW_SOON_DAYS from ``today``, by date (the
    summary lists the first REVIEWS_LISTED), as the board pack lists them. ``plain``: by
    reading every area whole (the tests compare the two)."""
    today = today or dt.date.today()
    soon = today + dt.timedelta(days=REVIEW_SOON_DAYS)
    with store.work() as work:
        _, profile = ensure_self(work)
        titles = {o.id: o.title for o in work.columns(Opportunity, ("id", "title"))}
        areas = work.list(ConflictArea, order_by=("next_review", "id")) if plain else \
            health_reads.areas_due(work, AREA_COLUMNS, soon,
                                   inactive=register.INACTIVE_STATUSES)[0]
        return tuple(_review_items(areas, profile.band_limits, titles, today))


# ------------------------------------------------------------------------------ board pack


def board_pack(store: Store, today: dt.date | None = None) -> Any:
    """The board pack's text as of ``today`` (a reports.boardpack_pdf.BoardPack): the
    dashboard's figures, with every conflict review due."""
    today = today or dt.date.today()
    return boardpack_content(summary(store, today), reviews_due(store, today))


def boardpack_content(s: DashboardSummary, reviews: Sequence[Item]) -> Any:  # a BoardPack
    """The board pack's text, built from exactly the figures the dashboard shows, and
    ``reviews``: every conflict review due (:func:`reviews_due`; the summary lists the
    nearest)."""
    from planner.reports.boardpack_pdf import BoardPack, HealthLine, Tile

    tiles = (
        Tile("Strategic partnerships", s.slots_text, "slots used of the limit",
             alert=s.over_limit),
        Tile("CEO hours a month", f"{fmt_hours(s.ceo_actual)} actual",
             f"budget {fmt_hours(s.ceo_budget)} · committed {fmt_hours(s.ceo_committed)}",
             alert=s.ceo_actual > s.ceo_budget or s.ceo_committed > s.ceo_budget),
        Tile("Partnership health", f"{s.counts[health.AT_RISK]} at risk",
             f"{s.counts[health.WATCH]} to watch · {s.counts[health.HEALTHY]} healthy",
             alert=s.counts[health.AT_RISK] > 0),
        Tile("Awaiting signature", str(len(s.awaiting_signature)),
             f"agreement{'s' if len(s.awaiting_signature) != 1 else ''} agreed, not fully "
             "signed" if s.awaiting_signature else "nothing waiting"),
    )
    hours = {r.partnership_id: r for r in s.hours}
    lines = []
    for h in s.health:
        row = hours.get(h.partnership_id)
        hrs = f"{fmt_hours(row.actual)} of {fmt_hours(row.estimate)}" if row else ""
        # The partner seeing things differently is for the board to hear even when the
        # page has room for only a few reasons: it goes first.
        # After it, the most serious signal of each kind (serious_first).
        ordered = sorted(serious_first(h.signals), key=lambda sig: sig.code != "perception_gap")
        lines.append(HealthLine(h.title, h.label, h.state, hrs,
                                tuple(sig.sentence for sig in ordered)))

    def items(rows: Sequence[Item], empty: str) -> tuple[str, ...]:
        return tuple(f"{fmt_date(i.when)}{' · ' if i.when else ''}{i.text} — {i.partnership}"
                     + (f" ({i.note})" if i.note else "") for i in rows) or (empty,)

    sections = (
        ("Milestones in the next 30 days", items(s.upcoming, "None due.")),
        ("Small wins in the last 60 days", items(s.small_wins, "None recorded yet.")),
        ("Conflict areas due for review", items(reviews, "None due.")),
        ("Agreements awaiting signature", items(s.awaiting_signature, "None waiting.")),
    )
    return BoardPack(
        title=f"{s.organisation}: partnership portfolio",
        subtitle=(f"Board pack as of {fmt_date(s.today)} · {pursued_text(s.pursued)} · "
                  f"CEO hours averaged over the last {s.hours_window_days} days"),
        tiles=tiles, health=tuple(lines), sections=sections)


def serious_first(signals: Sequence[health.Signal]) -> list[health.Signal]:
    """The order a short list should keep: at-risk signals before watches, and within each,
    one of each kind (inertia, fatigue, conflict) before a second of any, so the page's
    "… and N more" never hides a whole kind of trouble such as missed meetings."""
    rank = {health.AT_RISK: 0, health.WATCH: 1}
    seen: dict[tuple[str, str], int] = {}
    keyed = []
    for n, sig in enumerate(signals):
        key = (sig.severity, sig.category)
        turn = seen.get(key, 0)
        seen[key] = turn + 1
        keyed.append(((rank.get(sig.severity, 2), turn, n), sig))
    return [sig for _k, sig in sorted(keyed, key=lambda x: x[0])]


def pursued_text(count: int) -> str:
    """"1 partnership pursued", "4 partnerships pursued"."""
    return f"{count} partnership{'' if count == 1 else 's'} pursued"


def export_boardpack(store: Store, out: Path, today: dt.date | None = None) -> DashboardSummary:
    """Write the one-page board pack PDF; returns the summary it was made from."""
    today = today or dt.date.today()
    s = summary(store, today)
    write_boardpack(boardpack_content(s, reviews_due(store, today)), Path(out))
    return s


def write_boardpack(content: Any, out: Path) -> str:
    """Write the board pack PDF from figures already read (plain Python: the window runs it
    on a worker thread, having read the figures on the GUI thread); returns the path."""
    from planner.reports.boardpack_pdf import write_boardpack as write

    write(content, out)
    return str(out)


# ------------------------------------------------------------------------------ report


def health_report(store: Store, today: dt.date | None = None) -> dict[str, Any]:
    """The dashboard as plain data (JSON-ready), for ``planner report`` and scripts."""
    s = summary(store, today)
    return {
        "as_of": s.today.isoformat(),
        "strategic": {"used": s.strategic_used, "limit": s.strategic_limit},
        "ceo_hours_per_month": {"budget": round(s.ceo_budget, 2),
                                "committed": round(s.ceo_committed, 2),
                                "actual": round(s.ceo_actual, 2),
                                "actual_window_days": s.hours_window_days},
        "counts": dict(s.counts),
        "partnerships": [
            {"id": h.partnership_id, "title": h.title, "state": h.state, "reason": h.reason,
             "signals": [{"category": x.category, "severity": x.severity, "code": x.code,
                          "sentence": x.sentence, "kind": x.kind, "id": x.record_id}
                         for x in h.signals]}
            for h in s.health],
    }


def health_text(report: dict[str, Any]) -> str:
    """The health report as lines for a terminal."""
    hours = report["ceo_hours_per_month"]
    lines = [f"Health as of {report['as_of']}: strategic slots {report['strategic']['used']} "
             f"of {report['strategic']['limit']}; CEO hours a month: budget "
             f"{fmt_hours(hours['budget'])}, committed {fmt_hours(hours['committed'])}, "
             f"actual {fmt_hours(hours['actual'])}"]
    for p in report["partnerships"]:
        lines.append(f"  {p['title']}: {health.STATE_LABELS[p['state']]}")
        lines += [f"    - {x['sentence']}" for x in p["signals"]]
    return "\n".join(lines)
