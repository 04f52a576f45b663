"""The conflict-area register (services layer): create, edit, review, delete, export.

Every change of status, openness, treatment or rating is written to the area's history
with who made it and an optional note, in the same transaction as the change itself.
Input is validated as a whole before anything is written, so a refused edit saves nothing.

One module per use case, handing out plain snapshots, never ORM rows: fields (names,
labels, validation), editing (create, edit, review, delete, restore, clause links),
reading (one area, its history, bands, exposure, the status trend, the agreement lint),
register (every area as a row with its flags and the partner's rating) and export (CSV,
XLSX). Callers import this package: ``from planner.services import conflicts as svc``.
"""

from __future__ import annotations

from planner.services.conflicts.editing import (
    DeletedArea,
    check_delete,
    check_new,
    check_update,
    create_area,
    delete_area,
    record_review,
    restore_area,
    undo_review,
    update_area,
)
from planner.services.conflicts.export import (
    EXPORT_COLUMNS,
    export_register,
    export_rows,
)
from planner.services.conflicts.fields import (
    EDITABLE_FIELDS,
    FIELD_LABELS,
    clean_value,
    code,
)
from planner.services.conflicts.reading import (
    AreaSnapshot,
    HistoryEntry,
    InternalArea,
    StatusTrend,
    band_limits,
    exposure_level,
    exposure_levels,
    get_area,
    highest_residual_band,
    history,
    internal_areas,
    lint_agreement,
    set_band_limits,
    status_trend,
    values_of,
)
from planner.services.conflicts.register import (
    Clause,
    Register,
    RegisterRow,
    register,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EXPORT_COLUMNS",
    "FIELD_LABELS",
    "AreaSnapshot",
    "Clause",
    "DeletedArea",
    "HistoryEntry",
    "InternalArea",
    "Register",
    "RegisterRow",
    "StatusTrend",
    "band_limits",
    "check_delete",
    "check_new",
    "check_update",
    "clean_value",
    "code",
    "create_area",
    "delete_area",
    "export_register",
    "export_rows",
    "exposure_level",
    "exposure_levels",
    "get_area",
    "highest_residual_band",
    "history",
    "internal_areas",
    "lint_agreement",
    "record_review",
    "register",
    "restore_area",
    "set_band_limits",
    "status_trend",
    "undo_review",
    "update_area",
    "values_of",
]
