"""The resolved ISMS: every link followed once, every back-link built once.

Renderers (site, PDFs, registers) only read an Index. All lookups are dictionaries built in one
pass over the documents, so nothing here is quadratic in the number of documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from isms.core.catalog import Catalog, Control, id_sort_key
from isms.core.model import Document, Level, Status
from isms.core.settings import Settings
from isms.core.soa import Decision
from isms.read.load import Corpus

LEVEL_ORDER = (Level.POLICY, Level.STANDARD, Level.PROCEDURE, Level.RECORD, Level.SOA)


def document_sort_key(document: Document) -> tuple[object, ...]:
    return (LEVEL_ORDER.index(document.level), id_sort_key(document.id.replace("-", ".")), document.id)


@dataclass(frozen=True)
class Citation:
    """A document citing a control or clause, in its front matter and/or in a statement."""

    document: Document
    statement: str = ""
    anchor: str = ""
    line: int = 0


class Index:
    def __init__(self, corpus: Corpus, complete: Index | None = None) -> None:
        """`complete`: for an audience's restricted Index, the whole ISMS, which coverage is judged on."""
        self.corpus = corpus
        self.complete = complete
        self.settings: Settings = corpus.settings
        self.catalog: Catalog = corpus.catalog
        self._catalogs: dict[str, Catalog] = {}
        self.documents: dict[str, Document] = {d.id: d for d in corpus.documents}
        self.by_path: dict[str, Document] = {d.path: d for d in corpus.documents}
        ordered = sorted(corpus.documents, key=document_sort_key)
        self.originals = [d for d in ordered if not d.is_translation]
        self.translations: dict[str, list[Document]] = defaultdict(list)
        self.children: dict[str, list[Document]] = defaultdict(list)
        self.producers: dict[str, list[Document]] = defaultdict(list)
        self.citations: dict[str, list[Citation]] = defaultdict(list)
        self.evidence: dict[str, list[Document]] = defaultdict(list)
        for document in ordered:
            if document.is_translation:
                self.translations[document.translation_of].append(document)
                continue
            for parent in dict.fromkeys(document.implements):
                self.children[parent].append(document)
            for record in dict.fromkeys(document.records):
                self.producers[record].append(document)
            self._add_citations(document)
            if document.record:
                for cited in dict.fromkeys(document.record.evidences_controls + document.record.evidences_clauses):
                    self.evidence[cited].append(document)

    def catalog_in(self, language: str) -> Catalog:
        """The catalog as readers of a language see it: its titles in that language where the
        organization gives them (a catalog of titles), in English where it does not."""
        if language not in self._catalogs:
            self._catalogs[language] = self.catalog.in_language(language)
        return self._catalogs[language]

    def _add_citations(self, document: Document) -> None:
        cited: dict[str, list[Citation]] = {}
        for statement in document.statements:
            for cited_id in statement.ids:
                cited.setdefault(cited_id, []).append(
                    Citation(document, statement.text, statement.anchor, statement.line)
                )
        for requirement in document.requirements:
            for cited_id in requirement.controls + requirement.clauses:
                cited.setdefault(cited_id, []).append(
                    Citation(document, requirement.text, f"req-{requirement.number}", requirement.line)
                )
        for cited_id in document.controls + document.clauses:
            cited.setdefault(cited_id, [])
        for cited_id, citations in cited.items():
            self.citations[cited_id].extend(citations or [Citation(document)])

    # Lookups

    @property
    def soa(self) -> Document | None:
        return self.corpus.soa

    def decision(self, control_id: str) -> Decision | None:
        soa = self.soa
        if soa is None or soa.applicability is None:
            return None
        return soa.applicability.decision(control_id)

    @property
    def document_count(self) -> int:
        """The number of controlled documents, the one count every page, register and PDF gives:
        policies, standards, procedures, record templates and the SoA, each once (a translation is
        the same document in another language). The document register lists all but the record
        templates, the records register lists those, the manual holds the approved ones."""
        return len(self.originals)

    def by_level(self, level: Level) -> list[Document]:
        return [d for d in self.originals if d.level is level]

    def implementers(self, cited_id: str) -> list[Document]:
        """Documents (not translations) citing a control or clause, in hierarchy order."""
        seen = dict.fromkeys(c.document.id for c in self.citations.get(cited_id, ()))
        return [self.documents[i] for i in seen]

    def statements_for(self, cited_id: str) -> list[Citation]:
        return [c for c in self.citations.get(cited_id, ()) if c.statement]

    def parents(self, document: Document) -> list[Document]:
        return [self.documents[i] for i in document.implements if i in self.documents]

    def original_of(self, document: Document) -> Document:
        return self.documents.get(document.translation_of, document) if document.is_translation else document

    def in_language(self, document: Document, language: str) -> Document:
        """What a reader of `language` is shown for a document: the original when it is written in that
        language, else its translation into it (`zh-CN`, then any of `zh`), else the original."""
        original = self.original_of(document)
        if not language or original.language == language:
            return original
        translations = self.translations.get(original.id, [])
        base = language.split("-")[0]
        return next((t for t in translations if t.language == language), None) or next(
            (t for t in translations if t.language.split("-")[0] == base), original
        )

    def descendants(self, document: Document) -> list[Document]:
        """Everything below a document in the hierarchy, each once, depth first."""
        result: list[Document] = []
        seen = {document.id}
        stack = list(reversed(self.children.get(document.id, [])))
        while stack:
            child = stack.pop()
            if child.id in seen:
                continue
            seen.add(child.id)
            result.append(child)
            for record_id in child.records:
                record = self.documents.get(record_id)
                if record and record.id not in seen:
                    stack.append(record)
            stack.extend(reversed(self.children.get(child.id, [])))
        return result

    # Coverage

    @staticmethod
    def counts(document: Document) -> bool:
        """Whether a document counts for coverage: not retired or superseded."""
        return document.status not in (Status.RETIRED, Status.SUPERSEDED)

    def unimplemented_controls(self) -> list[Control]:
        if self.complete is not None:  # a control implemented by a withheld document is implemented
            return self.complete.unimplemented_controls()
        result = []
        for control in self.catalog.controls.values():
            decision = self.decision(control.id)
            if decision is None or not decision.applicable:
                continue
            if not any(self.counts(d) for d in self.implementers(control.id)):
                result.append(control)
        return result

    def excluded_but_cited(self) -> list[tuple[Control, list[Document]]]:
        if self.complete is not None:
            found = [(c, [d for d in ds if d.id in self.documents]) for c, ds in self.complete.excluded_but_cited()]
            return [(c, [self.documents[d.id] for d in ds]) for c, ds in found if ds]
        result = []
        for control in self.catalog.controls.values():
            decision = self.decision(control.id)
            if decision is None or not decision.excluded:
                continue
            citing = self.implementers(control.id)
            if citing:
                result.append((control, citing))
        return result

    def clause_providers(self, clause_id: str) -> list[Document]:
        """Documents and record templates that provide a clause's documented information."""
        providers = dict.fromkeys(d.id for d in self.implementers(clause_id))
        providers.update(dict.fromkeys(d.id for d in self.evidence.get(clause_id, ())))
        if clause_id == "6.1.3" and self.soa is not None:
            providers[self.soa.id] = None
        return [self.documents[i] for i in providers]

    def mandatory_gaps(self) -> list[str]:
        if self.complete is not None:
            return self.complete.mandatory_gaps()
        return [
            clause.id
            for clause in self.catalog.clauses.values()
            if clause.mandatory and not any(self.counts(d) for d in self.clause_providers(clause.id))
        ]

    def orphan_documents(self) -> list[Document]:
        if self.complete is not None:
            return [self.documents[d.id] for d in self.complete.orphan_documents() if d.id in self.documents]
        return [
            d
            for d in self.originals
            if d.level in (Level.STANDARD, Level.PROCEDURE)
            and not any(p in self.documents or p in self.corpus.unbuilt for p in d.implements)
        ]

    def orphan_records(self) -> list[Document]:
        if self.complete is not None:
            return [self.documents[d.id] for d in self.complete.orphan_records() if d.id in self.documents]
        return [d for d in self.by_level(Level.RECORD) if not self.producers.get(d.id)]

    def highest_classification(self, documents: Iterable[Document], default: str = "") -> str:
        """The classification a combined output (the manual, a register) carries: the highest of the
        documents it holds, as isms.yml orders the levels."""
        levels = self.settings.classifications
        present = [d.classification for d in documents if d.classification in levels]
        return max(present, key=levels.index, default=default)

    def due_reviews(self, today: date, window_days: int) -> list[tuple[Document, str, date]]:
        """(document, "overdue" or "due", next review) for reviews overdue or due within the window,
        soonest first."""
        found = []
        for document in self.originals:
            state = self.review_state(document, today, window_days)
            when = document.review_due(self.settings)
            if state and when is not None:
                found.append((document, state, when))
        return sorted(found, key=lambda item: (item[2], item[0].id))

    def review_state(self, document: Document, today: date, window_days: int = 30) -> str:
        """'overdue', 'due' (within the window) or '' for a document in force."""
        due = document.review_due(self.settings)
        if due is None or document.status in (Status.RETIRED, Status.SUPERSEDED):
            return ""
        if due < today:
            return "overdue"
        if (due - today).days <= window_days:
            return "due"
        return ""
