"""`isms new`: a new document or record template with the next free id and valid front matter."""

from __future__ import annotations

import argparse

from isms.cli.common import EXIT_OK, Commands, parse_date, root_from, today_from
from isms.cli.corpus import loaded
from isms.core.model import Level


def add_parsers(commands: Commands) -> None:
    parser = commands.add_parser(
        "new",
        help="create a new document or record template with the next free id",
        description="Write a new source file with valid front matter. Never overwrites a file.",
    )
    parser.add_argument("kind", choices=("policy", "standard", "procedure", "record"), help="what to create")
    parser.add_argument("title", help="the document title")
    parser.add_argument("--area", default="", help="area code for the id, e.g. AC gives STD-AC-01")
    parser.add_argument("--owner", default="", help="owner role (default: ciso)")
    parser.add_argument("--approver", default="", help="approver role")
    parser.add_argument("--implements", action="append", default=[], metavar="ID", help="a document above it")
    parser.add_argument(
        "--language", default="", help="the language it is written in, one of isms.yml's (default: its default)"
    )
    parser.add_argument("--today", type=parse_date, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run, failure="isms new: {error}")


def run(args: argparse.Namespace) -> int:
    from isms.change.scaffold import plan, write

    root = root_from(args)
    corpus = loaded(root)
    new = plan(
        corpus,
        Level(args.kind),
        args.title,
        today_from(args),
        area=args.area,
        owner=args.owner,
        approver=args.approver,
        implements=tuple(args.implements),
        language=args.language,
    )
    write(new)
    print(f"created {new.path.relative_to(root).as_posix()} ({new.id})")
    return EXIT_OK
