"""Seeding a plan with the default criteria and headline gates (services layer).

A new plan, the sample portfolio and the screening view all call
:func:`ensure_screening_defaults`, so every plan starts from the same criteria and gates.
It seeds only an empty list, so running it twice changes nothing and a user's renamed or
removed defaults are never brought back.
"""

from __future__ import annotations

from planner.domain.defaults import DEFAULT_CRITERIA, DEFAULT_GATES
from planner.store.database import UnitOfWork
from planner.store.tables import Criterion, Gate


def ensure_screening_defaults(work: UnitOfWork) -> tuple[list[Criterion], list[Gate]]:
    """Add the default criteria and gates when the plan has none; return them in order.

    Only an empty criteria (or gates) list is seeded: once a user has edited the list,
    their choices stand.
    """
    criteria = work.list(Criterion, order_by=("position", "id"))
    if not criteria:
        for position, item in enumerate(DEFAULT_CRITERIA):
            criteria.append(work.add(Criterion(
                name=item.name, description=item.description, direction=item.direction,
                levels=list(item.levels), weight=item.weight, position=position,
                source=item.source)))
    gates = work.list(Gate, order_by=("position", "id"))
    if not gates:
        for position, gate in enumerate(DEFAULT_GATES):
            gates.append(work.add(Gate(name=gate.name, question=gate.question,
                                       position=position, is_headline=gate.is_headline)))
    return criteria, gates
