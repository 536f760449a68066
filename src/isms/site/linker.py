"""Links from a generated page to the rest of the site, and a document's body as a page shows it:
its links and images pointed at where the site publishes them, ids in its prose made links, and its
statement references made tags. Document pages and version pages share it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from isms.core.catalog import CLAUSE_ID
from isms.core.model import Document
from isms.read.labels import labels_in
from isms.read.markup import Rewrite, local_target, rewrite_targets
from isms.read.statements import replace_references
from isms.render import links
from isms.resolve.crosslinks import link_ids, linked_document, published_links
from isms.resolve.index import Index


class Linker:
    """Links from one page to the rest of the site, as Markdown, and the values of isms.yml as the
    page's readers call them (`language`; "" shows them as isms.yml writes them)."""

    def __init__(
        self, index: Index, page_uri: str, language: str = "", is_file: Callable[[str], bool] | None = None
    ) -> None:
        self.index = index
        self.page_uri = page_uri
        self.language = language
        self.labels = labels_in(language or index.settings.default_language)
        self.catalog = index.catalog_in(self.labels.language)
        # Whether a repository path is a file: a body's image is published only when it is there.
        self.is_file = is_file or (lambda relative: (index.corpus.root / relative).is_file())

    def to(self, uri: str, fragment: str = "") -> str:
        target = links.relative(self.page_uri, uri)
        return target + (f"#{fragment}" if fragment else "")

    def url(self, uri: str, fragment: str = "") -> str:
        return links.url(self.page_uri, uri, fragment)

    def targets(self, document: Document) -> Rewrite:
        """Links and images of a document's body as this page refers to them: an image to where the
        site publishes it, a link to another document, by id or by its source file (as GitHub shows
        it), to that document's page."""

        def published(target: str, in_html: bool, embedded: bool) -> str | None:
            if embedded:
                relative = local_target(document.path, target)
                if relative is None or not self.is_file(relative):
                    return None
                uri = links.media_uri(relative)
                return links.file_url(self.page_uri, uri) if in_html else links.relative(self.page_uri, uri)
            found = linked_document(self.index, document, target)
            if found is None:
                return None
            linked, fragment = found
            uri = links.document_uri(linked)
            return self.url(uri, fragment) if in_html else self.to(uri, fragment)

        return published

    def prose_ids(self, document: Document) -> Callable[[str], str | None]:
        """Where an id written in a document's prose leads: the page of a document this site shows,
        or of a control; the document's own id stays text."""

        def target(found: str) -> str | None:
            if found == document.id:
                return None
            linked = self.index.documents.get(found)
            if linked is not None:
                return self.to(links.document_uri(linked))
            return self.to(links.control_uri(found)) if found in self.index.catalog.controls else None

        return target

    def doc(self, document: Document, with_title: bool = True) -> str:
        """A link to a document's page, with its title in the page's language where a translation gives it."""
        translated = self.language and with_title and not document.is_translation
        shown = self.index.in_language(document, self.language) if translated else document
        text = f"{document.id} {shown.title}" if with_title else document.id
        return f"[{links.md(text)}]({self.to(links.document_uri(document))})"

    def doc_id(self, doc_id: str) -> str:
        document = self.index.documents.get(doc_id)
        return self.doc(document) if document else links.md(doc_id)

    def control(self, control_id: str, with_title: bool = False) -> str:
        control = self.catalog.controls.get(control_id)
        return self._catalog_link(control_id, control.title if control else None, links.control_uri, with_title)

    def clause(self, clause_id: str, with_title: bool = False) -> str:
        clause = self.catalog.clauses.get(clause_id)
        return self._catalog_link(clause_id, clause.title if clause else None, links.clause_uri, with_title)

    def _catalog_link(self, item_id: str, title: str | None, uri: Callable[[str], str], with_title: bool) -> str:
        if title is None:
            return links.md(item_id)
        text = f"{item_id} {title}" if with_title else item_id
        return f"[{links.md(text)}]({self.to(uri(item_id))})"

    def cited(self, cited_id: str, with_title: bool = False) -> str:
        return self.clause(cited_id, with_title) if CLAUSE_ID.match(cited_id) else self.control(cited_id, with_title)

    def person(self, person_id: str) -> str:
        return links.md(self.index.settings.title_of("person", person_id, self.language))

    def role(self, role_id: str) -> str:
        return links.md(self.index.settings.title_of("role", role_id, self.language))

    def value(self, kind: str, key: str) -> str:
        """A value of isms.yml (a classification level, an audience …) in the page's language, as Markdown."""
        if not self.language:
            return links.md(self.index.settings.title_of(kind, key))
        return links.md(self.labels.value(self.index.settings, kind, key))


def render_body(document: Document, linker: Linker) -> str:
    """The document body with statement references turned into linked tags."""

    def tag(statement: Any) -> str:
        refs = " ".join(f"{linker.cited(i)}{{ .isms-ref }}" for i in statement.ids)
        return f' <span class="isms-refs" id="{statement.anchor}">{refs}</span>'

    body = replace_references(_linked(document, linker, document.body), tag)
    if document.requirements:
        items = []
        for requirement in document.requirements:
            refs = " ".join(f"{linker.cited(i)}{{ .isms-ref }}" for i in requirement.controls + requirement.clauses)
            tags = f' <span class="isms-refs">{refs}</span>' if refs else ""
            items.append(
                f'{requirement.number}. <span class="isms-anchor" id="req-{requirement.number}"></span>'
                f"{links.md(requirement.text)}{tags}"
            )
        heading = linker.labels("site.document.requirements")
        body = body.rstrip() + f"\n\n## {heading}\n\n" + "\n".join(items) + "\n"
    return body


def render_description(document: Document, linker: Linker) -> str:
    """A record template's description (its YAML's `description`): Markdown, as its PDF reads it
    (render/markdown.py), with links to documents and files where the site publishes them."""
    return _linked(document, linker, document.description) if document.description else ""


def _linked(document: Document, linker: Linker, text: str) -> str:
    """Markdown the author wrote: links to documents and files where the site publishes them, and the
    ids in its prose linked to their pages."""
    text = published_links(linker.index, document, text, links.md)
    return link_ids(rewrite_targets(text, linker.targets(document)), linker.prose_ids(document))
