"""Approvals recorded in git: `isms approve` and `isms review` (change/verify.py checks them).

`isms approve` makes an approval commit authored by the approver: the document becomes approved,
with approved_by, approved_on and its effective date, and the commit carries an
`Approved: ID VERSION` trailer. Because the record is a commit, the history an auditor reads does
not depend on a hosting platform, and can be verified offline. `isms review` records a review that
changed nothing with a `Reviewed: ID VERSION` trailer and the next review date.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from isms.change import HookError
from isms.change.settings_control import digest, read_control, settings_of
from isms.core.files import replace_file
from isms.core.model import Document, Status, add_months
from isms.core.revisions import History, Revision
from isms.core.settings import Person, Settings
from isms.git.history import SETTINGS_APPROVAL, read_history
from isms.git.run import GitError, run
from isms.git.staging import Repository
from isms.read.frontmatter import FrontMatterError, apply
from isms.read.settings import SETTINGS_FILE
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
    in_force = _approved_settings(root, settings, history)  # a role grant counts once it is approved
    documents = [_document(signer, document_id) for document_id in ids]
    for document in documents:
        _check_can_approve(signer.repo, document, signer.person.id, signer.email, in_force, history)
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


def _approved_settings(root: Path, settings: Settings, history: History) -> Settings:
    """isms.yml as last approved, when its changes need approval (approvals.settings); else as it stands."""
    if not settings.approvals_settings or not history.head:
        return settings
    return read_control(root, history).settings_at("", settings)


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
        pending = " as last approved (a change to isms.yml awaits approval: isms approve isms.yml)"
        current = " in isms.yml" + (pending if settings.approvals_settings else "")
        raise HookError(f"{person} is not a member of {document.id}'s approver role '{role}'{current}")
    _require_clean(repo, document)
    revisions = history.of(document.id)
    if not revisions or revisions[-1].version != str(document.version):
        raise HookError(f"{document.id} {document.version} is not committed yet; commit it before approving")
    authors = authors_since_approval(revisions, len(revisions) - 1, settings)
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


def authors_since_approval(revisions: tuple[Revision, ...], position: int, settings: Settings) -> set[str]:
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


def approve_settings(root: Path, today: date, sign: bool = False) -> tuple[str, tuple[str, ...]]:
    """Approve the pending changes of isms.yml's controlled sections as the current git identity: an empty
    commit with an `Approved: isms.yml DIGEST` trailer; (commit, the sections approved)."""
    signer = _signer(root, today, "approving isms.yml")
    settings = signer.index.settings
    repo = signer.repo
    if repo.git("status", "--porcelain", "--", repo.prefix + SETTINGS_FILE).strip():
        raise HookError("isms.yml has uncommitted changes; commit them first, then approve what was committed")
    history = read_history(root, settings)
    control = read_control(root, history)
    if not control.role:
        raise HookError(
            "isms.yml names no role that approves its changes",
            "add approvals: {settings: ROLE} (e.g. top-management) to isms.yml; from then on changes to people,"
            " roles, audiences, classifications and approvals need that role's approval",
        )
    if not control.pending:
        raise HookError("isms.yml has no unapproved changes to people, roles, audiences, classifications or approvals")
    approved = settings_of(control.approved_text) or settings
    person = approved.person_by_email(signer.email)
    if person is None or not approved.is_member(person.id, control.role):
        raise HookError(f"{signer.person.id} is not a member of the role '{control.role}' that approves isms.yml")
    if person.id in control.pending_authors(approved):
        raise HookError(f"you wrote part of the change to isms.yml, so another member of '{control.role}' approves it")
    sections = tuple(dict.fromkeys(s for p in control.pending for s in p.sections))
    signing = ["-S"] if sign or settings.approvals_signed else []
    message = f"Approve isms.yml: {', '.join(sections)}"
    trailer = f"Approved: {SETTINGS_APPROVAL} {digest(control.pending[-1].text)}"
    run(repo.top, "commit", "-q", "--allow-empty", "-m", message, "-m", trailer, *signing)
    return repo.git("rev-parse", "HEAD").decode().strip(), sections
