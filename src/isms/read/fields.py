"""Typed reading of YAML values, reporting every problem with the line it sits on."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.core.model import Version
from isms.read.yamltree import Mapping, Node, Scalar, Sequence

DOCUMENT_ID = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def closest(word: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else ""


def did_you_mean(word: str, candidates: Iterable[str], fallback: str = "") -> str:
    match = closest(word, candidates)
    return f"did you mean '{match}'?" if match else fallback


def kind_of(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "text"


class Reader:
    """Reads the values of one source file; problems go to the shared report."""

    def __init__(self, path: str, report: Report) -> None:
        self.path = path
        self.report = report
        self.failed = False

    def error(self, code: str, node: Node, message: str, hint: str = "") -> None:
        if codes.code_info(code).severity is codes.Severity.ERROR:
            self.failed = True
        self.report.add(code, Location(self.path, node.line, node.column), message, hint)

    def mapping(self, node: Node | None, name: str) -> Mapping | None:
        if node is None:
            return None
        if not isinstance(node, Mapping):
            self.error(codes.FIELD_TYPE, node, f"'{name}' must be a mapping of keys to values, not {kind_of(node)}")
            return None
        return node

    def check_keys(self, node: Mapping, allowed: Iterable[str], what: str) -> None:
        known = list(allowed)
        for key, _ in node.entries:
            if key.text not in known:
                hint = did_you_mean(key.text, known, f"allowed in {what}: {', '.join(sorted(known))}")
                if " " in key.text.strip():
                    hint = 'inside { } a comma ends the value: quote a value that contains a comma, e.g. label: "A, B"'
                self.error(codes.FIELD_UNKNOWN, key, f"unknown field '{key.text}' in {what}", hint)

    def scalar(self, node: Node | None, name: str) -> Scalar | None:
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.error(codes.FIELD_TYPE, node, f"'{name}' must be a single value, not {kind_of(node)}")
            return None
        return node

    def text(self, node: Node | None, name: str, required: bool = False) -> str | None:
        scalar = self.scalar(node, name)
        if scalar is None:
            return None
        value = scalar.text.strip()
        if scalar.plain and scalar.resolve() is None:
            value = ""
        if not value and required:
            self.error(codes.FIELD_EMPTY, scalar, f"'{name}' is empty")
            return None
        return value

    def choice(self, node: Node | None, name: str, allowed: Iterable[str], hint_all: bool = True) -> str | None:
        value = self.text(node, name)
        if value is None or node is None:
            return None
        options = list(allowed)
        if value not in options:
            fallback = f"use one of: {', '.join(options)}" if hint_all else ""
            hint = did_you_mean(value, options, fallback)
            self.error(codes.FIELD_VALUE, node, f"'{name}' is '{value}', which is not allowed", hint)
            return None
        return value

    def document_id(self, node: Node | None, name: str) -> str | None:
        value = self.text(node, name, required=True)
        if value is None or node is None:
            return None
        if not DOCUMENT_ID.match(value):
            self.error(
                codes.ID_INVALID,
                node,
                f"'{value}' is not a valid document id",
                "ids are upper-case words joined by hyphens, e.g. POL-001, STD-AC-01, PRO-IR-02",
            )
            return None
        return value

    def version(self, node: Node | None, name: str) -> Version | None:
        scalar = self.scalar(node, name)
        if scalar is None:
            return None
        version = Version.parse(scalar.text)
        if version is None:
            self.error(
                codes.FIELD_VERSION,
                scalar,
                f"'{name}' is '{scalar.text}', not a major.minor version",
                'write it as "1.0", "2.3"; the git hook stamps new versions for you',
            )
        return version

    def date(self, node: Node | None, name: str) -> date | None:
        scalar = self.scalar(node, name)
        if scalar is None:
            return None
        match = _DATE.match(scalar.text.strip())
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                pass
        self.error(
            codes.FIELD_DATE,
            scalar,
            f"'{name}' is '{scalar.text}', not a valid date",
            "write dates as YYYY-MM-DD, e.g. 2026-04-01",
        )
        return None

    def positive_int(self, node: Node | None, name: str, unit: str, maximum: int = 120) -> int | None:
        scalar = self.scalar(node, name)
        if scalar is None:
            return None
        value = scalar.resolve() if scalar.plain else scalar.text
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0 or value > maximum:
            message = f"'{name}' is '{scalar.text}', not a number of {unit} (1 to {maximum})"
            self.error(codes.FIELD_TYPE, scalar, message)
            return None
        return value

    def boolean(self, node: Node | None, name: str) -> bool | None:
        scalar = self.scalar(node, name)
        if scalar is None:
            return None
        value = scalar.resolve()
        if not isinstance(value, bool):
            self.error(codes.FIELD_TYPE, scalar, f"'{name}' is '{scalar.text}', not true or false")
            return None
        return value

    def text_list(self, node: Node | None, name: str) -> tuple[str, ...]:
        """A list of plain values; a single value counts as a list of one."""
        if node is None:
            return ()
        if isinstance(node, Scalar):
            if node.plain and node.resolve() is None:
                return ()
            return (node.text.strip(),)
        if isinstance(node, Mapping):
            self.error(codes.FIELD_TYPE, node, f"'{name}' must be a list, not a mapping", f"write it as {name}: [A, B]")
            return ()
        values: list[str] = []
        for item in node.items:
            if not isinstance(item, Scalar):
                self.error(
                    codes.FIELD_TYPE, item, f"each entry of '{name}' must be a single value, not {kind_of(item)}"
                )
                continue
            if item.text.strip():
                values.append(item.text.strip())
        return tuple(values)

    def located_list(self, node: Node | None, name: str) -> list[Scalar]:
        """Like text_list, keeping each entry's position for later link checks."""
        if node is None:
            return []
        if isinstance(node, Scalar):
            return [] if node.plain and node.resolve() is None else [node]
        if isinstance(node, Mapping):
            self.error(codes.FIELD_TYPE, node, f"'{name}' must be a list, not a mapping", f"write it as {name}: [A, B]")
            return []
        result: list[Scalar] = []
        for item in node.items:
            if isinstance(item, Scalar):
                if item.text.strip():
                    result.append(item)
            else:
                self.error(
                    codes.FIELD_TYPE, item, f"each entry of '{name}' must be a single value, not {kind_of(item)}"
                )
        return result
