"""A redline: the new version of a text as it reads, with what the change removed struck through and
what it added underlined, in the text's own Markdown so it renders formatted (headings, lists, tables).

Lines are aligned first; a changed line is compared by words, a Chinese or Japanese one by character,
and dates, numbers, links, inline code, HTML tags and statement references are whole tokens (a date
that changes shows as one date replaced, not as digits). The structure always follows the new text:
list and heading markers, table pipes, emphasis markers and HTML tags of the new version are kept
outside the marks, and those only the old version had are left out, so the marks never unbalance the
Markdown. Removed text is kept as text: a tag it held is dropped, a lone `<` is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

_CJK = r"[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]"
_TOKEN = re.compile(
    r"\\."  # an escaped character
    r"|<[^<>\n]*>"  # an HTML tag
    r"|!?\[[^\]\n]*\]\([^)\n]*\)(?:\{[^}\n]*\})?"  # a link or an image, with its attributes
    r"|\{[^{}\n]*\}"  # a statement reference or an attribute list
    r"|`[^`\n]*`"  # inline code
    r"|\d{4}-\d{2}-\d{2}"  # a date
    r"|\d+(?:[.,:]\d+)*%?"  # a number: a version, a time, an amount
    rf"|{_CJK}"
    r"|\*\*|__|~~|[*_]"  # emphasis markers
    r"|[^\W_]+"  # a word
    r"|\s+|."
)
_MARKER = re.compile(r"<[^<>\n]*>|\*\*|__|~~|[*_]")
_PREFIX = re.compile(r"^(\s*(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)*)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SIMILAR = 0.4  # below this, a changed line is shown removed and added whole
_MAX_COMPARISONS = 2500  # beyond this many line pairs, a changed block is paired line by line in order


@dataclass(frozen=True)
class Marks:
    """How a redline marks text: HTML for the site, pandoc Markdown for the PDF."""

    inserted: Callable[[str], str]
    deleted: Callable[[str], str]
    between: str = ""  # between removed text and the text that replaced it (print needs a space)


def html_marks(inserted: str = "inserted", deleted: str = "deleted") -> Marks:
    """Marks for the site, with the words a reader sees on hovering a mark in the page's language."""
    inserted, deleted = html.escape(inserted), html.escape(deleted)
    return Marks(
        lambda text: f'<ins class="isms-ins" title="{inserted}">{text}</ins>',
        lambda text: f'<del class="isms-del" title="{deleted}">{text}</del>',
    )


HTML_MARKS = html_marks()
PANDOC_MARKS = Marks(lambda text: f"[{text}]{{.underline}}", lambda text: f"~~{text}~~", " ")


@dataclass(frozen=True)
class FieldChange:
    """One front-matter field that differs between two versions."""

    name: str
    old: str
    new: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def field_changes(old: tuple[tuple[str, str], ...], new: tuple[tuple[str, str], ...]) -> list[FieldChange]:
    """The scalar fields that differ, in the new version's order, then those only the old one had."""
    before, after = dict(old), dict(new)
    names = list(dict.fromkeys([*after, *before]))
    return [FieldChange(n, before.get(n, ""), after.get(n, "")) for n in names if before.get(n) != after.get(n)]


def redline(old: str, new: str, marks: Marks, gap: str | None = None) -> str:
    """The new text with the changes from the old one marked; with `gap`, only the blocks (paragraphs,
    lists, tables) that changed, each under the heading it belongs to, with `gap` between them."""
    old_lines = old.replace("\r\n", "\n").split("\n")
    new_lines = new.replace("\r\n", "\n").split("\n")
    fenced = any(_FENCE.match(line) for line in (*old_lines, *new_lines))
    out: list[str] = []
    changed: list[bool] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or fenced:  # code keeps its text: no marks inside a fence
            out += new_lines[j1:j2]
            changed += [False] * (j2 - j1)
            continue
        block = _block(old_lines[i1:i2], new_lines[j1:j2], marks)
        out += block
        changed += [True] * len(block)
    return "\n".join(out) if gap is None else _changed_blocks(out, changed, gap)


def _changed_blocks(lines: list[str], changed: list[bool], gap: str) -> str:
    """The blocks with a changed line, each after the last heading above it, `gap` where text is left out."""
    blocks: list[tuple[list[str], bool]] = []
    current: list[str] = []
    marked = False
    for line, mark in zip(lines, changed, strict=True):
        if not line.strip():
            if current:
                blocks.append((current, marked))
            current, marked = [], False
            continue
        if line.lstrip().startswith("#") and current:
            blocks.append((current, marked))
            current, marked = [], False
        current.append(line)
        marked = marked or mark
    if current:
        blocks.append((current, marked))
    out: list[str] = []
    heading: list[str] = []
    shown_heading: list[str] | None = None
    skipped = False
    for block, mark in blocks:
        if block[0].lstrip().startswith("#") and len(block) == 1 and not mark:
            heading = block
            skipped = True
            continue
        if not mark:
            skipped = True
            continue
        if skipped:
            out.append(gap)
        if heading and shown_heading is not heading and not block[0].lstrip().startswith("#"):
            out.append("\n".join(heading))
            shown_heading = heading
        out.append("\n".join(block))
        skipped = False
    if skipped and out:
        out.append(gap)
    return "\n\n".join(out)


def _block(old: list[str], new: list[str], marks: Marks) -> list[str]:
    """A changed block: lines paired in order by likeness, each pair compared by words; removed lines
    come before the lines added in their place."""
    pairs: list[int] = []  # for each new line, the old line it pairs with, or -1
    at = 0
    old_tokens = [tokens(line) for line in old]
    searched = len(old) * len(new) <= _MAX_COMPARISONS  # a rewritten chapter is not searched line by line
    for number, line in enumerate(new):
        best, score = -1, _SIMILAR
        candidates = range(at, len(old)) if searched else range(number, min(number + 1, len(old)))
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(tokens(line))
        for candidate in candidates:
            matcher.set_seq1(old_tokens[candidate])
            if matcher.real_quick_ratio() > score and matcher.quick_ratio() > score and matcher.ratio() > score:
                best, score = candidate, matcher.ratio()
        pairs.append(best)
        at = best + 1 if best >= 0 else at
    out: list[str | None] = []
    if len(old) == len(new) and all(p < 0 for p in pairs):  # rewritten line by line: each old line above its new one
        for gone, line in zip(old, new, strict=True):
            out += [_whole(gone, marks, inserted=False), _whole(line, marks, inserted=True)]
        return [line for line in out if line is not None]
    at = 0
    for number, line in enumerate(new):
        paired = pairs[number]
        until = paired if paired >= 0 else next((p for p in pairs[number + 1 :] if p >= 0), len(old))
        out += [_whole(gone, marks, inserted=False) for gone in old[at:until]]
        at = max(at, until)
        if paired >= 0:
            out.append(_pair(old[paired], line, marks))
            at = paired + 1
        else:
            out.append(_whole(line, marks, inserted=True))
    out += [_whole(gone, marks, inserted=False) for gone in old[at:]]
    return [line for line in out if line is not None]


def _whole(line: str, marks: Marks, inserted: bool) -> str | None:
    """A line only one version has; a removed blank line or table rule leaves nothing (None)."""
    if not line.strip() or _TABLE_RULE.match(line):
        return line if inserted else None
    if line.lstrip().startswith("|"):
        return _cells(line, lambda cell: _run(tokens(cell), marks, inserted))
    prefix = _PREFIX.match(line)
    start = prefix.end() if prefix else 0
    return line[:start] + _run(tokens(line[start:]), marks, inserted)


def _pair(old: str, new: str, marks: Marks) -> str:
    if old.lstrip().startswith("|") and new.lstrip().startswith("|"):
        old_cells, new_cells = _split_cells(old), _split_cells(new)
        if len(old_cells) == len(new_cells):
            merged = iter([_compare(o.strip(), n.strip(), marks) for o, n in zip(old_cells, new_cells, strict=True)])
            return _cells(new, lambda _cell: next(merged))
    old_prefix, new_prefix = _PREFIX.match(old), _PREFIX.match(new)
    old_start = old_prefix.end() if old_prefix else 0
    new_start = new_prefix.end() if new_prefix else 0
    return new[:new_start] + _compare(old[old_start:], new[new_start:], marks)


def _compare(old: str, new: str, marks: Marks) -> str:
    """The new text with the removed and added words of a line marked."""
    old_tokens, new_tokens = tokens(old), tokens(new)
    matcher = SequenceMatcher(lambda t: t.isspace(), old_tokens, new_tokens, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append("".join(new_tokens[j1:j2]))
            continue
        if tag in ("delete", "replace"):
            out.append(_run(old_tokens[i1:i2], marks, inserted=False))
        if tag == "replace" and out[-1].strip():
            out.append(marks.between)
        if tag in ("insert", "replace"):
            out.append(_run(new_tokens[j1:j2], marks, inserted=True))
    return "".join(out)


def _run(run: list[str], marks: Marks, inserted: bool) -> str:
    """Marked text of consecutive tokens: markers stay outside the marks (an added one is kept, a
    removed one left out), and the spaces at either end of a run stay unmarked."""
    wrap = marks.inserted if inserted else marks.deleted
    out: list[str] = []
    words: list[str] = []

    def flush() -> None:
        text = "".join(words)
        stripped = text.strip()
        if stripped:
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            out.append(lead + wrap(stripped) + trail)
        elif text:
            out.append(text if inserted else " " if out else "")
        words.clear()

    for token in run:
        if _MARKER.fullmatch(token):
            if inserted:  # kept, outside the mark; a removed one is simply left out
                flush()
                out.append(token)
            continue
        words.append("&lt;" if token == "<" else "&amp;" if token == "&" else token)
    flush()
    return "".join(out)


def _split_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return re.split(r"(?<!\\)\|", inner)


def _cells(line: str, each: Callable[[str], str]) -> str:
    cells = _split_cells(line)
    return "| " + " | ".join(each(cell.strip()) for cell in cells) + " |"
