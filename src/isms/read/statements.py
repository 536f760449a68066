"""Statement-level references: `{A.5.15, A.8.2}` or `{6.1.2}` at the end of a statement.

The syntax is plain text in every Markdown dialect, so a document still reads correctly where it
is not processed (in a diff, in a code review); the site turns each reference into tags that
link to control pages, and the PDFs print it as a grey bracketed tag. Fenced code blocks and
inline code are never read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from isms.core.model import StatementRef

_ID = r"(?:[A-Z][A-Za-z0-9-]*(?:\.[0-9A-Za-z]+)+|[0-9]+(?:\.[0-9]+)*)"
# A range joins two ids by a hyphen, an en or em dash, a tilde (also full-width) or "..",
# with or without spaces: A.5.15–A.5.18, A.5.15 - A.5.18, A.5.15–18.
_DASH = r"\s*(?:-|\u2013|\u2014|~|\u301c|\uff5e|\.\.)\s*"
_ITEM = _ID + r"(?:" + _DASH + _ID + r")?"
REFERENCE = re.compile(r"\{\s*(" + _ITEM + r"(?:\s*,\s*" + _ITEM + r")*)\s*\}")
_RANGE = re.compile(r"^(" + _ID + r")" + _DASH + r"(" + _ID + r")$")
RANGE_DASH = "\u2013"
MAX_RANGE = 100  # no theme or clause has more members; a longer series is a typo, not a range
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def split_ids(inner: str) -> tuple[str, ...]:
    """The ids a reference names, each range expanded to the ids it spans.

    A range whose ends do not share a theme or clause (see `expand_range`) names no id here;
    `ranges` keeps it, so that validation reports it instead of passing it by.
    """
    ids: list[str] = []
    for part in _parts(inner):
        match = _RANGE.match(part)
        ids.extend(expand_range(match[1], match[2]) if match else (part,))
    return tuple(ids)


def ranges(inner: str) -> tuple[str, ...]:
    """The ranges a reference holds, each written `first–last` with an en dash."""
    return tuple(f"{m[1]}{RANGE_DASH}{m[2]}" for m in map(_RANGE.match, _parts(inner)) if m)


def expand_range(first: str, last: str) -> tuple[str, ...]:
    """A.5.15 to A.5.18 (or to 18): every id between them, or () when they are not one series.

    Both ends must differ only in their last, numeric part, and run upwards by at most
    `MAX_RANGE`; the catalog later says whether every id of the series exists.
    """
    head, _, start = first.rpartition(".")
    if "." not in last and last.isdigit():
        last = f"{head}.{last}"
    last_head, _, end = last.rpartition(".")
    if not head or head != last_head or not (start.isdigit() and end.isdigit()):
        return ()
    if not 0 < int(end) - int(start) <= MAX_RANGE:
        return ()
    return tuple(f"{head}.{number}" for number in range(int(start), int(end) + 1))


def _parts(inner: str) -> list[str]:
    return [part.strip() for part in inner.split(",") if part.strip()]


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) for lines outside fenced code, with inline code blanked out.

    Blanking keeps columns right while hiding code from the reference pattern. A document's checks
    and its renderings each ask for the lines of the same body several times: the last few are kept.
    """
    return iter(_prose_lines(body))


@lru_cache(maxsize=8)
def _prose_lines(body: str) -> tuple[tuple[int, str], ...]:
    return tuple(_masked_lines(body))


def _masked_lines(body: str) -> Iterator[tuple[int, str]]:
    fence = ""
    in_comment = False
    for index, line in enumerate(body.split("\n")):
        match = _FENCE.match(line)
        if fence:
            if match and match[1][0] == fence[0] and len(match[1]) >= len(fence):
                fence = ""
            continue
        if match and not in_comment:
            fence = match[1]
            continue
        masked, in_comment = _mask_comments(line, in_comment) if in_comment or "<!--" in line else (line, False)
        yield index, _INLINE_CODE.sub(_blank, masked) if "`" in masked else masked


def _blank(match: re.Match[str]) -> str:
    return " " * len(match[0])


def _mask_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """Blank out HTML comments (`<!-- … -->`, possibly spanning lines) in one line."""
    result: list[str] = []
    position = 0
    while position < len(line):
        if in_comment:
            end = line.find("-->", position)
            if end < 0:
                result.append(" " * (len(line) - position))
                return "".join(result), True
            result.append(" " * (end + 3 - position))
            position, in_comment = end + 3, False
        else:
            start = line.find("<!--", position)
            if start < 0:
                result.append(line[position:])
                break
            result.append(line[position:start])
            position, in_comment = start, True
    return "".join(result), in_comment


def find_statements(body: str, first_line: int) -> tuple[StatementRef, ...]:
    found: list[StatementRef] = []
    lines = body.split("\n")
    for index, masked in prose_lines(body):
        for match in REFERENCE.finditer(masked):
            excerpt = _statement_text(lines, index, match.start())
            found.append(
                StatementRef(
                    ordinal=len(found) + 1,
                    line=first_line + index,
                    column=match.start() + 1,
                    ids=split_ids(match[1]),
                    text=excerpt,
                    ranges=ranges(match[1]),
                )
            )
    return tuple(found)


def replace_references(body: str, render: Callable[[StatementRef], str], first_line: int = 1) -> str:
    """The body with every reference replaced by `render(statement)`, code left as it was."""
    if "{" not in body:  # no reference: most bodies of records and guides
        return body
    statements = iter(find_statements(body, first_line))
    lines = body.split("\n")
    for index, masked in prose_lines(body):
        matches = list(REFERENCE.finditer(masked))
        if not matches:
            continue
        line = lines[index]
        pieces: list[str] = []
        cursor = 0
        for match in matches:
            pieces.append(line[cursor : match.start()].rstrip(" "))
            pieces.append(render(next(statements)))
            cursor = match.end()
        pieces.append(line[cursor:])
        lines[index] = "".join(pieces)
    return "\n".join(lines)


_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|\|)")


def _statement_text(lines: list[str], index: int, end: int) -> str:
    """The statement a reference closes: from the start of its paragraph or list item (or the
    previous reference in it) up to the reference, without list, table or emphasis marks."""
    line = lines[index][:end]
    if "|" in line:
        text = line.rsplit("|", 1)[-1]
    else:
        start = index
        while start > 0 and not _BLOCK_START.match(lines[start]) and lines[start - 1].strip():
            if lines[start - 1].lstrip().startswith("|"):
                break
            start -= 1
        text = " ".join(part.strip() for part in [*lines[start:index], line])
    previous = list(REFERENCE.finditer(text))
    if previous:
        text = text[previous[-1].end() :]
    text = _LIST_MARKER.sub("", text)
    text = re.sub(r"\*\*|__|`", "", text)
    text = re.sub(r"^[\s#>]+", "", text)
    text = " ".join(text.split())
    return text if len(text) <= 240 else text[:237].rstrip() + "…"
