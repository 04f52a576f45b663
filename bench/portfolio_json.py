"""Benchmark: the sample portfolio and the portfolio JSON format.

Run: ``.venv/bin/python -m bench.portfolio_json``. Figures (medians of 5):

- writing the sample portfolio, against opening a new empty plan (the migration floor);
- exporting the sample, and a plan with 10,000 extra milestones, against ``json.dumps`` of
  the same document (the floor of writing JSON at all);
- importing both, against opening a new empty plan plus ``json.loads`` of the text.

Each ratio is to a baseline timed in the same run, so it does not depend on the machine.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from functools import partial
from itertools import count
from pathlib import Path

from bench._common import median_ms

EXTRA_MILESTONES = 10_000


def main() -> None:
    from planner.services.portfolio_json import export_portfolio, import_portfolio
    from planner.services.sample import create_sample
    from planner.store.database import Store
    from planner.store.tables import Milestone, Opportunity

    folder = Path(tempfile.mkdtemp(prefix="bench-portfolio-"))
    names = count()

    def fresh() -> Path:
        return folder / f"p{next(names)}.sqlite"

    def empty_plan() -> None:
        Store.open(fresh(), create=True).close()

    def sample() -> None:
        with Store.open(fresh(), create=True) as store:
            create_sample(store)

    rows: list[tuple[str, float, float]] = []
    floor = median_ms(empty_plan)
    rows.append(("sample portfolio (vs new empty plan)", median_ms(sample), floor))

    small = fresh()
    with Store.open(small, create=True) as store:
        create_sample(store)
    large = fresh()
    with Store.open(large, create=True) as store:
        create_sample(store)
        with store.work() as w:
            opportunity = w.first(Opportunity)
            assert opportunity is not None
            for i in range(EXTRA_MILESTONES):
                w.session.add(Milestone(opportunity_id=opportunity.id, title=f"Bite {i}",
                                        due_date=dt.date(2027, 1, 1) + dt.timedelta(days=i % 300)))

    for label, path in (("sample", small), (f"+{EXTRA_MILESTONES:,} milestones", large)):
        with Store.open(path) as store:
            text = export_portfolio(store)
            exported = median_ms(partial(export_portfolio, store))
        dumped = median_ms(partial(json.dumps, json.loads(text), ensure_ascii=False, indent=2,
                                   sort_keys=True))
        rows.append((f"export {label} ({len(text) / 1e6:.2f} MB; vs json.dumps)",
                     exported, dumped))

        def load(body: str = text) -> None:
            import_portfolio(fresh(), body, "bench.json")

        def floor_load(body: str = text) -> None:
            empty_plan()
            json.loads(body)

        rows.append((f"import {label} (vs empty plan + json.loads)", median_ms(load),
                     median_ms(floor_load)))

    width = max(len(r[0]) for r in rows)
    print(f"{'figure'.ljust(width)}  {'ms':>9}  {'baseline':>9}  ratio")
    for label, value, base in rows:
        print(f"{label.ljust(width)}  {value:9.1f}  {base:9.1f}  {value / base:5.1f}x")


if __name__ == "__main__":
    main()
