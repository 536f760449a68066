"""The Markdown that goes into a controlled PDF, per kind of document.

Statement references become placeholders (⟦A.5.15⟧) that survive pandoc as plain text and are
turned into small grey tags afterwards; raw Typst and TeX in documents are not read, so document
text can never run as layout code.
"""

from __future__ import annotations

import re

from isms.index import Index
from isms.model import Document, Level
from isms.statements import replace_references

OPEN, CLOSE = "\u27e6", "\u27e7"
PLACEHOLDER = re.compile(OPEN + r"([A-Za-z0-9., -]{1,200})" + CLOSE)


def tag(ids: tuple[str, ...]) -> str:
    return f" {OPEN}{', '.join(ids)}{CLOSE}"


def typst_tags(typst_source: str) -> str:
    """Placeholders in pandoc's Typst output become calls of the template's isms-ref."""
    return PLACEHOLDER.sub(lambda m: f'#isms-ref("{m.group(1)}")', typst_source)


def escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+!|$@~])", r"\\\1", " ".join(text.split()))


def document_markdown(index: Index, document: Document) -> str:
    if document.level is Level.SOA:
        return _soa(index)
    parts = []
    if document.record is not None and document.source_format == "yaml" and document.record.description:
        parts.append(document.record.description)
    parts.append(replace_references(document.body, lambda s: tag(s.ids)))
    if document.requirements:
        items = [
            f"{r.number}. {escape(r.text)}" + (tag(r.controls + r.clauses) if r.controls or r.clauses else "")
            for r in document.requirements
        ]
        parts.append("## Requirements\n\n" + "\n".join(items))
    if document.record is not None:
        parts.append(_form(document))
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


def _form(document: Document) -> str:
    assert document.record is not None
    record = document.record
    rows = ["| Field | Entry |", "|:---------------|:------------------------------------------|"]
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
    retention = f"Retention: {record.retention}. " if record.retention else ""
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
        lines.append("|:----------|:---|:------------------------------|:-----|:----------|")
        for control in controls:
            decision = index.decision(control.id)
            applies = ("yes" if decision.applicable else "no") if decision else "—"
            justification = escape(decision.justification) if decision else ""
            status = decision.status.value if decision and decision.status else ""
            documents = ", ".join(d.id for d in index.implementers(control.id))
            title = f"{control.id} {escape(control.title)}"
            lines.append(f"| {title} | {applies} | {justification} | {status} | {documents} |")
        lines.append("")
    return "\n".join(lines)
