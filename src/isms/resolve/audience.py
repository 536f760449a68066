"""What one audience may see: a restricted copy of the ISMS from which everything else is gone.

A static site cannot check who reads it, so each audience gets its own output, built from a
restricted Index and History. Renderers never see a withheld document: it is not filtered at
render time, it does not exist in what they are given. Where a visible document points at a
withheld one (implements, records, an id or title in its text, a commit message), the reference
becomes the neutral words "restricted document", with no id and no title; a link to it becomes
its text alone.

A document is visible when the audience is not excluded by the document, and the audience is
named by the document or its clearance reaches the document's classification. A translation is
visible only when its original is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from isms.core.errors import IsmsError
from isms.core.model import Audience, Document, Level, Settings, StatementRef
from isms.core.revisions import Commit, History, Revision
from isms.read.load import Corpus
from isms.read.markup import unlink
from isms.resolve.crosslinks import linked_document
from isms.resolve.index import Index

RESTRICTED = "restricted document"


class UnknownAudience(IsmsError):
    pass


def find(settings: Settings, name: str) -> Audience:
    for audience in settings.audiences:
        if audience.id == name:
            return audience
    known = ", ".join(a.id for a in settings.audiences) or "none; define audiences: in isms.yml"
    raise UnknownAudience(f"audience '{name}' is not defined in isms.yml (defined: {known})")


def can_see(settings: Settings, audience: Audience, document: Document) -> bool:
    if audience.id in document.exclude_audiences:
        return False
    if audience.id in document.audiences:
        return True
    return settings.classification_rank(document.classification) <= settings.classification_rank(audience.clearance)


class Redactor:
    """Replaces the ids, titles and file names of withheld documents in text with RESTRICTED.

    Matches are whole words and case-sensitive, so a withheld "Incident Response Procedure" is
    redacted where it is named, while the words "incident response" in other text stay.
    """

    def __init__(self, withheld: Iterable[Document]) -> None:
        words: set[str] = set()
        for document in withheld:
            words.add(document.id)
            words.add(document.path)
            words.add(document.path.rsplit("/", 1)[-1])
            words.add(document.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
            if len(document.title.strip()) >= 4 and document.level is not Level.SOA:  # a generic name
                words.add(document.title.strip())
        ordered = sorted((w for w in words if w), key=len, reverse=True)
        alternatives = "|".join(re.escape(w) for w in ordered)
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])") if ordered else None

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(RESTRICTED, text).replace(f"{RESTRICTED} ({RESTRICTED})", RESTRICTED)


@dataclass(frozen=True)
class Restricted:
    """An audience's Index and History, and how their text was redacted."""

    audience: Audience
    index: Index
    history: History
    withheld: frozenset[str]
    redact: Redactor


def restrict(index: Index, history: History, audience: Audience) -> Restricted:
    settings = index.settings
    documents = index.corpus.documents
    originals = {d.id: d for d in documents if not d.is_translation}

    def visible(document: Document) -> bool:
        original = originals.get(document.translation_of, document) if document.is_translation else document
        return can_see(settings, audience, original) and can_see(settings, audience, document)

    shown = [d for d in documents if visible(d)]
    hidden = [d for d in documents if not visible(d)]
    withheld = frozenset(d.id for d in hidden)
    redact = Redactor(hidden)
    kept = tuple(_redacted(_unlinked(index, d, withheld), withheld, redact) for d in shown)
    corpus = Corpus(
        index.corpus.root,
        settings,
        index.catalog,
        kept,
        frozenset(),
        {k: v for k, v in index.corpus.acknowledgements.items() if k not in withheld},
    )
    restricted = Index(corpus, complete=index)
    history = restrict_history(history, {d.id for d in kept}, settings, audience, redact)
    return Restricted(audience, restricted, history, withheld, redact)


def _unlinked(index: Index, document: Document, withheld: frozenset[str]) -> Document:
    """The document with its links to withheld documents, by id or by file, left as their text,
    so that no link on the audience's site leads to a page it does not have."""
    if not withheld:
        return document

    def hidden(target: str) -> str | None:
        found = linked_document(index, document, target)
        return RESTRICTED if found is not None and found[0].id in withheld else None

    return replace(document, body=unlink(document.body, hidden))


def _redacted(document: Document, withheld: frozenset[str], redact: Redactor) -> Document:
    if not withheld:
        return document

    def links(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(RESTRICTED if i in withheld else i for i in ids))

    record = document.record
    if record is not None:
        record = replace(record, description=redact(record.description))
    return replace(
        document,
        title=redact(document.title),
        summary=redact(document.summary),
        body=redact(document.body),
        implements=links(document.implements),
        records=links(document.records),
        requirements=tuple(replace(r, text=redact(r.text)) for r in document.requirements),
        statements=tuple(_statement(s, redact) for s in document.statements),
        record=record,
    )


def _statement(statement: StatementRef, redact: Redactor) -> StatementRef:
    return replace(statement, text=redact(statement.text))


def restrict_history(
    history: History, visible: set[str], settings: Settings, audience: Audience, redact: Redactor
) -> History:
    """Revisions of visible documents only, from the first one after any the audience could not see."""
    if not history.available:
        return history
    commits: dict[str, Commit] = {}  # the commits kept, their messages redacted once each

    def redacted(commit: Commit) -> Commit:
        if commit.sha not in commits:
            commits[commit.sha] = replace(commit, message=redact(commit.message))
        return commits[commit.sha]

    revisions: dict[str, tuple[Revision, ...]] = {}
    blobs: set[str] = set()
    for document_id, found in history.revisions.items():
        if document_id not in visible:
            continue
        start = 0
        for position, revision in enumerate(found):
            classification = revision.last.value("classification")
            if classification and settings.classification_rank(classification) > settings.classification_rank(
                audience.clearance
            ):
                start = position + 1  # a version above the clearance, and everything before it, is left out
        kept = []
        for number, revision in enumerate(found[start:], start=1):
            changes = tuple(replace(c, commit=redacted(c.commit)) for c in revision.changes)
            blobs.update(c.blob for c in changes)
            kept.append(replace(revision, changes=changes, number=number))
        if kept:
            revisions[document_id] = tuple(kept)
    texts = {blob: redact(text) for blob, text in history.texts.items() if blob in blobs}
    return replace(
        history,
        revisions=revisions,
        texts=texts,
        commits={sha: commits[sha] for sha in history.commits if sha in commits},  # in the log's order
        settings_blobs=(),
    )
