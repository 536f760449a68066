"""The auditor's pages: each document's history, each version as it was, and what changed when.

Old versions are rendered from the text git holds for them; they are left out of the search index
so that staff searching the intranet find the rules in force, not superseded wording.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from isms.core.model import Document
from isms.core.revisions import Change, Commit, History, Revision, SettingsChange, trailer_summary
from isms.render import links
from isms.render.diff import changed_lines, compare, to_html
from isms.render.redline import HTML_MARKS, field_changes, redline
from isms.render.revision_rows import (
    ADOPTED_SUMMARY,
    BEFORE_ADOPTION,
    RevisionRow,
    adopted_commit,
    before_rows,
    rows,
)
from isms.resolve.archive import Archive
from isms.resolve.index import Index, document_sort_key
from isms.site.in_force import in_force_data


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


class HistoryPages:
    def __init__(
        self,
        index: Index,
        history: History,
        page: Callable[..., Any],
        render_body: Callable[[Document, str], str],
        archived: Mapping[str, str],
        archive: Archive,
        files_root: str = "",
    ) -> None:
        self.index = index
        self.history = history
        self.archive = archive
        self.settings = index.settings
        self._page = page
        self._render_body = render_body
        self.archived = archived  # "ID-vVERSION" -> published file name
        self.files_root = files_root  # from the site's root to the folder holding pdf/
        self._row_cache: dict[str, list[RevisionRow]] = {}

    def _rows(self, document_id: str) -> list[RevisionRow]:
        """A document's revision rows, oldest first, computed once for its page, history and versions."""
        if document_id not in self._row_cache:
            self._row_cache[document_id] = rows(self.history, document_id, self.settings, newest_first=False)
        return self._row_cache[document_id]

    def revision_rows(self, document: Document) -> list[dict[str, str]]:
        """The revision-history table of a document page, newest first, each row linked to its version."""
        result = []
        for row in reversed(self._rows(document.id)):
            result.append({**row.__dict__, "uri": links.version_uri(document.id, row.version)})
        return result

    def pages(self) -> list[Any]:
        pages = []
        for document in self.index.corpus.documents:
            revisions = self.history.of(document.id)
            if not revisions:
                continue
            pages.append(self._document_history(document, revisions))
            pages += [self._version(document, revision) for revision in revisions]
        pages.append(self._changes())
        pages += self._in_force()
        return pages

    def _in_force(self) -> list[Any]:
        """The "in force on a date" page and the small JSON it reads: the visible documents only."""
        documents = in_force_data(
            [
                (d, self._rows(d.id))
                for d in sorted(self.index.corpus.documents, key=document_sort_key)
                if self.history.of(d.id)
            ],
            lambda document_id, version: links.url(links.IN_FORCE, links.version_uri(document_id, version)),
            lambda document_id, version, suffix: self._pdf_of_version(document_id, version, links.IN_FORCE, suffix),
        )
        page = self._page(
            links.IN_FORCE,
            "In force on a date",
            "in_force.md.j2",
            data_url=links.file_url(links.IN_FORCE, links.IN_FORCE_DATA),
            available=self.history.available,
            count=len(documents),
        )
        text = json.dumps({"documents": documents}, ensure_ascii=False, sort_keys=True)
        # The JSON travels as one more generated file: a page object whose text is not Markdown.
        return [page, replace(page, uri=links.IN_FORCE_DATA, title="In force data", markdown=text, in_nav=False)]

    def _document_history(self, document: Document, revisions: tuple[Revision, ...]) -> Any:
        uri = links.history_uri(document.id)
        entries = []
        for revision, row in zip(reversed(revisions), reversed(self._rows(document.id)), strict=True):
            entries.append(
                {
                    "row": row,
                    "revision": revision,
                    "uri": links.version_uri(document.id, revision.version),
                    "pdf": self._pdf_of(document, revision, uri),
                    "redline": self._pdf_of(document, revision, uri, "-redline"),
                    "moves": [c for c in revision.changes if c.moved_from],
                    "reviews": [
                        (c, self.settings.display_name(c.commit.author_email, c.commit.author))
                        for c in revision.reviews
                    ],
                }
            )
        return self._page(
            uri,
            f"History of {document.id} {document.title}",
            "history.md.j2",
            in_nav=False,
            document=document,
            entries=entries,
            current_version=str(document.version),
            shallow=self.history.shallow,
            before=before_rows(self.history, document.id, self.settings),
        )

    def _version(self, document: Document, revision: Revision) -> Any:
        uri = links.version_uri(document.id, revision.version)
        text = self.history.text(revision.last)
        previous = self.history.previous(revision)
        hunks = compare(self.history.text(previous.last), text) if previous else []
        removed, added = changed_lines(hunks)
        old = self.archive.version(document, revision.last)
        body = self._render_body(old, uri) if old else ""
        marked = ""
        if previous is not None:
            before = self.archive.version(document, previous.last)
            old_body = self._render_body(before, uri) if before else ""
            marked = redline(_without_ids(old_body), _without_ids(body), HTML_MARKS, _GAP)
        later = self.history.of(document.id)[revision.number :]
        return self._page(
            uri,
            f"{document.id} version {revision.version}",
            "version.md.j2",
            in_nav=False,
            document=document,
            old=old,
            revision=revision,
            row=self._rows(document.id)[revision.number - 1],
            previous=previous,
            diff=to_html(hunks) if previous else "",
            redline=marked,
            fields=field_changes(previous.last.values, revision.last.values) if previous else [],
            redline_pdf=self._pdf_of(document, revision, uri, "-redline"),
            removed=removed,
            added=added,
            body=body,
            current=str(document.version) == revision.version and not later,
            later=later,
            pdf=self._pdf_of(document, revision, uri),
        )

    def _pdf_of(self, document: Document, revision: Revision, page_uri: str, suffix: str = "") -> str:
        """The URL of the controlled PDF of this version (the current one, or its archived copy), or with
        suffix "-redline" of its redline against the version before."""
        return self._pdf_of_version(document.id, revision.version, page_uri, suffix)

    def _pdf_of_version(self, document_id: str, version: str, page_uri: str, suffix: str = "") -> str:
        name = self.archived.get(f"{document_id}-v{version}{suffix}")
        return links.file_url(page_uri, f"{self.files_root}pdf/{name}") if name else ""

    def _changes(self) -> Any:
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
                    self._author(change.commit),
                    self._approval_of(change) if kind in ("new", "revised") else "",
                )
            )
        entries += [self._settings_entry(c) for c in self.history.settings_changes if self._shown(c)]
        if adopted:  # how the ISMS came into the repository: one line, not one per document and commit
            newest = max(adopted.values(), key=lambda c: (c.commit.committed, c.commit.sha))
            shown = tuple(sorted((i for i in adopted if i in self.index.documents), key=self._order))
            title = f"{len(adopted)} documents"
            entry = ChangeEntry(newest, "adopted", title, "", ADOPTED_SUMMARY, "adopted", BEFORE_ADOPTION, "", shown)
            entries.append(entry)
        entries.sort(key=lambda e: (e.change.commit.committed, e.change.commit.sha, e.change.document_id), reverse=True)
        months: dict[str, list[ChangeEntry]] = {}
        for entry in entries:
            months.setdefault(entry.change.commit.date.strftime("%Y-%m"), []).append(entry)
        return self._page(
            links.CHANGES,
            "What changed",
            "changes.md.j2",
            months=months,
            shallow=self.history.shallow,
            available=self.history.available,
            from_commits=any(e.source == "commit" for e in entries),
        )

    def _approval_of(self, change: Change) -> str:
        """Who approved the version a change wrote, and when; "not approved" when nobody did."""
        revision = self.history.revision(change.document_id, change.version)
        if revision is None:
            return ""
        return self._rows(change.document_id)[revision.number - 1].approver or "not approved"

    def _order(self, document_id: str) -> tuple[object, ...]:
        return document_sort_key(self.index.documents[document_id])

    def _author(self, commit: Commit) -> str:
        return self.settings.display_name(commit.author_email, commit.author)

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
            return f"Reviewed, no change; next review {change.value('next_review')}", "event"
        if kind == "moved":
            return f"Moved from {change.moved_from} to {change.path}", "event"
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
            approved = f"{self._author(approval)}, {approval.date}"
        else:
            approved = _SETTINGS_STATES.get(change.state, change.state)
        entry = Change("isms.yml", change.commit, "isms.yml", "", (), True)
        summary = "; ".join(change.lines)
        author = self._author(change.commit)
        return ChangeEntry(entry, "settings", "Organization settings", "", summary, "author", author, approved)


_GAP = '<p class="isms-muted isms-redline-gap">…</p>'
_ID = re.compile(r'(<span class="isms-[a-z]+") id="[^"]*"')


def _without_ids(body: str) -> str:
    """A body for the redline: the anchors of its statements are the text's below, not the redline's."""
    return _ID.sub(r"\1", body)


_SETTINGS_STATES = {
    "not approved": "not approved",
    "recorded": "before isms.yml was controlled",
    "uncontrolled": "no approval needed",
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
