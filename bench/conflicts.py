"""Benchmark: the conflict register with 2,000 areas over 40 partnerships.

Run: ``.venv/bin/python -m bench.conflicts``. Figures:

- loading the register (snapshots, bands, flags, clause links) against the floor of reading
  the same rows with no derived values;
- one edit as the view makes it (check, save with history, reload the register and repaint
  the table and heat map), since typing in the editor makes one per keystroke; goal <= 100 ms;
- CSV and XLSX export, against the snapshot plus writing the table with the bare ``csv``
  module.

Each ratio is to a baseline timed in the same run, so it does not depend on the machine.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import tempfile
from pathlib import Path

from bench._common import median_ms

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

AREAS = 2000
PARTNERSHIPS = 40
EDIT_GOAL_MS = 100.0


def build(path: Path) -> None:
    from planner.store.database import Store
    from planner.store.tables import (
        Agreement,
        AgreementSection,
        ConflictArea,
        Opportunity,
        Organisation,
        Profile,
    )

    rng = random.Random(11)
    today = dt.date.today()
    with Store.open(path, create=True) as store, store.work() as w:
        us = w.add(Organisation(name="Bench Trust", is_self=True))
        w.add(Profile(organisation_id=us.id))
        opportunities = []
        for i in range(PARTNERSHIPS):
            partner = w.add(Organisation(name=f"Partner {i}"))
            opportunities.append(w.add(Opportunity(title=f"Partnership {i}",
                                                   partner_id=partner.id, stage="pursued")))
        areas = []
        for i in range(AREAS):
            likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
            areas.append(ConflictArea(
                opportunity_id=opportunities[i % PARTNERSHIPS].id, title=f"Area {i}",
                description="Overlap " * 20, likelihood=likelihood, impact=impact,
                residual_likelihood=max(1, likelihood - 1), residual_impact=impact,
                openness=rng.choice(["internal", "raised", "joint"]),
                next_review=today + dt.timedelta(days=rng.randint(-60, 120)),
                identified_on=today - dt.timedelta(days=rng.randint(0, 400))))
        w.session.add_all(areas)
        w.session.flush()
        for opp in opportunities:
            agreement = w.add(Agreement(opportunity_id=opp.id, title=f"Protocol {opp.id}"))
            linked = [a.id for a in areas if a.opportunity_id == opp.id][:10]
            w.add(AgreementSection(agreement_id=agreement.id, title="Conflicts",
                                   conflict_ids=linked))


def main() -> None:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from planner.services import conflicts as svc
    from planner.store.database import Store
    from planner.store.tables import ConflictArea
    from planner.ui.conflicts.view import ConflictsView
    from planner.ui.shell.context import AppEvents, ViewContext
    from planner.ui.shell.settings import Settings

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "bench.sqlite"
        build(path)
        store = Store.open(path)

        def floor() -> None:
            with store.work() as w:
                w.list(ConflictArea)

        floor_ms = median_ms(floor)
        register_ms = median_ms(lambda: svc.register(store))

        from PySide6.QtCore import QSettings

        events = AppEvents()
        ctx = ViewContext(store, QUndoStack(), events,
                          Settings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)))
        view = ConflictsView(ctx)
        events.changed.connect(view.refresh)
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        area = view.model.rows[0].id
        view.select_area(area)
        titles = iter(range(10**6))

        def save_only() -> None:
            svc.update_area(store, area, {"title": f"Area {next(titles)}"})

        def edit() -> None:
            view.ui.titleEdit.setText(f"Area {next(titles)}")
            view.ui.titleEdit.textEdited.emit(view.ui.titleEdit.text())
            view.repaint()

        save_ms = median_ms(save_only)
        edit_ms = median_ms(edit)
        heat_ms = median_ms(lambda: view.heat.grab(), repeat=10)

        table = svc.export_rows(svc.register(store))

        def bare_csv() -> None:
            with (folder / "bare.csv").open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(table)

        bare_ms = median_ms(bare_csv)
        csv_ms = median_ms(lambda: svc.export_register(store, folder / "r.csv"), repeat=3)
        xlsx_ms = median_ms(lambda: svc.export_register(store, folder / "r.xlsx"), repeat=3)
        view.close()
        store.close()
    floor_export = register_ms + bare_ms

    print(f"Conflict register, {AREAS:,} areas over {PARTNERSHIPS} partnerships")
    print(f"{'figure':44} {'ms':>9} {'ratio':>9}  baseline")
    rows = [
        ("read rows, no derived values (floor)", floor_ms, 1.0, "itself"),
        ("register snapshot (bands, flags, links)", register_ms, register_ms / floor_ms,
         "floor"),
        ("save one edit with history (service only)", save_ms, 1.0, "itself"),
        ("one editor keystroke: check+save+reload+paint", edit_ms, edit_ms / save_ms,
         "service save"),
        ("heat map paint", heat_ms, heat_ms / register_ms, "register snapshot"),
        ("snapshot + bare csv.writer (floor)", floor_export, 1.0, "itself"),
        ("CSV export (guarded, temp file, replace)", csv_ms, csv_ms / floor_export,
         "snapshot + bare csv"),
        ("XLSX export (openpyxl, streaming)", xlsx_ms, xlsx_ms / floor_export,
         "snapshot + bare csv"),
    ]
    for name, ms, ratio, base in rows:
        print(f"{name:44} {ms:9.1f} {ratio:8.1f}x  {base}")
    verdict = "met" if edit_ms <= EDIT_GOAL_MS else "MISSED"
    print(f"goal: one keystroke <= {EDIT_GOAL_MS:.0f} ms at {AREAS:,} areas: {verdict}")


if __name__ == "__main__":
    main()
