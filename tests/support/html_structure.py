"""The structure of an HTML fragment, with what differs only in presentation taken out.

Python-Markdown (the site) and pandoc (the PDFs, read here through pandoc's HTML writer) spell the
same document differently: pandoc wraps the items of a loose list in <p>, adds classes and ids,
highlights code in spans, places footnote numbers in <sup> inside the link rather than around it.
What is kept is what a reader sees as structure: blocks and their nesting, list kinds and start
numbers, table cells and alignment, headings, emphasis, links and their targets, code and the text.
A task's checkbox counts as the character the PDF prints for it (☐, ☒).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

Node = tuple[str, tuple[tuple[str, str], ...], tuple["Node | str", ...]]

_VOID = {"br", "hr", "img", "input", "col", "meta", "link"}
_BLOCKS = {
    "p", "li", "ul", "ol", "table", "thead", "tbody", "tr", "th", "td", "pre", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl", "dt", "dd", "footnotes", "div",
}  # fmt: skip
_UNWRAPPED = {"thead", "tbody", "span", "label", "colgroup", "div"}
_DROPPED_CLASSES = {"headerlink", "footnote-backref", "footnote-back"}


@dataclass
class _Element:
    tag: str
    attributes: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def structure(html: str) -> tuple[Node | str, ...]:
    """The normalized structure of an HTML fragment, comparable between renderers."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return _tidy(_children(builder.root, in_item=False))


def show(nodes: tuple[Node | str, ...], depth: int = 0) -> str:
    """One node a line, indented by depth: readable in an assertion's diff."""
    lines = []
    for node in nodes:
        if isinstance(node, str):
            lines.append("  " * depth + repr(node))
        else:
            tag, attributes, children = node
            described = " ".join(f"{name}={value!r}" for name, value in attributes)
            lines.append("  " * depth + f"<{tag}{' ' + described if described else ''}>")
            if children:
                lines.append(show(children, depth + 1))
    return "\n".join(lines)


def _children(element: _Element, in_item: bool) -> list[Node | str]:
    result: list[Node | str] = []
    for child in element.children:
        if isinstance(child, str):
            result.append(child)
        else:
            result.extend(_node(child, in_item))
    return result


def _node(element: _Element, in_item: bool) -> list[Node | str]:
    tag, attributes = element.tag, element.attributes
    classes = set(attributes.get("class", "").split())
    if classes & _DROPPED_CLASSES:
        return []
    if "footnote-ref" in classes:
        return [("footnote-ref", (), (_text(element),))]
    if tag == "sup" and _only_footnote_reference(element):
        return _children(element, in_item)
    if ("footnote" in classes and tag == "div") or ("footnotes" in classes and tag == "section"):
        items = [c for c in _children(element, in_item) if not (isinstance(c, tuple) and c[0] == "hr")]
        return [("footnotes", (), _tidy(items))]
    if tag == "input" and attributes.get("type") == "checkbox":
        return ["\u2612 " if "checked" in attributes else "\u2610 "]  # as pandoc prints a task in the PDF
    if tag == "pre":
        return [("pre", (), (_text(element).strip("\n"),))]
    if tag == "code":
        return [("code", (), (_text(element),))]
    if tag in _UNWRAPPED or (tag == "p" and in_item):
        return _children(element, in_item)
    kept: list[tuple[str, str]] = []
    if tag == "a" and "href" in attributes:
        kept.append(("href", attributes["href"]))
    if tag == "ol" and attributes.get("start", "1") != "1":
        kept.append(("start", attributes["start"]))
    if tag in ("th", "td"):
        align = re.search(r"text-align:\s*(\w+)", attributes.get("style", "")) or re.search(
            r"(\w+)", attributes.get("align", "")
        )
        if align:
            kept.append(("align", align.group(1)))
    return [(tag, tuple(kept), _tidy(_children(element, in_item=tag == "li")))]


def _only_footnote_reference(element: _Element) -> bool:
    elements = [c for c in element.children if not isinstance(c, str)]
    return len(elements) == 1 and "footnote-ref" in elements[0].attributes.get("class", "").split()


def _text(element: _Element) -> str:
    return "".join(c if isinstance(c, str) else _text(c) for c in element.children)


def _tidy(items: list[Node | str]) -> tuple[Node | str, ...]:
    """Adjacent text merged, white space collapsed, and trimmed where a block begins or ends."""
    merged: list[Node | str] = []
    for item in items:
        if isinstance(item, str) and merged and isinstance(merged[-1], str):
            merged[-1] += item
        else:
            merged.append(item)
    result: list[Node | str] = []
    for position, item in enumerate(merged):
        if not isinstance(item, str):
            result.append(item)
            continue
        text = re.sub(r"[\s\u00a0]+", " ", item)
        if position == 0 or _is_block(merged[position - 1]):
            text = text.lstrip()
        if position == len(merged) - 1 or _is_block(merged[position + 1]):
            text = text.rstrip()
        if text:
            result.append(text)
    return tuple(result)


def _is_block(item: Node | str) -> bool:
    return not isinstance(item, str) and item[0] in _BLOCKS


_UNBREAKABLE_SPAN = re.compile(r'<span class="isms-nowrap">([^<]*)</span>')


def without_unbreakable_spans(html: str) -> str:
    """A page with the unbreakable span around each date and id in a table cell (site/tables.py)
    taken away, for tests that read the text around them."""
    return _UNBREAKABLE_SPAN.sub(r"\1", html)
