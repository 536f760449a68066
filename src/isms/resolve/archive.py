"""Past versions of documents, as documents: each parsed once from the text git holds for it, when first
asked for, and shared by every renderer (the site's version pages and the archived PDFs alike)."""

from __future__ import annotations

from isms.core.model import Document
from isms.core.revisions import Change, History
from isms.read.documents import document_at
from isms.resolve.index import Index


class Archive:
    """The documents of an ISMS's history. A translation's past version takes the fields it does not
    state from its current original, as it does when the whole repository is loaded."""

    def __init__(self, index: Index, history: History) -> None:
        self.index = index
        self.history = history
        self._parsed: dict[tuple[str, str], Document | None] = {}

    def version(self, document: Document, change: Change) -> Document | None:
        """The document as one of its changes left it (a revision's last change, or the one that approved
        it); None when that text cannot be read."""
        key = (document.id, change.blob)
        if key not in self._parsed:
            original = self.index.original_of(document) if document.is_translation else None
            text = self.history.text(change)
            self._parsed[key] = document_at(self.index.settings, change.path, text, original)
        return self._parsed[key]

    @property
    def parsed(self) -> int:
        """How many versions were parsed so far (each at most once)."""
        return len(self._parsed)
