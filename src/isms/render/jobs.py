"""One render job per output file, content-addressed: the key covers everything the output is made
from (Markdown, metadata, template, tool versions, the renderer's code, images, commit time), so an
unchanged output is copied from the cache and a changed one is rendered again.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from isms.core import bidi
from isms.core.code_digest import code_digest
from isms.core.revisions import SourceCommit
from isms.render import docx, docx_form, engine, parts
from isms.render.engine import PdfJob, template
from isms.render.markdown import embedded_files
from isms.render.pandoc_run import DOCX_OPTIONS, PANDOC_FORMAT, TYPST_OPTIONS, tool_versions


def make_job(
    document_id: str,
    source_path: str,
    filename: str,
    markdown: str,
    meta: dict[str, object],
    source: SourceCommit,
    pdfa: bool,
    title: str,
    version: str,
    status: str,
    kind: str = "pdf",
    root: Path | None = None,
    first_line: int = 0,
) -> PdfJob:
    meta_json = json.dumps(meta, ensure_ascii=False, sort_keys=True)
    if bidi.has_scopes(meta_json):  # as JSON, every character of the strings is there as it is
        meta_json = json.dumps(bidi.closed_in(meta), ensure_ascii=False, sort_keys=True)
    media = _media_digests(root, markdown) if root is not None else []
    key_source = json.dumps(
        [
            kind,
            template(),
            PANDOC_FORMAT,
            DOCX_OPTIONS if kind == "docx" else TYPST_OPTIONS,
            markdown,
            meta_json,
            pdfa,
            source.timestamp,
            tool_versions(),
            _renderer(),
            media,
        ],
        ensure_ascii=False,
    )
    return PdfJob(
        document_id=document_id,
        source_path=source_path,
        filename=filename,
        markdown=markdown,
        meta=meta_json,
        timestamp=source.timestamp,
        pdfa=pdfa,
        key=hashlib.sha256(key_source.encode()).hexdigest(),
        title=title,
        version=version,
        status=status,
        commit=source.label,
        kind=kind,
        root=str(root) if root is not None else "",
        first_line=first_line,
    )


@lru_cache(maxsize=1)
def _renderer() -> str:
    """What a job's bytes depend on besides its inputs and the tools' versions: the code that renders it
    (the manual's assembly from its parts, the DOCX writer). A changed renderer renders again."""
    return code_digest(engine, parts, docx, docx_form)


def newest(sources: dict[str, SourceCommit]) -> SourceCommit:
    """The source commit of an output made from every source: the newest one, dirty if any is."""
    found = max(sources.values(), key=lambda s: (s.timestamp, s.commit), default=SourceCommit("", 0))
    return SourceCommit(found.commit, found.timestamp, any(s.dirty for s in sources.values()))


def _media_digests(root: Path, markdown: str) -> list[tuple[str, str]]:
    """(path, SHA-256) of each image a PDF embeds: a changed image renders the PDF again."""
    return [
        (path, hashlib.sha256((root / path).read_bytes()).hexdigest())
        for path in embedded_files(markdown)
        if (root / path).is_file()
    ]
