"""The ISMS manual's Typst body, put together from one converted part per document.

Converting the whole 1,000-document manual with pandoc takes seconds; a part that did not change
does not need it again. Each part (a document's chapter: its heading, facts line and body, and the
heading of the level it opens) is converted on its own, so its Typst depends on nothing but its
Markdown, and is kept under a digest of exactly what the conversion reads: the part's Markdown,
pandoc's input format, the conversion script and the tool versions. The manual's id, version,
labels and running headers are not in any part; they reach Typst as metadata (render/meta.py), and
the PDF's own cache key covers them.

The parts a build lacks are converted in one pandoc process (`pandoc lua`), each read and written
by itself, never as one text: a footnote or link definition in one document cannot reach another,
and a part converted alone or among others gives the same bytes. A cache file carries the digest
of its text; a damaged one is converted again, never used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from isms.core.files import replace_file
from isms.core.settings import RenderLimits
from isms.render.engine import DEFAULT_LIMITS, PANDOC_FORMAT, RenderError, run_pandoc, tool_versions

SCRIPT = "convert_each.lua"  # in render/templates


def part_key(markdown: str) -> str:
    """The digest a converted part is kept under: everything its Typst is made from."""
    source = json.dumps([PANDOC_FORMAT, convert_script(), tool_versions(), markdown], ensure_ascii=False)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def converted_parts(parts: Sequence[str], folder: Path, limits: RenderLimits = DEFAULT_LIMITS) -> list[str]:
    """The Typst of each Markdown part, in order: from `folder` when kept there intact, else converted
    (all missing parts in one pandoc process) and kept there for the next build."""
    keys = [part_key(part) for part in parts]
    found = {key: _kept(folder, key) for key in set(keys)}
    missing = sorted(key for key, text in found.items() if text is None)
    if missing:
        markdown = {key: part for key, part in zip(keys, parts, strict=True)}
        folder.mkdir(parents=True, exist_ok=True)
        for key, text in zip(missing, convert_each([markdown[key] for key in missing], limits), strict=True):
            found[key] = text
            _keep(folder, key, text)
    return [found[key] or "" for key in keys]


def convert_each(parts: Sequence[str], limits: RenderLimits = DEFAULT_LIMITS) -> list[str]:
    """pandoc's Typst of each Markdown text, each converted by itself, in one bounded pandoc process."""
    with resources.as_file(resources.files("isms.render") / "templates" / SCRIPT) as script:
        data = json.dumps(list(parts), ensure_ascii=False).encode("utf-8")
        output = run_pandoc(["lua", str(script), PANDOC_FORMAT], data, limits)
    try:
        converted = json.loads(output.decode("utf-8"))
    except ValueError:
        raise RenderError("pandoc: the converted parts of the ISMS manual could not be read") from None
    if not isinstance(converted, list) or len(converted) != len(parts):
        raise RenderError("pandoc: the ISMS manual's parts did not all come back converted")
    return [str(text) for text in converted]


@lru_cache(maxsize=1)
def convert_script() -> str:
    return (resources.files("isms.render") / "templates" / SCRIPT).read_text(encoding="utf-8")


def _kept(folder: Path, key: str) -> str | None:
    """A part's kept Typst when its file is whole: the digest on its first line matches the rest."""
    try:
        data = (folder / f"{key}.typ").read_bytes()
    except OSError:
        return None
    digest, _, text = data.partition(b"\n")
    if hashlib.sha256(text).hexdigest().encode("ascii") != digest:
        return None
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _keep(folder: Path, key: str, text: str) -> None:
    data = text.encode("utf-8")
    replace_file(folder / f"{key}.typ", hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data)
