"""The PDFs made from the whole ISMS: the ISMS manual and the two registers.

Each carries the highest classification of what it holds and the one count of controlled
documents (`Index.document_count`), the same number the home page and the registers give.
Registers print in landscape with every column of the register workbooks; the manual's contents
are grouped by level, each record template with its form.

A register is laid out by the template from its rows, which travel as data with the metadata: no
Markdown, no pandoc. Every value is text, whatever characters it holds. Made through pandoc, the
1,000-document register took 1.1 s to convert and 1.6 s to lay out, against 1.1 s in all now; it
renders again whenever any source changes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from isms.core.labels import Labels
from isms.core.model import Level, Status
from isms.core.revisions import SourceCommit
from isms.read.labels import labels_in
from isms.render.engine import PdfJob
from isms.render.escaping import typst_string
from isms.render.exports import ExportWords, register_tables
from isms.render.forms import forms_meta
from isms.render.jobs import make_job, newest
from isms.render.labels import labels_for
from isms.render.markdown import manual_parts
from isms.render.meta import register_meta
from isms.resolve.index import Index

MANUAL = "isms-manual"
REGISTER_BODY = "#isms-register()\n"  # the Typst of a register's body: the template lays out its rows


def manual_job(
    index: Index, sources: dict[str, SourceCommit], pdfa: bool, parts_folder: Path, written: Mapping[str, str]
) -> PdfJob:
    """One bundled PDF of every approved document in hierarchy order, with contents and bookmarks, in the
    ISMS's default language; its parts, one per document, are converted once and kept in `parts_folder`
    (render/parts.py). `written`: each document's Markdown as made for its own PDF, by id."""
    documents = [d for d in index.originals if d.status is Status.APPROVED]
    source = newest(sources)
    words = labels_in(index.settings.default_language)
    labels = labels_for(words.language, index.settings.pdf)
    title = words("bundles.manual")
    meta = register_meta(index, MANUAL, title, source, index.highest_classification(documents, "internal"))
    held = len(documents), index.document_count
    meta.update(
        level_label=words("bundles.manual_level"),
        control=[[words("bundles.documents"), _held(words, *held), labels["source_commit"], source.label]],
        outline=bool(documents),
        **forms_meta(documents, labels),
    )
    if not documents:  # nothing approved yet: a sentence says so where the contents and chapters would be
        job = _generated_job(index, MANUAL, title, "", meta, source, pdfa)
        return replace(job, converted=f"#emph({typst_string(words('bundles.nothing_approved'))})\n")
    pieces = manual_parts(index, documents, labels["groups"], words, written)
    heads = tuple(piece.head for piece in pieces)
    parts = tuple(piece.body for piece in pieces)
    offsets = tuple(piece.offset for piece in pieces)
    # The key covers the heads, the parts and each one's heading offset: the Typst is made from them
    markdown = "\n\n".join(parts) + "\n" + json.dumps([heads, offsets], ensure_ascii=False)
    job = _generated_job(index, MANUAL, title, markdown, meta, source, pdfa)
    return replace(job, parts=parts, part_offsets=offsets, heads=heads, parts_folder=str(parts_folder))


def register_jobs(index: Index, sources: dict[str, SourceCommit], pdfa: bool) -> list[PdfJob]:
    """The document register and the records register, stamped with the newest source commit."""
    source = newest(sources)
    jobs = []
    listed = {"document-register": [d for d in index.originals if d.level is not Level.RECORD]}
    listed["records-register"] = index.by_level(Level.RECORD)
    for register_id, title, register in register_rows(index):
        classification = index.highest_classification(listed.get(register_id, []), "internal")
        meta = register_meta(index, register_id, title, source, classification)
        meta.update(landscape=True, table_text=8, register=register)
        job = _generated_job(index, register_id, title, "", meta, source, pdfa)
        jobs.append(replace(job, converted=REGISTER_BODY))
    return jobs


def register_rows(index: Index) -> list[tuple[str, str, dict[str, object]]]:
    """(id, title, register) of the generated registers, in the ISMS's default language: the columns of
    the register workbooks (every column of the site's registers) and their rows, each register opened
    by a sentence with the one count of controlled documents."""
    count = index.document_count
    words = labels_in(index.settings.default_language)
    tables = register_tables(index, ExportWords(index.settings, words.language))
    records = len(tables[1].rows)
    templates = words("bundles.templates_one" if records == 1 else "bundles.templates", count=records)
    listed = len(tables[0].rows)
    lead = {
        "document-register": words("bundles.register_lead", count=count, listed=listed, templates=templates),
        "records-register": words("bundles.records_lead", templates=templates, count=count),
    }
    result = []
    for table in tables:
        register_id = table.stable_name.lower().replace(" ", "-")
        register: dict[str, object] = {
            "lead": lead[register_id],
            "columns": list(table.columns),
            "rows": [list(row) for row in table.rows],
        }
        result.append((register_id, table.name, register))
    return result


def _held(words: Labels, held: int, count: int) -> str:
    """How many of the controlled documents the manual holds: all of them, or the approved ones."""
    return str(count) if held == count else words("bundles.held", held=held, count=count)


def _generated_job(
    index: Index, job_id: str, title: str, markdown: str, meta: dict[str, object], source: SourceCommit, pdfa: bool
) -> PdfJob:
    """A PDF generated from the whole ISMS (a register, the manual), versioned by its source commit."""
    return make_job(
        job_id,
        index.settings.documents_path,
        f"{job_id}.pdf",
        markdown,
        meta,
        source,
        pdfa,
        title,
        source.label,
        "generated",
        root=index.corpus.root,
    )
