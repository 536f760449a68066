"""Bidirectional formatting characters in a value end where the value ends.

An embedding, override or isolate (U+202A–U+202E, U+2066–U+2068) reaches to its terminator or to
the end of the paragraph. A title or a retention period with an unterminated right-to-left override
would otherwise turn the text printed after it (the next field, the rest of a table row in a PDF)
around, so a reader sees something other than what was written. Balanced controls, and the marks
U+200E and U+200F that have no scope, are kept: right-to-left text stays as its author wrote it.

On a terminal (`one_line`) every control character of a value is shown escaped instead.
"""

from __future__ import annotations

import re

_TERMINATOR = {
    "\u202a": "\u202c",  # left-to-right embedding
    "\u202b": "\u202c",  # right-to-left embedding
    "\u202d": "\u202c",  # left-to-right override
    "\u202e": "\u202c",  # right-to-left override
    "\u2066": "\u2069",  # left-to-right isolate
    "\u2067": "\u2069",  # right-to-left isolate
    "\u2068": "\u2069",  # first-strong isolate
}
_POP_EMBEDDING, _POP_ISOLATE = "\u202c", "\u2069"
_SCOPED = re.compile("[\u202a-\u202e\u2066-\u2069]")  # the openers above and their terminators


def closed(text: str) -> str:
    """The text with every bidi scope it opens closed at its end, and stray terminators dropped."""
    if not _SCOPED.search(text):
        return text
    open_scopes: list[str] = []
    kept: list[str] = []
    for ch in text:
        if ch in _TERMINATOR:
            open_scopes.append(_TERMINATOR[ch])
        elif ch == _POP_ISOLATE:  # closes its isolate and every embedding opened inside it
            if _POP_ISOLATE not in open_scopes:
                continue
            while open_scopes.pop() != _POP_ISOLATE:
                pass
        elif ch == _POP_EMBEDDING:  # closes an embedding, never an isolate
            if not open_scopes or open_scopes[-1] != _POP_EMBEDDING:
                continue
            open_scopes.pop()
        kept.append(ch)
    return "".join(kept) + "".join(reversed(open_scopes))


def has_scopes(text: str) -> bool:
    """Whether the text holds any character that opens or ends a bidi scope (closed() would look at it)."""
    return _SCOPED.search(text) is not None


def closed_in(value: object) -> object:
    """Every string in a JSON-like value closed, as the PDF template joins several on one line."""
    if isinstance(value, str):
        return closed(value)
    if isinstance(value, dict):
        return {key: closed_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [closed_in(item) for item in value]
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Text from a source as the CLI may print it: on one line, its controls shown escaped."""
    return _CONTROL.sub(lambda match: repr(match[0])[1:-1], text)
