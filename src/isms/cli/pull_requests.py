"""What a pull request needs: `isms changes` (the documents it changes, for a comment) and `isms codeowners`
(who must review each document's file)."""

from __future__ import annotations

import argparse
import sys

from isms.cli.common import EXIT_ERRORS, EXIT_OK, Commands, root_from, text_table, today_from
from isms.cli.corpus import checked, readable_corpus
from isms.read.mkdocs_file import top_level_value


def add_parsers(commands: Commands) -> None:
    changes_parser = commands.add_parser(
        "changes",
        help="the documents this branch changes against a target branch, for a pull-request comment",
        description="Compares the working tree with the merge base of HEAD and --base: id, title, old → new"
        " version, status, the approver role that must approve, and where the rendered diff is.",
    )
    changes_parser.add_argument("--base", required=True, metavar="REF", help="the target branch, e.g. origin/main")
    changes_parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    changes_parser.add_argument(
        "--site-url",
        default=None,
        metavar="URL",
        help="where the built site is served (default: site_url in mkdocs.yml)",
    )
    changes_parser.add_argument(
        "--fail-unapproved", action="store_true", help="exit 1 when a changed document is not approved"
    )
    changes_parser.set_defaults(handler=run_changes, failure="isms changes: {error}")

    codeowners_parser = commands.add_parser(
        "codeowners",
        help="write .github/CODEOWNERS and .gitlab/CODEOWNERS from the documents' approver roles",
        description="Each document's file requires a review from the members of its approver role (their"
        " handle in isms.yml). Only a marked block is rewritten; your own entries stay.",
    )
    codeowners_parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when a file is missing or out of date"
    )
    codeowners_parser.set_defaults(handler=run_codeowners, failure="isms codeowners: {error}")


def run_changes(args: argparse.Namespace) -> int:
    from isms.change.pull_request import compare as compare_with_base
    from isms.change.pull_request import markdown as comment_markdown
    from isms.change.pull_request import to_json as comparison_json

    root = root_from(args)
    corpus = readable_corpus(root)
    comparison = compare_with_base(root, corpus, args.base)
    site_url = args.site_url if args.site_url is not None else top_level_value(root, "site_url")
    if args.format == "markdown":
        print(comment_markdown(comparison, corpus.settings, site_url), end="")
    elif args.format == "json":
        print(comparison_json(comparison, corpus.settings, site_url))
    elif not comparison.documents:
        print(f"no controlled document changes against {args.base}")
    else:
        table = [["Document", "Version", "Status", "Change", "Approver", "Title"]]
        for c in comparison.documents:
            approver = corpus.settings.role_with_members(c.approver)
            table.append([c.id, c.versions, c.status or "-", c.kind, approver, c.title])
        print(text_table(table))
    unapproved = [c for c in comparison.documents if c.needs_approval]
    if args.fail_unapproved and unapproved:
        print(f"isms changes: not approved yet: {' '.join(c.id for c in unapproved)}", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def run_codeowners(args: argparse.Namespace) -> int:
    from isms.git.run import toplevel
    from isms.resolve.codeowners import unowned, write

    root = root_from(args)
    index = checked(root, today_from(args))
    top = toplevel(root) or root
    for entry in unowned(index):
        print(
            f"isms codeowners: warning: {entry.document_id} ({entry.path}): no member of role '{entry.role}'"
            " has a handle in isms.yml, so nobody is required to review it",
            file=sys.stderr,
        )
    outcomes = write(index, root, top, check_only=args.check)
    stale = [o.path for o in outcomes if o.changed]
    if args.check:
        if stale:
            print(f"isms codeowners: out of date: {', '.join(stale)}; run isms codeowners and commit the result")
            return EXIT_ERRORS
        print("isms codeowners: up to date")
        return EXIT_OK
    for outcome in outcomes:
        print(f"isms codeowners: {outcome.path} {'written' if outcome.changed else 'unchanged'}")
    return EXIT_OK
