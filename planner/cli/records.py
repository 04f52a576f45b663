"""Commands on the plan's records (command line): people and organisations, a screening
decision, the text reports, and checking the signatures of a PDF.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from planner.cli.common import CommandError, open_plan


def cmd_people(args: argparse.Namespace) -> int:
    """planner people import: contacts from a vCard or CSV, duplicates skipped."""
    from planner.services import contacts
    from planner.services import people as ps

    if not Path(args.db).exists() and "://" not in args.db:
        raise CommandError(f"{args.db} does not exist")
    found = contacts.read_file(Path(args.file))
    with open_plan(args.db) as store:
        plan = ps.plan_import(store, found)
        for contact in plan.add:
            org = f" ({contact.organisation})" if contact.organisation else ""
            print(f"{'would add' if args.dry_run else 'added'}: {contact.name}{org}")
        for contact, why in plan.skipped:
            print(f"skipped: {contact.name or contact.email} — {why}")
        if plan.add and not args.dry_run:
            ps.import_contacts(store, plan.add)
    verb = "would be added" if args.dry_run else "added"
    print(f"{len(plan.add)} {'person' if len(plan.add) == 1 else 'people'} {verb}, "
          f"{len(plan.skipped)} skipped, from {Path(args.file).name}")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    import datetime as dt

    from planner.services import screening

    def day(text: str | None, flag: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(text) if text else None
        except ValueError:
            raise CommandError(f"{flag} {text}: give a date as YYYY-MM-DD") from None

    if not Path(args.db).exists() and "://" not in args.db:
        raise CommandError(f"{args.db} does not exist")
    with open_plan(args.db) as store:
        screening.decide(store, args.id, args.outcome, args.rationale,
                         day(args.on, "--on") or dt.date.today(), tier=args.tier or "",
                         review_on=day(args.review, "--review"), despite=args.despite,
                         partner_answers_id=args.cites)
        opp = screening.load(store).opportunity(args.id)
    assert opp is not None and opp.latest_decision is not None
    tier = f" as {opp.tier}" if opp.tier else ""
    print(f"Recorded: {args.outcome} “{opp.title}”{tier}: {opp.latest_decision.rationale}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from planner.services.screening import portfolio_report, report_text

    with open_plan(args.db) as store:
        report = portfolio_report(store)
    if args.json:
        from planner.services.partner_view import report_json

        with open_plan(args.db) as store:
            report["partner_view"] = report_json(store)
        print(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        print(report_text(report))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from planner.services.agreements import verify_text

    ok, text = verify_text(Path(args.file), trusted=args.trust or [])
    print(text)
    return 0 if ok else 1
