"""What every command of the `isms` shell shares: exit codes, refusals, the root, the date and tables.

Command modules import these from here, never from `isms.cli`, which imports them all to
register their parsers: so no command module and the entry point import each other.
"""

from __future__ import annotations

import argparse
import os
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TypeAlias

from isms.core.bidi import one_line
from isms.core.errors import IsmsError
from isms.core.files import find_root

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What `add_parsers(commands)` of each command module adds its subcommands to."""


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


def within_days(text: str) -> int:
    """`--within 30d` (or 30) as a number of days."""
    days = text.strip().lower().removesuffix("d")
    if not days.isdigit():
        raise UsageError(f"--within {text}: give a number of days, e.g. 30d")
    return int(days)


def text_table(rows: Sequence[Sequence[str]]) -> str:
    """Columns for a terminal, the first row the header; cells hold titles and names from sources, so
    their controls are escaped. The last column is not padded, so long titles do not widen the rest."""
    cells = [[one_line(cell) for cell in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(cells[0]) - 1)]
    lines = []
    for row in cells:
        padded = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*padded, row[-1]]).rstrip())
    return "\n".join(lines)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table (for a pull-request comment or an issue), a '|' in a cell escaped; no final newline."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns on a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
