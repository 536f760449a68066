"""Readable differences between two versions of a source.

Lines are aligned first; inside a changed block the words are compared, so a one-word edit shows as
one word. Chinese and Japanese have no spaces between words, so each CJK character is its own
token there: a change of one character shows as that character, not as the whole sentence.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from isms.core.bidi import one_line

_TOKEN = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]"
    r"|[^\W_]+|\s+|."
)
_MAX_TOKENS = 4000  # beyond this a changed block is shown line by line


@dataclass(frozen=True)
class Piece:
    kind: str  # "=", "-" or "+"
    text: str


@dataclass(frozen=True)
class DiffLine:
    """One line of output: kept ("="), removed ("-"), added ("+") or changed in place ("~")."""

    kind: str
    pieces: tuple[Piece, ...]
    old: int  # line number in the old text, 0 when the line is new
    new: int  # line number in the new text, 0 when the line is gone


@dataclass(frozen=True)
class Hunk:
    old_start: int
    old_count: int
    new_start: int
    new_count: int
    rows: tuple[DiffLine, ...]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def compare(old: str, new: str, context: int = 2) -> list[Hunk]:
    """The hunks that differ between old and new, each with `context` unchanged lines around it."""
    old_lines = old.replace("\r\n", "\n").split("\n")
    new_lines = new.replace("\r\n", "\n").split("\n")
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        rows: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [DiffLine("=", (Piece("=", old_lines[i]),), i + 1, j1 + i - i1 + 1) for i in range(i1, i2)]
            elif tag == "delete":
                rows += [DiffLine("-", (Piece("-", old_lines[i]),), i + 1, 0) for i in range(i1, i2)]
            elif tag == "insert":
                rows += [DiffLine("+", (Piece("+", new_lines[j]),), 0, j + 1) for j in range(j1, j2)]
            else:
                rows += _changed(old_lines[i1:i2], new_lines[j1:j2], i1, j1)
        first, last = group[0], group[-1]
        hunks.append(Hunk(first[1] + 1, last[2] - first[1], first[3] + 1, last[4] - first[3], tuple(rows)))
    return hunks


def _changed(old: list[str], new: list[str], old_at: int, new_at: int) -> list[DiffLine]:
    """Rows for a replaced block: word (or CJK character) differences, line by line."""
    old_tokens, new_tokens = tokens("\n".join(old)), tokens("\n".join(new))
    if len(old_tokens) + len(new_tokens) > _MAX_TOKENS:
        removed = [DiffLine("-", (Piece("-", line),), old_at + n + 1, 0) for n, line in enumerate(old)]
        added = [DiffLine("+", (Piece("+", line),), 0, new_at + n + 1) for n, line in enumerate(new)]
        return removed + added
    pieces: list[Piece] = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("=", "".join(old_tokens[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece("-", "".join(old_tokens[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("+", "".join(new_tokens[j1:j2])))
    rows: list[DiffLine] = []
    line: list[Piece] = []
    old_no, new_no = old_at + 1, new_at + 1
    for piece in pieces:
        parts = piece.text.split("\n")
        for number, part in enumerate(parts):
            if number:
                rows.append(DiffLine("~", tuple(line), old_no, new_no))
                line = []
                if piece.kind != "+":
                    old_no += 1
                if piece.kind != "-":
                    new_no += 1
            if part:
                line.append(Piece(piece.kind, part))
    rows.append(DiffLine("~", tuple(line), old_no, new_no))
    return rows


def changed_lines(hunks: list[Hunk]) -> tuple[int, int]:
    """(words or characters removed, added) across all hunks, for a one-line summary."""
    removed = added = 0
    for hunk in hunks:
        for row in hunk.rows:
            for piece in row.pieces:
                count = sum(1 for t in tokens(piece.text) if not t.isspace())
                if piece.kind == "-":
                    removed += count
                elif piece.kind == "+":
                    added += count
    return removed, added


def to_html(hunks: list[Hunk], no_difference: str = "No difference in the text.", lines: str = "lines") -> str:
    """The hunks as one HTML block (one line per row, no blank lines, safe to embed in Markdown); the words
    for no difference and for a hunk's line numbers are HTML, in the page's language."""
    if not hunks:
        return f'<p class="isms-muted">{no_difference}</p>'
    out = ['<div class="isms-diff">']
    for hunk in hunks:
        out.append(
            f'<div class="isms-diff-hunk"><div class="isms-diff-head">{lines} {hunk.old_start}–'
            f"{hunk.old_start + max(hunk.old_count - 1, 0)} → {hunk.new_start}–"
            f"{hunk.new_start + max(hunk.new_count - 1, 0)}</div>"
        )
        for row in hunk.rows:
            cells = "".join(_html_piece(p) for p in row.pieces) or "&#8203;"
            mark = {"=": " ", "-": "−", "+": "+", "~": "±"}[row.kind]
            out.append(
                f'<div class="isms-diff-row isms-diff-{_ROW_CLASS[row.kind]}">'
                f'<span class="isms-diff-mark">{mark}</span><span class="isms-diff-text">{cells}</span></div>'
            )
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


_ROW_CLASS = {"=": "same", "-": "removed", "+": "added", "~": "changed"}


def _html_piece(piece: Piece) -> str:
    text = html.escape(piece.text, quote=False)
    if piece.kind == "-":
        return f"<del>{text}</del>"
    if piece.kind == "+":
        return f"<ins>{text}</ins>"
    return text


def to_text(hunks: list[Hunk], color: bool = False) -> str:
    """The hunks for a terminal: wdiff-style [-removed-]{+added+} marks, or colours on a terminal."""
    out = []
    for hunk in hunks:
        out.append(_paint(f"@@ -{hunk.old_start},{hunk.old_count} +{hunk.new_start},{hunk.new_count} @@", "36", color))
        for row in hunk.rows:
            mark = {"=": " ", "-": "-", "+": "+", "~": "~"}[row.kind]
            if row.kind in "-+":
                text = one_line("".join(p.text for p in row.pieces))  # a document's controls stay inert
                out.append(_paint(f"{mark} {text}", "31" if row.kind == "-" else "32", color))
            else:
                out.append(mark + " " + "".join(_text_piece(p, color) for p in row.pieces))
    return "\n".join(out)


def _text_piece(piece: Piece, color: bool) -> str:
    text = one_line(piece.text)
    if piece.kind == "=":
        return text
    if color:
        return _paint(text, "1;31" if piece.kind == "-" else "1;32", True)
    return f"[-{text}-]" if piece.kind == "-" else f"{{+{text}+}}"


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text
