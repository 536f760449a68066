"""The generated pages of the site, as Markdown, built from the resolved ISMS (an Index).

Pages are rendered from Jinja templates compiled once per process. Document text is passed to
templates as data, never evaluated as a template.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from isms.core.catalog import ATTRIBUTE_TITLES, Control, id_sort_key
from isms.core.model import DOCUMENT_LEVELS, Document, Level, Status
from isms.core.revisions import Change, History
from isms.core.soa import Implementation
from isms.read.acks import coverage
from isms.render import links
from isms.render.outputs import Published
from isms.render.revision_rows import before_rows
from isms.resolve.archive import Archive
from isms.resolve.index import Index
from isms.resolve.view import View
from isms.site.history_pages import HistoryPages
from isms.site.linker import Linker, render_body

LANGUAGE_NAMES = {"en": "English", "ja": "日本語", "zh-CN": "中文（简体）", "zh-TW": "中文（繁體）", "ko": "한국어"}
STATUS_BANNERS = {
    Status.DRAFT: ("warning", "Draft", "This document is a draft. It is not in force."),
    Status.IN_REVIEW: ("info", "In review", "This version is awaiting approval. It is not in force yet."),
    Status.SUPERSEDED: ("danger", "Superseded", "This version has been replaced. Do not use it."),
    Status.RETIRED: ("danger", "Retired", "This document has been withdrawn and is no longer in force."),
}


@dataclass(frozen=True)
class Page:
    uri: str
    title: str
    markdown: str
    in_nav: bool = True


_DOWNLOAD_LABELS = {
    "pdf": "Download controlled PDF",
    "docx": "Download form (DOCX)",
    "xlsx": "Download as a spreadsheet (XLSX)",
}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("isms.site", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=links.printed,
    )
    environment.filters["md"] = links.md
    environment.filters["attr"] = links.attr
    environment.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    return environment


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


class SiteBuilder:
    def __init__(
        self,
        index: Index,
        today: date,
        pdfs: Mapping[str, list[Published]] | None = None,
        history: History | None = None,
        archive: Archive | None = None,
        unapproved: Mapping[str, Change] | None = None,
    ) -> None:
        self.index = index
        self.today = today
        self.settings = index.settings
        self.pdfs = pdfs or {}
        self.history = history or History(available=False)
        self.unapproved = unapproved or {}
        archived = {  # "ID-vVERSION" -> its PDF, "ID-vVERSION-redline" -> its redline against the version before
            f"{p.document_id}-v{p.version}{'-redline' if p.filename.startswith('redline/') else ''}": p.filename
            for published in self.pdfs.values()
            for p in published
            if p.filename.endswith(".pdf")
        }
        self.history_pages = HistoryPages(
            index,
            self.history,
            self._page,
            lambda d, uri: render_body(d, Linker(index, uri)),
            archived,
            archive or Archive(index, self.history),
        )

    def pages(self) -> list[Page]:
        index = self.index
        pages = [self._home()]
        for level in (*DOCUMENT_LEVELS, Level.RECORD):
            pages.append(self._section(level))
        for document in index.corpus.documents:
            if document.level is Level.SOA:
                continue
            pages.append(self._document(document))
        pages += [self._document_register(), self._records_register(), self._soa(), self._controls()]
        pages += [self._coverage(), self._traceability(), self._clauses()]
        pages += [self._control(c) for c in index.catalog.controls.values()]
        pages += [self._clause(clause_id) for clause_id in index.catalog.clauses]
        pages += self.history_pages.pages()
        return pages

    # Helpers shared by templates

    def _common(self, uri: str) -> dict[str, Any]:
        return {
            "L": Linker(self.index, uri),
            "index": self.index,
            "settings": self.settings,
            "organization": self.settings.organization,
            "today": self.today,
            "links": links,
            "language_name": lambda code: LANGUAGE_NAMES.get(code, code),
            "review_due": lambda d: d.review_due(self.settings),
            "review_state": lambda d: self.index.review_state(d, self.today),
            "decision": self.index.decision,
            "implementers": self.index.implementers,
            "attribute_titles": ATTRIBUTE_TITLES,
            "children_of": lambda d: self.index.children.get(d.id, []),
        }

    def _page(self, uri: str, title: str, template: str, in_nav: bool = True, **context: Any) -> Page:
        markdown = _render(template, title=title, **self._common(uri), **context)
        return Page(uri, title, markdown, in_nav)

    # Pages

    def _home(self) -> Page:
        index = self.index
        counts = Counter((d.level, d.status) for d in index.originals)
        due = [d for d in index.originals if self.index.review_state(d, self.today) == "due"]
        overdue = [d for d in index.originals if self.index.review_state(d, self.today) == "overdue"]
        decisions = index.soa.applicability.decisions if index.soa and index.soa.applicability else ()
        soa_counts = Counter(d.status for d in decisions if d.applicable)
        recent = sorted(
            (d for d in index.corpus.documents if d.approved_on),
            key=lambda d: (d.approved_on or date.min, d.id),
            reverse=True,
        )[:8]
        linker = Linker(index, links.HOME)
        level_summary = " · ".join(
            f"[{level.plural.capitalize()}]({linker.to(links.section_index(level))}): {len(index.by_level(level))}"
            for level in (*DOCUMENT_LEVELS, Level.RECORD)
        )
        soa_summary = " · ".join(
            f"{status.value.replace('-', ' ')}: {soa_counts.get(status, 0)}" for status in Implementation
        )
        return self._page(
            links.HOME,
            "ISMS at a glance",
            "home.md.j2",
            level_summary=level_summary,
            soa_summary=soa_summary,
            manual=self._files(links.HOME, "isms-manual"),
            levels=[*DOCUMENT_LEVELS, Level.RECORD],
            total_documents=sum(1 for d in index.originals if d.level is not Level.SOA),
            statuses=list(Status),
            counts=counts,
            due=due,
            overdue=overdue,
            applicable=sum(1 for d in decisions if d.applicable),
            excluded=sum(1 for d in decisions if d.excluded),
            not_assessed=sum(1 for d in decisions if not d.assessed),
            soa_counts=soa_counts,
            implementation=list(Implementation),
            gaps=len(index.unimplemented_controls()) + len(index.mandatory_gaps()) + len(index.excluded_but_cited()),
            recent=recent,
        )

    def _section(self, level: Level) -> Page:
        documents = self.index.by_level(level)
        return self._page(
            links.section_index(level),
            level.plural.capitalize(),
            "section.md.j2",
            level=level,
            documents=documents,
            descendants=self.index.descendants,
        )

    def _document(self, document: Document) -> Page:
        index = self.index
        original = index.original_of(document)
        page_uri = links.document_uri(document)
        linker = Linker(index, page_uri)
        body = render_body(document, linker)
        translations = [t for t in index.translations.get(original.id, []) if t.id != document.id]
        revisions = self.history_pages.revision_rows(document)
        before = before_rows(self.history, document.id, index.settings)
        if document.is_translation:
            translations = [original, *translations]
        return self._page(
            page_uri,
            f"{document.id} {document.title}",
            "document.md.j2",
            in_nav=not document.is_translation,
            document=document,
            original=original,
            body=body,
            body_lang=document.language if document.language != index.settings.default_language else "",
            before=before,
            banner=self._banner(document),
            translations=translations,
            parents=index.parents(original),
            children=index.children.get(original.id, []),
            descendants=index.descendants(original),
            producers=index.producers.get(original.id, []),
            records=[index.documents[r] for r in original.records if r in index.documents],
            revisions=revisions,
            acknowledgements=coverage(self.settings, original, index.corpus.acknowledgements.get(original.id, ())),
            approval=next((r for r in revisions if r["version"] == str(document.version)), {}),
            history_uri=links.history_uri(document.id),
            files=self._files(page_uri, document.id),
        )

    def _files(self, page_uri: str, output_id: str) -> list[dict[str, str]]:
        """Download links for the published files of a document or register, PDF first."""
        current = [p for p in self.pdfs.get(output_id, []) if not p.filename.startswith("archive/")]
        published = sorted(current, key=lambda p: (not p.filename.endswith(".pdf"), p.filename))
        return [
            {
                "href": links.file_url(page_uri, f"pdf/{p.filename}"),
                "sha256": p.sha256,
                "file": p.filename,
                "label": _DOWNLOAD_LABELS.get(p.filename.rsplit(".", 1)[-1], "Download"),
            }
            for p in published
        ]

    def _banner(self, document: Document) -> tuple[str, str, str] | None:
        changed = self.unapproved.get(document.id)
        if changed is not None:
            commit = changed.commit
            return (
                "danger",
                "Not the approved text",
                f"The text of version {document.version} changed after it was approved, in commit {commit.short}"
                f" by {links.md(commit.author)} on {commit.date}, without a new version. Do not rely on it until it is"
                " approved again.",
            )
        if document.status in STATUS_BANNERS:
            return STATUS_BANNERS[document.status]
        if self.index.review_state(document, self.today) == "overdue":
            due = document.review_due(self.settings)
            return ("warning", "Review overdue", f"This document was due for review on {due}.")
        return None

    def _document_register(self) -> Page:
        documents = [d for d in self.index.originals if d.level in DOCUMENT_LEVELS or d.level is Level.SOA]
        return self._page(
            links.DOCUMENT_REGISTER,
            "Document register",
            "register.md.j2",
            documents=documents,
            files=self._files(links.DOCUMENT_REGISTER, "document-register"),
        )

    def _records_register(self) -> Page:
        return self._page(
            links.RECORDS_REGISTER,
            "Records register",
            "records_register.md.j2",
            records=self.index.by_level(Level.RECORD),
            producers=self.index.producers,
            files=self._files(links.RECORDS_REGISTER, "records-register"),
        )

    def _themes(self) -> list[tuple[str, str, list[Control]]]:
        catalog = self.index.catalog
        return [
            (theme.id, theme.name, sorted(catalog.theme_controls(theme.id), key=lambda c: c.sort_key))
            for theme in catalog.themes.values()
        ]

    def _soa(self) -> Page:
        return self._page(
            links.SOA,
            "Statement of Applicability",
            "soa.md.j2",
            soa=self.index.soa,
            themes=self._themes(),
            files=self._files(links.SOA, self.index.soa.id) if self.index.soa else [],
        )

    def _controls(self) -> Page:
        vocabulary = self.index.catalog.attribute_vocabulary
        return self._page(links.CONTROLS, "Controls", "controls.md.j2", themes=self._themes(), vocabulary=vocabulary)

    def _control(self, control: Control) -> Page:
        return self._page(
            links.control_uri(control.id),
            f"{control.id} {control.title}",
            "control.md.j2",
            in_nav=False,
            control=control,
            theme=self.index.catalog.themes.get(control.theme),
            documents=self.index.implementers(control.id),
            statements=self.index.statements_for(control.id),
            evidence=self.index.evidence.get(control.id, []),
        )

    def _clauses(self) -> Page:
        clauses = sorted(self.index.catalog.clauses.values(), key=lambda c: id_sort_key(c.id))
        return self._page(links.CLAUSES, "Clauses 4–10", "clauses.md.j2", clauses=clauses)

    def _clause(self, clause_id: str) -> Page:
        clause = self.index.catalog.clauses[clause_id]
        return self._page(
            links.clause_uri(clause_id),
            f"{clause.id} {clause.title}",
            "clause.md.j2",
            in_nav=False,
            clause=clause,
            children=[c for c in self.index.catalog.clauses.values() if c.parent == clause.id],
            providers=self.index.clause_providers(clause_id),
            statements=self.index.statements_for(clause_id),
        )

    def _coverage(self) -> Page:
        index = self.index
        return self._page(
            links.COVERAGE,
            "Coverage report",
            "coverage.md.j2",
            unimplemented=index.unimplemented_controls(),
            excluded=index.excluded_but_cited(),
            mandatory=[index.catalog.clauses[c] for c in index.mandatory_gaps()],
            orphan_documents=index.orphan_documents(),
            orphan_records=index.orphan_records(),
            not_assessed=[
                control
                for control in index.catalog.annex_a
                if (decision := index.decision(control.id)) is not None and not decision.assessed
            ],
        )

    def _traceability(self) -> Page:
        documents = [d for d in self.index.originals if d.level is not Level.SOA]
        cited = {d.id: set(d.cited_ids) for d in documents}
        return self._page(
            links.TRACEABILITY,
            "Traceability matrix",
            "traceability.md.j2",
            documents=documents,
            themes=self._themes(),
            cited=cited,
        )


def build_pages(view: View, pdfs: Mapping[str, list[Published]] | None = None) -> list[Page]:
    """Every generated page of the site, from an opened ISMS and the files published beside the pages."""
    return SiteBuilder(view.index, view.today, pdfs, view.history, view.archive, view.unapproved).pages()


_MEDIA_REFERENCE = re.compile(re.escape(links.MEDIA) + r"/([^)\s\"'>]+)")


def media_paths(pages: list[Page]) -> list[str]:
    """The repository paths of every image the pages show, current and archived versions alike."""
    return sorted({match[1] for page in pages for match in _MEDIA_REFERENCE.finditer(page.markdown)})
