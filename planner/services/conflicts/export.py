"""The conflict register as a file (services layer): CSV or XLSX, written whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner.domain import conflicts as rules
from planner.services.changes import ValidationError
from planner.services.conflicts.register import Register, register
from planner.store.database import Store
from planner.store.tables import (
    Opportunity,
)

# --------------------------------------------------------------------------- export

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "Ref"), ("partnership", "Partnership"), ("partner", "Partner"),
    ("title", "Title"), ("overlap_domain", "Overlap domain"), ("tension_type", "Tension type"),
    ("description", "Description"), ("drivers", "Drivers"), ("openness", "Openness"),
    ("partner_view", "Partner's view"), ("likelihood", "Likelihood"), ("impact", "Impact"),
    ("inherent_score", "Inherent score"), ("inherent_band", "Inherent band"),
    ("residual_likelihood", "Residual likelihood"), ("residual_impact", "Residual impact"),
    ("residual_score", "Residual score"), ("residual_band", "Residual band"),
    # The partner's own rating, from their latest questionnaire answers (blank before).
    ("theirs_likelihood", "Their likelihood"), ("theirs_impact", "Their impact"),
    ("theirs", "Theirs"),
    ("treatment", "Treatment"), ("separation", "Separation"), ("owner_ours", "Our owner"),
    ("owner_theirs", "Partner's owner"), ("review_every_days", "Review every (days)"),
    ("next_review", "Next review"), ("status", "Status"), ("identified_on", "Identified on"),
    ("confidential", "Confidential"), ("clauses", "Linked clauses"), ("flags", "Flags"),
)


def export_rows(reg: Register) -> list[list[Any]]:
    """Header row first, then one row per area: dates stay dates, numbers stay numbers."""
    table: list[list[Any]] = [[label for _, label in EXPORT_COLUMNS]]
    for row in sorted(reg.rows, key=lambda r: (r.partnership.casefold(), r.id)):
        values: list[Any] = []
        for name, _ in EXPORT_COLUMNS:
            if name == "clauses":
                values.append("; ".join(f"{c.agreement} — {c.title}" for c in row.clauses))
            elif name == "flags":
                values.append(row.flag_text(long=True))
            elif name == "theirs":
                values.append(row.theirs_text())
            elif name == "openness":
                values.append(rules.OPENNESS_LABELS.get(row.openness, row.openness))
            elif name == "status":
                values.append(rules.STATUS_LABELS.get(row.status, row.status))
            elif name in ("treatment", "separation"):
                text = str(getattr(row, name))  # as the editor shows it; own words kept
                values.append(text[:1].upper() + text[1:])
            elif name == "confidential":
                values.append("yes" if row.confidential else "no")
            else:
                values.append(getattr(row, name))
        table.append(values)
    return table


def export_register(store: Store, out: Path, *, rows: Sequence[int] | None = None,
                    today: dt.date | None = None, partnership_id: int | None = None,
                    include_confidential: bool = True) -> int:
    """Write the register to ``out`` (.csv or .xlsx); returns the number of areas written.

    ``rows`` limits the export to those area ids (the view exports what it shows);
    ``partnership_id`` to one partnership's areas; without ``include_confidential`` the
    confidential areas are left out (the command line's default, as in the board pack).
    """
    if partnership_id is not None:
        with store.work() as work:
            if work.get(Opportunity, partnership_id) is None:
                raise ValidationError(f"Partnership {partnership_id} does not exist.",
                                      "partnership")
    reg = register(store, today=today, opportunity_id=partnership_id)
    if not include_confidential:
        reg = dataclasses.replace(reg, rows=tuple(r for r in reg.rows if not r.confidential))
    if rows is not None:
        wanted = set(rows)
        reg = dataclasses.replace(reg, rows=tuple(r for r in reg.rows if r.id in wanted))
    table = export_rows(reg)
    suffix = out.suffix.lower()
    from planner.reports import register_export

    if suffix == ".csv":
        register_export.write_csv(table, out)
    elif suffix == ".xlsx":
        register_export.write_xlsx(table, out, title="Conflict register")
    else:
        raise ValidationError(f"{out.name}: the register can be written as .csv or .xlsx only.")
    return len(table) - 1
