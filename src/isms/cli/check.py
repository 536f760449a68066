"""`isms check` (validate everything, report every problem) and `isms links` (the links to other hosts)."""

from __future__ import annotations

import argparse
import json

from isms.cli.common import EXIT_ERRORS, EXIT_OK, Commands, UsageError, add_today, root_from, today_from
from isms.cli.corpus import loaded
from isms.core import diagnostics as codes
from isms.core.bidi import one_line
from isms.core.diagnostics import summary_line, to_json
from isms.resolve.check import check


def add_parsers(commands: Commands) -> None:
    check_parser = commands.add_parser(
        "check",
        help="validate every document, link, control reference and the SoA",
        description="Load the whole ISMS, resolve every link and report every problem at once. "
        "Exit status: 0 when there are no errors, 1 when there are.",
    )
    check_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check_parser.add_argument(
        "--ignore", action="append", default=[], metavar="CODE", help="silence a diagnostic code (repeatable)"
    )
    add_today(check_parser)
    check_parser.set_defaults(handler=run_check, failure="isms check: {error}")

    links_parser = commands.add_parser(
        "links",
        help="every link to another host, per document (never fetched)",
        description="Lists the links in document bodies that point to other hosts, with file and line, so they can"
        " be reviewed. Nothing is fetched, here or at build time.",
    )
    links_parser.add_argument("--format", choices=("text", "json"), default="text")
    links_parser.set_defaults(handler=run_links, failure="isms links: {error}")


def run_check(args: argparse.Namespace) -> int:
    unknown = [code for code in args.ignore if code not in {c.name for c in codes.all_codes()}]
    if unknown:
        raise UsageError(f"unknown diagnostic code: {', '.join(unknown)} (see the README for the list)")
    root = root_from(args)
    result = check(root, today_from(args), strict=args.strict, ignore=tuple(args.ignore))
    if args.format == "json":
        print(to_json(result.diagnostics))
    else:
        for diagnostic in result.diagnostics:
            print(diagnostic.format())
        count = len(result.index.documents) if result.index else 0
        print(f"isms check: {summary_line(result.diagnostics)} in {count} documents")
    return EXIT_OK if result.ok else EXIT_ERRORS


def run_links(args: argparse.Namespace) -> int:
    from isms.read.markup import references

    corpus = loaded(root_from(args))
    found = [
        {"id": d.id, "path": d.path, "line": r.line, "url": r.target}
        for d in sorted(corpus.documents, key=lambda d: d.path)
        for r in references(d.body, d.body_line)
        if r.external
    ]
    if args.format == "json":
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return EXIT_OK
    for link in found:
        print(one_line(f"{link['path']}:{link['line']}: {link['url']} ({link['id']})"))
    hosts = {str(link["url"]).split("/")[2] if "//" in str(link["url"]) else str(link["url"]) for link in found}
    print(
        f"isms links: {len(found)} external link{'s' * (len(found) != 1)} to {len(hosts)} host{'s' * (len(hosts) != 1)}"
    )
    return EXIT_OK
