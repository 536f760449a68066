"""`isms approve`, `isms review` (reviewed, no change) and `isms verify` (every approval in the history)."""

from __future__ import annotations

import argparse

from isms.cli.common import EXIT_ERRORS, EXIT_OK, Commands, add_today, parse_date, root_from, today_from


def add_parsers(commands: Commands) -> None:
    approve_parser = commands.add_parser(
        "approve",
        help="approve documents: an approval commit authored by you, the approver",
        description="Run by the approver on the change's branch. Sets status approved, approved_by, approved_on and"
        " the effective date, and commits with an 'Approved: ID VERSION' trailer. Refuses when you are not in the"
        " approver role or wrote part of the version. 'isms approve isms.yml' approves the changes to people,"
        " roles, audiences, classifications and approvals, by the role approvals: settings: names.",
    )
    approve_parser.add_argument("ids", nargs="+", metavar="ID")
    approve_parser.add_argument(
        "--effective", type=parse_date, default=None, metavar="YYYY-MM-DD", help="default: today"
    )
    approve_parser.add_argument("--sign", action="store_true", help="sign the approval commit (git commit -S)")
    add_today(approve_parser)
    approve_parser.set_defaults(handler=run_approve, failure="isms approve: {error}")

    review_parser = commands.add_parser(
        "review",
        help="record a 'reviewed, no change' review: the next review date moves on, the version stays",
        description="Run by a member of the approver role. Commits the new next_review date with a"
        " 'Reviewed: ID VERSION' trailer; the history shows the review.",
    )
    review_parser.add_argument("ids", nargs="+", metavar="ID")
    add_today(review_parser)
    review_parser.set_defaults(handler=run_review, failure="isms review: {error}")

    verify_parser = commands.add_parser(
        "verify",
        help="check every approval in the history: role, separation of duties, signatures",
        description="Exit status 1 when a version was approved against the rules; each problem names the commit.",
    )
    add_today(verify_parser)
    verify_parser.set_defaults(handler=run_verify, failure="isms verify: {error}")


def run_approve(args: argparse.Namespace) -> int:
    from isms.change.approval import approve, approve_settings

    if args.ids == ["isms.yml"]:
        commit, sections = approve_settings(root_from(args), today_from(args), args.sign)
        print(f"isms approve: isms.yml ({', '.join(sections)}) approved in commit {commit[:8]}")
        return EXIT_OK

    commit, approved = approve(root_from(args), args.ids, today_from(args), args.effective, args.sign)
    for item in approved:
        print(f"isms approve: {item.document_id} {item.version} approved in commit {commit[:8]}")
    return EXIT_OK


def run_review(args: argparse.Namespace) -> int:
    from isms.change.approval import review

    commit, reviewed = review(root_from(args), args.ids, today_from(args))
    for document_id, version, when in reviewed:
        print(f"isms review: {document_id} {version} reviewed, no change; next review {when} (commit {commit[:8]})")
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    from isms.change.verify import verify
    from isms.core.diagnostics import has_errors, summary_line

    diagnostics = verify(root_from(args), today_from(args))
    for diagnostic in diagnostics:
        print(diagnostic.format())
    print(f"isms verify: {summary_line(diagnostics)}")
    return EXIT_ERRORS if has_errors(diagnostics) else EXIT_OK
