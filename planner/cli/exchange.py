"""Files in and out (command line): `import`, `export` (portfolio, agreement, timeline,
register, board pack) and `partner` (the partner's questionnaire out, their answers in).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planner.cli.common import CommandError, db_target, named, open_plan, out_path


def cmd_import(args: argparse.Namespace) -> int:
    if Path(args.file).suffix.lower() in (".xml", ".planner"):
        return _import_milestones(args)
    if args.partnership is not None:
        raise CommandError(f"{args.file}: --partnership takes an MS Project XML (.xml) or "
                           "GNOME Planner (.planner) file; a JSON portfolio becomes a new plan")
    from planner.services.portfolio_json import import_portfolio

    if Path(args.db).exists():
        raise CommandError(f"{args.db} already exists; import writes a new database only")
    source = Path(args.file)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{args.file} does not exist") from None
    except UnicodeDecodeError:
        raise CommandError(f"{args.file} is not a text (UTF-8) file") from None
    import_portfolio(db_target(args.db), text, source_name=args.file)
    print(f"Imported {args.file} into {named(args.db)}")
    return 0


def _import_milestones(args: argparse.Namespace) -> int:
    from planner.services.milestone_import import import_milestones, read_project

    if args.partnership is None:
        raise CommandError(f"{args.file}: say which partnership gets the milestones "
                           "(--partnership N)")
    if not Path(args.db).exists() and "://" not in args.db:
        raise CommandError(f"{args.db} does not exist")
    project = read_project(Path(args.file))
    with open_plan(args.db) as store:
        made, _ = import_milestones(store, args.partnership, project)
    skipped = (f"; {project.skipped} detail{'' if project.skipped == 1 else 's'} this program "
               "does not keep left out" if project.skipped else "")
    print(f"Imported {len(made)} milestone{'' if len(made) == 1 else 's'} from {args.file} "
          f"({project.kind}) into "
          f"partnership {args.partnership}{skipped}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    handler: dict[str, Callable[[argparse.Namespace], int]] = {
        "portfolio": _export_portfolio,
        "agreement": _export_agreement,
        "timeline": _export_timeline,
        "register": _export_register,
        "boardpack": _export_boardpack,
    }
    return handler[args.what](args)


def _export_portfolio(args: argparse.Namespace) -> int:
    from planner.atomic import write_text
    from planner.services.portfolio_json import export_portfolio, left_out

    out = out_path(args.out, [".json"])
    with open_plan(args.db) as store:
        text = export_portfolio(store, allow_partial=args.allow_partial)
    write_text(out, text)
    missing = left_out(text)
    if missing:
        print(f"Portfolio written to {args.out}, INCOMPLETE: it leaves out {missing} "
              f"(the file says so under \"left_out\")")
        return 0
    print(f"Portfolio written to {args.out}")
    return 0


def _signatory(store: Any, args: argparse.Namespace) -> int | None:
    """The id of the signatory ``--signatory`` names (None: the identity's own name)."""
    from planner.services.agreements import get_agreement

    if args.signatory is None:
        return None
    people = get_agreement(store, args.id).signatories
    found = [p.id for p in people if p.name.casefold() == args.signatory.strip().casefold()]
    if not found:
        names = ", ".join(f"“{p.name}”" for p in people) or "nobody yet"
        raise CommandError(f"--signatory “{args.signatory}” is not a signatory of agreement "
                           f"{args.id} ({names})")
    return found[0]


def _export_agreement(args: argparse.Namespace) -> int:
    from planner.services.agreements import export_agreement_pdf

    if args.id is None:
        raise CommandError("export agreement needs --id N")
    out = out_path(args.out, [".pdf"])
    with open_plan(args.db) as store:
        export_agreement_pdf(store, args.id, out, sign=args.sign, identity=args.identity,
                             passphrase=args.passphrase,
                             signatory_id=_signatory(store, args) if args.sign else None)
    print(f"Agreement written to {args.out}")
    return 0


def _export_timeline(args: argparse.Namespace) -> int:
    from planner.services.timeline import export_timeline

    out = out_path(args.out, [".pdf", ".png", ".svg", ".ics", ".xml", ".csv", ".xlsx"])
    if out.suffix.lower() in (".ics", ".xml", ".csv", ".xlsx"):  # data for other programs
        from planner.services.exchange import CalendarOptions, export_timeline_file

        with open_plan(args.db) as store:
            export_timeline_file(store, out, partnership_id=args.partnership,
                                 calendar=CalendarOptions(
                                     spans=args.spans, reviews=args.reviews,
                                     meetings=args.meetings,
                                     include_confidential=args.include_confidential))
        print(f"Timeline written to {args.out}")
        return 0
    options = _timeline_options(args)
    with open_plan(args.db) as store:
        plan = export_timeline(store, out, partnership_id=args.partnership, options=options)
    pages = len(plan.tiles) if plan is not None and out.suffix.lower() == ".pdf" else 1
    note = f" ({pages} pages)" if pages > 1 else ""
    if plan is not None and plan.auto_tiled:
        note = (f" ({pages} pages: on one page the rows would be smaller than 7 pt; "
                "--tiles 1x1 forces one page)")
    elif plan is not None and plan.label_size < 7:
        note += (f"; its labels are {plan.label_size:.1f} pt, hard to read: --tiles auto or "
                 "more pages down make them legible")
    print(f"Timeline written to {args.out}{note}")
    return 0


def _timeline_options(args: argparse.Namespace) -> Any:
    """The print dialog's choices from the command line: paper, orientation, tiles, dates."""
    import datetime as dt

    from planner.services.timeline import PrintOptions

    def date(text: str | None, flag: str) -> dt.date | None:
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"{flag} needs a date as YYYY-MM-DD, not {text!r}") from None

    mode, cols, rows = "fit", 1, 1
    tiles = (args.tiles or "").strip().lower()
    if tiles == "auto":
        mode = "auto"
    elif tiles:
        try:
            cols, rows = (int(n) for n in tiles.split("x"))
        except ValueError:
            raise CommandError(f"--tiles takes CxR (e.g. 2x3) or auto, not {args.tiles!r}") \
                from None
        if not (1 <= cols <= 50 and 1 <= rows <= 50):
            raise CommandError("--tiles takes 1 to 50 pages across and down")
        mode = "tiles"
    return PrintOptions(paper=args.paper or "A4", landscape=not args.portrait, mode=mode,
                        cols=cols, rows=rows, first=date(args.date_from, "--from"),
                        last=date(args.date_to, "--to"))


def _export_register(args: argparse.Namespace) -> int:
    from planner.services.conflicts import export_register

    out = out_path(args.out, [".csv", ".xlsx"])
    with open_plan(args.db) as store:
        export_register(store, out, partnership_id=args.partnership,
                        include_confidential=args.include_confidential)
    print(f"Conflict register written to {args.out}")
    return 0


def _export_boardpack(args: argparse.Namespace) -> int:
    from planner.services.dashboard import export_boardpack

    out = out_path(args.out, [".pdf"])
    with open_plan(args.db) as store:
        export_boardpack(store, out)
    print(f"Board pack written to {args.out}")
    return 0


def cmd_partner(args: argparse.Namespace) -> int:
    if args.action == "export":
        return _partner_export(args)
    return _partner_import(args)


def _partner_export(args: argparse.Namespace) -> int:
    from planner.services.partner_view import export_questionnaire

    out = out_path(args.out, [".pdf"])
    with open_plan(args.db) as store:
        q = export_questionnaire(store, args.id, out)
    print(f"Questionnaire for “{q.opportunity_title}” written to {args.out} "
          f"({len(q.gates)} headline questions, {len(q.criteria)} criteria, "
          f"{len(q.conflicts)} conflict area{'' if len(q.conflicts) == 1 else 's'} raised "
          "with the partner)")
    return 0


def _partner_import(args: argparse.Namespace) -> int:
    import datetime as dt

    from planner.services.partner_view import read_answers, store_answers

    if not Path(args.db).exists() and "://" not in args.db:
        raise CommandError(f"{args.db} does not exist")
    received = None
    if args.received:
        try:
            received = dt.date.fromisoformat(args.received)
        except ValueError:
            raise CommandError(f"--received {args.received}: give a date as YYYY-MM-DD") \
                from None
    with open_plan(args.db) as store:
        preview = read_answers(store, Path(args.file), opportunity_id=args.id)
        round_id, _changes = store_answers(store, preview, received_on=received)
    print(f"Imported {preview.summary()} (round {round_id}: planner decide --cites "
          f"{round_id} draws on it)")
    for gap in preview.comparison.topics:
        print(f"  to talk about: {gap.sentence()}")
    return 0
