"""The `isms` command. A thin shell: parsing arguments, calling the library, printing results."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from isms import __version__
from isms.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    Refused,
    UsageError,
    add_today,
    loaded,
    parse_date,
    root_from,
    today_from,
)
from isms.core import diagnostics as codes
from isms.core.diagnostics import one_line, summary_line, to_json
from isms.core.model import Level
from isms.resolve.check import check


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except UsageError as error:
        print(f"isms: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Refused:
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("isms: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (isms due | head): stop quietly, as other tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as error:  # a bug: say so plainly; ISMS_DEBUG=1 shows the traceback
        if os.environ.get("ISMS_DEBUG"):
            raise
        print(
            f"isms: internal error ({type(error).__name__}: {error}); nothing was written."
            " Please report it with the output of ISMS_DEBUG=1 isms ...",
            file=sys.stderr,
        )
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="isms",
        description="Validate and publish an ISO/IEC 27001 ISMS kept as Markdown and YAML in git.",
    )
    parser.add_argument("--version", action="version", version=f"isms {__version__}")
    parser.add_argument(
        "--root", type=Path, default=None, help="the ISMS repository (default: the nearest folder with isms.yml)"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check_parser = commands.add_parser(
        "check",
        help="validate every document, link, control reference and the SoA",
        description="Load the whole ISMS, resolve every link and report every problem at once. "
        "Exit status: 0 when there are no errors, 1 when there are.",
    )
    check_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    _add_common(check_parser)
    check_parser.set_defaults(handler=_check)

    build_parser = commands.add_parser(
        "build",
        help="validate, then build the intranet site",
        description="Validate the ISMS and build the site with MkDocs and the isms plugin. The previous output is"
        " replaced only when the build succeeds.",
    )
    build_parser.add_argument("--strict", action="store_true", help="fail on warnings")
    build_parser.add_argument("--site-dir", type=Path, default=None, help="output folder (default: from mkdocs.yml)")
    build_parser.add_argument(
        "--as-of",
        default="",
        metavar="DATE|REV",
        help="build the ISMS as it was on a date (YYYY-MM-DD) or at a git revision, into site-as-of-DATE/;"
        " the working tree is not touched",
    )
    which = build_parser.add_mutually_exclusive_group()
    which.add_argument(
        "--audience",
        default="",
        metavar="NAME",
        help="only what this audience of isms.yml may see, into site-audiences/NAME/",
    )
    which.add_argument(
        "--all-audiences",
        action="store_true",
        help="each audience into its own folder under site-audiences/"
        " (or --site-dir); all are replaced together, or none",
    )
    add_today(build_parser)
    build_parser.set_defaults(handler=_build)

    pdf_parser = commands.add_parser(
        "pdf",
        help="render controlled PDFs (all documents, or the ids given)",
        description="Render controlled PDFs into DIR (default: site/pdf) with SHA256SUMS and manifest.json."
        " Unchanged documents are copied from the cache in .isms-cache/.",
    )
    pdf_parser.add_argument("ids", nargs="*", metavar="ID", help="document ids (default: every document)")
    pdf_parser.add_argument("--out", type=Path, default=None, help="output folder (default: site/pdf)")
    pdf_parser.add_argument("--pdfa", action="store_true", help="write PDF/A-2b for archiving")
    add_today(pdf_parser)
    pdf_parser.set_defaults(handler=_pdf)

    _git_commands(commands)

    from isms.cli import export as cli_export
    from isms.cli import imports as cli_import
    from isms.cli import init as cli_init

    cli_init.add_parser(commands)
    cli_import.add_parser(commands)
    cli_export.add_parser(commands)

    new_parser = commands.add_parser(
        "new",
        help="create a new document or record template with the next free id",
        description="Write a new source file with valid front matter. Never overwrites a file.",
    )
    new_parser.add_argument("kind", choices=("policy", "standard", "procedure", "record"), help="what to create")
    new_parser.add_argument("title", help="the document title")
    new_parser.add_argument("--area", default="", help="area code for the id, e.g. AC gives STD-AC-01")
    new_parser.add_argument("--owner", default="", help="owner role (default: ciso)")
    new_parser.add_argument("--approver", default="", help="approver role")
    new_parser.add_argument("--implements", action="append", default=[], metavar="ID", help="a document above it")
    new_parser.add_argument("--today", type=parse_date, default=None, help=argparse.SUPPRESS)
    new_parser.set_defaults(handler=_new)
    return parser


def _git_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from isms.cli import acks as cli_acks
    from isms.cli import git_commands as cli_git

    hooks_parser = commands.add_parser(
        "hooks",
        help="install the git hooks that check and stamp documents on commit",
        description="`isms hooks install` sets git's core.hooksPath to hooks/ (writing the hook scripts there"
        " when they are missing). Safe to run again.",
    )
    hooks_parser.add_argument("action", choices=("install",))
    hooks_parser.add_argument("--force", action="store_true", help="replace a core.hooksPath set by another tool")
    hooks_parser.set_defaults(handler=cli_git.hooks_install)

    hook_parser = commands.add_parser("hook", help="run one git hook (called by the scripts in hooks/)")
    hook_parser.add_argument("name", choices=("pre-commit", "commit-msg"))
    hook_parser.add_argument("message_file", nargs="?", type=Path, help="the commit message file (commit-msg)")
    add_today(hook_parser)
    hook_parser.set_defaults(handler=cli_git.hook)

    bump_parser = commands.add_parser(
        "bump",
        help="set the next major (or minor) version of documents before committing",
        description="Write the next version after the committed one into each document's front matter. The"
        " pre-commit hook bumps the minor version on its own; a major revision is the author's explicit choice.",
    )
    bump_parser.add_argument("ids", nargs="+", metavar="ID")
    which = bump_parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--major", action="store_true", help="e.g. 1.4 -> 2.0")
    which.add_argument("--minor", action="store_true", help="e.g. 1.4 -> 1.5")
    bump_parser.set_defaults(handler=cli_git.bump)

    approve_parser = commands.add_parser(
        "approve",
        help="approve documents: an approval commit authored by you, the approver",
        description="Run by the approver on the change's branch. Sets status approved, approved_by, approved_on and"
        " the effective date, and commits with an 'Approved: ID VERSION' trailer. Refuses when you are not in the"
        " approver role or wrote part of the version.",
    )
    approve_parser.add_argument("ids", nargs="+", metavar="ID")
    approve_parser.add_argument(
        "--effective", type=parse_date, default=None, metavar="YYYY-MM-DD", help="default: today"
    )
    approve_parser.add_argument("--sign", action="store_true", help="sign the approval commit (git commit -S)")
    add_today(approve_parser)
    approve_parser.set_defaults(handler=cli_git.approve)

    review_parser = commands.add_parser(
        "review",
        help="record a 'reviewed, no change' review: the next review date moves on, the version stays",
        description="Run by a member of the approver role. Commits the new next_review date with a"
        " 'Reviewed: ID VERSION' trailer; the history shows the review.",
    )
    review_parser.add_argument("ids", nargs="+", metavar="ID")
    add_today(review_parser)
    review_parser.set_defaults(handler=cli_git.review)

    verify_parser = commands.add_parser(
        "verify",
        help="check every approval in the history: role, separation of duties, signatures",
        description="Exit status 1 when a version was approved against the rules; each problem names the commit.",
    )
    add_today(verify_parser)
    verify_parser.set_defaults(handler=cli_git.verify)

    due_parser = commands.add_parser(
        "due",
        help="documents whose review is overdue or falls due soon, with owner and approver",
        description="List controlled documents whose next review is past or within the window. With --fail-on,"
        " exit 1 when any document is in that state (for a scheduled CI job).",
    )
    due_parser.add_argument("--within", default="30d", metavar="DAYS", help="the window, e.g. 30d (default) or 90")
    due_parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    due_parser.add_argument("--fail-on", choices=("overdue", "due"), default=None, help="exit 1 when any is")
    add_today(due_parser)
    due_parser.set_defaults(handler=cli_git.due)

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
    changes_parser.set_defaults(handler=cli_git.changes)

    codeowners_parser = commands.add_parser(
        "codeowners",
        help="write .github/CODEOWNERS and .gitlab/CODEOWNERS from the documents' approver roles",
        description="Each document's file requires a review from the members of its approver role (their"
        " handle in isms.yml). Only a marked block is rewritten; your own entries stay.",
    )
    codeowners_parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when a file is missing or out of date"
    )
    codeowners_parser.set_defaults(handler=cli_git.codeowners)

    links_parser = commands.add_parser(
        "links",
        help="every link to another host, per document (never fetched)",
        description="Lists the links in document bodies that point to other hosts, with file and line, so they can"
        " be reviewed. Nothing is fetched, here or at build time.",
    )
    links_parser.add_argument("--format", choices=("text", "json"), default="text")
    links_parser.set_defaults(handler=_links)

    acks_parser = commands.add_parser(
        "acks",
        help="read acknowledgements: who has and has not confirmed reading each document version",
        description="For each document with acknowledge: [ROLE] in its front matter, the members of each role who"
        " acknowledged its current major version. With --import, add rows from an HR or form export (CSV with"
        " person or e-mail, document, version and date columns); existing records are never rewritten.",
    )
    acks_parser.add_argument("ids", nargs="*", metavar="ID", help="only these documents")
    acks_parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    acks_parser.add_argument("--import", dest="import_file", metavar="CSV", help="append acknowledgements from a CSV")
    acks_parser.add_argument("--document", metavar="ID", help="with --import: the document, when the CSV has none")
    acks_parser.add_argument("--version", metavar="X.Y", help="with --import: the version, when the CSV has none")
    add_today(acks_parser)
    acks_parser.set_defaults(handler=cli_acks.acks)

    history_parser = commands.add_parser(
        "history",
        help="the revision history of a document, from git",
        description="Every version of the document: date, author, approver, status, commit and change summary.",
    )
    history_parser.add_argument("id", metavar="ID")
    history_parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    history_parser.add_argument("--rev", default="HEAD", help="read the history as of this revision")
    history_parser.set_defaults(handler=cli_git.history)

    diff_parser = commands.add_parser(
        "diff",
        help="what changed in a document between two versions",
        description="Word-level differences (character-level for Chinese and Japanese) between two versions."
        " FROM and TO are versions (1.3), commits, or 'working' for the working copy. Default: the latest"
        " version against the one before it.",
    )
    diff_parser.add_argument("id", metavar="ID")
    diff_parser.add_argument("versions", nargs="*", metavar="FROM/TO")
    diff_parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    diff_parser.set_defaults(handler=cli_git.diff)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="CODE", help="silence a diagnostic code (repeatable)"
    )
    add_today(parser)


def _check(args: argparse.Namespace) -> int:
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


def _build(args: argparse.Namespace) -> int:
    from isms.host.site_build import BuildFailed, build_audiences, build_site

    root = root_from(args)
    started = time.perf_counter()
    try:
        if args.all_audiences:
            if args.as_of:
                raise UsageError("--all-audiences builds the working tree; use --audience NAME with --as-of")
            results = build_audiences(root, today_from(args), out=args.site_dir, strict=args.strict)
        else:
            results = [
                build_site(
                    root,
                    today_from(args),
                    site_dir=args.site_dir,
                    strict=args.strict,
                    as_of=args.as_of,
                    audience=args.audience,
                )
            ]
    except BuildFailed as error:
        print(str(error).strip(), file=sys.stderr)
        print("isms build: failed; the previous output is unchanged", file=sys.stderr)
        return EXIT_ERRORS
    for result in results:
        for warning in result.warnings:
            print(warning, file=sys.stderr)
    elapsed = time.perf_counter() - started
    for result in results:
        where = os.path.relpath(result.site_dir, Path.cwd())
        print(f"isms build: site written to {where}")
    print(f"isms build: {len(results)} site{'s' * (len(results) != 1)} built in {elapsed:.1f} s")
    return EXIT_OK


def _links(args: argparse.Namespace) -> int:
    import json

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


def _pdf(args: argparse.Namespace) -> int:
    from isms.render.pdf import publish
    from isms.resolve.view import open_view

    root = root_from(args)
    opened = open_view(root, today_from(args))
    if not opened.ok or opened.view is None:
        for diagnostic in opened.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        print("isms pdf: not rendered: the ISMS has errors (run isms check)", file=sys.stderr)
        return EXIT_ERRORS
    view = opened.view
    unknown = [i for i in args.ids if i not in view.index.documents]
    if unknown:
        raise UsageError(f"unknown document id: {', '.join(unknown)}")
    out = (args.out or root / "site" / "pdf").resolve()
    started = time.perf_counter()
    for warning in view.warnings:
        print(f"isms pdf: warning: {warning}", file=sys.stderr)
    outcome = publish(
        view,
        out,
        root / ".isms-cache" / "pdf",
        ids=args.ids or None,
        pdfa=args.pdfa,
        progress=_progress if sys.stderr.isatty() else None,
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for failure in outcome.failures:
        print(failure.format(), file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(
        f"isms pdf: {len(outcome.published)} files in {os.path.relpath(out, Path.cwd())}"
        f" ({len(outcome.rendered)} rendered, {len(outcome.reused)} unchanged, {len(outcome.failures)} failed)"
        f" in {elapsed:.1f} s"
    )
    return EXIT_ERRORS if outcome.failures else EXIT_OK


def _progress(done: int, total: int, document_id: str) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {document_id:<20}", end="", file=sys.stderr)


def _new(args: argparse.Namespace) -> int:
    from isms.change.scaffold import ScaffoldError, plan, write

    root = root_from(args)
    corpus = loaded(root)
    try:
        new = plan(
            corpus,
            Level(args.kind),
            args.title,
            today_from(args),
            area=args.area,
            owner=args.owner,
            approver=args.approver,
            implements=tuple(args.implements),
        )
        write(new)
    except ScaffoldError as error:
        print(f"isms new: {error}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"created {new.path.relative_to(root).as_posix()} ({new.id})")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
