"""`isms history` (every version of a document, from git) and `isms diff` (what changed between two versions)."""

from __future__ import annotations

import argparse
import json
import sys

from isms.cli.common import EXIT_OK, Commands, UsageError, root_from, text_table
from isms.cli.corpus import readable_corpus, unknown_document
from isms.core.bidi import one_line
from isms.core.revisions import Revision
from isms.git.history import read_history
from isms.git.versions import VersionSpecError, default_specs, version_text
from isms.render.diff import compare as compare_texts
from isms.render.diff import to_text as diff_text
from isms.render.revision_rows import RevisionRow, rows


def add_parsers(commands: Commands) -> None:
    history_parser = commands.add_parser(
        "history",
        help="the revision history of a document, from git",
        description="Every version of the document: date, author, approver, status, commit and change summary.",
    )
    history_parser.add_argument("id", metavar="ID")
    history_parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    history_parser.add_argument("--rev", default="HEAD", help="read the history as of this revision")
    history_parser.set_defaults(handler=run_history, failure="isms history: {error}")

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
    # A FROM or TO that names nothing is a mistake in the command line, like an unknown option: exit status 2.
    diff_parser.set_defaults(handler=run_diff, failure="isms diff: {error}", usage_errors=(VersionSpecError,))


def run_history(args: argparse.Namespace) -> int:
    root = root_from(args)
    corpus = readable_corpus(root)
    log = read_history(root, corpus.settings, rev=args.rev)
    for warning in log.warnings:
        print(f"isms history: warning: {warning}", file=sys.stderr)
    revisions = log.of(args.id)
    current = next((d for d in corpus.documents if d.id == args.id), None)
    if not revisions and current is None:
        unknown_document(corpus, args.id, log)
    if args.format == "json":
        data = [
            _revision_json(r, row) for r, row in zip(revisions, rows(log, args.id, corpus.settings)[::-1], strict=True)
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    title = current.title if current else dict(revisions[-1].last.values).get("title", "")
    print(one_line(f"{args.id} {title}"))
    table = [["Version", "Date", "Status", "Author", "Approved by", "Commit", "Change"]]
    for row in rows(log, args.id, corpus.settings):
        table.append([row.version, row.date, row.status, row.author, row.approver, row.commit[:8], row.summary])
    print(text_table(table) if len(table) > 1 else "no committed revisions yet")
    for revision in revisions:
        for change in revision.changes:
            if change.moved_from:
                print(f"  moved from {change.moved_from} to {change.path} in {change.commit.short}")
        for change in revision.reviews:
            who = corpus.settings.display_name(change.commit.author_email, change.commit.author)
            print(f"  {revision.version} reviewed, no change, by {who} on {change.commit.date} ({change.commit.short})")
    if current is not None and revisions and str(current.version) != revisions[-1].version:
        print(f"  working copy: version {current.version} (not committed yet)")
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    root = root_from(args)
    corpus = readable_corpus(root)
    log = read_history(root, corpus.settings)
    revisions = log.of(args.id)
    current = next((d for d in corpus.documents if d.id == args.id), None)
    if not revisions and current is None:
        unknown_document(corpus, args.id, log)
    if len(args.versions) > 2:
        raise UsageError("give at most two versions: isms diff ID [FROM] [TO]")
    from_spec, to_spec = default_specs(args.id, args.versions, revisions)
    old = version_text(from_spec, revisions, log, root, current)
    new = version_text(to_spec, revisions, log, root, current)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    hunks = compare_texts(old.text, new.text)
    print(f"{args.id}: {old.label} → {new.label}")
    print(diff_text(hunks, color=color) if hunks else "no differences")
    return EXIT_OK


def _revision_json(revision: Revision, row: RevisionRow) -> dict[str, object]:
    return {
        "version": revision.version,
        "date": revision.date.isoformat(),
        "status": revision.status,
        "authors": row.author,
        "approved_by": revision.approved_by,
        "approved_on": revision.approved_on,
        "summary": revision.summary,
        "change_summary": row.summary,  # the author's, or what the site shows (summary_source says which)
        "summary_source": row.summary_source,
        "revised": row.date,
        "effective_from": row.effective_from,
        "effective_to": row.effective_to,
        "superseded_by": row.superseded_by,
        "state": row.state,
        "path": revision.last.path,
        "changes": [
            {
                "commit": c.commit.sha,
                "date": c.commit.authored.isoformat(),
                "author": c.commit.author,
                "author_email": c.commit.author_email,
                "subject": c.commit.subject,
                "status": c.status,
                "content": c.content,
                "path": c.path,
                "moved_from": c.moved_from,
            }
            for c in revision.changes
        ],
    }
