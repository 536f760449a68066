"""The auditor's pages: each document's history, each version as it was, and what changed when.

Old versions are rendered from the text git holds for them; they are left out of the search index
so that staff searching the intranet find the rules in force, not superseded wording.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from isms.core.model import Document
from isms.core.revisions import Change, History, Revision
from isms.render import links
from isms.render.diff import changed_lines, compare, to_html
from isms.render.revision_rows import RevisionRow, before_rows, rows
from isms.resolve.archive import Archive
from isms.resolve.index import Index


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the "What changed" page."""

    change: Change
    kind: str  # new, revised, moved, approved, status
    title: str
    version_uri: str
    summary: str


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
        return pages

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
            removed=removed,
            added=added,
            body=body,
            current=str(document.version) == revision.version and not later,
            later=later,
            pdf=self._pdf_of(document, revision, uri),
        )

    def _pdf_of(self, document: Document, revision: Revision, page_uri: str) -> str:
        """The URL of the controlled PDF of this version: the current one, or its archived copy."""
        name = self.archived.get(f"{document.id}-v{revision.version}")
        return links.file_url(page_uri, f"{self.files_root}pdf/{name}") if name else ""

    def _changes(self) -> Any:
        entries: list[ChangeEntry] = []
        for change in self.history.changes():
            document = self.index.documents.get(change.document_id)
            title = document.title if document else change.value("title")
            kind = _kind(change, self.history)
            if not kind:
                continue
            entries.append(
                ChangeEntry(
                    change,
                    kind,
                    title,
                    links.version_uri(change.document_id, change.version) if document else "",
                    change.commit.subject,
                )
            )
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
            display_name=self.settings.display_name,
        )


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
    return "status" if change.status else ""
