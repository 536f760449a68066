"""The commands that work with git: hooks, bump, history and diff. Output only; logic lives elsewhere."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from isms.change.hooks import NO_DESCRIPTION, HookError, bump_version, commit_msg, install, pre_commit
from isms.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    Refused,
    UsageError,
    checked,
    loaded,
    root_from,
    today_from,
    within_days,
)
from isms.core.diagnostics import one_line
from isms.core.model import Document
from isms.core.revisions import History, Revision
from isms.git.history import read_history
from isms.git.run import GitError
from isms.read.fields import did_you_mean
from isms.read.load import Corpus
from isms.read.mkdocs_file import top_level_value
from isms.render.diff import compare, to_text
from isms.render.revision_rows import RevisionRow, rows


def hooks_install(args: argparse.Namespace) -> int:
    root = root_from(args)
    try:
        said = install(root, force=args.force)
    except (HookError, GitError) as error:
        print(f"isms hooks: {error}", file=sys.stderr)
        return EXIT_ERRORS
    for line in said:
        print(f"isms hooks: {line}")
    return EXIT_OK


def hook(args: argparse.Namespace) -> int:
    root = root_from(args)
    try:
        if args.name == "commit-msg":
            if args.message_file is None:
                raise UsageError("isms hook commit-msg needs the commit message file")
            for trailer in commit_msg(root, args.message_file):
                print(f"isms: added trailer {trailer}")
            return EXIT_OK
        result = pre_commit(root, today_from(args))
    except HookError as error:
        message = str(error)
        if message == NO_DESCRIPTION:
            print(f"isms: {message}", file=sys.stderr)
        else:
            print(f"isms: commit blocked: {message}", file=sys.stderr)
        return EXIT_ERRORS
    except GitError as error:
        print(f"isms: commit blocked: git failed: {error}. Nothing was changed.", file=sys.stderr)
        return EXIT_ERRORS
    for diagnostic in result.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if result.blocked:
        print(
            "isms: commit blocked by the errors above. Fix them, git add the files and commit again;"
            " nothing was changed.",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    for line in result.messages():
        print(line)
    if result.edits:
        print("isms: for a major revision instead, run: isms bump --major ID (before committing)")
    return EXIT_OK


def bump(args: argparse.Namespace) -> int:
    root = root_from(args)
    corpus = _corpus(root)
    failed = False
    for document_id in args.ids:
        document = _document(corpus, document_id)
        try:
            old, new = bump_version(root, document, major=args.major)
        except (HookError, GitError) as error:
            print(f"isms bump: {error}", file=sys.stderr)
            failed = True
            continue
        print(f"isms bump: {document.id} {old} → {new} in {document.path}; the hook keeps it when you commit")
    return EXIT_ERRORS if failed else EXIT_OK


def approve(args: argparse.Namespace) -> int:
    from isms.change.approval import approve as approve_documents

    root = root_from(args)
    try:
        commit, approved = approve_documents(root, args.ids, today_from(args), args.effective, args.sign)
    except (HookError, GitError) as error:
        print(f"isms approve: {error}", file=sys.stderr)
        return EXIT_ERRORS
    for item in approved:
        print(f"isms approve: {item.document_id} {item.version} approved in commit {commit[:8]}")
    return EXIT_OK


def review(args: argparse.Namespace) -> int:
    from isms.change.approval import review as record_review

    root = root_from(args)
    try:
        commit, reviewed = record_review(root, args.ids, today_from(args))
    except (HookError, GitError) as error:
        print(f"isms review: {error}", file=sys.stderr)
        return EXIT_ERRORS
    for document_id, version, when in reviewed:
        print(f"isms review: {document_id} {version} reviewed, no change; next review {when} (commit {commit[:8]})")
    return EXIT_OK


def verify(args: argparse.Namespace) -> int:
    from isms.change.approval import verify as verify_approvals
    from isms.core.diagnostics import has_errors, summary_line

    root = root_from(args)
    diagnostics = verify_approvals(root, today_from(args))
    for diagnostic in diagnostics:
        print(diagnostic.format())
    print(f"isms verify: {summary_line(diagnostics)}")
    return EXIT_ERRORS if has_errors(diagnostics) else EXIT_OK


def due(args: argparse.Namespace) -> int:
    window = within_days(args.within)
    today = today_from(args)
    index = checked(root_from(args), today)
    settings = index.settings
    found = index.due_reviews(today, window)
    rows = [
        {
            "id": d.id,
            "title": d.title,
            "next_review": str(when),
            "state": state,
            "days": (when - today).days,
            "owner": settings.role_with_members(d.owner),
            "approver": settings.role_with_members(d.approver),
        }
        for d, state, when in found
    ]
    if args.format == "json":
        print(json.dumps({"today": today.isoformat(), "within_days": window, "documents": rows}, ensure_ascii=False))
    elif args.format == "markdown":
        print(f"Reviews overdue or due within {window} days of {today}:\n")
        print("| Document | Title | Next review | State | Owner | Approver |\n|---|---|---|---|---|---|")
        for row in rows:
            cells = [row["id"], row["title"], row["next_review"], row["state"], row["owner"], row["approver"]]
            print("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    else:
        table = [["Document", "Next review", "State", "Owner", "Approver", "Title"]]
        for r in rows:
            state = f"{r['state']} ({r['days']:+d} d)"
            table.append([str(r[k]) if k != "state" else state for k in ("id", "next_review", "state", "owner")])
            table[-1] += [str(r["approver"]), str(r["title"])]
        print(text_table(table) if rows else f"no review overdue or due within {window} days")
    failing = {"overdue": {"overdue"}, "due": {"overdue", "due"}}.get(args.fail_on or "", set())
    return EXIT_ERRORS if any(row["state"] in failing for row in rows) else EXIT_OK


def changes(args: argparse.Namespace) -> int:
    from isms.change.pull_request import compare, markdown, to_json

    root = root_from(args)
    corpus = _corpus(root)
    try:
        comparison = compare(root, corpus, args.base)
    except GitError as error:
        print(f"isms changes: {error}", file=sys.stderr)
        return EXIT_ERRORS
    site_url = args.site_url if args.site_url is not None else top_level_value(root, "site_url")
    if args.format == "markdown":
        print(markdown(comparison, corpus.settings, site_url), end="")
    elif args.format == "json":
        print(to_json(comparison, corpus.settings, site_url))
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


def codeowners(args: argparse.Namespace) -> int:
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


def history(args: argparse.Namespace) -> int:
    root = root_from(args)
    corpus = _corpus(root)
    log = read_history(root, corpus.settings, rev=args.rev)
    for warning in log.warnings:
        print(f"isms history: warning: {warning}", file=sys.stderr)
    revisions = log.of(args.id)
    current = next((d for d in corpus.documents if d.id == args.id), None)
    if not revisions and current is None:
        _unknown(corpus, args.id, log)
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


def diff(args: argparse.Namespace) -> int:
    root = root_from(args)
    corpus = _corpus(root)
    log = read_history(root, corpus.settings)
    revisions = log.of(args.id)
    current = next((d for d in corpus.documents if d.id == args.id), None)
    if not revisions and current is None:
        _unknown(corpus, args.id, log)
    specs = list(args.versions)
    if len(specs) > 2:
        raise UsageError("give at most two versions: isms diff ID [FROM] [TO]")
    if not specs:
        if len(revisions) < 2:
            raise UsageError(f"{args.id} has one committed version; compare it with: isms diff {args.id} 1.0 working")
        specs = [revisions[-2].version, revisions[-1].version]
    elif len(specs) == 1:
        specs.append(revisions[-1].version if revisions else "working")
    (old_label, old_text), (new_label, new_text) = (_version_text(s, revisions, log, root, current) for s in specs)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    hunks = compare(old_text, new_text)
    print(f"{args.id}: {old_label} → {new_label}")
    print(to_text(hunks, color=color) if hunks else "no differences")
    return EXIT_OK


def _version_text(
    spec: str, revisions: tuple[Revision, ...], log: History, root: Path, current: Document | None
) -> tuple[str, str]:
    if spec == "working":
        if current is None:
            raise UsageError("the document is not in the working tree")
        try:
            return "working copy", (root / current.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {current.path}: {error}") from None
    for revision in revisions:
        if revision.version == spec:
            return f"{spec} ({revision.last.commit.short})", log.text(revision.last)
    if len(spec) >= 4 and all(c in "0123456789abcdef" for c in spec.lower()):
        for revision in revisions:
            for change in revision.changes:
                if change.commit.sha.startswith(spec.lower()):
                    return f"{change.version} ({change.commit.short})", log.text(change)
    known = ", ".join(r.version for r in revisions) or "none"
    raise UsageError(f"'{spec}' is not a version or commit of this document (versions: {known}; or 'working')")


def _corpus(root: Path) -> Corpus:
    try:
        return loaded(root)
    except Refused:
        raise UsageError("isms.yml cannot be read; fix it first (see above)") from None


def _document(corpus: Corpus, document_id: str) -> Document:
    document = next((d for d in corpus.documents if d.id == document_id), None)
    if document is None:
        _unknown(corpus, document_id, None)
    assert document is not None
    return document


def _unknown(corpus: Corpus, document_id: str, log: History | None) -> None:
    known = [d.id for d in corpus.documents] + (list(log.revisions) if log else [])
    hint = did_you_mean(document_id, known, "isms check lists every document")
    raise UsageError(f"unknown document id {document_id}; {hint}")


def _revision_json(revision: Revision, row: RevisionRow) -> dict[str, object]:
    return {
        "version": revision.version,
        "date": revision.date.isoformat(),
        "status": revision.status,
        "authors": row.author,
        "approved_by": revision.approved_by,
        "approved_on": revision.approved_on,
        "summary": revision.summary,
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


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_table(rows: list[list[str]]) -> str:
    """Columns for a terminal; cells hold titles and names from sources, so their controls are escaped."""
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)
