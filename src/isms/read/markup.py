"""Markup in document bodies that publishing removes, found before it is removed.

The site's sanitizer (site/sanitize.py) is the guarantee; this scan lets `isms check` name the line.
"""

from __future__ import annotations

import html
import posixpath
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from isms.read.fields import DOCUMENT_ID
from isms.read.statements import prose_lines

UNSAFE = re.compile(
    r"<\s*(script|style|iframe|frame|object|embed|applet|form|input|button|textarea|meta|link|base|svg|math)\b"
    r"|(?<=\s)on[a-z]+\s*="
    r"|(?:(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*|\]\(\s*<?|<)(?P<scheme>(?:javascript|vbscript|data)\s*:)",
    re.IGNORECASE,
)
# Attributes that would let a document pose as the theme's own elements (site/sanitize.py): in HTML,
# or set on an element with attr_list, `{: #__config }` or `{: data-md-component=search }`.
CLOBBERING = re.compile(
    r"(?<![\w-])(?:(?:id|name)\s*=\s*[\"']?\s*|(?<=[{\s])#)__[\w-]*|(?<![\w-])data-md-[\w-]*", re.IGNORECASE
)


# The elements the site's sanitizer keeps (site/sanitize.py); any other tag is removed from the page,
# its text kept, and pandoc leaves every raw tag out of the PDFs.
KEPT_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    "form", "label", "select", "option", "output",
})  # fmt: skip
# What the site's Markdown reads as a raw HTML tag (Python-Markdown's rule): `<Kite>`, `<security team>`,
# `</x>`; a URL or an address in angle brackets is a link instead.
_RAW_TAG = re.compile(r"<(?P<end>/?)(?P<name>[a-zA-Z][^<>@ ]*)(?: [^<>]*)?>")
_AUTOLINK = re.compile(r"(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://|mailto:", re.IGNORECASE)


def unknown_tags(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, tag) for each tag in a Markdown body that is no element the site keeps: a
    placeholder such as `<system name>` that the author meant as text and no reader would see."""
    found = []
    for index, line in prose_lines(body):
        if "<" not in line:
            continue
        for match in _RAW_TAG.finditer(line):
            name = match.group("name")
            element = re.split(r"[/\s]", name, maxsplit=1)[0].lower()
            before = line[: match.start()]
            escaped = (len(before) - len(before.rstrip("\\"))) % 2 == 1  # \<Kite> is text
            if escaped or _AUTOLINK.match(name) or UNSAFE.match(f"<{element}>"):
                continue  # text; a link; or an element removed for what it is, which unsafe_lines names
            if element not in KEPT_TAGS:
                found.append((first_line + index, match.start() + 1, match.group(0)))
    return found


# What a line must hold for UNSAFE or CLOBBERING to find anything in it: most lines of a body hold
# none of it, and this one search costs a tenth of theirs
_MAYBE_UNSAFE = re.compile(r"[<=]|\]\(|#__|data-md-", re.IGNORECASE)


def unsafe_lines(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, what) for markup in a Markdown body that the sanitizer will remove."""
    found = []
    for index, line in prose_lines(body):
        if not _MAYBE_UNSAFE.search(line):
            continue
        for match in UNSAFE.finditer(line):
            start = match.start("scheme") if match.group("scheme") else match.start()
            found.append((first_line + index, start + 1, (match.group("scheme") or match.group(0)).strip()))
        found += [(first_line + index, m.start() + 1, m.group(0)) for m in CLOBBERING.finditer(line)]
    return sorted(found)


# Markdown links and images, inline form: [text](target "title") and ![alt](target).
_INLINE = re.compile(r"(?P<image>!?)\[[^\]\n]*\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
# Reference-style images, ![alt][label], ![label][] and ![label], and the definitions they use.
_IMAGE_BY_LABEL = re.compile(r"!\[(?P<text>[^\]\n]*)\](?:\[(?P<label>[^\]\n]*)\])?(?![(\[])")
_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]\n]+)\]:\s*<?(?P<target>[^\s>]+)>?", re.MULTILINE)
# An HTML start tag, and its attributes quoted either way or not at all (as a browser reads them).
# Read twice: with quoted values that may hold '>', and up to the first '>' for a stray quote in an
# unquoted value; a browser may read a tag either way, so what either reading finds is checked.
_TAGS = (
    re.compile(r"""<(?P<name>[a-zA-Z][a-zA-Z0-9:-]*)(?P<attributes>(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?)>"""),
    re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9:-]*)(?P<attributes>(?:\s[^>]*)?)>"),
)
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s>]+)))?"""
)
_LOADING = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "xlink:href"}
_FOLLOWED = {"a", "area"}  # their href is a link the reader follows; anywhere else it is fetched
_CSS_URL = re.compile(r"url\(\s*[\"']?(?P<target>[^\"')]*)", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL


@dataclass(frozen=True)
class Reference:
    line: int
    column: int
    target: str
    embedded: bool  # an image or media the browser loads by itself, not a link the reader follows

    @property
    def external(self) -> bool:
        target = _IGNORED_IN_URLS.sub("", self.target)
        return bool(_SCHEME.match(target) and not target.lower().startswith("mailto:")) or (
            target.startswith(("//", "\\\\", "/\\", "\\/"))
        )


@lru_cache(maxsize=8)
def references(body: str, first_line: int) -> tuple[Reference, ...]:
    """Every link, image and fetched URL in a Markdown body (code left out), with line and column.

    A browser loads an image however it is written, so every form is found: Markdown images inline
    and by reference, HTML attributes quoted, unquoted or entity-encoded, each URL of a srcset, and
    `url(...)` in a style attribute. Tags and definitions may span lines. A document's checks ask
    for the references of each body twice (its embeds, its links): the last few are kept.
    """
    lines = dict(prose_lines(body))
    text = "\n".join(lines.get(index, "") for index in range(max(lines, default=-1) + 1))
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def at(offset: int, target: str, embedded: bool) -> Reference:
        index = bisect_right(starts, offset) - 1
        target = _IGNORED_IN_URLS.sub("", target).strip()  # may be empty: found, then skipped
        return Reference(first_line + index, offset - starts[index] + 1, target, embedded)

    found = [at(m.start("target"), m.group("target"), bool(m.group("image"))) for m in _INLINE.finditer(text)]
    definitions: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        definitions.setdefault(_label(match.group("label")), match.group("target"))
    for match in _IMAGE_BY_LABEL.finditer(text):
        label = _label(match.group("label") or match.group("text"))
        if label in definitions:
            found.append(at(match.start(), definitions[label], True))
    for pattern in _TAGS:
        for tag in pattern.finditer(text):
            found += [at(tag.start("attributes") + offset, t, e) for offset, t, e in _tag_urls(tag)]
    return tuple(sorted({r for r in found if r.target}, key=lambda r: (r.line, r.column, r.target)))


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _tag_urls(tag: re.Match[str]) -> list[tuple[int, str, bool]]:
    """(offset in the attributes, URL, fetched by itself) for each URL an HTML tag carries."""
    name = tag.group("name").lower()
    found = []
    for attribute in _ATTRIBUTE.finditer(tag.group("attributes")):
        key = attribute.group("name").lower()
        value_group = next((g for g in ("double", "single", "bare") if attribute.group(g) is not None), None)
        if value_group is None:
            continue
        raw, offset = attribute.group(value_group), attribute.start(value_group)
        value = html.unescape(raw)
        if key == "href":
            found.append((offset, value, name not in _FOLLOWED))
        elif key == "srcset":
            found += [(offset, candidate.split()[0], True) for candidate in value.split(",") if candidate.split()]
        elif key in _LOADING:
            found.append((offset, value, True))
        elif key == "style":
            found += [(offset, url.group("target"), True) for url in _CSS_URL.finditer(value)]
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

# The forms a publisher rewrites (Markdown links and images inline, with their text, and quoted src
# and href): the targets the site and the PDFs move. `references` finds every other form too, for the check.
LINK_OR_IMAGE = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:\\.|[^\]\\\n])*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
    r"|<\s*(?P<tag>img|a|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*[\"'](?P<html>[^\"']+)[\"']",
    re.IGNORECASE,
)


def rewrite_targets(body: str, replace: Rewrite) -> str:
    """The body with each link or embed target replaced by `replace(target, in_html, embedded)`
    where that gives a new one. Code blocks, inline code and comments keep their text."""

    def edit(match: re.Match[str], line: str) -> tuple[int, int, str] | None:
        in_html = not match.group("target")
        embedded = match.group("tag").lower() != "a" if in_html else bool(match.group("image"))
        group = "html" if in_html else "target"
        new = replace(line[match.start(group) : match.end(group)], in_html, embedded)
        return None if new is None else (match.start(group), match.end(group), new)

    return _edit_links(body, edit)


def fill_empty_texts(body: str, text_for: Callable[[str], str | None]) -> str:
    """The body with the text of each empty link, `[](STD-AC-01)`, set to `text_for(target)` where
    that gives one: the author asks for the linked document's id and title, which then never go stale."""

    def edit(match: re.Match[str], line: str) -> tuple[int, int, str] | None:
        if not match.group("target") or match.group("image") or match.group("text").strip():
            return None
        text = text_for(line[match.start("target") : match.end("target")])
        return None if text is None else (match.start("text"), match.end("text"), text)

    return _edit_links(body, edit)


def unlink(body: str, drop: Callable[[str], str | None]) -> str:
    """The body with each Markdown link whose target `drop(target)` answers for replaced by its
    text, or by that answer when the text is empty: a link that must not lead anywhere."""

    def edit(match: re.Match[str], line: str) -> tuple[int, int, str] | None:
        if not match.group("target") or match.group("image"):
            return None
        instead = drop(line[match.start("target") : match.end("target")])
        if instead is None:
            return None
        text = line[match.start("text") : match.end("text")]
        return match.start(), match.end(), text if text.strip() else instead

    return _edit_links(body, edit)


def _edit_links(body: str, edit: Callable[[re.Match[str], str], tuple[int, int, str] | None]) -> str:
    """The body with each link or image edited where `edit(match, line)` gives (start, end, text)
    to put in place of that span of its line. Code and comments are never matched."""
    if "](" not in body and "<" not in body:  # no link, image or HTML tag can match: most bodies
        return body
    lines = body.split("\n")
    for index, masked in prose_lines(body):
        line = lines[index]
        pieces: list[str] = []
        cursor = 0
        for match in LINK_OR_IMAGE.finditer(masked):
            change = edit(match, line)
            if change is None:
                continue
            start, end, text = change
            pieces += [line[cursor:start], text]
            cursor = end
        if pieces:
            lines[index] = "".join(pieces) + line[cursor:]
    return "\n".join(lines)
