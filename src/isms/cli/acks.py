"""`isms acks`: who has read each document version, and importing acknowledgements from an export."""

from __future__ import annotations

import argparse
import json
import sys

from isms.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    Commands,
    UsageError,
    add_today,
    markdown_table,
    root_from,
    text_table,
    today_from,
)
from isms.cli.corpus import checked
from isms.core.settings import Settings
from isms.read.acks import Coverage, coverage, import_export
from isms.resolve.index import Index

HEADER = ("Document", "Version", "Role", "Acknowledged", "Not yet")


def add_parsers(commands: Commands) -> None:
    parser = commands.add_parser(
        "acks",
        help="read acknowledgements: who has and has not confirmed reading each document version",
        description="For each document with acknowledge: [ROLE] in its front matter, the members of each role who"
        " acknowledged its current major version. With --import, add rows from an HR or form export (CSV with"
        " person or e-mail, document, version and date columns); existing records are never rewritten.",
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="only these documents")
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    parser.add_argument("--import", dest="import_file", metavar="CSV", help="append acknowledgements from a CSV")
    parser.add_argument("--document", metavar="ID", help="with --import: the document, when the CSV has none")
    parser.add_argument("--version", metavar="X.Y", help="with --import: the version, when the CSV has none")
    add_today(parser)
    parser.set_defaults(handler=run, failure="isms acks: {error}")


def run(args: argparse.Namespace) -> int:
    index = checked(root_from(args), today_from(args))
    if args.import_file:
        return _import(args, index)
    unknown = [i for i in args.ids if i not in index.documents]
    if unknown:
        raise UsageError(f"unknown document id {', '.join(unknown)}; isms check lists every document")
    wanted = set(args.ids)
    found = []
    for document in index.originals:
        if wanted and document.id not in wanted:
            continue
        state = coverage(index.settings, document, index.corpus.acknowledgements.get(document.id, ()))
        if state is not None:
            found.append(state)
    if args.format == "json":
        print(json.dumps([_json(c, index.settings) for c in found], ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print(markdown_table(HEADER, _rows(found, index.settings)))
    elif not found:
        print("no document asks for read acknowledgements (add acknowledge: [ROLE] to its front matter)")
    else:
        print(text_table([HEADER, *_rows(found, index.settings)]))
    return EXIT_OK


def _names(settings: Settings, people: tuple[str, ...]) -> str:
    return ", ".join(p.name if (p := settings.person(i)) else i for i in people)


def _rows(found: list[Coverage], settings: Settings) -> list[list[str]]:
    rows = []
    for state in found:
        for role in state.roles:
            defined = settings.role(role.role)
            title = defined.title if defined else role.role
            count = f"{len(role.acknowledged)} of {len(role.members)} ({role.percent}%)"
            missing = _names(settings, role.missing) or "-"
            again = f"; again after {state.major}.0: {_names(settings, role.earlier)}" if role.earlier else ""
            rows.append([state.document.id, f"{state.major}.x", title, count, missing + again])
    return rows


def _json(state: Coverage, settings: Settings) -> dict[str, object]:
    return {
        "id": state.document.id,
        "version": str(state.document.version),
        "major": state.major,
        "roles": [
            {
                "role": role.role,
                "members": len(role.members),
                "acknowledged": list(role.acknowledged),
                "missing": list(role.missing),
                "acknowledged_earlier_major_only": list(role.earlier),
                "percent": role.percent,
            }
            for role in state.roles
        ],
    }


def _import(args: argparse.Namespace, index: Index) -> int:
    try:
        with open(args.import_file, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        print(f"isms acks: cannot read {args.import_file}: {error}", file=sys.stderr)
        return EXIT_ERRORS
    outcome = import_export(
        index.corpus.root,
        index.settings,
        index.documents,
        index.corpus.acknowledgements,
        text,
        document_id=args.document or "",
        version=args.version or "",
    )
    if outcome.rejected:
        for problem in outcome.rejected:
            print(f"{args.import_file}: {problem}", file=sys.stderr)
        print("isms acks: nothing was imported; fix the rows above (or remove them) and import again", file=sys.stderr)
        return EXIT_ERRORS
    for document_id, count in sorted(outcome.added.items()):
        print(f"isms acks: {document_id}: {count} acknowledgement{'s' * (count != 1)} added")
    print(f"isms acks: {sum(outcome.added.values())} added, {outcome.already} already recorded")
    return EXIT_OK
