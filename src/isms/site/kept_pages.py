"""The generated pages of the last build in one server (mkdocs serve), kept so that the next build
regenerates only what changed.

A save that edits a document's text, and nothing else the site shows of it (its fields, its
statements and what they cite), regenerates that document's page alone: every other page shows
only what the outline holds (the fields, statements and citations of every document, isms.yml, the
catalog, the acknowledgements), the git history, the published files and the date. Any change to
one of those regenerates every page. Line numbers are shown nowhere, so they are left out of the
outline: a line added above a statement does not change it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from isms.core.model import Document
from isms.resolve.index import Index
from isms.site.templating import Page


class FileChecks:
    """Whether repository paths are files, as a build looked them up (a body's image is published only
    when it is there), remembered so that a later build can tell whether those pages still hold."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seen: dict[str, bool] = {}

    def __call__(self, relative: str) -> bool:
        found = self.seen.get(relative)
        if found is None:
            found = self.seen[relative] = (self.root / relative).is_file()
        return found

    def unchanged(self) -> bool:
        return all((self.root / relative).is_file() == found for relative, found in self.seen.items())


@dataclass(frozen=True)
class Inputs:
    """What every generated page is made from, but the texts of documents."""

    outline: tuple[object, ...]  # the ISMS without its texts (outline_of)
    history: object  # the History object read at a commit, which serve keeps while HEAD stays
    others: tuple[object, ...]  # the date, language, audience, published files, unapproved changes …

    def same(self, other: Inputs) -> bool:
        return self.outline == other.outline and self.history is other.history and self.others == other.others


def outline_of(index: Index) -> tuple[object, ...]:
    """Everything about an ISMS that the pages show but the texts of its documents, as values that
    compare equal when the same (a pickle does not: it records which objects are shared)."""
    corpora = [index.corpus] + ([index.complete.corpus] if index.complete is not None else [])
    return tuple(
        (
            corpus.root,
            corpus.settings,
            corpus.catalog,
            corpus.unbuilt,
            corpus.acknowledgements,
            [(_without_text(d), d.invalid) for d in corpus.documents],
        )
        for corpus in corpora
    )


def _without_text(document: Document) -> Document:
    statements = tuple(replace(s, line=0, column=0) for s in document.statements)
    requirements = tuple(replace(r, line=0) for r in document.requirements)
    return replace(document, body="", body_line=0, lines=(), spots=(), statements=statements, requirements=requirements)


def _text_digest(document: Document) -> bytes:
    return hashlib.blake2b(document.body.encode("utf-8", "surrogatepass")).digest()


@dataclass
class KeptPages:
    """The pages of the last build, what they were made from, and how many the last build generated."""

    inputs: Inputs | None = None
    pages: list[Page] = field(default_factory=list)
    texts: dict[str, bytes] = field(default_factory=dict)  # a document page's uri -> the text it shows
    files: FileChecks | None = None
    generated: int = 0

    def build(
        self,
        inputs: Inputs,
        shown: Mapping[str, Document],
        files: FileChecks,
        every_page: Callable[[], list[Page]],
        document_page: Callable[[Document, str], Page],
    ) -> list[Page]:
        """Every page of this build: kept ones where their inputs did not change, the rest generated.
        `shown` gives the document each document page shows, by uri; `files` is the build's FileChecks."""
        texts = {uri: _text_digest(document) for uri, document in shown.items()}
        kept = (
            self.inputs is not None
            and self.files is not None
            and self.inputs.same(inputs)
            and self.texts.keys() == texts.keys()
            and self.files.unchanged()
        )
        if kept and self.files is not None:
            files.seen.update(self.files.seen)
            changed = {uri for uri, digest in texts.items() if self.texts[uri] != digest}
            pages = [document_page(shown[p.uri], p.uri) if p.uri in changed else p for p in self.pages]
            self.generated = len(changed)
        else:
            pages = every_page()
            self.generated = len(pages)
        self.inputs, self.pages, self.texts, self.files = inputs, pages, texts, files
        return pages
