"""The ISMS manual's Typst body, put together from one converted part per document.

Converting the whole 1,000-document manual with pandoc takes seconds; a part that did not change
does not need it again. Each part (a document's body, its Markdown as made for its own PDF) is
converted on its own, so its Typst depends on nothing but its Markdown, and is kept under a digest
of exactly what the conversion reads: the part's Markdown, the conversion's options and the tool
versions. A chapter's head (its heading, facts line and the heading of the level it opens) is Typst
written from the document's fields (render/markdown.py `manual_parts`), never converted. The
manual's id, version, labels and running headers are not in any part; they reach Typst as metadata
(render/meta.py), and the PDF's own cache key covers them.

The parts a build lacks are converted in one pandoc process (pandoc's batch interface, run as a
CGI program), each read and written by itself, never as one text: a footnote or link definition in
one document cannot reach another, and a part converted alone or among others gives the same bytes.
It reads Markdown as `pandoc -f … -t typst` with TYPST_OPTIONS does (abbreviations, East Asian line
breaks, 80 columns, the batch interface's own), which pandoc's Lua `pandoc.read` does not. A kept
file carries the digest of its text; a damaged one is converted again, never used.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path

from isms.core.cache_use import mark_used
from isms.core.files import replace_file
from isms.core.settings import RenderLimits
from isms.render.pandoc_run import DEFAULT_LIMITS, PANDOC_FORMAT, RenderError, run_pandoc, tool_versions

# One conversion as pandoc's batch interface (pandoc-server) takes it, the text added per part, by the
# format it gives: the same reading as the command line's, each part a document of its own: as
# `pandoc -f PANDOC_FORMAT -t typst` with TYPST_OPTIONS, or `-t docx` with DOCX_OPTIONS (abbreviations,
# East Asian line breaks, 80 columns, the batch interface's own). pandoc answers a DOCX in base64.
REQUESTS = {
    "typst": {"from": PANDOC_FORMAT, "to": "typst", "wrap": "preserve"},
    "docx": {"from": PANDOC_FORMAT, "to": "docx"},
}
REQUEST = REQUESTS["typst"]
_RAW_FENCE = re.compile(r"^(`{3,})")  # a raw block's opening line in pandoc's Typst
_TYPST_HEADING = re.compile(r"^(=+) ")
# pandoc answers one HTTP request as a CGI program when started under this name
CGI_NAME = "pandoc-server.cgi"


def part_key(markdown: str) -> str:
    """The digest a converted part is kept under: everything its Typst is made from."""
    source = json.dumps([REQUEST, tool_versions(), markdown], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def converted_parts(
    parts: Sequence[str], folder: Path, limits: RenderLimits = DEFAULT_LIMITS, first_line: int = 0
) -> list[str]:
    """The Typst of each Markdown part, in order: from `folder` when kept there intact, else converted
    (all missing parts in one pandoc process) and kept there for the next build."""
    keys = [part_key(part) for part in parts]
    found = {key: _kept(folder, key) for key in set(keys)}
    missing = sorted(key for key, text in found.items() if text is None)
    if missing:
        markdown = {key: part for key, part in zip(keys, parts, strict=True)}
        folder.mkdir(parents=True, exist_ok=True)
        for key, text in zip(
            missing, convert_each([markdown[key] for key in missing], limits, first_line), strict=True
        ):
            found[key] = text
            _keep(folder, key, text)
    return [found[key] or "" for key in keys]


def deeper_headings(typst: str, levels: int) -> str:
    """pandoc's Typst with every heading `levels` deeper, down to the sixth, as shifting the Markdown's
    headings would give: a line that starts with `=` and a space, outside raw blocks (pandoc escapes
    a `=` that starts a line of text). Done on the text, not with Typst's `heading(offset:)`: set rules,
    one per part, made the 1,000-document manual's compile several times slower, and a content block
    per part still a fifth slower."""
    lines = typst.split("\n")
    fence = ""
    for number, line in enumerate(lines):
        if fence:
            if line.rstrip() == fence:
                fence = ""
            continue
        opened = _RAW_FENCE.match(line)
        if opened and opened[1] not in line[len(opened[1]) :]:  # not raw text that ends on its line
            fence = opened[1]
            continue
        heading = _TYPST_HEADING.match(line)
        if heading:
            lines[number] = "=" * min(levels, max(0, 6 - len(heading[1]))) + line
    return "\n".join(lines)


def is_kept(folder: Path, markdown: str) -> bool:
    """Whether a part's Typst is kept in `folder` (not whether it is intact: reading it checks that)."""
    return (folder / f"{part_key(markdown)}.typ").is_file()


def keep_converted(folder: Path, markdown: str, typst: str) -> None:
    """Keep a text's Typst converted elsewhere (a document's, render/ahead.py) for the manual to find as
    one of its parts: the same conversion, so the same key."""
    key = part_key(markdown)
    if _kept(folder, key) is None:
        folder.mkdir(parents=True, exist_ok=True)
        _keep(folder, key, typst)


def convert_each(
    parts: Sequence[str], limits: RenderLimits = DEFAULT_LIMITS, first_line: int = 0, formats: Sequence[str] = ()
) -> list[str]:
    """pandoc's output for each Markdown text, each converted by itself, in one bounded pandoc process:
    Typst, or a DOCX's bytes in base64 for a text whose format in `formats` (by position; every text
    Typst when not given) is "docx"."""
    import pypandoc

    requests = [{**REQUESTS[formats[n] if formats else "typst"], "text": part} for n, part in enumerate(parts)]
    data = json.dumps(requests, ensure_ascii=False).encode("utf-8")
    request = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/batch",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(data)),
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "PANDOC_SERVER_TIMEOUT": str(math.ceil(limits.seconds)),  # its own limit, else 2 s for all parts
    }
    output = run_pandoc([], data, limits, request, first_line, (CGI_NAME, pypandoc.get_pandoc_path()))
    head, _, body = output.partition(b"\n\n")
    if not head.startswith(b"Status: 200"):
        message = body.decode("utf-8", "replace").strip() or head.decode("utf-8", "replace")
        raise RenderError(f"pandoc: {message[:400]}", first_line)
    try:
        answers = json.loads(body.decode("utf-8"))
        converted = [str(answer["output"]) for answer in answers]
    except (ValueError, TypeError, KeyError):
        raise RenderError("pandoc: its converted parts could not be read") from None
    if len(converted) != len(parts):
        raise RenderError("pandoc: not every part came back converted")
    return converted


def _kept(folder: Path, key: str) -> str | None:
    """A part's kept Typst when its file is whole: the digest on its first line matches the rest."""
    path = folder / f"{key}.typ"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, _, text = data.partition(b"\n")
    if hashlib.sha256(text).hexdigest().encode("ascii") != digest:
        return None
    try:
        typst = text.decode("utf-8")
    except UnicodeDecodeError:
        return None
    mark_used(path)
    return typst


def _keep(folder: Path, key: str, text: str) -> None:
    data = text.encode("utf-8")
    replace_file(folder / f"{key}.typ", hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data)
