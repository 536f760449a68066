"""`isms due`: the reviews overdue or due soon, as a terminal table, Markdown (for an issue) or JSON."""

from __future__ import annotations

import argparse
import json

from isms.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    Commands,
    add_today,
    markdown_table,
    root_from,
    text_table,
    today_from,
    within_days,
)
from isms.cli.corpus import checked
from isms.resolve.reviews import any_failing, review_rows


def add_parsers(commands: Commands) -> None:
    parser = commands.add_parser(
        "due",
        help="documents whose review is overdue or falls due soon, with owner and approver",
        description="List controlled documents whose next review is past or within the window. With --fail-on,"
        " exit 1 when any document is in that state (for a scheduled CI job).",
    )
    parser.add_argument("--within", default="30d", metavar="DAYS", help="the window, e.g. 30d (default) or 90")
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    parser.add_argument("--fail-on", choices=("overdue", "due"), default=None, help="exit 1 when any is")
    add_today(parser)
    parser.set_defaults(handler=run, failure="isms due: {error}")


def run(args: argparse.Namespace) -> int:
    window = within_days(args.within)
    today = today_from(args)
    rows = review_rows(checked(root_from(args), today), today, window)
    if args.format == "json":
        report = {"today": today.isoformat(), "within_days": window, "documents": [row.to_json() for row in rows]}
        print(json.dumps(report, ensure_ascii=False))
    elif args.format == "markdown":
        print(f"Reviews overdue or due within {window} days of {today}:\n")
        header = ("Document", "Title", "Next review", "State", "Owner", "Approver")
        cells = [(r.document_id, r.title, r.next_review.isoformat(), r.state, r.owner, r.approver) for r in rows]
        print(markdown_table(header, cells))
    elif rows:
        table = [("Document", "Next review", "State", "Owner", "Approver", "Title")]
        for r in rows:
            table.append(
                (r.document_id, r.next_review.isoformat(), f"{r.state} ({r.days:+d} d)", r.owner, r.approver, r.title)
            )
        print(text_table(table))
    else:
        print(f"no review overdue or due within {window} days")
    return EXIT_ERRORS if any_failing(rows, args.fail_on) else EXIT_OK
