"""What a page body may carry onto the site, checked alike for documents and hand-written pages.

Raw HTML that the sanitizer removes is named with its line (`isms.html.removed`), and so is text in
angle brackets that reads as a tag no page or PDF shows (`isms.html.unknown-tag`); every image
or other file the browser would fetch by itself must be a file inside the repository
(`isms.embed.outside`, `isms.embed.missing`): a request to another host tells that host who reads
what. Hand-written pages in the site's docs folder reach every reader as documents do, so they are
read with the same limits and checked with the same rules.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.read.markup import local_target, references, unknown_tags, unsafe_lines
from isms.read.mkdocs_file import top_level_value
from isms.read.sources import split_front_matter
from isms.read.text import read_text


def check_body(root: Path, path: str, body: str, first_line: int, report: Report) -> None:
    """Diagnostics for the markup of one body; path is relative to root, with '/'."""
    for line, column, what in unsafe_lines(body, first_line):
        report.add(
            codes.HTML_REMOVED,
            Location(path, line, column),
            f"'{what}' is removed when the document is published",
            "documents may not carry scripts, event handlers, frames, forms, javascript:/data: links,"
            " or ids and data-md- attributes of the site's own elements",
        )
    for line, column, tag in unknown_tags(body, first_line):
        report.add(
            codes.HTML_UNKNOWN_TAG,
            Location(path, line, column),
            f"'{tag}' is read as an HTML tag, and no page or PDF shows it",
            f"to show it as text, write \\{tag} (or put it in `code`)",
        )
    _check_embedded(root, path, body, first_line, report)


def docs_folder(root: Path) -> Path | None:
    """The site's folder of hand-written pages (docs_dir of mkdocs.yml, by default docs)."""
    folder = root / (top_level_value(root, "docs_dir") or "docs")
    inside = folder.resolve().is_relative_to(root.resolve())
    return folder if inside and folder.is_dir() and not folder.is_symlink() else None


def check_pages(root: Path, docs: Path, report: Report, max_bytes: int) -> None:
    """Diagnostics for every hand-written Markdown page under docs (a folder inside root)."""
    for page in sorted(docs.rglob("*.md")):  # rglob does not descend into linked folders
        relative = page.relative_to(root).as_posix()
        text = read_text(root, relative, report, max_bytes)  # links, size, binary, encoding
        if text is None:
            continue
        try:
            parts = split_front_matter(text)
        except ValueError:
            parts = None  # MkDocs then reads the whole file as the page
        body, body_line = (parts[2], parts[3]) if parts else (text, 1)
        check_body(root, relative, body, body_line, report)


def _check_embedded(root: Path, path: str, body: str, first_line: int, report: Report) -> None:
    """Images and media load only from inside the repository: no other host, no escape, no link out."""
    embedded = [reference for reference in references(body, first_line) if reference.embedded]
    root = root.resolve() if embedded else root  # most bodies embed nothing: no file system call for them
    for reference in embedded:
        where = Location(path, reference.line, reference.column)
        relative = local_target(path, reference.target)
        if reference.external or relative is None:
            report.add(
                codes.EMBED_OUTSIDE,
                where,
                f"'{reference.target}' is not inside the repository; it would not be published",
                "put the file next to the document and refer to it by a relative path",
            )
            continue
        file = root / relative
        if file.is_symlink() or (file.exists() and not file.resolve().is_relative_to(root)):
            report.add(
                codes.EMBED_OUTSIDE,
                where,
                f"'{reference.target}' is a symbolic link; links are not followed",
                "put the file itself into the repository",
            )
        elif not file.is_file():
            report.add(codes.EMBED_MISSING, where, f"'{reference.target}' does not exist ({relative})")
        else:
            _check_image(file, reference.target, where, report)


# The first bytes of each image format the site and the PDFs show, by file name suffix.
_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
# In an SVG: elements and attributes that run script or pull in another document, and references
# to anything but the drawing itself or an embedded bitmap.
_LOCAL = rb"(?!#|data:image/(?:png|jpe?g|gif|webp)[;,])"
_SVG_UNSAFE = re.compile(
    rb"<\s*(?:script|foreignObject|iframe|object|embed)\b|\son[a-z]+\s*=|<!ENTITY"
    rb"|(?:href|src)\s*=\s*[\"']?\s*" + _LOCAL + rb"[a-z][a-z0-9+.-]*:"
    rb"|url\(\s*[\"']?\s*" + _LOCAL + rb"[a-z][a-z0-9+.-]*:",
    re.IGNORECASE,
)


def _check_image(file: Path, target: str, where: Location, report: Report) -> None:
    """An image must be what its name says, so that neither the browser nor Typst fails on it; an SVG,
    which can carry script, must carry none, and nothing from another place."""
    suffix = file.suffix.lower()
    if suffix == ".svg":
        data = file.read_bytes()[:1_048_576]
        if b"<svg" not in data:
            report.add(codes.EMBED_UNREADABLE, where, f"'{target}' is not an SVG image", _REEXPORT)
        elif match := _SVG_UNSAFE.search(data):
            found = match.group(0).decode("utf-8", "replace").strip()
            report.add(
                codes.EMBED_UNSAFE_SVG,
                where,
                f"'{target}' carries '{found}', which a browser would run or fetch",
                "export the drawing as plain SVG (no scripts, no links to other places) or as PNG",
            )
        return
    signatures = _SIGNATURES.get(suffix)
    if signatures is None:
        return
    kind = suffix.lstrip(".").upper()
    with open(file, "rb") as handle:
        data = handle.read(_LARGEST_CHECKED + 1)
    if not data.startswith(signatures) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        report.add(
            codes.EMBED_UNREADABLE, where, f"'{target}' is not a {kind} image: its content is something else", _REEXPORT
        )
    elif len(data) <= _LARGEST_CHECKED and (damage := _damage(suffix, data)):
        report.add(codes.EMBED_UNREADABLE, where, f"'{target}' is a damaged {kind} image: {damage}", _REEXPORT)


_LARGEST_CHECKED = 64 * 1024 * 1024  # read whole to check its structure; larger files only by their first bytes


def _damage(suffix: str, data: bytes) -> str:
    """What is wrong with an image's structure (chunks, checksums, end markers), or '' when nothing is:
    a file cut short or garbled in transfer otherwise fails the PDF build and shows broken on the site."""
    if suffix == ".png":
        position, seen = 8, []
        while position + 12 <= len(data):
            length = int.from_bytes(data[position : position + 4], "big")
            kind = data[position + 4 : position + 8]
            end = position + 12 + length
            if end > len(data):
                return f"the {kind.decode('latin-1')!r} chunk is cut short"
            if zlib.crc32(data[position + 4 : end - 4]) != int.from_bytes(data[end - 4 : end], "big"):
                return f"the {kind.decode('latin-1')!r} chunk fails its checksum"
            seen.append(kind)
            position = end
            if kind == b"IEND":
                break
        if seen and seen[-1] != b"IEND":
            return "it is cut short (it has no end chunk)"
        if not seen or seen[0] != b"IHDR" or b"IDAT" not in seen:
            return "its chunks are not header, image data and end"
        return ""
    if suffix in (".jpg", ".jpeg"):
        return "" if b"\xff\xd9" in data[-4096:] else "it has no end marker (cut short?)"
    if suffix == ".gif":
        return "" if data.rstrip(b"\x00").endswith(b"\x3b") else "it has no trailer (cut short?)"
    if suffix == ".webp":
        return "" if int.from_bytes(data[4:8], "little") + 8 <= len(data) else "it is shorter than its header says"
    return ""


_REEXPORT = "export the image again from the program that made it, or give the file the name of its format"
