"""Markup in document bodies that publishing removes, found before it is removed.

The site's sanitizer (site/sanitize.py) is the guarantee; this scan lets `isms check` name the line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from isms.fields import DOCUMENT_ID
from isms.statements import prose_lines

UNSAFE = re.compile(
    r"<\s*(script|style|iframe|frame|object|embed|applet|form|input|button|textarea|meta|link|base|svg|math)\b"
    r"|(?<=\s)on[a-z]+\s*="
    r"|(?:(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*|\]\(\s*<?|<)(?P<scheme>(?:javascript|vbscript|data)\s*:)",
    re.IGNORECASE,
)


def unsafe_lines(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, what) for markup in a Markdown body that the sanitizer will remove."""
    found = []
    for index, line in prose_lines(body):
        for match in UNSAFE.finditer(line):
            start = match.start("scheme") if match.group("scheme") else match.start()
            found.append((first_line + index, start + 1, (match.group("scheme") or match.group(0)).strip()))
    return found


# Markdown links and images, inline form: [text](target "title") and ![alt](target); HTML src/href.
LINK_OR_IMAGE = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:\\.|[^\]\\\n])*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
    r"|<\s*(?P<tag>img|a|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*[\"'](?P<html>[^\"']+)[\"']",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    line: int
    column: int
    target: str
    embedded: bool  # an image or media the browser loads by itself, not a link the reader follows

    @property
    def external(self) -> bool:
        return bool(_SCHEME.match(self.target) and not self.target.lower().startswith("mailto:")) or (
            self.target.startswith("//")
        )


def references(body: str, first_line: int) -> list[Reference]:
    """Every link and image in a Markdown body (code blocks left out), with its line and column."""
    found = []
    for index, line in prose_lines(body):
        for match in LINK_OR_IMAGE.finditer(line):
            if match.group("target"):
                target, embedded, start = match.group("target"), bool(match.group("image")), match.start("target")
            else:
                target, start = match.group("html"), match.start("html")
                embedded = match.group("tag").lower() != "a"
            found.append(Reference(first_line + index, start + 1, target.strip(), embedded))
    return found


def local_target(document_path: str, target: str) -> str | None:
    """The repository path a relative link or embed of a document refers to; None when it names
    another host, an absolute path, or leaves the repository."""
    if _SCHEME.match(target) or target.startswith(("//", "/", "\\")):
        return None
    clean = unquote(target.split("#", 1)[0].split("?", 1)[0])
    relative = posixpath.normpath(posixpath.join(posixpath.dirname(document_path), clean))
    if relative in (".", "..") or relative.startswith("../"):
        return None
    return relative


def id_target(target: str) -> tuple[str, str] | None:
    """(document id, fragment) when a link names a document by its id, `STD-AC-01#scope`: the form
    that stays right when the document's file is renamed or moved."""
    name, _, fragment = target.partition("#")
    return (name, fragment) if DOCUMENT_ID.match(name) else None


Rewrite = Callable[[str, bool, bool], str | None]


def rewrite_targets(body: str, replace: Rewrite) -> str:
    """The body with each link or embed target replaced by `replace(target, in_html, embedded)`
    where that gives a new one. Code blocks, inline code and comments keep their text."""
    lines = body.split("\n")
    for index, masked in prose_lines(body):
        line = lines[index]
        pieces: list[str] = []
        cursor = 0
        for match in LINK_OR_IMAGE.finditer(masked):
            in_html = not match.group("target")
            embedded = match.group("tag").lower() != "a" if in_html else bool(match.group("image"))
            group = "html" if in_html else "target"
            new = replace(line[match.start(group) : match.end(group)], in_html, embedded)
            if new is None:
                continue
            pieces += [line[cursor : match.start(group)], new]
            cursor = match.end(group)
        if pieces:
            lines[index] = "".join(pieces) + line[cursor:]
    return "\n".join(lines)


def fill_empty_texts(body: str, text_for: Callable[[str], str | None]) -> str:
    """The body with the text of each empty link, `[](STD-AC-01)`, set to `text_for(target)` where
    that gives one: the author asks for the linked document's id and title, which then never go stale."""
    lines = body.split("\n")
    for index, masked in prose_lines(body):
        line = lines[index]
        pieces: list[str] = []
        cursor = 0
        for match in LINK_OR_IMAGE.finditer(masked):
            if not match.group("target") or match.group("image") or match.group("text").strip():
                continue
            text = text_for(line[match.start("target") : match.end("target")])
            if text is None:
                continue
            pieces += [line[cursor : match.start("text")], text]
            cursor = match.end("text")
        if pieces:
            lines[index] = "".join(pieces) + line[cursor:]
    return "\n".join(lines)


def unlink(body: str, drop: Callable[[str], str | None]) -> str:
    """The body with each Markdown link whose target `drop(target)` answers for replaced by its
    text, or by that answer when the text is empty: a link that must not lead anywhere."""
    lines = body.split("\n")
    for index, masked in prose_lines(body):
        line = lines[index]
        pieces: list[str] = []
        cursor = 0
        for match in LINK_OR_IMAGE.finditer(masked):
            if not match.group("target") or match.group("image"):
                continue
            instead = drop(line[match.start("target") : match.end("target")])
            if instead is None:
                continue
            text = line[match.start("text") : match.end("text")]
            pieces += [line[cursor : match.start()], text if text.strip() else instead]
            cursor = match.end()
        if pieces:
            lines[index] = "".join(pieces) + line[cursor:]
    return "\n".join(lines)
