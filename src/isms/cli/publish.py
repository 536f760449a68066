"""`isms build` (the intranet site, one or every audience) and `isms pdf` (the controlled PDFs)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from isms.cli.common import EXIT_ERRORS, EXIT_OK, Commands, UsageError, add_today, root_from, today_from
from isms.core.errors import IsmsError


def add_parsers(commands: Commands) -> None:
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
    build_parser.set_defaults(handler=run_build, failure=_build_failed)

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
    pdf_parser.set_defaults(handler=run_pdf, failure="isms pdf: {error}")


def run_build(args: argparse.Namespace) -> int:
    from isms.host.site_build import build_audiences, build_site

    root = root_from(args)
    started = time.perf_counter()
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
    for result in results:
        for warning in result.warnings:
            print(warning, file=sys.stderr)
    elapsed = time.perf_counter() - started
    for result in results:
        where = os.path.relpath(result.site_dir, Path.cwd())
        print(f"isms build: site written to {where}")
    print(f"isms build: {len(results)} site{'s' * (len(results) != 1)} built in {elapsed:.1f} s")
    return EXIT_OK


def run_pdf(args: argparse.Namespace) -> int:
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
    if outcome.pruned.files:
        print(f"isms pdf: {outcome.pruned} from .isms-cache/pdf")
    return EXIT_ERRORS if outcome.failures else EXIT_OK


def _build_failed(error: IsmsError) -> str:
    """The reasons (often several diagnostics, one a line) first, then that nothing was replaced."""
    return f"{str(error).strip()}\nisms build: failed; the previous output is unchanged"


def _progress(done: int, total: int, document_id: str) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {document_id:<20}", end="", file=sys.stderr)
