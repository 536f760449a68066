"""`isms export`: its parser and handler in one place."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from isms.cli.common import EXIT_OK, Commands, add_today, checked, root_from, today_from, within_days
from isms.core.files import replace_file

KINDS = ("soa", "registers", "acks", "due")


def add_parsers(commands: Commands) -> None:
    parser = commands.add_parser(
        "export",
        help="the SoA, the registers, acknowledgements or due reviews as a spreadsheet, CSV or JSON",
        description="Write the Statement of Applicability (document control, Annex A and clauses 4-10 sheets), the"
        " document and records registers, read acknowledgements, or the reviews due, as XLSX (one sheet per"
        " table), CSV (the main table) or JSON. The same ISMS gives the same bytes.",
    )
    parser.add_argument("kind", choices=KINDS, help="what to export")
    parser.add_argument("--format", choices=("xlsx", "csv", "json"), default="xlsx", help="default: xlsx")
    parser.add_argument(
        "--out", type=Path, default=None, help="the file to write (default: KIND.xlsx here; CSV and JSON to stdout)"
    )
    parser.add_argument("--within", default="30d", help="for due: reviews due within this many days (default 30d)")
    add_today(parser)
    parser.set_defaults(handler=run, failure="isms export: {error}")


def run(args: argparse.Namespace) -> int:
    from isms.git.commits import source_commits
    from isms.render.exports import (
        acks_table,
        due_table,
        highest_classification,
        register_tables,
        soa_tables,
        to_csv,
        to_json,
        to_xlsx,
    )

    today = today_from(args)
    root = root_from(args)
    index = checked(root, today)
    window = within_days(args.within)
    if args.kind == "soa":
        soa = index.soa
        commit = source_commits(root, [soa.path], 0)[soa.path].label if soa else ""
        tables, title = soa_tables(index, commit), "Statement of Applicability"
        classification = soa.classification if soa else ""
    elif args.kind == "registers":
        tables, title, classification = register_tables(index), "Registers", highest_classification(index)
    elif args.kind == "acks":
        tables, title, classification = [acks_table(index)], "Read acknowledgements", ""
    else:
        tables, title, classification = [due_table(index, today, window)], "Reviews due", ""
    if args.format == "xlsx":
        target = args.out or Path(f"{args.kind}.xlsx")
        data = to_xlsx(tables, f"{index.settings.organization.name}: {title}", classification)
        replace_file(target, data)
        print(f"isms export: {target} ({', '.join(t.name for t in tables)})")
        return EXIT_OK
    text = to_csv(tables[1] if args.kind == "soa" else tables[0]) if args.format == "csv" else to_json(tables, title)
    if args.out is None:
        sys.stdout.write(text)
    else:
        replace_file(args.out, text.encode("utf-8"))
        print(f"isms export: {args.out}")
    return EXIT_OK
