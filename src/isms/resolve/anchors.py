"""The anchors a document's page has, worked out from its Markdown as the site's `toc` extension
works them out from the page, so that `isms check` can tell a link to `#scope` that lands on its
heading from one that lands at the top of the page.

The slug and the numbering of repeated headings are Python-Markdown's own functions; what this
module adds is the heading's text as the page shows it (emphasis, code and link marks gone), and
the ids that come before the body: the page title, which is the first heading of the page.
"""

from __future__ import annotations

import html
import re

from isms.core.model import Document
from isms.read.statements import REFERENCE, prose_lines, split_ids

_ATX = re.compile(r"^(#{1,6})(?P<text>.*?)#*\s*$")  # Python-Markdown: no indent, no space needed
_SETEXT = re.compile(r"^(=+|-+)[ ]*$")
_ATTRIBUTES = re.compile(r"\s*\{:?(?P<inner>[^}]*)\}\s*$")  # attr_list at the end of a heading
_ATTRIBUTE_ID = re.compile(r"(?:^|\s)#([^\s}]+)")
_HTML_ID = re.compile(r"<[A-Za-z][^>]*?\sid\s*=\s*[\"']([^\"']+)[\"']")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_FOOTNOTE = re.compile(r"\[\^[^\]\n]+\]")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_UNDERSCORE = re.compile(r"(?<!\w)(_{1,2})(?=\S)(.+?)(?<=\S)\1(?!\w)")
_PAGE_SECTIONS = ("Traceability", "Revision history", "Controlled copy")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def anchors(document: Document) -> set[str]:
    """Every fragment a link to the document's page can name: its headings, the statements that
    cite controls (`stmt-3`), the numbered requirements of a YAML standard (`req-2`), ids that
    the author set with `{#id}` or in HTML, and the sections the page adds (`#revision-history`)."""
    from markdown.extensions.toc import slugify, unique  # Python-Markdown loads in 20 ms: only when asked

    used: set[str] = set()
    counters: dict[str, int] = {}
    unique(slugify(document.title, "-"), used, counters)  # the page title is the first heading
    lines = document.body.split("\n")
    explicit: set[str] = set()
    for index, _ in prose_lines(document.body):
        line = lines[index]
        explicit.update(_HTML_ID.findall(line))
        following = lines[index + 1] if index + 1 < len(lines) else ""
        atx = _ATX.match(line)
        if atx:
            text = atx["text"]
        elif line.strip() and _SETEXT.match(following) and not line.lstrip().startswith(("|", ">")):
            text = line
        else:
            continue
        attributes = _ATTRIBUTES.search(text)
        if attributes:
            text = text[: attributes.start()]
            chosen = _ATTRIBUTE_ID.search(attributes["inner"])
            if chosen:
                used.add(chosen[1])
                continue
        unique(slugify(heading_text(text), "-"), used, counters)
    if document.requirements:
        unique(slugify("Requirements", "-"), used, counters)
        used.update(f"req-{r.number}" for r in document.requirements)
    sections = (*(("Form", "Record keeping") if document.record else ()), *_PAGE_SECTIONS)
    for section in sections:  # site/templates/document.md.j2, after the body
        unique(slugify(section, "-"), used, counters)
    used.update(statement.anchor for statement in document.statements)
    return used | explicit


def heading_text(markdown: str) -> str:
    """A heading's text as the page shows it and the `toc` extension reads it."""
    text = REFERENCE.sub(lambda m: " " + " ".join(split_ids(m[1])), markdown)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m[1], text)
    text = _FOOTNOTE.sub("", text)
    text = _TAG.sub("", text)
    text = _UNDERSCORE.sub(lambda m: m[2], text)
    text = _ESCAPED.sub(lambda m: m[1], text).replace("`", "")
    return html.unescape(" ".join(text.split()))
