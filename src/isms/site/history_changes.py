"""The "What changed" page's entries: every change to a controlled document and to the controlled
sections of isms.yml, newest first, grouped by month, in the words of the site's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from isms.core.labels import Labels
from isms.core.revisions import Change, Commit, History, SettingsChange, trailer_summary
from isms.render import links
from isms.render.revision_rows import RevisionRow, adopted_commit, author_name
from isms.resolve.index import Index, document_sort_key


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the "What changed" page."""

    change: Change
    kind: str  # new, revised, moved, approved, reviewed, status, adopted, settings (isms.yml)
    title: str
    version_uri: str
    summary: str
    source: str = "commit"  # where the summary comes from: author, field, event, adopted or commit
    author: str = ""
    approved: str = ""  # who approved the version (or the change of isms.yml), "not approved", or why nobody had to
    documents: tuple[str, ...] = ()  # for the adoption: the documents it brought in


class ChangeLog:
    """The entries of "What changed", from the history of a build; `rows` gives a document's revision rows,
    oldest first, as the history pages show them."""

    def __init__(self, index: Index, history: History, words: Labels, rows: Callable[[str], list[RevisionRow]]) -> None:
        self.index = index
        self.history = history
        self.settings = index.settings
        self.words = words
        self._rows = rows

    def months(self) -> dict[str, list[ChangeEntry]]:
        """The entries, newest first, by month ("2026-11")."""
        entries: list[ChangeEntry] = []
        adopted: dict[str, Change] = {}  # document -> the newest change that brought it in
        for change in self.history.changes():
            document = self.index.documents.get(change.document_id)
            title = document.title if document else change.value("title")
            uri = links.version_uri(change.document_id, change.version) if document else ""
            if adopted_commit(self.history, change.commit, self.settings):
                adopted.setdefault(change.document_id, change)
                continue
            kind = _kind(change, self.history)
            if not kind:
                continue
            entries.append(
                ChangeEntry(
                    change,
                    kind,
                    title,
                    uri,
                    *self._summary(change, kind),
                    self.author(change.commit),
                    self._approval_of(change) if kind in ("new", "revised") else "",
                )
            )
        entries += [self._settings_entry(c) for c in self.history.settings_changes if self._shown(c)]
        if adopted:  # how the ISMS came into the repository: one line, not one per document and commit
            newest = max(adopted.values(), key=lambda c: (c.commit.committed, c.commit.sha))
            shown = tuple(sorted((i for i in adopted if i in self.index.documents), key=self._order))
            title = self.words("history.changes.documents", count=len(adopted))
            summary = self.words("history.adopted_summary")
            before = self.words("history.before_adoption")
            entries.append(ChangeEntry(newest, "adopted", title, "", summary, "adopted", before, "", shown))
        entries.sort(key=lambda e: (e.change.commit.committed, e.change.commit.sha, e.change.document_id), reverse=True)
        months: dict[str, list[ChangeEntry]] = {}
        for entry in entries:
            months.setdefault(entry.change.commit.date.strftime("%Y-%m"), []).append(entry)
        return months

    def author(self, commit: Commit) -> str:
        return author_name(self.settings, commit, self.words.language)

    def _approval_of(self, change: Change) -> str:
        """Who approved the version a change wrote, and when; "not approved" when nobody did."""
        revision = self.history.revision(change.document_id, change.version)
        if revision is None:
            return ""
        return self._rows(change.document_id)[revision.number - 1].approver or self.words("history.not_approved")

    def _order(self, document_id: str) -> tuple[object, ...]:
        return document_sort_key(self.index.documents[document_id])

    def _summary(self, change: Change, kind: str) -> tuple[str, str]:
        """(summary, source) of one change: the author's for a revision, what happened for the rest."""
        revision = self.history.revision(change.document_id, change.version)
        if kind in ("new", "revised") and revision is not None:
            given = trailer_summary(change.commit, change.document_id)
            if given:
                return given, "author"
            summary, source = self.history.change_summary(revision)
            if source in ("author", "field"):
                return summary, source
        if kind == "approved":
            return change.commit.subject, "event"  # the approval commit's own subject ("Approve POL-001 2.2")
        if kind == "reviewed":
            return self.words("history.changes.reviewed", date=change.value("next_review")), "event"
        if kind == "moved":
            return self.words("history.changes.moved", old=change.moved_from, new=change.path), "event"
        return change.commit.subject, "commit"

    def _shown(self, change: SettingsChange) -> bool:
        """A change of isms.yml is listed unless it was part of setting the repository up: made before
        isms.yml was controlled by someone who is not one of the ISMS's people."""
        if change.commit.sha in self.history.before_baseline:
            return False
        return change.state != "recorded" or self.settings.person_by_email(change.commit.author_email) is not None

    def _settings_entry(self, change: SettingsChange) -> ChangeEntry:
        approval = change.approval
        if approval is not None:
            approved = self.words("history.approval", person=self.author(approval), date=approval.date)
        else:
            state = _SETTINGS_STATES.get(change.state)
            approved = self.words(state) if state else change.state
        entry = Change("isms.yml", change.commit, "isms.yml", "", (), True)
        summary = "; ".join(change.lines)
        author = self.author(change.commit)
        title = self.words("history.changes.settings_title")
        return ChangeEntry(entry, "settings", title, "", summary, "author", author, approved)


_SETTINGS_STATES = {
    "not approved": "history.not_approved",
    "recorded": "history.changes.before_control",
    "uncontrolled": "history.changes.no_approval_needed",
}


def _kind(change: Change, history: History) -> str:
    if change.first:
        return "new"
    if change.moved_from and not change.content:
        return "moved"
    if change.content:
        return "revised"
    revision = history.revision(change.document_id, change.version)
    if revision and revision.approval is change:
        return "approved"
    if revision and change in revision.reviews:
        return "reviewed"
    later = revision.changes[1:] if revision else ()
    earlier = revision.changes[revision.changes.index(change) - 1] if revision and change in later else None
    if earlier is not None and earlier.status == change.status:
        return ""  # control fields only, the status unchanged (an acknowledgement list, a next review date)
    return "status" if change.status else ""
