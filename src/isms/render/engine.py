"""The adapter to pandoc and Typst: one job in, the PDF or DOCX bytes out, or a RenderError that
names the source line where it can.

pandoc runs as a process bounded in time and memory; Typst runs in the worker process through its
binding, one compiler per repository root so fonts are discovered once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from isms.core.errors import IsmsError
from isms.render.docx import finish_docx
from isms.render.markdown import embedded_files, typst_tags

if TYPE_CHECKING:
    import typst

TEMPLATE = "controlled.typ"
# pandoc's Markdown read the way the site reads it (site/dialect.py): a list may follow a paragraph
# without a blank line, so may a heading or a quote, and a line break between two East Asian wide
# characters adds no space. Without citations: "ping @chenhao" in a document is text, not a citation
# that fails the whole PDF for want of a bibliography (the site shows it as text too).
PANDOC_FORMAT = (
    "markdown+east_asian_line_breaks+lists_without_preceding_blankline"
    "-blank_before_header-blank_before_blockquote-auto_identifiers-citations-implicit_figures-raw_attribute-raw_tex"
)

PANDOC_SECONDS = 60  # a document of 100 pages converts in well under a second
PANDOC_MEMORY_MIB = 2048


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

    @property
    def cache_name(self) -> str:
        return f"{self.key}.{self.kind}"


class RenderError(IsmsError):
    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line  # in the source file, when the failure can be placed; 0 otherwise


def render(job: PdfJob) -> bytes:
    """Markdown → Typst (pandoc) → PDF (Typst). Runs in a worker process."""
    if job.kind == "docx":
        return _docx(job)
    body = pandoc(job, "typst", ["--wrap=preserve"]).decode("utf-8")
    source = template() + "\n" + typst_tags(body)
    try:
        data = _compiler(job.root).compile(
            input=source.encode("utf-8"),
            sys_inputs={"meta": job.meta},
            timestamp=job.timestamp,
            pdf_standards=["a-2b"] if job.pdfa else [],
        )
    except Exception as error:  # the binding raises its own error types; keep the message
        message = _first_line(str(error))
        images = embedded_files(job.markdown) if "image" in message else []
        named = f" (the document's images: {', '.join(images)})" if images else ""
        raise RenderError(f"typst: {message}{named}", _line_of(job, images[0]) if images else job.first_line) from None
    if not isinstance(data, bytes):
        raise RenderError("typst returned no PDF")
    return data


def _docx(job: PdfJob) -> bytes:
    """pandoc's DOCX, finished as a form with header, footer and properties (render/docx.py)."""
    data = pandoc(job, "docx", ["-o", "-"], {"SOURCE_DATE_EPOCH": str(job.timestamp)})
    return finish_docx(data, json.loads(job.meta), job.timestamp)


def pandoc(
    job: PdfJob,
    to: str,
    arguments: list[str],
    environment: dict[str, str] | None = None,
    seconds: float = PANDOC_SECONDS,
) -> bytes:
    """pandoc's output for a job's Markdown, bounded: a document that makes pandoc run without end
    (33 nested brackets are enough) or grow without bound fails with its name instead of the build."""
    import pypandoc

    command = [pypandoc.get_pandoc_path(), "-f", PANDOC_FORMAT, "-t", to, *arguments]
    command += ["+RTS", f"-M{PANDOC_MEMORY_MIB}m", "-RTS"]
    try:
        done = subprocess.run(
            command,
            input=job.markdown.encode("utf-8"),
            capture_output=True,
            timeout=seconds,
            env={**os.environ, **(environment or {})},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"pandoc: stopped after {seconds:g} s (deeply nested brackets, lists or emphasis can make it"
            " run without end); simplify the text that nests deepest",
            job.first_line,
        ) from None
    except OSError as error:
        raise RenderError(f"pandoc: cannot run it ({error.strerror})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")
        if "Heap exhausted" in message or "heap overflow" in message:
            message = f"needed more than {PANDOC_MEMORY_MIB} MiB of memory; simplify the text that nests deepest"
        found = re.search(r"line (\d+)", message)
        line = job.first_line + int(found[1]) - 1 if found and job.first_line else job.first_line
        raise RenderError(f"pandoc: {_first_line(message)}", line)
    return done.stdout


@lru_cache(maxsize=4)
def _compiler(root: str) -> typst.Compiler:
    """One Typst compiler per process and repository: font discovery happens once, not once per document."""
    import typst

    return typst.Compiler(root=root) if root else typst.Compiler()


@lru_cache(maxsize=1)
def template() -> str:
    return (resources.files("isms.render") / "templates" / TEMPLATE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def tool_versions() -> str:
    import pypandoc
    import typst

    return f"pandoc {pypandoc.get_pandoc_version()}; typst-py {getattr(typst, '__version__', '?')}"


def _line_of(job: PdfJob, image: str) -> int:
    """The source line where a document shows an image, for a failure that names the image."""
    if not job.first_line:
        return 0
    for number, line in enumerate(job.markdown.split("\n")):
        if f"/{image}" in line:
            return job.first_line + number
    return job.first_line


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    return " ".join(lines[:3])[:400] if lines else "unknown error"
