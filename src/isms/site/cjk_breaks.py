"""Line breaks inside Japanese, Chinese and Korean sentences add no space on the site.

Authors wrap long lines wherever the editor does; in Japanese or Chinese that is in the middle of
a word, where a browser (and the search index, built from the page's text) shows the line break
as a space: 日本企業向けに␣ソフトウェア. The PDFs have pandoc's `east_asian_line_breaks`, which drops a
soft line break when the characters on both sides are East Asian wide or fullwidth (Han, kana,
Hangul, fullwidth punctuation), looking through emphasis and links to the nearest text and reading
inline code as text. This tree processor applies the same rule to the parsed page, after inline
Markdown is resolved and before the HTML is written: working on the tree, not on the source, keeps
code blocks and code spans untouched and the source's line numbers as they are.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_READ_ONLY = frozenset({"code", "kbd", "samp", "script", "style", "pre"})


def wide(character: str) -> bool:
    """East Asian Wide or Fullwidth, as pandoc (through doclayout) measures characters."""
    return unicodedata.east_asian_width(character) in ("W", "F")


def join_line(before: str, after: str) -> bool:
    """Whether a soft line break between these two characters disappears (else it is a space)."""
    return bool(before) and bool(after) and wide(before) and wide(after)


@dataclass
class _Text:
    element: etree.Element
    attribute: str  # "text" or "tail"
    value: str
    editable: bool


_BOUNDARY = None


def join_cjk_lines(root: etree.Element) -> None:
    """Drop every soft line break between two wide characters in the tree's text."""
    pieces: list[_Text | None] = []
    _flatten(root, pieces)
    for position, piece in enumerate(pieces):
        if piece is None or not piece.editable or "\n" not in piece.value:
            continue
        before = _last_character(pieces, position)
        after = _first_character(pieces, position)
        value = piece.value

        def replace(match: re.Match[str], value: str = value, before: str = before, after: str = after) -> str:
            left = value[match.start() - 1] if match.start() > 0 else before
            right = value[match.end()] if match.end() < len(value) else after
            return "" if join_line(left, right) else match.group(0)

        joined = SOFT_BREAK.sub(replace, value)
        if joined != value:
            setattr(piece.element, piece.attribute, joined)


def _flatten(element: etree.Element, pieces: list[_Text | None]) -> None:
    """The tree's text in reading order; None where a block starts or ends (no joining across)."""
    block = element.tag in _BLOCKS
    if block:
        pieces.append(_BOUNDARY)
    if element.tag in _READ_ONLY:
        pieces.append(_Text(element, "text", "".join(element.itertext()), editable=False))
    else:
        pieces.append(_Text(element, "text", element.text or "", editable=True))
        for child in element:
            _flatten(child, pieces)
            pieces.append(_Text(child, "tail", child.tail or "", editable=True))
    if block:
        pieces.append(_BOUNDARY)


def _last_character(pieces: list[_Text | None], position: int) -> str:
    for piece in reversed(pieces[:position]):
        if piece is None:
            return ""
        if piece.value:
            return piece.value[-1]
    return ""


def _first_character(pieces: list[_Text | None], position: int) -> str:
    for piece in pieces[position + 1 :]:
        if piece is None:
            return ""
        if piece.value:
            return piece.value[0]
    return ""


class CjkLineBreakTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        join_cjk_lines(root)


class CjkLineBreakExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after inline Markdown (20) has made emphasis, links and code elements, before prettify (10)
        md.treeprocessors.register(CjkLineBreakTreeprocessor(md), "isms_cjk_line_breaks", 16)


def makeExtension(**kwargs: Any) -> CjkLineBreakExtension:  # Python-Markdown finds extensions by this name
    return CjkLineBreakExtension(**kwargs)
