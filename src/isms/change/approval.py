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
from functools import lru_cache
from pathlib import Path

from isms.change.hooks import HookError, Repository
from isms.core import diagnostics as codes
from isms.core.diagnostics import Diagnostic, Location, Report
from isms.core.files import replace_file
from isms.core.model import Document, Person, Settings, Status, add_months
from isms.core.revisions import Change, History, Revision
from isms.git.history import read_history
from isms.git.run import GitError, run
from isms.read.frontmatter import FrontMatterError, apply
from isms.read.settings import SETTINGS_FILE, read_settings
from isms.resolve.check import check
from isms.resolve.index import Index


@dataclass(frozen=True)
class Approved:
    document_id: str
    version: str
    path: str


@dataclass(frozen=True)
class _Signer:
    """Who is making an approval or review commit, and the ISMS they make it in."""

    repo: Repository
    index: Index
    person: Person
    email: str


def _signer(root: Path, today: date, doing: str) -> _Signer:
    """The checked ISMS and the person behind the current git identity, or HookError."""
    repo = Repository.open(root)
    checked = check(root, today)
    if not checked.ok or checked.index is None:
        raise HookError(f"the ISMS has errors; run isms check and fix them before {doing}")
    email = _identity(repo)
    person = checked.index.settings.person_by_email(email)
    if person is None:
        raise HookError(
            f"your git identity <{email}> is not a person in isms.yml; {doing} is done by the person"
            " themselves (set git config user.email to the address listed under people:)"
        )
    return _Signer(repo, checked.index, person, email)


def _document(signer: _Signer, document_id: str) -> Document:
    document = signer.index.documents.get(document_id)
    if document is None:
        raise HookError(f"unknown document id {document_id}")
    return document


def _commit_fields(
    repo: Repository,
    changes: list[tuple[Document, dict[str, str], str]],
    subject: str,
    trailers: list[str],
    sign: bool,
    what: str,
) -> str:
    """Write each document's fields and commit them together; on failure put every file back."""
    originals: dict[Path, bytes] = {}
    paths = [repo.prefix + document.path for document, _, _ in changes]
    try:
        for document, values, after in changes:
            path = repo.root / document.path
            originals[path] = path.read_bytes()
            text = apply(document.path, originals[path].decode("utf-8"), values, after=after)
            replace_file(path, text.encode("utf-8"), path.stat().st_mode & 0o7777)
        repo.git("add", "--", *paths)
        signing = ["-S"] if sign else []
        run(repo.top, "commit", "-q", "-m", subject, "-m", "\n".join(trailers), *signing, "--", *paths)
    except (OSError, UnicodeDecodeError, FrontMatterError, GitError) as error:
        for path, data in originals.items():
            replace_file(path, data, path.stat().st_mode & 0o7777)
        with contextlib.suppress(GitError):
            repo.git("reset", "-q", "--", *paths)
        raise HookError(f"the {what} was not recorded: {error}") from None
    return repo.git("rev-parse", "HEAD").decode().strip()


def approve(
    root: Path, ids: list[str], today: date, effective: date | None = None, sign: bool = False
) -> tuple[str, list[Approved]]:
    """Approve documents as the current git identity, in one commit; (commit, what was approved)."""
    signer = _signer(root, today, "approving")
    settings = signer.index.settings
    history = read_history(root, settings)
    documents = [_document(signer, document_id) for document_id in ids]
    for document in documents:
        _check_can_approve(signer.repo, document, signer.person.id, signer.email, settings, history)
    day = effective or today
    if day < today:
        raise HookError(f"the effective date {day} is before the approval date {today}")
    changes = []
    for document in documents:
        values = {
            "status": Status.APPROVED.value,
            "approved_by": signer.person.id,
            "approved_on": today.isoformat(),
            "effective": day.isoformat(),
        }
        if document.next_review is not None:  # a stated next review restarts from the new effective date
            months = document.review_cycle or settings.review_months(document.level)
            values["next_review"] = add_months(day, months).isoformat()
        changes.append((document, values, "status"))
    approved = [Approved(d.id, str(d.version), d.path) for d in documents]
    commit = _commit_fields(
        signer.repo,
        changes,
        "Approve " + ", ".join(f"{a.document_id} {a.version}" for a in approved),
        [f"Approved: {a.document_id} {a.version}" for a in approved],
        sign or settings.approvals_signed,
        "approval",
    )
    return commit, approved


def review(root: Path, ids: list[str], today: date) -> tuple[str, list[tuple[str, str, date]]]:
    """Record "reviewed, no change" by the approver: the next review moves on, the version stays.

    One commit authored by the reviewer, with a `Reviewed: ID VERSION` trailer per document.
    """
    signer = _signer(root, today, "recording a review")
    settings = signer.index.settings
    repo, person = signer.repo, signer.person
    planned: list[tuple[Document, date]] = []
    for document in (_document(signer, document_id) for document_id in ids):
        if document.status is not Status.APPROVED:
            raise HookError(f"{document.id} is {document.status.value}; only a document in force is reviewed")
        if not settings.is_member(person.id, document.approver):
            raise HookError(f"{person.id} is not a member of {document.id}'s approver role '{document.approver}'")
        _require_clean(repo, document)
        months = document.review_cycle or settings.review_months(document.level)
        planned.append((document, add_months(today, months)))
    changes = [
        (d, {"next_review": when.isoformat()}, "review_cycle" if "review_cycle" in dict(d.lines) else "status")
        for d, when in planned
    ]
    commit = _commit_fields(
        repo,
        changes,
        "Review " + ", ".join(f"{d.id} {d.version}" for d, _ in planned) + ": no change",
        [f"Reviewed: {d.id} {d.version}" for d, _ in planned],
        False,
        "review",
    )
    return commit, [(d.id, str(d.version), when) for d, when in planned]


def _require_clean(repo: Repository, document: Document) -> None:
    if repo.git("status", "--porcelain", "--", repo.prefix + document.path).strip():
        raise HookError(f"{document.path} has uncommitted changes; commit them (or stash them) first")


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
        raise HookError(
            f"{document.id} {document.version} is already approved; a change to it makes a new version to approve"
            " (edit and commit it first). If that approval was given before this repository used isms approve,"
            " isms verify takes it as recorded once approvals.since in isms.yml is at or after the commit that"
            " brought it in"
        )
    role = document.approver
    if not settings.is_member(person, role):
        raise HookError(f"{person} is not a member of {document.id}'s approver role '{role}' in isms.yml")
    _require_clean(repo, document)
    revisions = history.of(document.id)
    if not revisions or revisions[-1].version != str(document.version):
        raise HookError(f"{document.id} {document.version} is not committed yet; commit it before approving")
    authors = _authors_since_approval(revisions, len(revisions) - 1, settings)
    if person in authors or f"<{email.lower()}>" in authors:
        raise HookError(
            f"you wrote part of {document.id} {document.version}; another member of '{role}' must approve it"
            " (separation of duties)"
        )
    strangers = sorted(author for author in authors if author.startswith("<"))
    if strangers:
        raise HookError(
            f"{document.id} {document.version} was written in part by {', '.join(strangers)}, who is no person of"
            " isms.yml; add the address to its author's git: list (an approved change of isms.yml) before approving"
        )


def _authors_since_approval(revisions: tuple[Revision, ...], position: int, settings: Settings) -> set[str]:
    """Everyone who wrote content in the revisions since the last approved one, as people: a person
    of isms.yml by id, whichever of their addresses they committed with; anyone else by address."""
    authors: set[str] = set()
    for revision in reversed(revisions[: position + 1]):
        if revision is not revisions[position] and revision.was_approved:
            break
        for change in revision.changes:
            if change.content:
                person = settings.person_by_email(change.commit.author_email)
                authors.add(person.id if person else f"<{change.commit.author_email.lower()}>")
    return authors


def verify(root: Path, today: date) -> list[Diagnostic]:
    """Every approval in the history and in the working copy, checked against the rules."""
    report = Report()
    checked = check(root, today)
    if checked.index is None:
        return checked.diagnostics
    settings = checked.index.settings
    history = read_history(root, settings)
    if history.shallow:  # every approval older than the clone would look unrecorded: say why, once
        report.add(
            codes.VERIFY_SHALLOW,
            Location(SETTINGS_FILE),
            "this is a shallow clone, so the commits that approved older versions are missing",
            "fetch the whole history first (git fetch --unshallow; in CI, fetch-depth: 0 or GIT_DEPTH: 0)",
        )
        return report.finalize()
    legacy = history.before_baseline
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
    for revisions in history.revisions.values():
        for revision in revisions:
            _verify_reviews(revision, history, settings, legacy, checked.index.documents, report)
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


def _verify_reviews(
    revision: Revision,
    history: History,
    current: Settings,
    legacy: frozenset[str],
    documents: dict[str, Document],
    report: Report,
) -> None:
    """A next review date moved without a new version must come from a review by the approver role."""
    document = documents.get(revision.document_id)
    previous = revision.first
    for change in revision.changes[1:]:
        moved = change.value("next_review") != previous.value("next_review")
        previous = change
        if change.content or not moved or change.commit.sha in legacy:
            continue
        commit = change.commit
        what = f"{revision.document_id} {revision.version} (commit {commit.short})"
        location = _where(document, change, "next_review")
        label = f"{revision.document_id} {revision.version}"
        if label in commit.trailer_values("Approved"):
            continue  # an approval restarts the review cycle; _verify_one checks it
        if label not in commit.trailer_values("Reviewed"):
            report.add(
                codes.VERIFY_REVIEW,
                location,
                f"{what}: next_review was moved by hand, not by a review commit",
                "reviews are recorded with isms review by a member of the approver role",
            )
            continue
        then = _settings_then(history, commit.sha, current)
        person = then.person_by_email(commit.author_email)
        role = change.value("approver") or (document.approver if document else "")
        if person is None or not then.is_member(person.id, role):
            who = person.id if person else f"<{commit.author_email}>"
            report.add(
                codes.VERIFY_REVIEW,
                location,
                f"{what}: reviewed by {who}, who was not a member of the approver role '{role}' at that commit",
            )


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
    location = _where(document, change, "status")
    what = f"{revision.document_id} {revision.version} (commit {commit.short})"
    if f"{revision.document_id} {revision.version}" not in commit.trailer_values("Approved"):
        report.add(
            codes.VERIFY_UNRECORDED,
            location,
            f"{what} was set to approved by hand, not by an approval commit",
            "undo the status change and let the approver run isms approve; if it was approved before this"
            f" repository used isms approve (an adopted or imported document), declare that in isms.yml:"
            f" approvals: {{since: {commit.short}}}",
        )
        return
    then = _settings_then(history, commit.sha, current)
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
    authors = _authors_since_approval(revisions, revision.number - 1, then)
    if person.id in authors:
        report.add(
            codes.VERIFY_AUTHOR,
            location,
            f"{what}: {person.id} approved a version they wrote part of (separation of duties)",
        )
    strangers = sorted(author for author in authors if author.startswith("<"))
    if strangers:
        report.add(
            codes.VERIFY_AUTHOR,
            location,
            f"{what}: written in part by {', '.join(strangers)}, who is no person of isms.yml, so separation of"
            " duties cannot be shown",
            "add the address to the author's git: list in isms.yml (in its own approved change)",
        )
    if current.approvals_signed and signatures.get(commit.sha, "N") not in ("G", "U"):
        report.add(codes.VERIFY_UNSIGNED, location, f"{what}: the approval commit has no good signature")


def _where(document: Document | None, change: Change, field: str) -> Location:
    """The field's line in the working copy, or the path the change had when the document is gone."""
    if document is None:
        return Location(change.path, 1, 1)
    return Location(document.path, document.line_of(field), 1)


def _settings_then(history: History, sha: str, current: Settings) -> Settings:
    """isms.yml as it stood at a commit (the current one if that text cannot be read)."""
    return _read_settings_text(history.settings_text_at(sha)) or current


@lru_cache(maxsize=32)
def _read_settings_text(text: str) -> Settings | None:
    """Parsed once per distinct text: every approval and review since the last change shares it."""
    return read_settings(text, Report())
