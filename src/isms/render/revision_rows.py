"""Revisions as the revision-history tables on pages and in PDFs show them: one row per version, newest first,
with its date, authors, approver and change summary, and the commits from before a document was imported."""

from __future__ import annotations

from dataclasses import dataclass

from isms.core.revisions import History
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

    def cells(self) -> list[str]:
        return [self.version, self.date, self.author, self.approver, self.summary, self.commit[:8]]


BEFORE_ADOPTION = "before adoption"


def before_rows(history: History, document_id: str, settings: Settings, newest_first: bool = True) -> list[RevisionRow]:
    """The commits of the file a document was imported from, as rows under its own revisions."""
    result = [
        RevisionRow(
            "—",
            commit.date.isoformat(),
            BEFORE_ADOPTION,
            settings.display_name(commit.author_email, commit.author),
            "",
            commit.subject,
            commit.sha,
        )
        for commit in history.before.get(document_id, ())
    ]
    return result[::-1] if newest_first else result


def rows(history: History, document_id: str, settings: Settings, newest_first: bool = True) -> list[RevisionRow]:
    result = []
    for revision in history.of(document_id):
        authors = [settings.display_name(c.commit.author_email, c.commit.author) for c in revision.authored]
        approver = ""
        adopted = False
        if revision.approved_by:
            person = settings.person(revision.approved_by)
            approver = f"{person.name if person else revision.approved_by}, {revision.approved_on}".strip(", ")
            adopted = revision.approval is not None and revision.approval.commit.sha in history.before_baseline
            if adopted:
                approver += f" ({BEFORE_ADOPTION})"
        result.append(
            RevisionRow(
                revision.version,
                revision.date.isoformat(),
                revision.status,
                ", ".join(dict.fromkeys(authors)),
                approver,
                revision.summary,
                revision.last.commit.sha,
                revision.approval.commit.sha if revision.approval and revision.approved_by else "",
                adopted,
            )
        )
    return result[::-1] if newest_first else result
