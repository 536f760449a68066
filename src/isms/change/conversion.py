"""Existing documents read as Markdown for `isms import`: which files can be imported, Markdown as it
is, Word, OpenDocument and HTML through pandoc to GitHub-flavoured Markdown with their images
extracted, and the front matter they bring as plain values.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from isms.core.errors import IsmsError
from isms.read.sources import split_front_matter
from isms.read.yamltree import Mapping, Scalar, Sequence, parse, to_python

FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html"}
_IMAGE = re.compile(r"(!\[[^\]\n]*\]\(\s*<?)([^)\s>]+)|(<img\b[^>]*?\bsrc\s*=\s*[\"']?)([^\"'\s>]+)", re.IGNORECASE)


class ImportRefused(IsmsError):
    """A source that cannot be imported at all (unreadable, unknown format, conversion failed)."""


def sources(paths: Iterable[Path]) -> list[Path]:
    """Every importable file under the given files and folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS and p.name != "README.md"
            )
        elif path.is_file():
            if path.suffix.lower() not in FORMATS:
                raise ImportRefused(f"{path}: not Markdown, Word (.docx), OpenDocument (.odt) or HTML")
            found.append(path)
        else:
            raise ImportRefused(f"{path}: no such file or folder")
    return found


def markdown_of(path: Path) -> tuple[str, list[tuple[str, bytes]], str]:
    """(Markdown, images as (path in the Markdown, content), title from the file's metadata)."""
    kind = FORMATS[path.suffix.lower()]
    if kind == "markdown":
        try:
            text = path.read_text(encoding="utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError) as error:
            raise ImportRefused(f"{path}: cannot be read as UTF-8 text ({error})") from None
        media = []
        for match in _IMAGE.finditer(text):
            reference = match[2] or match[4]
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", reference, re.IGNORECASE):
                continue
            image = (path.parent / reference).resolve()
            if image.is_file() and path.parent.resolve() in image.parents:
                media.append((reference, image.read_bytes()))
        return text, media, ""
    import pypandoc

    with tempfile.TemporaryDirectory(prefix="isms-import-") as scratch:
        try:
            # Without raw HTML, images come out as Markdown images (not <figure> with Word's sizes).
            markdown = pypandoc.convert_file(
                str(path), "gfm-raw_html", format=kind, extra_args=["--wrap=none", f"--extract-media={scratch}"]
            )
            meta = pypandoc.convert_file(str(path), "markdown", format=kind, extra_args=["--standalone", "--wrap=none"])
        except (RuntimeError, OSError) as error:
            raise ImportRefused(f"{path}: pandoc could not read it ({str(error).strip()[:200]})") from None
        media = []
        for image in sorted(Path(scratch).rglob("*")):
            if image.is_file():
                written = str(image)
                if written in markdown:
                    media.append((written, image.read_bytes()))
        shutil.rmtree(scratch, ignore_errors=True)
    title = re.search(r"^title:\s*(.+)$", meta.split("\n---", 1)[0], re.MULTILINE) if meta.startswith("---") else None
    return markdown.replace("\r\n", "\n"), media, (title[1].strip().strip("'\"") if title else "")


def foreign_front_matter(markdown: str, path: Path) -> tuple[dict[str, object], str]:
    """(The source's own front matter as plain values, the body after it); no values when it has no
    front matter or one that is not a YAML mapping."""
    try:
        split = split_front_matter(markdown)
    except ValueError:
        return {}, markdown
    if split is None:
        return {}, markdown
    front, line, body, _ = split
    node, problems = parse(front, str(path), line)
    if node is None or not isinstance(node, Mapping):
        return {}, body
    del problems
    values: dict[str, object] = {}
    for key, value in node.entries:
        values[key.text] = _text_of(value)
    return values, body


def _text_of(node: object) -> object:
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, (Sequence, Mapping)):
        return to_python(node)
    return ""
