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
from isms.core.model import Document, Level
from isms.core.revisions import Commit, History, Revision
from isms.core.settings import Audience, Settings
from isms.core.soa import Applicability
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


# The placeholder for a withheld document, in the language of the text it stands in.
PLACEHOLDERS = {"en": RESTRICTED, "ja": "非公開の文書", "zh": "非公开文件"}
# Between two words of a title: spaces and line breaks, emphasis and code marks, escapes, inline HTML tags.
_GAP = r"(?:[\s*_~`\\]|<[^<>\n]{0,200}>)+"
_MARK_RUN = re.compile(r"[*_`~]+")
_WIDE = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")


def placeholder(language: str) -> str:
    return PLACEHOLDERS.get(language.split("-")[0], RESTRICTED)


def _phrase(text: str) -> str:
    """A pattern for a title however a writer formats it: across line breaks and emphasis, in any case.
    Between two Japanese or Chinese characters a line break (or a mark) may fall too."""
    parts = []
    for word in text.split():
        pattern = ""
        for position, ch in enumerate(word):
            pattern += re.escape(ch)
            if position + 1 < len(word) and _WIDE.match(ch) and _WIDE.match(word[position + 1]):
                pattern += f"(?:{_GAP})?"
        parts.append(pattern)
    return _GAP.join(parts)


class Redactor:
    """Replaces the ids, titles and file names of withheld documents in text with a placeholder.

    Matches are whole words in any case, and a title is found however it is formatted (wrapped over two
    lines, split by emphasis, in capitals); titles a withheld document had before and the titles of its
    translations count too. So a withheld "Incident Response Procedure" is redacted where it is named,
    while "incident response" alone in other text stays.
    """

    def __init__(self, withheld: Iterable[Document], names: Iterable[str] = (), language: str = "en") -> None:
        words: set[str] = set(names)
        for document in withheld:
            words.add(document.id)
            words.add(document.path)
            words.add(document.path.rsplit("/", 1)[-1])
            words.add(document.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
            if document.level is not Level.SOA:  # "Statement of Applicability" names no one document
                words.add(document.title)
        wanted = {w.strip() for w in words if len(w.strip()) >= 4 or _WIDE.search(w)}  # not a generic name
        ordered = sorted(wanted, key=len, reverse=True)
        alternatives = "|".join(_phrase(w) for w in ordered)
        flags = re.IGNORECASE
        # Word edges in Latin text only: in Japanese and Chinese a title sits between other characters.
        edge_before, edge_after = r"(?<![A-Za-z0-9_-])", r"(?![A-Za-z0-9_-])"
        # Emphasis or code marks right around a name go with it when they pair with marks inside it.
        found = rf"{edge_before}(?P<pre>[*_`~]{{0,3}})(?:{alternatives})(?P<post>[*_`~]{{0,3}}){edge_after}"
        self.pattern = re.compile(found, flags) if ordered else None
        self.language = language

    def __call__(self, text: str, language: str = "") -> str:
        if self.pattern is None or not text:
            return text
        word = placeholder(language or self.language)
        return self.pattern.sub(lambda match: _replacement(match, word), text).replace(f"{word} ({word})", word)


def _replacement(match: re.Match[str], word: str) -> str:
    """The placeholder, with the emphasis and code marks that keep the text around it well formed: marks that
    pair inside the match go with the name; one that closes (or opens) emphasis begun (or ended) outside it
    stays, after (or before) the placeholder."""
    text = match[0]
    openers: list[str] = []
    closers: list[str] = []
    for run in _MARK_RUN.finditer(text):
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        if not before.isspace() and (after.isspace() or run.end() == len(text)):  # closes
            if openers and openers[-1] == run[0]:
                openers.pop()
            else:
                closers.append(run[0])
        else:
            openers.append(run[0])
    return "".join(openers) + word + "".join(closers)


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
    redact = Redactor(hidden, _past_names(history, index, audience, withheld), settings.default_language)
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


def _past_names(history: History, index: Index, audience: Audience, withheld: frozenset[str]) -> set[str]:
    """Every id and title the history knows for what this audience may not see: the titles a withheld
    document had before, and deleted documents (with their titles) that were above its clearance or
    translations of such."""
    settings = index.settings
    names: set[str] = set()
    for document_id, revisions in history.revisions.items():
        values = revisions[-1].last.values if revisions else ()
        if document_id in index.documents and document_id not in withheld:
            continue
        if document_id not in index.documents:  # deleted: judged by what it last said of itself
            last = dict(values)
            original = last.get("translation_of", "")
            above = settings.classification_rank(last.get("classification", "") or "internal") > (
                settings.classification_rank(audience.clearance)
            )
            if not (above or original in withheld):
                continue
            names.add(document_id)
        names.update(title for r in revisions for c in r.changes if (title := c.value("title")))
    return names


def _unlinked(index: Index, document: Document, withheld: frozenset[str]) -> Document:
    """The document with its links to withheld documents, by id or by file, left as their text,
    so that no link on the audience's site leads to a page it does not have."""
    if not withheld:
        return document

    def hidden(target: str) -> str | None:
        found = linked_document(index, document, target)
        return RESTRICTED if found is not None and found[0].id in withheld else None

    record = document.record  # a record template's description is Markdown with links, as a body is
    if record is not None and record.description:
        record = replace(record, description=unlink(record.description, hidden))
    return replace(document, body=unlink(document.body, hidden), record=record)


def _redacted(document: Document, withheld: frozenset[str], redact: Redactor) -> Document:
    if redact.pattern is None and not withheld:
        return document

    def text(value: str) -> str:
        return redact(value, document.language)

    def links(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(RESTRICTED if i in withheld else i for i in ids))

    record = document.record
    if record is not None:
        fields = tuple(
            replace(f, label=text(f.label), help=text(f.help), options=tuple(text(o) for o in f.options))
            for f in record.fields
        )
        record = replace(record, description=text(record.description), storage=text(record.storage), fields=fields)
    applicability = document.applicability
    if applicability is not None:
        decisions = tuple(replace(d, justification=text(d.justification)) for d in applicability.decisions)
        applicability = Applicability(decisions)
    return replace(
        document,
        title=text(document.title),
        summary=text(document.summary),
        body=text(document.body),
        implements=links(document.implements),
        records=links(document.records),
        requirements=tuple(replace(r, text=text(r.text)) for r in document.requirements),
        statements=tuple(replace(s, text=text(s.text)) for s in document.statements),
        record=record,
        applicability=applicability,
        extras=tuple((k, text(v)) for k, v in document.extras),
    )


def _classification(history: History, revision: Revision) -> str:
    """A revision's classification; a translation's is its original's at that time, which it inherits."""
    own = revision.last.value("classification")
    original = revision.last.value("translation_of")
    if own or not original:
        return own
    when = revision.last.commit.committed
    found = ""
    for earlier in history.of(original):
        for change in earlier.changes:
            if change.commit.committed <= when:
                found = change.value("classification") or found
    return found


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
            classification = _classification(history, revision)
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
