"""Revisions as the revision-history tables on pages and in PDFs show them: one row per version, newest first,
with its date, authors, approver and change summary, and the commits from before a document was imported."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from isms.core.labels import Labels
from isms.core.revisions import Commit, History, Revision
from isms.core.settings import Settings


@dataclass(frozen=True)
class RevisionRow:
    """A revision as the revision-history tables on pages and in PDFs show it."""

    version: str
    date: str
    status: str
    author: str
    approver: str
    summary: str
    commit: str
    approval_commit: str = ""  # the commit that approved this version
    approved_before_adoption: bool = False  # before approvals.since: taken as recorded, not verified
    approved_by: str = ""  # the approver's name, without the date
    approved_on: str = ""
    effective_from: str = ""  # "" when the version never came into force
    effective_to: str = ""  # "" while it is in force (or never was)
    superseded_by: str = ""  # the version that replaced it in force
    state: str = ""  # in force, superseded, retired, draft, in review, not approved (a later version replaced it)
    summary_source: str = "commit"  # author, field, adopted or commit (see History.change_summary)
    recorded: str = ""  # the date of the commit that recorded the version, when it differs from its date

    def cells(self) -> list[str]:
        """The row of a PDF's revision table (an archived copy's control block says when it was in force)."""
        return [self.version, self.date, self.author, self.approver, self.summary, self.commit[:8]]

    @property
    def period(self) -> str:
        """When the version was in force, as a table shows it: "2026-07-01 – 2026-11-21", "since 2026-12-02"."""
        if not self.effective_from:
            return "never in force"
        return f"{self.effective_from} – {self.effective_to}" if self.effective_to else f"since {self.effective_from}"


BEFORE_ADOPTION = "before adoption"
ADOPTED_SUMMARY = "Adopted: the version in force when the ISMS was brought into this repository"
IN_FORCE, SUPERSEDED, RETIRED, NOT_APPROVED = "in force", "superseded", "retired", "not approved"


def before_rows(
    history: History, document_id: str, settings: Settings, newest_first: bool = True, labels: Labels | None = None
) -> list[RevisionRow]:
    """The commits of the file a document was imported from, as rows under its own revisions (people's names
    in the language of `labels`, when given)."""
    language = labels.language if labels else ""
    result = [
        RevisionRow(
            "—",
            commit.date.isoformat(),
            BEFORE_ADOPTION,
            author_name(settings, commit, language),
            "",
            commit.subject,
            commit.sha,
        )
        for commit in history.before.get(document_id, ())
    ]
    return result[::-1] if newest_first else result


def rows(
    history: History, document_id: str, settings: Settings, newest_first: bool = True, labels: Labels | None = None
) -> list[RevisionRow]:
    """One row per version, with when it was in force, what replaced it and its state at the end of the history.

    With `labels`, the words a row carries (an adoption, an approval) are in their language, and so are
    people's names where isms.yml gives them in it; without, they are English, as the PDFs print them."""
    language = labels.language if labels else ""
    before_adoption = labels("history.before_adoption") if labels else BEFORE_ADOPTION
    revisions = history.of(document_id)
    succession = _succession(revisions)
    result = []
    for position, revision in enumerate(revisions):
        approval = revision.approval
        approved_by = approval.value("approved_by") if approval else ""
        approved_on = approval.value("approved_on") if approval else ""
        approver = name = ""
        adopted = False
        if approval is not None and approved_by:
            name = settings.title_of("person", approved_by, language)
            if labels is None:
                approver = f"{name}, {approved_on}".strip(", ")
            else:
                approver = labels("history.approval", person=name, date=approved_on) if approved_on else name
            adopted = approval.commit.sha in history.before_baseline
            if adopted:
                approver += labels("history.approved_before_adoption") if labels else f" ({BEFORE_ADOPTION})"
        summary, source = history.change_summary(revision)
        if source == "adopted":  # before the baseline, but written by one of the people: theirs to describe
            summary, source = revision.summary, "commit"
        if _adopted(history, revision, settings):
            authors = [before_adoption]
            summary, source = labels("history.adopted_summary") if labels else ADOPTED_SUMMARY, "adopted"
        else:
            authors = [author_name(settings, c.commit, language) for c in revision.authored]
        effective_from = revision.effective_from
        until, successor = succession.get(revision.number, ("", ""))
        recorded = revision.authored[-1].commit.date
        result.append(
            RevisionRow(
                revision.version,
                revision.revised.isoformat(),
                revision.status,
                (labels("history.separator") if labels else ", ").join(dict.fromkeys(authors)),
                approver,
                summary,
                revision.last.commit.sha,
                approval.commit.sha if approval is not None and approved_by else "",
                adopted,
                approved_by=name,
                approved_on=approved_on if approved_by else "",
                effective_from=effective_from.isoformat() if effective_from else "",
                effective_to=until,
                superseded_by=successor,
                state=_state(revision, position == len(revisions) - 1, bool(until), successor),
                summary_source=source,
                recorded=recorded.isoformat() if recorded != revision.revised else "",
            )
        )
    return result[::-1] if newest_first else result


def author_name(settings: Settings, commit: Commit, language: str = "") -> str:
    """Who made a commit: one of the ISMS's people by their name in `language` (as isms.yml writes it when
    it gives none), anyone else by the name git recorded."""
    person = settings.person_by_email(commit.author_email)
    return settings.title_of("person", person.id, language) if person else commit.author


def adopted_commit(history: History, commit: Commit, settings: Settings) -> bool:
    """A commit of how the ISMS was brought into the repository: before approvals.since, by someone who is
    not one of its people (a change one of them made before the baseline is theirs, and shown as such)."""
    return commit.sha in history.before_baseline and settings.person_by_email(commit.author_email) is None


def _adopted(history: History, revision: Revision, settings: Settings) -> bool:
    return history.adopted(revision) and all(adopted_commit(history, c.commit, settings) for c in revision.authored)


def _succession(revisions: tuple[Revision, ...]) -> dict[int, tuple[str, str]]:
    """For each approved version, when it went out of force and the version that replaced it: the next
    approved version (from its effective date), or the change that retired the document."""
    found: dict[int, tuple[str, str]] = {}
    approved = [r for r in revisions if r.effective_from is not None]
    for current, following in pairwise(approved):
        found[current.number] = (str(following.effective_from), following.version)
    if approved and revisions[-1].status == RETIRED:
        last = approved[-1]
        if last.number not in found:
            retiring = next((c for c in revisions[-1].changes if c.status == RETIRED), revisions[-1].last)
            found[last.number] = (retiring.commit.date.isoformat(), "")
    return found


def _state(revision: Revision, newest: bool, ended: bool, successor: str) -> str:
    if revision.effective_from is not None:
        if ended:
            return SUPERSEDED if successor else RETIRED
        return IN_FORCE if revision.status == "approved" else revision.status
    if newest:
        return revision.status
    return NOT_APPROVED
