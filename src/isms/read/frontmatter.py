"""Rewriting front-matter fields in place, changing nothing else.

A stamp sets a few top-level fields (version, revised, status …) of a source. Only the value of
each stamped field changes, or one new line is inserted for a field that was absent: the body,
comments, key order, quoting, line endings (LF or CRLF) and a byte-order mark survive byte for
byte. This is a text edit guided by the parser's positions, not a YAML round trip, because no
round trip keeps every byte of what the author wrote.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from isms.core.errors import IsmsError
from isms.read.sources import split_front_matter
from isms.read.yamltree import Mapping, Scalar, parse, to_python

BOM = "\ufeff"

# Control fields: what a stamp, an approval or a review writes, and who must acknowledge reading;
# a change to nothing else is not a content change.
CONTROL_FIELDS = (
    "version", "revised", "status", "approved_by", "approved_on", "effective", "next_review", "acknowledge",
)  # fmt: skip


class FrontMatterError(IsmsError):
    """A source that cannot be stamped safely; the message says why and what to do."""


@dataclass(frozen=True)
class Region:
    """Where the YAML mapping of a source lies: its text, and its first line within the file."""

    yaml: str
    first_line: int


def region(path: str, text: str) -> Region:
    text = text.removeprefix(BOM)
    if path.endswith(".md"):
        try:
            split = split_front_matter(text)
        except ValueError:
            raise FrontMatterError(f"{path}: the front matter is not closed with a '---' line") from None
        if split is None:
            raise FrontMatterError(f"{path}: no front matter (the file must start with a '---' line)")
        return Region(split[0], split[1])
    return Region(text, 1)


def top_level(path: str, text: str) -> Mapping:
    """The parsed top-level mapping of a source, or FrontMatterError."""
    where = region(path, text)
    root, problems = parse(where.yaml, path, where.first_line)
    if root is None or problems:
        detail = problems[0].format() if problems else f"{path}: the front matter is empty"
        raise FrontMatterError(f"cannot read the front matter: {detail}")
    if not isinstance(root, Mapping):
        raise FrontMatterError(f"{path}: the front matter is not a mapping of fields")
    return root


def fields(path: str, text: str) -> dict[str, str]:
    """The one-line text values of the top-level fields (lists and mappings are left out)."""
    return {key.text: value.text for key, value in top_level(path, text).entries if isinstance(value, Scalar)}


def apply(path: str, text: str, values: dict[str, str], after: str = "version") -> str:
    """`text` with each field in `values` set; absent fields are inserted after the field `after`.

    Values are written in the quoting style of the value they replace; new fields are written
    plain when that reads back as the same text, quoted otherwise.
    """
    mapping = top_level(path, text)
    _check_line_breaks(path, text)
    lines = text.split("\n")
    offset = 1 if text.startswith(BOM) else 0
    inserts: list[str] = []
    for name, value in values.items():
        key = mapping.key(name)
        if key is None:
            inserts.append(name)
            continue
        node = mapping.get(name)
        if not isinstance(node, Scalar) or node.line != key.line or key.column != 1:
            raise FrontMatterError(
                f"{path}:{key.line}: '{name}' must be a one-line value at the start of its line to be stamped;"
                f" write it as {name}: {_render(value, '')}"
            )
        index = key.line - 1
        lines[index] = _replace_value(path, lines[index], key, value, offset if index == 0 else 0)
    if inserts:
        if not mapping.entries:
            raise FrontMatterError(f"{path}: the front matter has no fields; cannot insert {', '.join(inserts)}")
        anchor = mapping.key(after) or mapping.entries[-1][0]
        anchor_node = mapping.get(anchor.text)
        if anchor.column != 1 or not isinstance(anchor_node, Scalar) or anchor_node.line != anchor.line:
            raise FrontMatterError(f"{path}:{anchor.line}: cannot insert {', '.join(inserts)} after '{anchor.text}'")
        ending = "\r" if lines[anchor.line - 1].endswith("\r") else ""
        new = [f"{name}: {_render(values[name], '')}{ending}" for name in inserts]
        lines[anchor.line : anchor.line] = new
    stamped = "\n".join(lines)
    _check_read_back(path, text, mapping, stamped, values)
    return stamped


_OTHER_BREAK = re.compile(r"\r(?=[^\n])|[\x85\u2028\u2029]")  # a CR at the end was the CR of a CRLF


def _check_line_breaks(path: str, text: str) -> None:
    """Refuse line breaks that YAML counts and a split on LF does not: the lines would not match."""
    where = region(path, text)
    found = _OTHER_BREAK.search(where.yaml)
    if found:
        line = where.first_line + where.yaml.count("\n", 0, found.start())
        raise FrontMatterError(
            f"{path}:{line}: a line break other than LF or CRLF (U+{ord(found[0]):04X}) in the front matter;"
            " save the file with LF or CRLF line ends"
        )


def _check_read_back(path: str, text: str, before: Mapping, stamped: str, values: dict[str, str]) -> None:
    """Refuse an edit that does not read back as exactly the stamped values and nothing else.

    The edit trusts that each stamped field is one line; a `{…}` mapping or a plain value continued
    on the next line defeat that, and writing the result would damage the file.
    """
    problem = (
        f"{path}: the front matter cannot be stamped safely (a {{…}} mapping, or a value continued on the"
        " next line); write each field on its own line as 'name: value'"
    )
    try:
        after = top_level(path, stamped)
    except FrontMatterError:
        raise FrontMatterError(problem) from None
    read = {key.text: value.text for key, value in after.entries if isinstance(value, Scalar)}
    if any(read.get(name) != value for name, value in values.items()):
        raise FrontMatterError(problem)
    if _unstamped(before, values) != _unstamped(after, values) or _body(path, text) != _body(path, stamped):
        raise FrontMatterError(problem)


def _unstamped(mapping: Mapping, values: dict[str, str]) -> list[tuple[str, object]]:
    return [(key.text, to_python(value)) for key, value in mapping.entries if key.text not in values]


def _body(path: str, text: str) -> str:
    split = split_front_matter(text.removeprefix(BOM)) if path.endswith(".md") else None
    return split[2] if split else ""


def _replace_value(path: str, line: str, key: Scalar, value: str, shift: int) -> str:
    """The line with its value token replaced; the key, spacing, comment and line end stay."""
    ending = "\r" if line.endswith("\r") else ""
    body = line[: len(line) - len(ending)]
    colon = body.find(":", shift + len(key.text))
    if colon < 0:
        raise FrontMatterError(f"{path}:{key.line}: cannot find the ':' after '{key.text}'")
    start = colon + 1
    while start < len(body) and body[start] == " ":
        start += 1
    end, style = _token_end(body, start)
    if end is None:
        raise FrontMatterError(
            f"{path}:{key.line}: the value of '{key.text}' continues on the next line;"
            f" write it on one line to let the hook stamp it"
        )
    spacing = " " if start == colon + 1 else ""
    return body[:start] + spacing + _render(value, style) + body[end:] + ending


def _token_end(body: str, start: int) -> tuple[int | None, str]:
    """End of the scalar token starting at `start`, and its quoting style ('"', "'" or '')."""
    if start >= len(body) or body[start] == "#":
        return start, ""
    quote = body[start]
    if quote == '"':
        index = start + 1
        while index < len(body):
            if body[index] == "\\":
                index += 2
                continue
            if body[index] == '"':
                return index + 1, '"'
            index += 1
        return None, '"'
    if quote == "'":
        index = start + 1
        while index < len(body):
            if body[index] == "'":
                if index + 1 < len(body) and body[index + 1] == "'":
                    index += 2
                    continue
                return index + 1, "'"
            index += 1
        return None, "'"
    if quote in "|>":
        return None, ""
    comment = _COMMENT.search(body, start)
    end = comment.start() if comment else len(body)
    while end > start and body[end - 1] in " \t":
        end -= 1
    return end, ""


_COMMENT = re.compile(r"[ \t]#")
_PLAIN_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._")


def _render(value: str, style: str) -> str:
    """The value as YAML text; characters a single-quoted or plain value cannot hold force double quotes."""
    if style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    if style in ("'", '"') or not value or not set(value) <= _PLAIN_SAFE or value[0] in "-.":
        return '"' + "".join(_escape(char) for char in value) + '"'
    return value


def _escape(char: str) -> str:
    if char in '\\"':
        return "\\" + char
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def content_key(path: str, text: str, mapping: Mapping | None = None) -> str:
    """What a revision is about: a digest of everything except the control fields and the layout.

    Two texts with the same key differ only in stamped or approval fields (or in line endings and
    a byte-order mark), so the change does not make a new version. Pass the parsed `mapping` when
    the caller has it, to parse once.
    """
    digest = hashlib.sha256()
    for key, value in (mapping or top_level(path, text)).entries:
        if key.text not in CONTROL_FIELDS:
            digest.update(repr((key.text, to_python(value))).encode())
    if path.endswith(".md"):
        split = split_front_matter(text.removeprefix(BOM))
        digest.update(b"\0" + (split[2] if split else "").replace("\r\n", "\n").encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class ScalarFields:
    values: tuple[tuple[str, str], ...]
    key: str


def scalar_fields(path: str, text: str) -> ScalarFields | None:
    """The scalar fields of a source and a digest of its content (everything but control fields)."""
    try:
        mapping = top_level(path, text)
    except FrontMatterError:
        return None
    values = tuple((k.text, v.text) for k, v in mapping.entries if isinstance(v, Scalar))
    return ScalarFields(values, content_key(path, text, mapping))
