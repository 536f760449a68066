"""The Markdown that goes into a controlled PDF, per kind of document.

Statement references become placeholders (⟦A.5.15⟧) that survive pandoc as plain text and are
turned into small grey tags afterwards; raw Typst and TeX in documents are not read, so document
text can never run as layout code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from isms.core.labels import Labels
from isms.core.model import Document, Level
from isms.read.labels import labels_in
from isms.read.markup import local_target, rewrite_targets
from isms.read.statements import replace_references
from isms.render import links
from isms.render.escaping import escape, form_marker, tag, typst_free, typst_string, typst_tags
from isms.render.labels import labels_for
from isms.render.soa import soa_markdown
from isms.resolve.crosslinks import link_ids, linked_document, published_links
from isms.resolve.index import Index

__all__ = ["escape", "tag", "typst_free", "typst_tags"]


def document_markdown(index: Index, document: Document) -> str:
    if document.level is Level.SOA:
        return soa_markdown(index, labels_in(document.language))
    parts = []
    if document.description:
        parts.append(document.description)
    parts.append(replace_references(embedded_from_root(index, document), lambda s: tag(s.ids)))
    if document.requirements:
        items = [
            f"{r.number}. {escape(r.text)}" + (tag(r.controls + r.clauses) if r.controls or r.clauses else "")
            for r in document.requirements
        ]
        parts.append("## Requirements\n\n" + "\n".join(items))
    if document.record is not None:
        parts.append(_form(document))
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


def pdf_filename(document: Document) -> str:
    """A controlled PDF's file name: the id and the version, so every version has its own."""
    return f"{document.id}-v{document.version}.pdf"


def embedded_from_root(index: Index, document: Document) -> str:
    """The body as a PDF needs it: each image inside the repository named from the repository root
    (`/policies/…`, as Typst reads it); each link to another document, by id or by its source file,
    a link to that document's page on the published site when isms.yml names its address (`site:
    url:`), else to the document's PDF beside this one; and, when the site's address is known, each
    document or control id in prose a link to its page. A file that does not exist is left as written."""
    root = index.corpus.root
    site_url = index.settings.site.url

    def for_pdf(target: str, in_html: bool, embedded: bool) -> str | None:
        if embedded:
            relative = local_target(document.path, target)
            return f"/{relative}" if relative is not None and (root / relative).is_file() else None
        found = linked_document(index, document, target)
        if found is None:
            return None
        linked, fragment = found
        return links.absolute(site_url, links.document_uri(linked), fragment) if site_url else pdf_filename(linked)

    def on_site(found: str) -> str | None:
        if not site_url or found == document.id:
            return None
        linked = index.documents.get(found)
        if linked is not None:
            return links.absolute(site_url, links.document_uri(linked))
        return links.absolute(site_url, links.control_uri(found)) if found in index.catalog.controls else None

    body = rewrite_targets(published_links(index, document, document.body, escape), for_pdf)
    return link_ids(body, on_site) if site_url else body


def embedded_files(markdown: str) -> list[str]:
    """The repository paths of the images a Markdown text names from the root, in order."""
    found: list[str] = []

    def collect(target: str, in_html: bool, embedded: bool) -> None:
        if embedded and target.startswith("/") and not target.startswith("//"):
            found.append(target[1:])

    rewrite_targets(markdown, collect)
    return found


def _form(document: Document) -> str:
    """The form's place in the Markdown; the Typst template and the DOCX writer lay it out from the fields."""
    assert document.record is not None
    record = document.record
    words = labels_for(document.language)
    stop = "。" if document.language.split("-")[0] in ("ja", "zh") else ". "
    colon = "：" if stop == "。" else ": "
    retention = f"{words['retention']}{colon}{escape(str(record.retention))}{stop}" if record.retention else ""
    storage = f"{words['storage']}{colon}{escape(record.storage)}{stop.strip()}" if record.storage else ""
    form = f"{form_marker(document.id)}\n\n" if record.fields else ""
    return f"## {words['form']}\n\n" + form + retention + storage


@dataclass(frozen=True)
class ManualPart:
    """One document's share of the manual: its head, Typst made here, and its body, Markdown that
    render/parts.py converts by itself."""

    head: str  # the heading of the level the document opens, if it opens one; its chapter heading and facts
    body: str  # its Markdown as made for its own PDF, whose conversion the manual can share
    offset: int  # how many levels deeper the body's headings go in the manual


def manual_parts(
    index: Index,
    documents: list[Document],
    groups: dict[str, str],
    words: Labels,
    written: Mapping[str, str] | None = None,
) -> list[ManualPart]:
    """The manual in one part per document: its chapter, after the heading of the level it opens, if
    it opens one (`groups`: the heading of each level), so its contents read policies, standards,
    procedures, record templates, SoA. A chapter head names its document's version, effective date,
    owner and classification in the manual's language (`words`); it is Typst written here, each value a
    string (text, never markup), with no pandoc to run: converting the 1,001 heads of a 1,000-document
    manual took pandoc 2.6 s. `written`: the Markdown of documents already made for their own PDFs, by id."""
    settings = index.settings
    parts = []
    level = None
    for document in documents:
        first = opening = ""
        if document.level is not level:
            level = document.level
            opening = f"= #{typst_string(groups.get(level.value, level.value))}\n"
            first = f"<part-{document.id}>\n"  # the template starts no new page for it
        owner = settings.title_of("role", document.owner, words.language)
        facts = [
            words("bundles.chapter_version", version=document.version),
            words("bundles.chapter_effective", date=document.effective) if document.effective else "",
            words("bundles.chapter_owner", owner=owner),
            words.value(settings, "classification", document.classification).upper(),
        ]
        chapter = f"== #{typst_string(f'{document.id} {document.title}')}\n{first}"
        chapter += f"#emph({typst_string(' · '.join(f for f in facts if f))})\n"
        markdown = written[document.id] if written and document.id in written else document_markdown(index, document)
        parts.append(ManualPart(opening + chapter, markdown, 2))
    return parts
