"""A small YAML tree that keeps the line of every value, built safely from parser events.

Sources are read with PyYAML's event parser, not its constructor: the tree is built iteratively
(no recursion, so deep nesting cannot crash the interpreter), anchors, aliases and explicit tags
are refused (no billion-laughs expansion, no object construction), the number of nodes and the
depth are bounded, and duplicate keys are reported instead of silently keeping the last one.
Values stay as text until a schema asks for a type, so `version: 1.10` is read as "1.10".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import yaml

from isms.core import diagnostics as codes
from isms.core.diagnostics import Diagnostic, Location, code_info

_Parser: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 40
MAX_NODES = 50_000


@dataclass(frozen=True)
class Scalar:
    text: str
    plain: bool
    line: int
    column: int

    def resolve(self) -> object:
        """The value YAML would give a plain scalar (null, bool, int, float, date or text)."""
        if not self.plain:
            return self.text
        return resolve_plain(self.text)


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Mapping:
    entries: tuple[tuple[Scalar, Node], ...]
    line: int
    column: int

    def get(self, key: str) -> Node | None:
        for name, value in self.entries:
            if name.text == key:
                return value
        return None

    def key(self, key: str) -> Scalar | None:
        for name, _ in self.entries:
            if name.text == key:
                return name
        return None

    def keys(self) -> list[str]:
        return [name.text for name, _ in self.entries]


Node = Scalar | Sequence | Mapping

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}
_FALSE = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)\Z")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")


def resolve_plain(text: str) -> object:
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        try:
            return int(text.replace("_", ""))
        except ValueError:  # more digits than Python converts; no field takes such a number, so keep the text
            return text
    if _FLOAT.match(text) and text not in {".", "-.", "+."}:
        return float(text.replace("_", ""))
    match = _DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return text
    return text


def to_python(node: Node) -> object:
    """Plain Python values for a tree, for data whose shape no schema checks.

    Iterative, like the parser, so depth is never a problem here either.
    """
    root: dict[object, object] = {}
    pending: list[tuple[Node, dict[object, object] | list[object], object]] = [(node, root, "")]
    while pending:
        item, parent, slot = pending.pop()
        value: object
        if isinstance(item, Scalar):
            value = item.resolve()
        elif isinstance(item, Mapping):
            mapping: dict[object, object] = {key.text: None for key, _ in item.entries}
            pending.extend((child, mapping, key.text) for key, child in item.entries)
            value = mapping
        else:
            sequence: list[object] = [None] * len(item.items)
            pending.extend((child, sequence, index) for index, child in enumerate(item.items))
            value = sequence
        if isinstance(parent, list):
            assert isinstance(slot, int)
            parent[slot] = value
        else:
            parent[slot] = value
    return root[""]


_Factory = Callable[..., Diagnostic]


class _Failure(Exception):
    def __init__(self, code: str, line: int, column: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.line, self.column, self.message, self.hint = code, line, column, message, hint


def parse(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document. `first_line` is the file line where `text` starts."""
    offset = first_line - 1
    found: list[Diagnostic] = []

    def diag(code: str, line: int, column: int, message: str, hint: str = "") -> Diagnostic:
        """A diagnostic at a file line; stages below build theirs through this."""
        return Diagnostic(code, Location(path, line, column), message, hint, code_info(code).severity)

    try:
        root = _build_reporting_our_own_depth(text, offset, found, diag)
    except _Failure as failure:
        return None, [*found, diag(failure.code, failure.line, failure.column, failure.message, failure.hint)]
    except yaml.MarkedYAMLError as error:
        return None, [*found, _syntax_diagnostic(error, text, offset, diag)]
    except yaml.YAMLError as error:
        return None, [*found, diag(codes.YAML_SYNTAX, first_line, 1, f"YAML cannot be read: {error}")]
    except RecursionError:
        return None, [*found, diag(codes.YAML_TOO_DEEP, first_line, 1, "YAML nesting is too deep")]
    return root, found


def _syntax_diagnostic(error: yaml.MarkedYAMLError, text: str, offset: int, diag: _Factory) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line = (mark.line + 1 + offset) if mark else offset + 1
    column = (mark.column + 1) if mark else 1
    index = mark.index if mark else -1
    if (0 <= index < len(text) and text[index] == "\t") or "'\\t'" in str(error.problem):
        return diag(
            codes.YAML_TAB,
            line,
            column,
            "tab character in YAML indentation",
            "YAML indents with spaces only: replace the tab with spaces",
        )
    problem = (error.problem or "syntax error").strip()
    context = (error.context or "").strip()
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    hint = "check the indentation and quoting on this line and the line before it"
    if "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, e.g. title: \"Scope: offices\""
    elif "did not find expected" in problem or "found unexpected" in problem:
        opened = _unclosed_quote_line(text, mark.line if mark else 0)
        hint = (
            f"the quote opened on line {opened + offset} is not closed"
            if opened
            else "a quote or bracket opened earlier may not be closed"
        )
    return diag(codes.YAML_SYNTAX, line, column, message, hint)


def _unclosed_quote_line(text: str, upto: int) -> int:
    """The 1-based line, at or before `upto` (0-based), whose quoted value never closes."""
    for number, line in enumerate(text.split("\n")[: upto + 1], start=1):
        value = line.split(": ", 1)[1].strip() if ": " in line else line.strip().removeprefix("- ")
        for quote in ('"', "'"):
            if value.startswith(quote) and (len(value) == 1 or not value.rstrip().endswith(quote)):
                return number
    return 0


def _build_reporting_our_own_depth(text: str, offset: int, found: list[Diagnostic], diag: _Factory) -> Node | None:
    """Build the tree; where libyaml stops on its own nesting limit, read again without it.

    Newer libyaml builds refuse deep flow nesting while scanning ahead, with their own message and
    position, before the parser hands over the event at which our `MAX_DEPTH` applies. The pure
    Python parser has no such limit, so the same input gives the same diagnostic whatever libyaml
    is installed.
    """
    try:
        return _build(text, offset, found, diag, _Parser)
    except yaml.MarkedYAMLError as error:
        if _Parser is yaml.SafeLoader or "nesting depth" not in str(error.problem):
            raise
    found.clear()
    return _build(text, offset, found, diag, yaml.SafeLoader)


def _build(text: str, offset: int, found: list[Diagnostic], diag: _Factory, parser: type) -> Node | None:
    loader = parser(text)
    stack: list[tuple[str, int, int, list[object]]] = []
    root: Node | None = None
    documents = 0
    nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 + offset
            column = event.start_mark.column + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Failure(
                        codes.YAML_MULTIPLE,
                        line,
                        column,
                        "more than one YAML document in this file",
                        "remove the extra '---' line; one file holds one source",
                    )
                continue
            if isinstance(event, yaml.AliasEvent):
                raise _Failure(
                    codes.YAML_ALIAS,
                    line,
                    column,
                    f"YAML alias '*{event.anchor}' is not accepted",
                    "write the value out in full; anchors and aliases are refused in ISMS sources",
                )
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if event.anchor is not None:
                    raise _Failure(
                        codes.YAML_ALIAS,
                        line,
                        column,
                        f"YAML anchor '&{event.anchor}' is not accepted",
                        "write the value out in full; anchors and aliases are refused in ISMS sources",
                    )
                if event.tag is not None:
                    raise _Failure(
                        codes.YAML_ALIAS,
                        line,
                        column,
                        f"YAML tag '{event.tag}' is not accepted",
                        "remove the tag; values are typed by the field they are in",
                    )
                nodes += 1
                if nodes > MAX_NODES:
                    raise _Failure(codes.YAML_TOO_BIG, line, column, f"more than {MAX_NODES} YAML values in one file")
            if isinstance(event, yaml.ScalarEvent):
                node: Node = Scalar(event.value, not event.style, line, column)
                root = _attach(stack, node, found, diag) or root
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise _Failure(
                        codes.YAML_TOO_DEEP,
                        line,
                        column,
                        f"YAML nested more than {MAX_DEPTH} levels deep",
                        "flatten the structure; no ISMS source needs this depth",
                    )
                kind = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
                stack.append((kind, line, column, []))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                kind, start_line, start_column, items = stack.pop()
                if kind == "seq":
                    node = Sequence(tuple(items), start_line, start_column)  # type: ignore[arg-type]
                else:
                    pairs = list(zip(items[0::2], items[1::2], strict=True))
                    node = Mapping(tuple(pairs), start_line, start_column)  # type: ignore[arg-type]
                root = _attach(stack, node, found, diag) or root
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
    return root


def _attach(
    stack: list[tuple[str, int, int, list[object]]], node: Node, found: list[Diagnostic], diag: _Factory
) -> Node | None:
    """Add a finished node to its parent; return it when it is the root."""
    if not stack:
        return node
    kind, _, _, items = stack[-1]
    if kind == "map" and len(items) % 2 == 0:
        if not isinstance(node, Scalar):
            raise _Failure(
                codes.YAML_SYNTAX,
                node.line,
                node.column,
                "a mapping key must be plain text",
                "keys are field names such as 'title:'",
            )
        for earlier in items[0::2]:
            assert isinstance(earlier, Scalar)
            if earlier.text == node.text:
                found.append(
                    diag(
                        codes.YAML_DUPLICATE_KEY,
                        node.line,
                        node.column,
                        f"key '{node.text}' appears twice (first on line {earlier.line})",
                        "keep one of the two; YAML would silently use the last",
                    )
                )
                break
    items.append(node)
    return None
