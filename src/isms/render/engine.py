"""The adapter to pandoc and Typst: one job in, the PDF or DOCX bytes out, or a RenderError that
names the source line where it can.

pandoc runs as a process bounded in time and memory. Typst runs in the worker process through its
binding, one compiler per repository root so fonts are discovered once; in a worker (render/pool.py)
the compile is bounded too: an alarm whose default action ends the worker (Typst holds the thread,
so no Python handler could run), and a data-size limit under which an allocation that would exceed
it ends the worker instead of exhausting the machine's memory.
"""

from __future__ import annotations

import base64
import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from isms.core.settings import RenderLimits
from isms.render.docx import finish_docx
from isms.render.markdown import embedded_files, typst_tags
from isms.render.pandoc_run import (
    DEFAULT_LIMITS,
    DOCX_OPTIONS,
    PANDOC_FORMAT,
    TYPST_OPTIONS,
    RenderError,
    first_line_of,
    run_pandoc,
)
from isms.render.parts import converted_parts, deeper_headings

if TYPE_CHECKING:
    import typst

TEMPLATE = "controlled.typ"
MIB = 1024 * 1024
_bounded_worker = False  # set in render/pool.py's workers, the only processes an alarm may end


@dataclass(frozen=True)
class PdfJob:
    """One output file to render: a controlled PDF, or a DOCX form for an office suite."""

    document_id: str
    source_path: str
    filename: str
    markdown: str
    meta: str
    timestamp: int
    pdfa: bool
    key: str
    title: str
    version: str
    status: str
    commit: str
    kind: str = "pdf"
    root: str = ""  # the repository, which Typst reads images from (`/policies/…` in the Markdown)
    first_line: int = 0  # the source line the Markdown's first line comes from; 0 when it is no one file
    parts: tuple[str, ...] = ()  # the manual: its documents' Markdown, each converted once (render/parts.py)
    part_offsets: tuple[int, ...] = ()  # the manual: how many levels deeper each part's headings go
    heads: tuple[str, ...] = ()  # the manual: the Typst that goes before each part (its chapter's head)
    parts_folder: str = ""  # where converted parts are kept between builds
    # pandoc's output for the Markdown when converted before the job was sent (render/ahead.py): the
    # Typst of a PDF, the DOCX of a form in base64; or the Typst of a body made without pandoc (a register)
    converted: str = ""

    @property
    def size(self) -> int:
        """How much there is to render, to start the longest jobs first: the text and the metadata (a
        register's rows)."""
        return len(self.markdown) + len(self.meta)

    @property
    def cache_name(self) -> str:
        return f"{self.key}.{self.kind}"


def render(job: PdfJob, limits: RenderLimits = DEFAULT_LIMITS) -> bytes:
    """Markdown → Typst (pandoc) → PDF (Typst). Runs in a worker process."""
    if job.kind == "docx":
        return _docx(job, limits)
    body = _typst_body(job, limits)
    source = template() + "\n" + typst_tags(body)
    try:
        with bounded(limits, job.first_line):
            data = _compiler(job.root).compile(
                input=source.encode("utf-8"),
                sys_inputs={"meta": job.meta},
                timestamp=job.timestamp,
                pdf_standards=["a-2b"] if job.pdfa else [],
            )
    except Exception as error:  # the binding raises its own error types; keep the message
        message = first_line_of(str(error))
        images = embedded_files(job.markdown) if "image" in message else []
        named = f" (the document's images: {', '.join(images)})" if images else ""
        raise RenderError(f"typst: {message}{named}", _line_of(job, images[0]) if images else job.first_line) from None
    if not isinstance(data, bytes):
        raise RenderError("typst returned no PDF")
    return data


def _typst_body(job: PdfJob, limits: RenderLimits) -> str:
    """pandoc's Typst of the job's Markdown; for the manual, its kept parts with the changed ones converted."""
    if job.converted:
        return job.converted
    if not job.parts:
        return pandoc(job, "typst", list(TYPST_OPTIONS), limits=limits).decode("utf-8")
    texts = converted_parts(job.parts, Path(job.parts_folder), limits, job.first_line)
    return assembled(job.heads, texts, job.part_offsets)


def assembled(heads: tuple[str, ...], texts: list[str], offsets: tuple[int, ...]) -> str:
    """The manual's Typst: each part's head, then the part's Typst with its headings its offset deeper
    (a document's body is the Typst of its own PDF, its headings moved below the manual's part and
    chapter headings), a blank line between them: a chapter's facts line and the text of its body are
    paragraphs apart."""
    return "\n".join(
        head + "\n" + (deeper_headings(text, offset) if offset else text)
        for head, text, offset in zip(heads, texts, offsets, strict=True)
    )


def enter_bounded_worker(threads: int = 0) -> None:
    """Called once in each worker process of render/pool.py: from now on Typst runs bounded here, with
    at most `threads` threads of its own (0: as many as it likes). Workers side by side, one per core,
    each with a thread per core, spent a quarter of their time contending for the cores (a full build
    of 1,000 documents: 58 s of work against 44 s with one thread each)."""
    global _bounded_worker
    _bounded_worker = True
    if threads:  # read by Typst's thread pool when it starts, at the first compile; a user's setting wins
        os.environ.setdefault("RAYON_NUM_THREADS", str(threads))


def beyond_limits(limits: RenderLimits, line: int, timed_out: bool, known: bool = True) -> RenderError:
    """The failure of a job that broke its limits; `known` is False when its worker was ended and only
    the time it took tells which limit it broke."""
    if timed_out:
        reason = f"stopped after {limits.seconds:g} s (limits.render_seconds in isms.yml)"
    elif known:
        reason = f"needed more than {limits.memory_mib} MiB of memory (limits.render_memory_mib in isms.yml)"
    else:
        reason = (
            f"its worker was ended, most likely needing more than {limits.memory_mib} MiB of memory"
            " (limits.render_memory_mib in isms.yml)"
        )
    return RenderError(f"typst: {reason}; split the document or simplify its largest tables and images", line)


@contextmanager
def bounded(limits: RenderLimits, line: int = 0) -> Iterator[None]:
    """Typst's compile within the limits, in a worker; elsewhere (a test, one document in-process)
    unbounded, since the alarm's default action would end the caller itself."""
    if not _bounded_worker or not hasattr(signal, "SIGALRM"):
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    allowed = _data_size() + limits.memory_mib * MIB
    resource.setrlimit(resource.RLIMIT_DATA, (allowed if hard == resource.RLIM_INFINITY else min(allowed, hard), hard))
    previous = signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        yield
    except MemoryError:
        raise beyond_limits(limits, line, timed_out=False) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _data_size() -> int:
    """The worker's writable private memory now (Python, Typst's fonts once loaded), which the limit
    comes on top of. Data, not address space: reserved but untouched ranges (glibc's per-thread arenas,
    mapped font files) would make an address-space limit depend on the number of cores."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def _docx(job: PdfJob, limits: RenderLimits) -> bytes:
    """pandoc's DOCX, finished as a form with header, footer and properties (render/docx.py)."""
    if job.converted:  # the DOCX's dates and the ZIP's times differ, which finish_docx sets
        data = base64.b64decode(job.converted)
    else:
        data = pandoc(job, "docx", [*DOCX_OPTIONS, "-o", "-"], {"SOURCE_DATE_EPOCH": str(job.timestamp)}, limits)
    return finish_docx(data, json.loads(job.meta), job.timestamp)


def pandoc(
    job: PdfJob,
    to: str,
    arguments: list[str],
    environment: dict[str, str] | None = None,
    limits: RenderLimits = DEFAULT_LIMITS,
) -> bytes:
    """pandoc's output for a job's Markdown, bounded: a document that makes pandoc run without end
    (33 nested brackets are enough) or grow without bound fails with its name instead of the build."""
    return run_pandoc(
        ["-f", PANDOC_FORMAT, "-t", to, *arguments], job.markdown.encode("utf-8"), limits, environment, job.first_line
    )


@lru_cache(maxsize=4)
def _compiler(root: str) -> typst.Compiler:
    """One Typst compiler per process and repository: font discovery happens once, not once per document."""
    import typst

    return typst.Compiler(root=root) if root else typst.Compiler()


@lru_cache(maxsize=1)
def template() -> str:
    return (resources.files("isms.render") / "templates" / TEMPLATE).read_text(encoding="utf-8")


def _line_of(job: PdfJob, image: str) -> int:
    """The source line where a document shows an image, for a failure that names the image."""
    if not job.first_line:
        return 0
    for number, line in enumerate(job.markdown.split("\n")):
        if f"/{image}" in line:
            return job.first_line + number
    return job.first_line
