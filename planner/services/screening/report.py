"""The portfolio report (services layer): ``planner report`` as a dict (``--json``) or as
text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from planner.domain import capacity
from planner.services import conflicts
from planner.services.screening.snapshot import REPORT_FORMAT, REPORT_VERSION, load
from planner.store.database import Store

# --------------------------------------------------------------------------- report


def _round(value: float, places: int = 1) -> float:
    return round(float(value), places)


def portfolio_report(store: Store, *, today: dt.date | None = None) -> dict[str, Any]:
    """The ranking, gates, stability and capacity as plain data (``planner report --json``).

    The shape is documented in docs/report-json.md and kept stable within a version.
    """
    data = load(store)
    ranking = data.ranking()
    stability = data.stability()
    ranges = data.weight_ranges()
    state = data.capacity_state()
    gate_names = {g.id: g.name for g in data.gates}
    latest = data.weight_log[0] if data.weight_log else None
    rows = []
    for r in ranking:
        opp = data.opportunity(r.id)
        assert opp is not None
        decision = opp.latest_decision
        share = stability.shares.get(r.id)
        rows.append({
            "id": r.id, "title": r.title, "partner": opp.partner_name, "stage": opp.stage,
            # Nobody has scored it: no score, rank, confidence or stability, said as such.
            "not_yet_scored": r.unscored,
            "tier": opp.tier, "rank": r.rank,
            "score": None if r.unscored else _round(r.score),
            "contributions": {c.name: _round(x, 2) for c, x in zip(data.criteria,
                                                                   r.contributions,
                                                                   strict=True)},
            "confidence": None if r.unscored else _round(r.confidence, 3), "scored": r.scored,
            "evidenced": r.evidenced, "gate_status": r.gate_status,
            "gates": [{"gate": gate_names[g.id],
                       "result": opp.gates[g.id].result if g.id in opp.gates else "unknown",
                       "overridden": opp.gates[g.id].overridden if g.id in opp.gates else False,
                       "rationale": opp.gates[g.id].rationale if g.id in opp.gates else "",
                       "override_reason": (opp.gates[g.id].override_reason
                                           if g.id in opp.gates else "")}
                      for g in data.gates],
            "stability": None if share is None else {
                "share": _round(share, 3), "words": stability.words(r.id)},
            "ceo_hours_per_month": float(opp.values.get("est_ceo_hours_per_month") or 0.0),
            "decision": None if decision is None else {
                "outcome": decision.outcome, "rationale": decision.rationale,
                "decided_on": decision.decided_on.isoformat(), "tier": decision.tier,
                "review_on": decision.review_on.isoformat() if decision.review_on else None,
                "partner_answers": None if decision.partner_received_on is None else {
                    "id": decision.partner_answers_id,
                    "received_on": decision.partner_received_on.isoformat()}},
        })
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated_on": (today or dt.date.today()).isoformat(),
        "criteria": [{"id": c.id, "name": c.name, "direction": c.direction,
                      "weight": _round(c.weight, 2)} for c in data.criteria],
        "weights": None if latest is None else {
            "method": latest.method, "reason": latest.reason, "author": latest.author,
            "agreed_at": latest.created_at.isoformat(),
            "consistency_ratio": latest.consistency_ratio},
        "ranking": rows,
        "stability": {"top_k": stability.k, "samples": stability.samples,
                      "concentration": stability.concentration},
        "weight_ranges": [{"criterion": x.name, "current": _round(x.current),
                           "low": _round(x.low), "high": _round(x.high)} for x in ranges],
        "capacity": {
            "strategic_limit": state.limit, "strategic_used": state.strategic_used,
            "strategic_free": state.strategic_free, "status": state.status,
            "ceo_hours_budget": state.hours_budget, "ceo_hours_used": state.hours_used,
            "ceo_hours_over": state.hours_over,
            "tiers": {tier: [{"id": e.id, "title": e.title, "ceo_hours_per_month": e.ceo_hours}
                             for e in state.by_tier[tier]] for tier in capacity.TIERS},
            "summary": state.summary(),
        },
        "health": _health(store, today),
        "conflict_flags": _conflict_flags(store, today),
    }


def _conflict_flags(store: Store, today: dt.date | None) -> list[dict[str, Any]]:
    """Every flagged conflict area, with the flags the Conflicts view shows (in the same
    words as the register's Flags column); a confidential area's title is not quoted."""

    reg = conflicts.register(store, today=today)
    return [{"ref": row.code, "id": row.id, "partnership": row.partnership,
             "title": "(confidential)" if row.confidential else row.title,
             "residual_band": row.residual_band, "overdue": row.overdue,
             "days_overdue": row.days_overdue, "stale_internal": row.stale_internal,
             "internal_days": row.internal_days if row.stale_internal else 0,
             "needs_clause": row.needs_clause, "flags": row.flag_text(long=True)}
            for row in sorted(reg.rows, key=lambda r: (r.partnership.casefold(), r.id))
            if row.flagged]


def _health(store: Store, today: dt.date | None) -> dict[str, Any] | None:
    """The dashboard's health report, when the dashboard service provides one."""
    # Imported here: the dashboard is a sibling area, and the report is its only use here.
    from planner.services import dashboard

    return dashboard.health_report(store, today)


def report_text(report: Mapping[str, Any]) -> str:
    """The report for a terminal: ranking with gates and stability, then capacity."""
    lines = [f"Screening report, {report['generated_on']}", ""]
    crits = ", ".join(f"{c['name']} {c['weight']:g}%" for c in report["criteria"])
    lines.append(f"Weights: {crits}")
    weights = report.get("weights")
    if weights:
        ratio = weights.get("consistency_ratio")
        extra = f"; consistency ratio {ratio:.2f}" if ratio is not None else ""
        lines.append(f"  agreed {weights['agreed_at'][:10]} ({weights['method']}{extra}): "
                     f"{weights['reason']}")
    if not report["ranking"]:
        lines += ["", "No opportunities yet: add one in the Screening view."]
    else:
        lines += ["", f"{'Rank':>4}  {'Score':>5}  {'Conf.':>5}  {'Gates':<10}  Opportunity"]
    for row in report["ranking"]:
        rank = str(row["rank"]) if row["rank"] is not None else "-"
        if row.get("not_yet_scored"):
            lines.append(f"{rank:>4}  {'-':>5}  {'-':>5}  {row['gate_status']:<10}  "
                         f"{row['title']} ({row['stage']}) — not yet scored")
        else:
            lines.append(f"{rank:>4}  {row['score']:>5.0f}  {row['confidence'] * 100:>4.0f}%  "
                         f"{row['gate_status']:<10}  {row['title']} ({row['stage']})")
        failed = [g["gate"] for g in row["gates"] if g["result"] == "fail"
                  and not g["overridden"]]
        if failed:
            lines.append(f"{'':>31}failed: {', '.join(failed)}")
        if row["stability"]:
            lines.append(f"{'':>31}{row['stability']['words']}")
    ranges = report["weight_ranges"]
    k = report["stability"]["top_k"]
    if ranges and all(r["high"] - r["low"] < 0.5 for r in ranges):
        lines += ["", f"A tie at the edge of the top {k}: any change of weights decides "
                  "which of the tied opportunities is in it."]
    elif ranges and report["ranking"]:
        lines += ["", f"The top {k} stays the same while each weight stays within "
                  "(the others scaled to fit):"]
        for r in ranges:
            lines.append(f"  {r['criterion']}: {r['low']:.0f}% to {r['high']:.0f}% "
                         f"(now {r['current']:.0f}%)")
    cap = report["capacity"]
    lines += ["", f"Capacity: {cap['summary']}"]
    for tier in capacity.TIERS:
        items = cap["tiers"][tier]
        if items:
            names = ", ".join(f"{e['title']} ({e['ceo_hours_per_month']:g} h)" for e in items)
            lines.append(f"  {capacity.TIER_LABELS[tier]}: {names}")
    if report.get("health"):
        from planner.services import dashboard

        lines += ["", dashboard.health_text(report["health"])]
    if report.get("conflict_flags"):
        lines += ["", "Conflict areas flagged:"]
        lines += [f"  {f['ref']} {f['title']} ({f['partnership']}): {f['flags']}"
                  for f in report["conflict_flags"]]
    return "\n".join(lines)
