"""Child process for the crash test: writes in bursts and reports each committed id."""

from __future__ import annotations

import sys

from planner.store.database import Store
from planner.store.tables import Organisation


def main() -> None:
    path = sys.argv[1]
    store = Store.open(path, create=True)
    n = 0
    while True:
        n += 1
        with store.work() as work:
            # A burst: several rows in one transaction, the id reported after commit.
            rows = [work.add(Organisation(name=f"burst {n} row {k} ✓ Ελένη")) for k in range(5)]
        print(rows[-1].id, flush=True)


if __name__ == "__main__":
    main()
