"""The auditor's pages: each document's history, each version as it was, and what changed when.

Old versions are rendered from the text git holds for them; they are left out of the search index
so that staff searching the intranet find the rules in force, not superseded wording.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from isms.core.model import Document
from isms.core.revisions import History, Revision
from isms.read.labels import labels_in
from isms.render import links
from isms.render.diff import Hunk, changed_lines, compare, to_html
from isms.render.redline import field_changes, html_marks, redline
from isms.render.revision_rows import RevisionRow, author_name, before_rows, rows
from isms.resolve.archive import Archive
from isms.resolve.index import Index, document_sort_key
from isms.site.history_changes import ChangeLog
from isms.site.in_force import in_force_data


class HistoryPages:
    """The history pages of one site, with their words and isms.yml's values in its `language` (the
    ISMS's default language when empty)."""

    def __init__(
        self,
        index: Index,
        history: History,
        page: Callable[..., Any],
        render_body: Callable[[Document, str], str],
        archived: Mapping[str, str],
        archive: Archive,
        files_root: str = "",
        language: str = "",
    ) -> None:
        self.index = index
        self.history = history
        self.archive = archive
        self.settings = index.settings
        self.language = language or index.settings.default_language
        self.words = labels_in(self.language)
        self._page = page
        self._render_body = render_body
        self.archived = archived  # "ID-vVERSION" -> published file name
        self.files_root = files_root  # from the site's root to the folder holding pdf/
        self._row_cache: dict[str, list[RevisionRow]] = {}
        self.change_log = ChangeLog(index, history, self.words, self._rows)
        self._marks = html_marks(self.words("history.version.inserted"), self.words("history.version.deleted"))

    def _rows(self, document_id: str) -> list[RevisionRow]:
        """A document's revision rows, oldest first, computed once for its page, history and versions."""
        if document_id not in self._row_cache:
            found = rows(self.history, document_id, self.settings, newest_first=False, labels=self.words)
            self._row_cache[document_id] = found
        return self._row_cache[document_id]

    def before_rows(self, document_id: str) -> list[RevisionRow]:
        """The commits of the file a document was imported from, newest first, with names in the site's language."""
        return before_rows(self.history, document_id, self.settings, labels=self.words)

    def title(self, document: Document) -> str:
        """A document's title in the site's language: its translation's, where there is one."""
        return document.title if document.is_translation else self.index.in_language(document, self.language).title

    def state(self, state: str) -> str:
        """A version's state (in force, superseded, draft …) in the site's language."""
        key = f"history.states.{state.replace(' ', '_')}"
        return self.words(key) if self.words.has(key) else state

    def period(self, row: RevisionRow) -> str:
        """When a version was in force, as the tables show it: "2026-07-01 – 2026-11-21", "since 2026-12-02"."""
        if not row.effective_from:
            return self.words("history.period.never")
        if not row.effective_to:
            return self.words("history.period.since", date=row.effective_from)
        return self.words("history.period.between", start=row.effective_from, end=row.effective_to)

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
            self.title,
        )
        page = self._page(
            links.IN_FORCE,
            self.words("site.titles.in_force"),
            "in_force.md.j2",
            data_url=links.file_url(links.IN_FORCE, links.IN_FORCE_DATA),
            available=self.history.available,
            count=len(documents),
            script_words=self._script_words(),
        )
        text = json.dumps({"documents": documents}, ensure_ascii=False, sort_keys=True)
        # The JSON travels as one more generated file: a page object whose text is not Markdown.
        return [page, replace(page, uri=links.IN_FORCE_DATA, title="In force data", markdown=text, in_nav=False)]

    def _script_words(self) -> str:
        """The words the in-force page's script shows, as JSON for an attribute of its box: the script
        fills their placeholders and inserts them as text."""
        keys = ("date", "none", "period", "open", "approval", "pdf", "found", "none_found", "unreadable")
        words: dict[str, object] = {key: self.words(f"history.in_force.{key}") for key in keys}
        words["columns"] = list(self.words.word("history.in_force.columns"))
        return json.dumps(words, ensure_ascii=False, sort_keys=True)

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
                    "reviews": [(c, author_name(self.settings, c.commit, self.language)) for c in revision.reviews],
                }
            )
        return self._page(
            uri,
            self.words("history.title", id=document.id, title=self.title(document)),
            "history.md.j2",
            in_nav=False,
            document=document,
            entries=entries,
            current_version=str(document.version),
            shallow=self.history.shallow,
            before=self.before_rows(document.id),
            state=self.state,
            period=self.period,
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
            marked = redline(_without_ids(old_body), _without_ids(body), self._marks, _GAP)
        later = self.history.of(document.id)[revision.number :]
        return self._page(
            uri,
            self.words("history.version.title", id=document.id, version=revision.version),
            "version.md.j2",
            in_nav=False,
            document=document,
            old=old,
            revision=revision,
            row=self._rows(document.id)[revision.number - 1],
            previous=previous,
            diff=self._diff(hunks) if previous else "",
            redline=marked,
            fields=field_changes(previous.last.values, revision.last.values) if previous else [],
            redline_pdf=self._pdf_of(document, revision, uri, "-redline"),
            removed=removed,
            added=added,
            body=body,
            current=str(document.version) == revision.version and not later,
            later=later,
            pdf=self._pdf_of(document, revision, uri),
            state=self.state,
            period=self.period,
        )

    def _diff(self, hunks: list[Hunk]) -> str:
        none, lines = self.words("history.version.no_difference"), self.words("history.version.lines")
        return to_html(hunks, html.escape(none, quote=False), html.escape(lines, quote=False))

    def _pdf_of(self, document: Document, revision: Revision, page_uri: str, suffix: str = "") -> str:
        """The URL of the controlled PDF of this version (the current one, or its archived copy), or with
        suffix "-redline" of its redline against the version before."""
        return self._pdf_of_version(document.id, revision.version, page_uri, suffix)

    def _pdf_of_version(self, document_id: str, version: str, page_uri: str, suffix: str = "") -> str:
        name = self.archived.get(f"{document_id}-v{version}{suffix}")
        return links.file_url(page_uri, f"{self.files_root}pdf/{name}") if name else ""

    def _changes(self) -> Any:
        months = self.change_log.months()
        return self._page(
            links.CHANGES,
            self.words("site.titles.changes"),
            "changes.md.j2",
            months=months,
            shallow=self.history.shallow,
            available=self.history.available,
            from_commits=any(e.source == "commit" for entries in months.values() for e in entries),
            kind_name=lambda kind: self.words(f"history.changes.kinds.{kind}"),
        )


_GAP = '<p class="isms-muted isms-redline-gap">…</p>'
_ID = re.compile(r'(<span class="isms-[a-z]+") id="[^"]*"')


def _without_ids(body: str) -> str:
    """A body for the redline: the anchors of its statements are the text's below, not the redline's."""
    return _ID.sub(r"\1", body)
