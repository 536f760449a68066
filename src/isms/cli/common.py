"""What every command of the `isms` shell shares: exit codes, refusals, the root and the date.

Command modules import these from here, never from `isms.cli`, which imports them all to
register their parsers: so no command module and the entry point import each other.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from isms.core.diagnostics import Report
from isms.core.errors import IsmsError
from isms.read.load import Corpus, load
from isms.resolve.check import check, find_root
from isms.resolve.index import Index

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(IsmsError):
    pass


class Refused(Exception):
    """The ISMS cannot be used as it is; its diagnostics are printed already. Exit status 1."""


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date that review deadlines are measured against (default: today, or $ISMS_TODAY)",
    )


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def today_from(args: argparse.Namespace) -> date:
    if getattr(args, "today", None):
        value: date = args.today
        return value
    env = os.environ.get("ISMS_TODAY")
    if env:
        try:
            return date.fromisoformat(env)
        except ValueError:
            raise UsageError(f"ISMS_TODAY='{env}' is not a date (YYYY-MM-DD)") from None
    return date.today()


def root_from(args: argparse.Namespace) -> Path:
    if args.root is not None:
        root: Path = args.root.resolve()
        if not (root / "isms.yml").is_file():
            raise UsageError(f"{root} has no isms.yml; point --root at an ISMS repository")
        return root
    found = find_root(Path.cwd().resolve())
    if found is None:
        raise UsageError("no isms.yml here or in any parent folder; run inside an ISMS repository or pass --root")
    return found


def loaded(root: Path) -> Corpus:
    """The sources as read, or Refused after printing why isms.yml cannot be used."""
    report = Report()
    corpus = load(root, report)
    if corpus is None:
        for diagnostic in report.finalize():
            print(diagnostic.format(), file=sys.stderr)
        raise Refused
    return corpus


def checked(root: Path, today: date) -> Index:
    """The resolved ISMS, or Refused after printing the diagnostics that prevent resolving it."""
    result = check(root, today)
    if result.index is None:
        for diagnostic in result.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        raise Refused
    return result.index


def within_days(text: str) -> int:
    """`--within 30d` (or 30) as a number of days."""
    days = text.strip().lower().removesuffix("d")
    if not days.isdigit():
        raise UsageError(f"--within {text}: give a number of days, e.g. 30d")
    return int(days)
