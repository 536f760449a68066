"""The generated pages of the site, as Markdown, built from the resolved ISMS (an Index): the home
page, sections, documents and registers here; the catalog's pages in catalog_pages.py, the history's
in history_pages.py, the templates' environment in templating.py."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from isms.core.catalog import ATTRIBUTE_TITLES
from isms.core.model import DOCUMENT_LEVELS, Document, Level, Status
from isms.core.revisions import Change, History
from isms.core.soa import Implementation
from isms.read.acks import coverage
from isms.read.labels import labels_in, language_name
from isms.render import links
from isms.render.outputs import Published
from isms.render.soa import reason_names
from isms.resolve.archive import Archive
from isms.resolve.index import Index
from isms.resolve.view import View
from isms.site.catalog_pages import CatalogPages
from isms.site.chrome import (
    Banner,
    download_label,
    state_banner,
    translation_banner,
    translation_rows,
    untranslated_banner,
)
from isms.site.history_pages import HistoryPages
from isms.site.home import home_page
from isms.site.kept_pages import FileChecks, Inputs, KeptPages, outline_of
from isms.site.linker import Linker, render_body, render_description
from isms.site.templating import Page, render_template


class SiteBuilder:
    def __init__(
        self,
        index: Index,
        today: date,
        pdfs: Mapping[str, list[Published]] | None = None,
        history: History | None = None,
        archive: Archive | None = None,
        unapproved: Mapping[str, Change] | None = None,
        language: str = "",
        files_root: str = "",
        audience_rank: int = -1,
    ) -> None:
        self.index = index
        self.files_root = files_root
        self.audience_rank = audience_rank  # the clearance of the audience built, -1 for the whole ISMS
        # The language of the page chrome and of isms.yml's values; the default language of the ISMS unless
        # a site in another language is built.
        self.language = language or index.settings.default_language
        self.words = labels_in(self.language)
        self.today = today
        self.settings = index.settings
        self.pdfs = pdfs or {}
        self.history = history or History(available=False)
        self.unapproved = unapproved or {}
        self.files = FileChecks(index.corpus.root)  # the files the pages looked for
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
            self._version_text,
            archived,
            archive or Archive(index, self.history),
            files_root,
            self.language,
        )
        self.catalog_pages = CatalogPages(index, self._page, self.words)

    def pages(self) -> list[Page]:
        pages = [self._home(), self._dashboard()]
        for level in (*DOCUMENT_LEVELS, Level.RECORD):
            pages.append(self._section(level))
        pages += [self.document_page(shown, uri) for uri, shown in self.shown().items()]
        pages += [self._document_register(), self._records_register(), self._soa(), self._translations()]
        pages += self.catalog_pages.pages()
        pages += self.history_pages.pages()
        return pages

    def shown(self) -> dict[str, Document]:
        """The document each document page shows, by the page's uri: an original's page shows its
        translation into the site's language where there is one."""
        return {
            links.document_uri(d): d if d.is_translation else self.index.in_language(d, self.language)
            for d in self.index.corpus.documents
            if d.level is not Level.SOA
        }

    def inputs(self) -> Inputs:
        """What every page is made from but the texts of documents (for KeptPages)."""
        others = (self.today, self.language, self.files_root, self.audience_rank, self.pdfs, self.unapproved)
        return Inputs(outline_of(self.index), self.history, others)

    # Helpers shared by templates

    def _common(self, uri: str) -> dict[str, Any]:
        return {
            "L": Linker(self.index, uri, self.language, self.files),
            "t": self.words,
            "index": self.index,
            "settings": self.settings,
            "organization": self.settings.organization,
            "today": self.today,
            "links": links,
            "language_name": language_name,
            "status_name": lambda status: self.words(f"statuses.{status.value}"),
            "reason_names": lambda reasons: reason_names(self.words, reasons),
            "review_due": lambda d: d.review_due(self.settings),
            "review_state": lambda d: self.index.review_state(d, self.today),
            "decision": self.index.decision,
            "implementers": self.index.implementers,
            "attribute_titles": {name: self.words(f"attributes.{name}") for name in ATTRIBUTE_TITLES},
            "attribute_value": self._attribute_value,
            "children_of": lambda d: self.index.children.get(d.id, []),
        }

    def _attribute_value(self, value: str) -> str:
        """A control's attribute value (`asset_management`) in the page's language."""
        key = f"attribute_values.{value}"
        return self.words(key) if self.words.has(key) else value.replace("_", " ")

    def _page(self, uri: str, title: str, template: str, in_nav: bool = True, **context: Any) -> Page:
        markdown = render_template(template, title=title, **self._common(uri), **context)
        return Page(uri, title, markdown, in_nav)

    # Pages

    def _home(self) -> Page:
        """The staff home: what everyone must read, how to report an incident, task links, languages."""
        return home_page(self.index, self.language, self._page, self._files, self.audience_rank)

    def _dashboard(self) -> Page:
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
        linker = Linker(index, links.DASHBOARD, self.language, self.files)
        words = self.words
        level_summary = " · ".join(
            f"[{words(f'levels_plural.{level.value}')}]({linker.to(links.section_index(level))}):"
            f" {len(index.by_level(level))}"
            for level in (*DOCUMENT_LEVELS, Level.RECORD)
        )
        soa_summary = " · ".join(
            f"{words(f'implementation.{status.value}')}: {soa_counts.get(status, 0)}" for status in Implementation
        )
        return self._page(
            links.DASHBOARD,
            words("site.titles.home"),
            "dashboard.md.j2",
            level_summary=level_summary,
            soa_summary=soa_summary,
            manual=self._files(links.DASHBOARD, "isms-manual"),
            levels=[*DOCUMENT_LEVELS, Level.RECORD],
            total_documents=index.document_count,
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
            self.words(f"levels_plural.{level.value}"),
            "section.md.j2",
            level=level,
            documents=documents,
            descendants=self.index.descendants,
        )

    def _version_text(self, document: Document, page_uri: str) -> str:
        """What a page of one version shows of it: a record template's description, then its body."""
        linker = Linker(self.index, page_uri, is_file=self.files)
        shown = (render_description(document, linker), render_body(document, linker))
        return "\n\n".join(text for text in shown if text)

    def document_page(self, document: Document, page_uri: str) -> Page:
        """A document's page. In a site of another language, the original's page shows its translation
        into that language where there is one, else the original with a notice that it is not translated."""
        index = self.index
        original = index.original_of(document)
        linker = Linker(index, page_uri, self.language, self.files)
        body = render_body(document, linker)
        description = render_description(document, linker)
        translations = [t for t in index.translations.get(original.id, []) if t.id != document.id]
        revisions = self.history_pages.revision_rows(document)
        before = self.history_pages.before_rows(document.id)
        if document.is_translation:
            translations = [original, *translations]
        return self._page(
            page_uri,
            f"{document.id} {document.title}",
            "document.md.j2",
            in_nav=page_uri == links.document_uri(original),
            # A translation this site's readers are shown on its original's page is found there.
            duplicate=page_uri != links.document_uri(original)
            and index.in_language(original, self.language) == document,
            document=document,
            original=original,
            body=body,
            description=description,
            body_lang=document.language if document.language != self.language else "",
            before=before,
            banner=self._banner(document),
            notice=translation_banner(index, document, self.language) or untranslated_banner(document, self.words),
            translations=translations,
            currency=lambda t: t.currency(original) if t.is_translation else "",
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
        """Download links for the published files of a document or register, PDF first. Of a file published
        in several languages (the workbooks), the one in the page's language, else the default language's."""
        current = [p for p in self.pdfs.get(output_id, []) if not p.filename.startswith("archive/")]
        localized = {_extension(p.filename) for p in current if p.language == self.language}
        current = [
            p
            for p in current
            if p.language == self.language or (not p.language and _extension(p.filename) not in localized)
        ]
        published = sorted(current, key=lambda p: (not p.filename.endswith(".pdf"), p.filename))
        return [
            {
                "href": links.file_url(page_uri, f"{self.files_root}pdf/{p.filename}"),
                "sha256": p.sha256,
                "file": p.filename,
                "label": download_label(p.filename, self.words),
            }
            for p in published
        ]

    def _banner(self, document: Document) -> Banner | None:
        review = self.index.review_state(document, self.today)
        return state_banner(self.index, document, self.words, review, self.unapproved.get(document.id))

    def _document_register(self) -> Page:
        documents = [d for d in self.index.originals if d.level in DOCUMENT_LEVELS or d.level is Level.SOA]
        return self._page(
            links.DOCUMENT_REGISTER,
            self.words("site.titles.document_register"),
            "register.md.j2",
            documents=documents,
            record_count=len(self.index.by_level(Level.RECORD)),
            files=self._files(links.DOCUMENT_REGISTER, "document-register"),
        )

    def _records_register(self) -> Page:
        return self._page(
            links.RECORDS_REGISTER,
            self.words("site.titles.records_register"),
            "records_register.md.j2",
            records=self.index.by_level(Level.RECORD),
            producers=self.index.producers,
            files=self._files(links.RECORDS_REGISTER, "records-register"),
        )

    def _soa(self) -> Page:
        return self._page(
            links.SOA,
            self.words("site.titles.soa"),
            "soa.md.j2",
            soa=self.index.soa,
            themes=self.catalog_pages.themes(),
            files=self._files(links.SOA, self.index.soa.id) if self.index.soa else [],
        )

    def _translations(self) -> Page:
        title = self.words("site.titles.translations")
        return self._page(links.TRANSLATIONS, title, "translations.md.j2", rows=translation_rows(self.index))


def build_pages(
    view: View,
    pdfs: Mapping[str, list[Published]] | None = None,
    language: str = "",
    files_root: str = "",
    kept: KeptPages | None = None,
) -> list[Page]:
    """Every generated page of the site, from an opened ISMS and the files published beside the pages, with
    its chrome and isms.yml's values in `language` (the ISMS's default language when empty); `files_root`
    leads from this site's root to the folder that holds `pdf/` (a language version of the site links
    the one set of PDFs at the root: "../"). With `kept`, the pages of the build before (in serve), only
    the pages whose inputs changed are generated again."""
    settings = view.index.settings
    audience = next((a for a in settings.audiences if a.id == view.audience), None)
    rank = settings.classification_rank(audience.clearance) if audience else -1
    builder = SiteBuilder(
        view.index, view.today, pdfs, view.history, view.archive, view.unapproved, language, files_root, rank
    )
    if kept is None:
        return builder.pages()
    return kept.build(builder.inputs(), builder.shown(), builder.files, builder.pages, builder.document_page)


_MEDIA_REFERENCE = re.compile(re.escape(links.MEDIA) + r"/([^)\s\"'>]+)")


def media_paths(pages: list[Page]) -> list[str]:
    """The repository paths of every image the pages show, current and archived versions alike."""
    return sorted({match[1] for page in pages for match in _MEDIA_REFERENCE.finditer(page.markdown)})


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1]
