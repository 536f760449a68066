"""Lists on the site read the way pandoc reads them for the PDFs.

Python-Markdown nests a list only under four spaces and ends a paragraph only at a blank line, so
a two-space nested list came out flat and a list written right under its lead-in sentence ran on
as text, while pandoc (CommonMark's rule: a child belongs to the item whose text it is indented
under) nested and split them. Two parts close the gap inside Python-Markdown, where the block
parser still knows what is code, a table or raw HTML:

- a preprocessor re-indents list items and their continuation lines to four spaces per level,
  measured the CommonMark way from the column where the parent item's text starts, and writes
  pandoc's `1)` as `1.`. It changes nothing else, so the page keeps its lines (statement
  references and diagnostics are located on the source, never on this text);
- a block processor lets a list item interrupt a paragraph, as pandoc's
  `lists_without_preceding_blankline` does (any bullet or number, like pandoc, not only "1.");
- two more split a block where a list gives way to one of the other kind (`1.` after `-`), and
  an indented block (code in an item) where a less indented item starts;
- a tree processor prints a task item's `[ ]` or `[x]` as ☐ or ☒, the characters pandoc prints in
  the PDF. A checkbox would be an <input>, which the sanitizer removes from every page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-+*]|\d{1,9}[.)])(?P<space> +)(?=\S)")
_RULE = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})")
STEP = 4  # Python-Markdown's tab_length: one level of list nesting
TASK = re.compile(r"^\[([ xX])\][ \t]+(?=\S)")
TASK_MARKERS = {" ": "\u2610", "x": "\u2612", "X": "\u2612"}  # ☐ ☒, as pandoc writes Typst


@dataclass(frozen=True)
class _Item:
    content: int  # the source column where the item's text starts
    depth: int


def list_item(line: str) -> re.Match[str] | None:
    """The marker of a list item that starts this line, if it is one (a rule is not)."""
    if _RULE.match(line):
        return None
    return ITEM.match(line)


def reindent(lines: list[str]) -> list[str]:
    """Lines with list items and their contents indented four spaces per nesting level."""
    result: list[str] = []
    open_items: list[_Item] = []
    after_blank = True
    fence = ""
    fence_shift = 0
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            result.append(_shifted(line, indent, fence_shift))
            continue
        if not line.strip():
            result.append(line)
            after_blank = True
            continue
        item = list_item(line)
        if item is not None:
            while open_items and indent < open_items[-1].content:
                open_items.pop()
            if open_items or indent < STEP:
                depth = len(open_items)
                spaces = len(item["space"]) if len(item["space"]) <= STEP else 1
                open_items.append(_Item(indent + len(item["marker"]) + spaces, depth))
                marker = item["marker"].replace(")", ".")  # pandoc's 1) is Python-Markdown's 1.
                result.append(" " * (STEP * depth) + marker + line[item.end("marker") :])
                after_blank = False
                continue
        elif open_items and after_blank:
            while open_items and indent < open_items[-1].content:
                open_items.pop()
        shift = 0
        if open_items:
            # Text under an item moves to the item's new column and keeps any indentation beyond
            # it (an indented code block); a lazy line, indented less, moves to that column.
            owner = open_items[-1]
            shift = STEP * (owner.depth + 1) - min(indent, owner.content)
        opening = _FENCE.match(line)
        if opening:
            fence, fence_shift = opening["fence"], shift
        result.append(_shifted(line, indent, shift))
        after_blank = False
    return result


def _shifted(line: str, indent: int, shift: int) -> str:
    return " " * max(0, indent + shift) + line[indent:]


class ListIndentPreprocessor(Preprocessor):
    """Runs after fenced code is stashed (priority 25) and before raw HTML blocks are (20)."""

    def run(self, lines: list[str]) -> list[str]:
        return reindent(lines)


class ListInterruptsParagraph(BlockProcessor):
    """Splits a paragraph block where a list item starts, so the rest is parsed as a list."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return self._split_at(block) > 0

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        lines = block.split("\n")
        split = self._split_at(block)
        blocks.insert(0, "\n".join(lines[split:]))
        blocks.insert(0, "\n".join(lines[:split]))

    @staticmethod
    def _split_at(block: str) -> int:
        for number, line in enumerate(block.split("\n")):
            if number > 0 and len(line) - len(line.lstrip(" ")) < STEP and list_item(line):
                return number
        return 0


class _SplitsBlock(BlockProcessor):
    """A block processor that cuts a block in two at the line `_split_at` names (0: no cut)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return self._split_at(block) > 0

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n")
        split = self._split_at("\n".join(lines))
        blocks.insert(0, "\n".join(lines[split:]))
        blocks.insert(0, "\n".join(lines[:split]))

    @staticmethod
    def _split_at(block: str) -> int:
        raise NotImplementedError


class ListKindChangeEndsList(_SplitsBlock):
    """Splits a list block where a number follows a bullet (or a bullet a number) at the same
    level, which pandoc reads as a new list; Python-Markdown's sane_lists would take the line
    into the item before, and nest it there."""

    @staticmethod
    def _split_at(block: str) -> int:
        lines = block.split("\n")
        first = list_item(lines[0])
        if first is None or len(first["indent"]) >= STEP:
            return 0
        for number, line in enumerate(lines[1:], start=1):
            item = list_item(line)
            if item is not None and len(item["indent"]) < STEP and _ordered(item) != _ordered(first):
                return number
        return 0


def _ordered(item: re.Match[str]) -> bool:
    return item["marker"][0].isdigit()


class DedentedItemEndsBlock(_SplitsBlock):
    """Splits an indented block (code, or the rest of an item) where a less indented list item
    starts, which Python-Markdown would otherwise keep inside: `- next` right after a code block
    in an item is the item's next sibling, not a child and not code."""

    @staticmethod
    def _split_at(block: str) -> int:
        lines = block.split("\n")
        first = len(lines[0]) - len(lines[0].lstrip(" "))
        if first < STEP:
            return 0
        for number, line in enumerate(lines[1:], start=1):
            if len(line) - len(line.lstrip(" ")) < first and list_item(line):
                return number
        return 0


class TaskMarkers(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for item in root.iter("li"):
            holder = item
            if not (item.text or "").strip() and len(item) and item[0].tag == "p":
                holder = item[0]  # an item of a loose list holds its text in a paragraph
            match = TASK.match((holder.text or "").lstrip())
            if match:
                holder.text = f"{TASK_MARKERS[match[1]]} {(holder.text or '').lstrip()[match.end() :]}"


class CommonMarkListsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(ListIndentPreprocessor(md), "isms_list_indent", 22)
        parser: BlockParser = md.parser
        # after every other block processor, right before plain paragraphs (priority 10)
        parser.blockprocessors.register(ListInterruptsParagraph(parser), "isms_list_interrupts", 11)
        # before ordered (40) and bulleted (30) lists are read
        parser.blockprocessors.register(ListKindChangeEndsList(parser), "isms_list_kind_change", 45)
        # before indented blocks are taken as code (80) or into the previous item (90)
        parser.blockprocessors.register(DedentedItemEndsBlock(parser), "isms_dedented_item", 95)
        md.treeprocessors.register(TaskMarkers(md), "isms_task_markers", 18)  # after inline Markdown (20)


def makeExtension(**kwargs: Any) -> CommonMarkListsExtension:  # Python-Markdown finds extensions by this name
    return CommonMarkListsExtension(**kwargs)
