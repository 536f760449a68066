"""`isms export`: its parser and handler in one place."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from isms.cli.common import EXIT_OK, Commands, UsageError, add_today, root_from, today_from, within_days
from isms.cli.corpus import checked
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
        "--out",
        type=Path,
        default=None,
        help="the file to write (default: KIND.xlsx here, KIND-LANG.xlsx in another language than the default;"
        " CSV and JSON to stdout)",
    )
    parser.add_argument(
        "--lang",
        default=None,
        metavar="LANG",
        help="the language of sheet names, headers, fixed values, people, roles and classification levels:"
        " one of the languages of isms.yml (default: its default_language). JSON keeps its keys in English"
        " whatever the language, so scripts read it the same; only the values are translated",
    )
    parser.add_argument("--within", default="30d", help="for due: reviews due within this many days (default 30d)")
    add_today(parser)
    parser.set_defaults(handler=run, failure="isms export: {error}")


def run(args: argparse.Namespace) -> int:
    from isms.git.commits import source_commits
    from isms.render.exports import ExportWords, export_tables
    from isms.render.spreadsheets import to_csv, to_json, to_xlsx

    today = today_from(args)
    root = root_from(args)
    window = within_days(args.within)
    index = checked(root, today)
    settings = index.settings
    language = args.lang or settings.default_language
    if args.lang is not None and language not in settings.languages:
        raise UsageError(f"--lang {language}: not a language of isms.yml ({', '.join(settings.languages)})")
    words = ExportWords(settings, language)
    soa = index.soa
    commit = source_commits(root, [soa.path], 0)[soa.path].label if args.kind == "soa" and soa else ""
    tables, title, classification = export_tables(index, args.kind, words, today, commit, window)
    if args.format == "xlsx":
        suffix = "" if language == settings.default_language else f"-{language}"
        target = args.out or Path(f"{args.kind}{suffix}.xlsx")
        data = to_xlsx(tables, words("workbook_title", organization=words.organization(), title=title), classification)
        replace_file(target, data)
        print(f"isms export: {target} ({', '.join(t.name for t in tables)})")
        return EXIT_OK
    if args.format == "csv":
        text = to_csv(tables[1] if args.kind == "soa" else tables[0])
    else:
        text = to_json(tables, ExportWords(settings)(f"titles.{args.kind}"))  # a key, like the column names
    if args.out is None:
        sys.stdout.write(text)
    else:
        replace_file(args.out, text.encode("utf-8"))
        print(f"isms export: {args.out}")
    return EXIT_OK
