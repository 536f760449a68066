"""Controlled PDFs: pandoc turns each document's Markdown into Typst, Typst lays it out.

Every PDF is a controlled copy: a document-control block on the first page, and on every page the
organization, classification, title, id, version, status, "Page X of Y", the source commit and
the uncontrolled-copy notice; a diagonal watermark on anything that is not the approved version in
force. Document data reaches Typst as JSON (`sys.inputs`), never as Typst code.

PDFs are content-addressed: the key covers the Markdown, the metadata, the template and the tool
versions, so an unchanged document is copied from the cache instead of being rebuilt. Timestamps
come from the commit that last changed the source, so identical inputs give identical bytes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from isms.core.cache_use import Pruned, mark_used, prune, shared
from isms.core.diagnostics import PDF_FAILED
from isms.core.files import copy_file, replace_file, user_mode
from isms.core.model import Document, Level, Status
from isms.core.revisions import BuildOrigin, History, SourceCommit
from isms.read.labels import labels_in
from isms.render.ahead import converted_ahead
from isms.render.bundles import manual_job, register_jobs
from isms.render.docx import docx_meta
from isms.render.engine import PdfJob
from isms.render.exports import publish_exports
from isms.render.forms import forms_meta
from isms.render.history_pdfs import redline_meta, redlines, superseded_meta
from isms.render.jobs import make_job, newest
from isms.render.labels import labels_for
from isms.render.markdown import document_markdown, pdf_filename, typst_free
from isms.render.meta import document_meta, with_build
from isms.render.outputs import Published, write_manifest
from isms.render.pandoc_run import RenderError
from isms.render.pool import render_all
from isms.render.revision_rows import RevisionRow, before_rows, rows
from isms.resolve.archive import Archive
from isms.resolve.index import Index, document_sort_key
from isms.resolve.view import View


@dataclass(frozen=True)
class Failure:
    document_id: str
    path: str
    message: str
    line: int = 0  # in the source file, when known

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: error[{PDF_FAILED}]: {self.document_id} could not be rendered: {self.message}"


@dataclass
class PdfResult:
    published: list[Published] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    pruned: Pruned = field(default_factory=Pruned)  # what was removed from the cache, as unused for 30 days

    def summary(self) -> str:
        """The PDFs published, rendered and found unchanged, and what the cache lost."""
        counts = f"{len(self.published)} PDFs, {len(self.rendered)} rendered, {len(self.reused)} unchanged"
        return counts + (f"; {self.pruned} from the cache" if self.pruned.files else "")


def archive_file(document_id: str, version: str) -> str:
    """Where the controlled PDF of an approved, since replaced, version is published."""
    return f"archive/{document_id}-v{version}.pdf"


def publishable(index: Index) -> list[Document]:
    """Every controlled document, translation, record template and the SoA, in hierarchy order."""
    return sorted(index.corpus.documents, key=document_sort_key)


def publish(
    view: View,
    out_dir: Path,
    cache_dir: Path,
    ids: list[str] | None = None,
    pdfa: bool = False,
    workers: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> PdfResult:
    """Render (or reuse) the PDFs of an opened ISMS and write them, SHA256SUMS and manifest.json into out_dir.

    With a history, each document's PDF carries its revision history, and every approved version
    that has since been replaced is published too, under archive/, marked SUPERSEDED. After a build of
    every document, the cached files no build has used for 30 days are removed (core/cache_use.py).
    """
    with shared(cache_dir):
        result = _publish(view, out_dir, cache_dir, ids, pdfa, workers, progress)
    if ids is None:
        result.pruned = prune(cache_dir)
    return result


def _publish(
    view: View,
    out_dir: Path,
    cache_dir: Path,
    ids: list[str] | None,
    pdfa: bool,
    workers: int | None,
    progress: Callable[[int, int, str], None] | None,
) -> PdfResult:
    index, history, build = view.index, view.history, view.origin
    documents = [d for d in publishable(index) if ids is None or d.id in ids]
    sources = {d.path: view.source(d.path) for d in index.corpus.documents}
    written = {d.id: document_markdown(index, d) for d in documents}  # the manual's chapters too
    jobs = [
        _job(index, d, sources[d.path], pdfa, _rows(index, d, history), build, d.id in view.unapproved, written[d.id])
        for d in documents
    ]
    if history is not None and view.archive is not None:
        jobs += [job for d in documents for job in _archive_jobs(index, d, history, view.archive, pdfa, build)]
        jobs += [job for d in documents for job in _redline_jobs(index, d, history, view.archive, pdfa, build)]
    jobs += [_docx_job(index, d, sources[d.path], written[d.id]) for d in documents if d.level is Level.RECORD]
    if ids is None:
        jobs += register_jobs(index, sources, pdfa)
        jobs.append(manual_job(index, sources, pdfa, cache_dir / "parts", written))
    cache_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = PdfResult()
    digests = {job.cache_name: _cached(cache_dir, job) for job in jobs}
    missing = [job for job in jobs if digests[job.cache_name] is None]
    done = 0
    total = len(jobs)
    commits = {path: source.label for path, source in sources.items()}
    exports: Future[list[Published]] | None = None
    with ThreadPoolExecutor(max_workers=1) as background:
        if ids is None:  # the workbooks need no PDF: openpyxl writes them while the PDFs render
            exports = background.submit(publish_exports, index, out_dir, commits, newest(sources).label, cache_dir)
        if missing:

            def finished(job: PdfJob, outcome: bytes | RenderError) -> None:
                nonlocal done
                done += 1
                if isinstance(outcome, RenderError):
                    result.failures.append(Failure(job.document_id, job.source_path, str(outcome), outcome.line))
                else:
                    digest = hashlib.sha256(outcome).hexdigest()
                    replace_file(cache_dir / job.cache_name, outcome)
                    replace_file(cache_dir / f"{job.cache_name}.sha256", digest.encode())
                    digests[job.cache_name] = digest
                    if job.kind == "pdf":
                        result.rendered.append(job.document_id)
                if progress:
                    progress(done, total, job.document_id)

            count = min(workers or os.cpu_count() or 1, len(missing))
            # The longest first (the manual, the registers): started last, the manual would render alone
            # on one core while the other cores wait for it at the end of a full build
            longest_first = sorted(missing, key=lambda job: job.size, reverse=True)
            limits = index.settings.render_limits
            render_all(converted_ahead(longest_first, limits, count), limits, count, finished, count=len(missing))
    order: dict[str, int] = {}
    for position, job in enumerate(jobs):
        order.setdefault(job.document_id, position)
    result.failures.sort(key=lambda f: order[f.document_id])
    result.rendered.sort(key=lambda i: order[i])
    failed = {f.document_id for f in result.failures}
    mode = user_mode()
    for job in jobs:
        if job.document_id in failed:
            continue
        if job.kind == "pdf" and job.document_id not in result.rendered:
            result.reused.append(job.document_id)
        digest = digests[job.cache_name]
        assert digest is not None  # rendered or found intact: only failed jobs have none
        _publish_file(cache_dir / job.cache_name, out_dir / job.filename, mode)
        result.published.append(
            Published(job.document_id, job.title, job.version, job.status, job.commit, job.filename, digest)
        )
    if exports is not None:
        result.published += exports.result()
    write_manifest(out_dir, result.published)
    return result


def _job(
    index: Index,
    document: Document,
    source: SourceCommit,
    pdfa: bool,
    history: list[RevisionRow] | None = None,
    build: BuildOrigin | None = None,
    changed: bool = False,
    markdown: str | None = None,
    archived: bool = False,
    row: RevisionRow | None = None,
) -> PdfJob:
    # An archived copy of a version still in force (a later version is only drafted) is not superseded.
    superseded = archived and (row is None or bool(row.effective_to or row.superseded_by))
    meta = document_meta(index, document, source, history, superseded=superseded, changed=changed)
    meta = with_build(superseded_meta(meta, row) if superseded else meta, build, document.language)
    if document.record is not None:
        meta.update(forms_meta([document], labels_for(document.language, index.settings.pdf)))
    return make_job(
        document.id,
        document.path,
        archive_file(document.id, str(document.version)) if archived else pdf_filename(document),
        document_markdown(index, document) if markdown is None else markdown,
        meta,
        source,
        pdfa,
        document.title,
        str(document.version),
        Status.SUPERSEDED.value if superseded else document.status.value,
        root=index.corpus.root,
        first_line=_body_start(document),
    )


def _rows(index: Index, document: Document, history: History | None) -> list[RevisionRow] | None:
    """The revision table of a PDF, newest first, ending with the commits from before an import, with
    people's names and the table's words in the document's language."""
    if history is None:
        return None
    words = labels_in(document.language)
    return rows(history, document.id, index.settings, labels=words) + before_rows(
        history, document.id, index.settings, labels=words
    )


def _archive_jobs(
    index: Index, document: Document, history: History, archive: Archive, pdfa: bool, build: BuildOrigin | None
) -> list[PdfJob]:
    """The controlled PDF of each approved version before the current one, as it was approved."""
    revisions = history.of(document.id)
    newest_first = rows(history, document.id, index.settings, labels=labels_in(document.language))
    jobs = []
    for revision in revisions:
        approved = [c for c in revision.changes if c.status == Status.APPROVED.value]
        if not approved or (revision is revisions[-1] and revision.version == str(document.version)):
            continue
        change = approved[-1]
        old = archive.version(document, change)
        if old is None:
            continue
        source = SourceCommit(change.commit.sha, int(change.commit.committed.timestamp()))
        earlier = newest_first[len(revisions) - revision.number :]
        jobs.append(_job(index, old, source, pdfa, earlier, build, archived=True, row=earlier[0] if earlier else None))
    return jobs


def _redline_jobs(
    index: Index, document: Document, history: History, archive: Archive, pdfa: bool, build: BuildOrigin | None
) -> list[PdfJob]:
    """A redline PDF of each approved version against the approved version before it."""
    jobs = []
    for marked in redlines(index, document, history, archive):
        new = marked.document
        meta = with_build(document_meta(index, new, marked.source), build, new.language)
        meta = redline_meta(meta, marked.old_version, str(new.version))
        jobs.append(
            make_job(
                new.id,
                new.path,
                marked.filename,
                marked.markdown,
                meta,
                marked.source,
                pdfa,
                f"{new.title} (redline {marked.old_version} → {new.version})",
                str(new.version),
                "redline",
                root=index.corpus.root,
            )
        )
    return jobs


def _docx_job(index: Index, document: Document, source: SourceCommit, markdown: str) -> PdfJob:
    """A record template as a form to fill in Word: the description from pandoc, the form, header,
    footer and document properties added by the DOCX writer (render/docx.py) from `docx_meta`."""
    title = f"# {document.id} {document.title}\n\n"
    return make_job(
        document.id,
        document.path,
        pdf_filename(document).removesuffix(".pdf") + ".docx",
        typst_free(title + markdown),
        docx_meta(index, document, source),
        source,
        False,
        document.title,
        str(document.version),
        document.status.value,
        kind="docx",
    )


def _body_start(document: Document) -> int:
    """The source line of the first line of a document's PDF Markdown: its body's first non-blank
    line; 0 for a record template or YAML source, whose PDF text is put together from fields."""
    if document.record is not None or document.source_format == "yaml":
        return 0
    stripped = document.body.lstrip()
    return document.body_line + document.body[: len(document.body) - len(stripped)].count("\n")


def _cached(cache_dir: Path, job: PdfJob) -> str | None:
    """The digest of this job's output when the cache holds it intact: its bytes still have the digest
    written with them. A damaged or tampered entry is rendered again, never published."""
    entry = cache_dir / job.cache_name
    try:
        digest = cache_dir / f"{job.cache_name}.sha256"
        recorded = digest.read_text(encoding="ascii").strip()
        if hashlib.sha256(entry.read_bytes()).hexdigest() != recorded:
            return None
    except (OSError, UnicodeDecodeError):
        return None
    mark_used(entry, digest)
    return recorded


def _publish_file(cached: Path, path: Path, mode: int) -> None:
    """Copy a cached output to where it is published, unless the same bytes are there already with the
    same permissions: a rebuild with nothing changed rewrites nothing."""
    try:
        there = path.stat()
        same = stat.S_IMODE(there.st_mode) == mode and there.st_size == cached.stat().st_size
        if same and path.read_bytes() == cached.read_bytes():
            return
    except OSError:
        pass
    copy_file(cached, path, mode)
