"""Approvals recorded in git, and their verification.

`isms approve` makes an approval commit authored by the approver: the document becomes approved,
with approved_by, approved_on and its effective date, and the commit carries an
`Approved: ID VERSION` trailer. Because the record is a commit, the history an auditor reads does
not depend on a hosting platform, and `verify` can check it offline:

- every version that became approved did so in an approval commit for that version;
- its author is the person named in approved_by, and was a member of the document's approver role
  in isms.yml as it was at that commit;
- the approver wrote no part of the version (separation of duties);
- when isms.yml asks for it, the approval commit has a good GPG or SSH signature.

Approvals made before `approvals.since` in isms.yml (a date or a commit) predate this workflow
and are taken as recorded in the front matter.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from isms import diagnostics as codes
from isms.diagnostics import Diagnostic, Location, Report
from isms.gitinfo import GitError, run
from isms.history import Change, History, Revision, read_history
from isms.hooks import HookError, Repository, replace_file
from isms.model import Document, Settings, Status, add_months
from isms.project import check
from isms.settings import read_settings
from isms.stamp import StampError, apply


@dataclass(frozen=True)
class Approved:
    document_id: str
    version: str
    path: str


def approve(
    root: Path, ids: list[str], today: date, effective: date | None = None, sign: bool = False
) -> tuple[str, list[Approved]]:
    """Approve documents as the current git identity, in one commit; (commit, what was approved)."""
    repo = Repository.open(root)
    checked = check(root, today)
    if not checked.ok or checked.index is None:
        raise HookError("the ISMS has errors; run isms check and fix them before approving")
    index = checked.index
    settings = index.settings
    email = _identity(repo)
    person = settings.person_by_email(email)
    if person is None:
        raise HookError(
            f"your git identity <{email}> is not a person in isms.yml; approvals are made by the approver"
            " themselves (set git config user.email to the address listed under people:)"
        )
    history = read_history(root, settings)
    approved: list[Approved] = []
    for document_id in ids:
        document = index.documents.get(document_id)
        if document is None:
            raise HookError(f"unknown document id {document_id}")
        _check_can_approve(repo, document, person.id, email, settings, history)
        approved.append(Approved(document.id, str(document.version), document.path))
    day = effective or today
    if day < today:
        raise HookError(f"the effective date {day} is before the approval date {today}")
    originals: dict[Path, bytes] = {}
    try:
        for item in approved:
            path = repo.root / item.path
            originals[path] = path.read_bytes()
            values = {
                "status": Status.APPROVED.value,
                "approved_by": person.id,
                "approved_on": today.isoformat(),
                "effective": day.isoformat(),
            }
            document = index.documents[item.document_id]
            if document.next_review is not None:  # a stated next review restarts from the new effective date
                months = document.review_cycle or settings.review_months(document.level)
                values["next_review"] = add_months(day, months).isoformat()
            text = apply(item.path, originals[path].decode("utf-8"), values, after="status")
            replace_file(path, text.encode("utf-8"), path.stat().st_mode & 0o7777)
        subject = "Approve " + ", ".join(f"{a.document_id} {a.version}" for a in approved)
        trailers = "\n".join(f"Approved: {a.document_id} {a.version}" for a in approved)
        paths = [repo.prefix + a.path for a in approved]
        repo.git("add", "--", *paths)
        arguments = [
            "commit",
            "-q",
            "-m",
            subject,
            "-m",
            trailers,
            *(["-S"] if sign or settings.approvals_signed else []),
        ]
        run(repo.top, *arguments, "--", *paths)
    except (OSError, UnicodeDecodeError, StampError, GitError) as error:
        for path, data in originals.items():
            replace_file(path, data, path.stat().st_mode & 0o7777)
        if approved:
            with contextlib.suppress(GitError):
                repo.git("reset", "-q", "--", *[repo.prefix + a.path for a in approved])
        raise HookError(f"the approval was not recorded: {error}") from None
    commit = repo.git("rev-parse", "HEAD").decode().strip()
    return commit, approved


def review(root: Path, ids: list[str], today: date) -> tuple[str, list[tuple[str, str, date]]]:
    """Record "reviewed, no change" by the approver: the next review moves on, the version stays.

    One commit authored by the reviewer, with a `Reviewed: ID VERSION` trailer per document.
    """
    repo = Repository.open(root)
    checked = check(root, today)
    if not checked.ok or checked.index is None:
        raise HookError("the ISMS has errors; run isms check and fix them before recording a review")
    index = checked.index
    settings = index.settings
    email = _identity(repo)
    person = settings.person_by_email(email)
    if person is None:
        raise HookError(f"your git identity <{email}> is not a person in isms.yml")
    planned: list[tuple[Document, date]] = []
    for document_id in ids:
        document = index.documents.get(document_id)
        if document is None:
            raise HookError(f"unknown document id {document_id}")
        if document.status is not Status.APPROVED:
            raise HookError(f"{document.id} is {document.status.value}; only a document in force is reviewed")
        if not settings.is_member(person.id, document.approver):
            raise HookError(f"{person.id} is not a member of {document.id}'s approver role '{document.approver}'")
        if repo.git("status", "--porcelain", "--", repo.prefix + document.path).strip():
            raise HookError(f"{document.path} has uncommitted changes; commit or stash them first")
        months = document.review_cycle or settings.review_months(document.level)
        planned.append((document, add_months(today, months)))
    originals: dict[Path, bytes] = {}
    paths = [repo.prefix + d.path for d, _ in planned]
    try:
        for document, next_review in planned:
            path = repo.root / document.path
            originals[path] = path.read_bytes()
            anchor = "review_cycle" if "review_cycle" in dict(document.lines) else "status"
            text = apply(
                document.path, originals[path].decode("utf-8"), {"next_review": next_review.isoformat()}, anchor
            )
            replace_file(path, text.encode("utf-8"), path.stat().st_mode & 0o7777)
        repo.git("add", "--", *paths)
        subject = "Review " + ", ".join(f"{d.id} {d.version}" for d, _ in planned) + ": no change"
        trailers = "\n".join(f"Reviewed: {d.id} {d.version}" for d, _ in planned)
        run(repo.top, "commit", "-q", "-m", subject, "-m", trailers, "--", *paths)
    except (OSError, UnicodeDecodeError, StampError, GitError) as error:
        for path, data in originals.items():
            replace_file(path, data, path.stat().st_mode & 0o7777)
        with contextlib.suppress(GitError):
            repo.git("reset", "-q", "--", *paths)
        raise HookError(f"the review was not recorded: {error}") from None
    commit = repo.git("rev-parse", "HEAD").decode().strip()
    return commit, [(d.id, str(d.version), when) for d, when in planned]


def _identity(repo: Repository) -> str:
    try:
        ident = repo.git("var", "GIT_AUTHOR_IDENT").decode()
    except GitError as error:
        raise HookError(f"git does not know who you are: {error}") from None
    return ident.split("<", 1)[1].split(">", 1)[0] if "<" in ident else ""


def _check_can_approve(
    repo: Repository, document: Document, person: str, email: str, settings: Settings, history: History
) -> None:
    if document.status is Status.APPROVED:
        raise HookError(f"{document.id} {document.version} is already approved")
    role = document.approver
    if not settings.is_member(person, role):
        raise HookError(f"{person} is not a member of {document.id}'s approver role '{role}' in isms.yml")
    if repo.git("status", "--porcelain", "--", repo.prefix + document.path).strip():
        raise HookError(f"{document.path} has uncommitted changes; commit them (or stash them) before approving")
    revisions = history.of(document.id)
    if not revisions or revisions[-1].version != str(document.version):
        raise HookError(f"{document.id} {document.version} is not committed yet; commit it before approving")
    authors = _authors_since_approval(revisions, len(revisions) - 1)
    if email.lower() in authors:
        raise HookError(
            f"you wrote part of {document.id} {document.version}; another member of '{role}' must approve it"
            " (separation of duties)"
        )


def _authors_since_approval(revisions: tuple[Revision, ...], position: int) -> set[str]:
    """E-mails of everyone who wrote content in the revisions since the last approved one."""
    authors: set[str] = set()
    for revision in reversed(revisions[: position + 1]):
        if revision is not revisions[position] and revision.was_approved:
            break
        authors.update(c.commit.author_email.lower() for c in revision.changes if c.content)
    return authors


def verify(root: Path, today: date) -> list[Diagnostic]:
    """Every approval in the history and in the working copy, checked against the rules."""
    report = Report()
    checked = check(root, today)
    if checked.index is None:
        return checked.diagnostics
    settings = checked.index.settings
    history = read_history(root, settings)
    legacy = _legacy(root, settings, history)
    approvals: list[tuple[Revision, Change]] = []
    for revisions in history.revisions.values():
        for revision in revisions:
            previous = None
            for change in revision.changes:
                becomes = change.status == Status.APPROVED.value and (previous is None or previous != "approved")
                if becomes and change.commit.sha not in legacy:
                    approvals.append((revision, change))
                previous = change.status
    signatures = _signatures(root, [c.commit.sha for _, c in approvals]) if settings.approvals_signed else {}
    for revision, change in approvals:
        _verify_one(revision, change, history, settings, signatures, checked.index.documents, report)
    for document in checked.index.documents.values():
        revisions = history.of(document.id)
        last = revisions[-1] if revisions else None
        if document.status is Status.APPROVED and (last is None or last.version != str(document.version)):
            report.add(
                codes.VERIFY_UNRECORDED,
                Location(document.path, document.line_of("status"), 1),
                f"{document.id} {document.version} says approved but no commit approved that version",
                "approvals are made with isms approve by a member of the approver role",
            )
    return report.finalize()


def _legacy(root: Path, settings: Settings, history: History) -> set[str]:
    """Commits made before approvals were recorded with isms approve (approvals.since)."""
    since = settings.approvals_since
    if not since:
        return set()
    try:
        day = date.fromisoformat(since)
    except ValueError:
        try:
            listed = run(root, "rev-list", since).decode().split()
        except GitError:
            return set()
        return set(listed)
    return {sha for sha, commit in history.commits.items() if commit.committed.date() < day}


def _signatures(root: Path, shas: list[str]) -> dict[str, str]:
    if not shas:
        return {}
    try:
        output = run(root, "log", "--no-walk=unsorted", "--format=%H %G?", *shas).decode()
    except GitError:
        return {}
    return dict(line.split(" ", 1) for line in output.splitlines() if " " in line)


def _verify_one(
    revision: Revision,
    change: Change,
    history: History,
    current: Settings,
    signatures: dict[str, str],
    documents: dict[str, Document],
    report: Report,
) -> None:
    commit = change.commit
    document = documents.get(revision.document_id)
    location = Location(document.path if document else change.path, document.line_of("status") if document else 1, 1)
    what = f"{revision.document_id} {revision.version} (commit {commit.short})"
    if f"{revision.document_id} {revision.version}" not in commit.trailer_values("Approved"):
        report.add(
            codes.VERIFY_UNRECORDED,
            location,
            f"{what} was set to approved by hand, not by an approval commit",
            "undo the status change and let the approver run isms approve",
        )
        return
    then = read_settings(history.settings_text_at(commit.sha), Report()) or current
    person = then.person_by_email(commit.author_email)
    named = change.value("approved_by")
    if person is None or person.id != named:
        report.add(
            codes.VERIFY_IDENTITY,
            location,
            f"{what}: the commit was made by <{commit.author_email}>, but approved_by says '{named}'",
            "the approver makes the approval commit themselves, with their own git identity",
        )
        return
    role = change.value("approver") or (document.approver if document else "")
    if not then.is_member(person.id, role):
        report.add(
            codes.VERIFY_ROLE,
            location,
            f"{what}: {person.id} was not a member of the approver role '{role}' in isms.yml at that commit",
        )
    revisions = history.of(revision.document_id)
    if commit.author_email.lower() in _authors_since_approval(revisions, revision.number - 1):
        report.add(
            codes.VERIFY_AUTHOR,
            location,
            f"{what}: {person.id} approved a version they wrote part of (separation of duties)",
        )
    if current.approvals_signed and signatures.get(commit.sha, "N") not in ("G", "U"):
        report.add(codes.VERIFY_UNSIGNED, location, f"{what}: the approval commit has no good signature")
