"""The Markdown that goes into a controlled PDF, per kind of document.

Statement references become placeholders (⟦A.5.15⟧) that survive pandoc as plain text and are
turned into small grey tags afterwards; raw Typst and TeX in documents are not read, so document
text can never run as layout code.
"""

from __future__ import annotations

import re

from isms.core import bidi
from isms.core.model import Document, Level
from isms.read.markup import local_target, rewrite_targets
from isms.read.statements import prose_lines, replace_references
from isms.render import links
from isms.resolve.crosslinks import link_ids, linked_document, published_links
from isms.resolve.index import Index

OPEN, CLOSE = "\u27e6", "\u27e7"
PLACEHOLDER = re.compile(OPEN + r"([A-Za-z0-9., -]{1,200})" + CLOSE)


def tag(ids: tuple[str, ...]) -> str:
    return f" {OPEN}{', '.join(ids)}{CLOSE}"


def typst_tags(typst_source: str) -> str:
    """Placeholders in pandoc's Typst output become calls of the template's isms-ref."""
    return PLACEHOLDER.sub(lambda m: f'#isms-ref("{m.group(1)}")', typst_source)


def _separator(*widths: int) -> str:
    """A pipe-table rule whose dash counts set the relative column widths in the PDF."""
    return "|" + "|".join(":" + "-" * width for width in widths) + "|"


def escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+!|$@~])", r"\\\1", bidi.closed(" ".join(text.split())))


def document_markdown(index: Index, document: Document) -> str:
    if document.level is Level.SOA:
        return _soa(index)
    parts = []
    if document.record is not None and document.source_format == "yaml" and document.record.description:
        parts.append(document.record.description)
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

    body = published_links(index, document, document.body, escape)
    return link_ids(rewrite_targets(body, for_pdf), on_site)


def embedded_files(markdown: str) -> list[str]:
    """The repository paths of the images a Markdown text names from the root, in order."""
    found: list[str] = []

    def collect(target: str, in_html: bool, embedded: bool) -> None:
        if embedded and target.startswith("/") and not target.startswith("//"):
            found.append(target[1:])

    rewrite_targets(markdown, collect)
    return found


def _form(document: Document) -> str:
    assert document.record is not None
    record = document.record
    rows = ["| Field | Entry |", _separator(30, 60)]
    for field in record.fields:
        label = escape(field.label) + (" \\*" if field.required else "")
        if field.type == "choice":
            entry = "  ".join(f"☐ {escape(option)}" for option in field.options)
        elif field.type == "checkbox":
            entry = "☐"
        elif field.type in ("date", "datetime"):
            entry = "\\_\\_\\_\\_ - \\_\\_ - \\_\\_" + (" \\_\\_ : \\_\\_" if field.type == "datetime" else "")
        else:
            entry = " "
        rows.append(f"| {label} | {entry} |")
    retention = f"Retention: {escape(str(record.retention))}. " if record.retention else ""
    storage = f"Storage: {escape(record.storage)}." if record.storage else ""
    return "## Form\n\n" + "\n".join(rows) + "\n\n\\* required\n\n" + retention + storage


def _soa(index: Index) -> str:
    catalog = index.catalog
    lines = []
    for theme in catalog.themes.values():
        controls = sorted(catalog.theme_controls(theme.id), key=lambda c: c.sort_key)
        if not controls:
            continue
        lines.append(f"## {theme.id} {escape(theme.name)}\n")
        lines.append("| Control | Applies | Justification | Status | Implemented by |")
        lines.append(_separator(16, 8, 40, 14, 14))
        for control in controls:
            decision = index.decision(control.id)
            applies = (
                ("yes" if decision.applicable else "no" if decision.assessed else "not assessed") if decision else "—"
            )
            justification = escape(decision.justification) if decision else ""
            status = decision.status.value if decision and decision.status else ""
            documents = ", ".join(d.id for d in index.implementers(control.id))
            title = f"{control.id} {escape(control.title)}"
            lines.append(f"| {title} | {applies} | {justification} | {status} | {documents} |")
        lines.append("")
    return "\n".join(lines)


def typst_free(markdown: str) -> str:
    """Markdown for formats other than Typst: placeholders become bracketed text."""
    return PLACEHOLDER.sub(lambda m: f"[{m.group(1)}]", markdown)


def register_markdown(index: Index) -> list[tuple[str, str, str]]:
    """(id, title, Markdown) of the generated registers."""
    settings = index.settings

    def role(role_id: str) -> str:
        return escape(settings.role_title(role_id))

    documents = [
        "| ID | Title | Level | Version | Status | Owner | Effective | Next review |",
        _separator(14, 30, 9, 8, 10, 18, 11, 11),
    ]
    for d in index.originals:
        if d.level is Level.RECORD:
            continue
        documents.append(
            f"| {d.id} | {escape(d.title)} | {d.level.value} | {d.version} | {d.status.value} | {role(d.owner)}"
            f" | {d.effective or ''} | {d.review_due(settings) or ''} |"
        )
    records = [
        "| ID | Record | Owner | Retention | Storage | Produced by |",
        _separator(14, 22, 16, 14, 26, 12),
    ]
    for d in index.by_level(Level.RECORD):
        spec = d.record
        producers = ", ".join(p.id for p in index.producers.get(d.id, []))
        retention = escape(str(spec.retention)) if spec and spec.retention else ""
        storage = escape(spec.storage) if spec else ""
        records.append(f"| {d.id} | {escape(d.title)} | {role(d.owner)} | {retention} | {storage} | {producers} |")
    return [
        ("document-register", "Document register", "\n".join(documents) + "\n"),
        ("records-register", "Records register", "\n".join(records) + "\n"),
    ]


def shift_headings(markdown: str) -> str:
    """Every ATX heading one level deeper, code blocks left alone."""
    lines = markdown.split("\n")
    for index, line in prose_lines(markdown):
        if re.match(r"#{1,5} ", line):
            lines[index] = "#" + lines[index]
    return "\n".join(lines)


def manual_markdown(index: Index, documents: list[Document]) -> str:
    """The ISMS manual: every approved document in hierarchy order, one chapter each."""
    settings = index.settings
    chapters = []
    for document in documents:
        facts = [f"Version {document.version}", f"effective {document.effective}" if document.effective else ""]
        facts.append(f"owner {escape(settings.role_title(document.owner))}")
        facts.append(escape(document.classification.upper()))
        chapter = f"# {document.id} {escape(document.title)}\n\n*{' · '.join(f for f in facts if f)}*\n\n"
        chapters.append(chapter + shift_headings(document_markdown(index, document)))
    return "\n\n".join(chapters) + "\n"
