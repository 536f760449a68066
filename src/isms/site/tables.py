"""Tables that fit the page: ids and dates never wrap, long text keeps a readable width.

Cells of generated and hand-written tables alike are marked by what they hold, after the page is
rendered, because a Markdown table cannot carry a class: a cell that is only an id (`STD-AC-01`,
`A.5.15`, `POL-001-JA`), a version, a date, a commit or a short word (Chinese and Japanese break
between any two characters otherwise: 公|开) becomes `isms-nowrap`; a cell of long text becomes
`isms-long`, which the stylesheet gives a minimum width. A table wider than the page then scrolls in
its own box instead of squeezing its columns or widening the page.
"""

from __future__ import annotations

import html
import re

_CELL = re.compile(r"<(td|th)((?:\s[^>]*)?)>(.*?)</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ID = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+"  # a document id
_DATE = r"\d{4}-\d{2}-\d{2}"
_UNBREAKABLE = re.compile(
    rf"(?:{_ID}"
    r"|A\.\d+(?:\.\d+)?|\d+(?:\.\d+)+"  # a control, a clause or a version
    rf"|{_DATE}"
    r"|[0-9a-f]{7,40})"  # a commit
    r"(?:\s+\S{1,8})?\Z"  # and one short word after it: "2027-01-31 overdue"
)
# What a line never breaks inside in a cell that may wrap: a date, a document id (STD-SU-01-ZH,
# which a browser breaks after any hyphen)
_WHOLE = re.compile(rf"\b(?:{_DATE}|{_ID})\b")
_PIECES = re.compile(f"({_TAG.pattern})")  # a cell split into its tags, kept as they are, and its text
LONG_TEXT = 60  # characters: below this a cell reads well at the width the table gives it
SHORT_TEXT = 8  # characters: a word this short (Policy, 已批准, 公开) is never broken, CJK included


def fit_tables(page: str) -> str:
    """The page's HTML with every table cell marked as unbreakable or long, when it is one of them."""
    return _CELL.sub(_mark, page)


def _mark(match: re.Match[str]) -> str:
    tag, attributes, content = match[1], match[2], match[3]
    text = html.unescape(_TAG.sub("", content)).strip()
    unbreakable = text and (len(text) <= SHORT_TEXT or _UNBREAKABLE.match(text))
    kind = "isms-nowrap" if unbreakable else "isms-long" if len(text) > LONG_TEXT else ""
    if not unbreakable and _WHOLE.search(text):  # a cell that may wrap keeps each date and id whole
        content = "".join(_whole(piece) for piece in _PIECES.split(content))
    if kind and 'class="' in attributes:
        attributes = attributes.replace('class="', f'class="{kind} ', 1)
    elif kind:
        attributes = f' class="{kind}"{attributes}'
    return f"<{tag}{attributes}>{content}</{tag}>"


def _whole(piece: str) -> str:
    """A piece of a cell: a tag as it is; text with each date and id in an unbreakable span: never
    "2026-12-|06" or "STD-SU-01-|ZH"."""
    if piece.startswith("<"):
        return piece
    return _WHOLE.sub(lambda found: f'<span class="isms-nowrap">{found[0]}</span>', piece)
