"""`isms verify`: every approval and review in the history checked against the rules, offline.

- every version that became approved did so in an approval commit for that version;
- its author is the person named in approved_by, and was a member of the document's approver role
  in isms.yml as it was at that commit;
- the approver wrote no part of the version (separation of duties);
- when isms.yml asks for it, the approval commit has a good GPG or SSH signature;
- a next_review moved only in a review commit by someone in the approver role.

Approvals made before `approvals.since` in isms.yml (a date or a commit) predate this workflow
and are taken as recorded in the front matter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from isms.change.approval import authors_since_approval
from isms.change.settings_control import Control, read_control, settings_of
from isms.core import diagnostics as codes
from isms.core.diagnostics import Diagnostic, Location, Report
from isms.core.keys import key_fingerprint
from isms.core.model import Document, Status
from isms.core.revisions import Change, History, Revision
from isms.core.settings import ROOT, Person, Settings
from isms.git.history import before_baseline, read_history
from isms.git.signatures import Signature, signatures
from isms.read.settings import SETTINGS_FILE
from isms.read.yamltree import Mapping as YamlMapping
from isms.read.yamltree import parse
from isms.resolve.check import check


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
    if not _baseline_found(settings.approvals_since, history):  # every approval would look unrecorded: say why
        report.add(
            codes.VERIFY_BASELINE,
            Location(SETTINGS_FILE, _since_line(root)),
            f"approvals.since names {settings.approvals_since}, which is no commit of this repository (a copy"
            " of another repository's isms.yml, or history rewritten), so no approval can be taken as recorded",
            "set it to the commit that brought the ISMS into this repository (git rev-parse HEAD after that"
            " commit), or to the date from which approvals are recorded with isms approve",
        )
        return report.finalize()
    control = read_control(root, history)
    _verify_settings(control, report)
    legacy = history.before_baseline
    approved_now = control.settings_at("", settings)
    if approved_now.approvals_since != settings.approvals_since:  # a moved baseline counts once approved
        legacy = before_baseline(root, approved_now, history)
    approvals: list[tuple[Revision, Change]] = []
    for revisions in history.revisions.values():
        for revision in revisions:
            previous = None
            for change in revision.changes:
                becomes = change.status == Status.APPROVED.value and (previous is None or previous != "approved")
                if becomes and change.commit.sha not in legacy:
                    approvals.append((revision, change))
                previous = change.status
    shas = [c.commit.sha for _, c in approvals]
    signed = signatures(root, shas, _everyone(control, settings)) if settings.approvals_signed else {}
    for revision, change in approvals:
        then = control.settings_at(change.commit.sha, settings)
        _verify_one(revision, change, history, then, checked.index.documents, report)
        if settings.approvals_signed:
            document = checked.index.documents.get(revision.document_id)
            _verify_signer(revision, change, signed.get(change.commit.sha), then, document, report)
    for revisions in history.revisions.values():
        for revision in revisions:
            _verify_reviews(
                revision,
                lambda sha: control.settings_at(sha, settings),
                legacy,
                checked.index.documents,
                report,
            )
            _verify_text(revision, history, checked.index.documents, report)
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


def _baseline_found(since: str, history: History) -> bool:
    """Whether approvals.since is unset, `root`, a date, or a commit of this repository: the commits before a
    commit that git knows hold at least that commit (git/history.py, before_baseline)."""
    if not since or since == ROOT:
        return True
    try:
        date.fromisoformat(since)
    except ValueError:
        return bool(history.before_baseline)
    return True


def _since_line(root: Path) -> int:
    """The line of `approvals: since:` in isms.yml, as its located tree has it (0 when unknown)."""
    try:
        tree, _ = parse((root / SETTINGS_FILE).read_text(encoding="utf-8"), SETTINGS_FILE)
    except (OSError, UnicodeDecodeError):
        return 0
    approvals = tree.get("approvals") if isinstance(tree, YamlMapping) else None
    key = approvals.key("since") if isinstance(approvals, YamlMapping) else None
    return key.line if key is not None else 0


def _verify_settings(control: Control, report: Report) -> None:
    """Changes of isms.yml's controlled sections that no valid approval followed, and approvals that do not count."""
    where = Location(SETTINGS_FILE)
    for pending in control.pending:
        commit = pending.commit
        report.add(
            codes.VERIFY_SETTINGS,
            where,
            f"commit {commit.short} by {commit.author} <{commit.author_email}> changed {', '.join(pending.sections)}"
            f" in isms.yml, and no approval by the role '{control.role}' followed",
            f"a member of '{control.role}' who did not write the change runs isms approve isms.yml",
        )
    for refusal in control.refused:
        report.add(
            codes.VERIFY_SETTINGS,
            where,
            f"commit {refusal.commit.short} approves isms.yml but does not count: {refusal.reason}",
        )


def _verify_text(revision: Revision, history: History, documents: dict[str, Document], report: Report) -> None:
    """The approved text stays the approved text: a later commit of the same version (one past the hooks, or a
    merge resolution) that changes it is reported, since the site and the PDFs would show it as approved."""
    approval = revision.approval
    if approval is None:
        return
    for change in history.changed_after_approval(revision):
        commit = change.commit
        merge = " (a merge)" if len(commit.parents) > 1 else ""
        report.add(
            codes.VERIFY_CHANGED,
            _where(documents.get(revision.document_id), change, "version"),
            f"{revision.document_id} {revision.version}: commit {commit.short}{merge} by {commit.author}"
            f" <{commit.author_email}> changed the text approved in commit {approval.commit.short}"
            " without a new version",
            "revert the change, or commit it as a new version (the hook stamps one) and have it approved",
        )


def _verify_reviews(
    revision: Revision,
    settings_at: Callable[[str], Settings],
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
        then = settings_at(commit.sha)
        person = then.person_by_email(commit.author_email)
        role = change.value("approver") or (document.approver if document else "")
        if person is None or not then.is_member(person.id, role):
            who = person.id if person else f"<{commit.author_email}>"
            report.add(
                codes.VERIFY_REVIEW,
                location,
                f"{what}: reviewed by {who}, who was not a member of the approver role '{role}' at that commit",
            )


def _everyone(control: Control, current: Settings) -> tuple[Person, ...]:
    """Every person any approved isms.yml has listed, with their keys, by id (the latest entry wins)."""
    people: dict[str, Person] = {}
    for _, text in control.approved:
        approved = settings_of(text)
        if approved is not None:
            people.update((p.id, p) for p in approved.people)
    return tuple(people.values()) or current.people


def _verify_signer(
    revision: Revision,
    change: Change,
    signature: Signature | None,
    then: Settings,
    document: Document | None,
    report: Report,
) -> None:
    """A signed approval counts when it is signed with one of the approver's own keys of isms.yml."""
    commit = change.commit
    what = f"{revision.document_id} {revision.version} (commit {commit.short})"
    location = _where(document, change, "status")
    if signature is None or not signature.good:
        report.add(codes.VERIFY_UNSIGNED, location, f"{what}: the approval commit has no good signature")
        return
    person = then.person_by_email(commit.author_email)
    keys = {key_fingerprint(k) for k in person.signing_keys} if person else set()
    if not keys & set(signature.fingerprints):
        who = person.id if person else f"<{commit.author_email}>"
        report.add(
            codes.VERIFY_SIGNER,
            location,
            f"{what}: signed with key {signature.fingerprints[0] if signature.fingerprints else '?'}, which is not"
            f" one of {who}'s signing_keys in isms.yml",
            "each approver signs with their own key, listed under their entry in people: (signing_keys)",
        )


def _verify_one(
    revision: Revision,
    change: Change,
    history: History,
    then: Settings,
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
    authors = authors_since_approval(revisions, revision.number - 1, then)
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


def _where(document: Document | None, change: Change, field: str) -> Location:
    """The field's line in the working copy, or the path the change had when the document is gone."""
    if document is None:
        return Location(change.path, 1, 1)
    return Location(document.path, document.line_of(field), 1)
