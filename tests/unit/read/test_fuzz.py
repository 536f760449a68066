"""Fuzzing the readers: any input ends as diagnostics (or a FrontMatterError), never as a traceback.

Inputs come two ways: the valid fixture sources broken the way editors, merges and attackers break
them (lines deleted, doubled or re-indented, tabs, a stray '---', anchors and aliases, tags, huge
numbers, deep nesting, control characters, CRLF and lone CR, a BOM), and text or bytes with no
structure at all.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from isms.core.diagnostics import Report, Severity, code_info
from isms.read.documents import document_at
from isms.read.frontmatter import CONTROL_FIELDS, FrontMatterError, apply, content_key, fields, top_level
from isms.read.load import load
from isms.read.settings import read_settings
from isms.read.sources import read_source, split_front_matter
from isms.read.yamltree import to_python
from support.cli import run_cli
from support.paths import FIXTURES, TODAY

BASE = FIXTURES / "base"
SOURCES = {
    path: (BASE / path).read_text(encoding="utf-8")
    for path in (
        "policies/POL-001-policy.md",
        "policies/STD-AC-01-access.md",
        "policies/PRO-UA-01-user-access.md",
        "records-templates/REC-AQ-01-access-request.yml",
        "policies/applicability.yml",
    )
}
SETTINGS_TEXT = (BASE / "isms.yml").read_text(encoding="utf-8")
_corpus = load(BASE, Report())
assert _corpus is not None
CORPUS = _corpus
BASE_DOCUMENTS = len(CORPUS.documents)
ORIGINAL = next(d for d in CORPUS.documents if d.id == "POL-001")

DEEP = 60  # past the reader's depth limit of 40
HOSTILE_LINES = [
    "a: &anchor [lol, lol]",
    "b: *anchor",
    "c: [*anchor, *anchor]",
    "<<: *anchor",
    "x: !!python/object/apply:os.system ['true']",
    "y: !!binary aGk=",
    "z: !local 1",
    "%YAML 1.1",
    "version: 1" + "0" * 5000 + ".0",
    "review_cycle: " + "9" * 5000,
    "n: 1e99999",
    "n: 0x1F",
    "controls: " + "[" * DEEP + "]" * DEEP,
    "controls: " + "{a: " * DEEP + "b" + "}" * DEEP,
    "controls: " + "[" * DEEP,
    "title: " + "情報" * 10_000,
    'title: "unterminated',
    "title: 'unterminated",
    'title: "escapes \\x00 \\u2028 \\n \\e"',
    '"ti\\ntle": a key with a line break',
    "---",
    "...",
    "? [complex, key]",
    ": value",
    "[a]: b",
    "- item",
    "id:",
    "id: [POL-001]",
    "id: pol-001",
    "version: 1.0.0",
    "revised: 2026-02-30",
    "status: |",
    "  block text",
    "summary: >-",
    "translation_of: POL-001",
    "language: ja",
    "title: 情報セキュリティ方針",
    "\t- tab",
    "key:\tvalue",
    "  indented: 1",
    "fields: [{name: a, label: b, type: choice}, {name: a}, [x]]",
    "retention: 99999 years",
    "evidences: text",
    "requirements: [{text: a, controls: [A.5.1]}, [nested], {}]",
    "controls: {A.5.1: {applicable: maybe, reasons: [x]}}",
    "people: [{id: alice}, {id: alice}, text]",
    "roles: {ciso: {members: [nobody]}}",
    "limits: {max_file_kib: 0}",
    'catalogs: ["a\\0b", /etc/hostname, ../isms.yml, policies, policies/applicability.yml, absent.yml]',
    "paths: {documents: .., applicability: /etc/hostname}",
    "title: a # comment",
    "#",
    "\x00",
    "\x1b[31m",
    "\u2028",
    "\x85",
    "\ufeff",
]
PADDING = [" ", "  ", "   ", "\t", " \t"]

SCALARS = st.one_of(
    st.sampled_from(["", "~", "null", "true", "1.0", "1.10", "-1", ".inf", "2026-06-01", "A.5.15", "POL-001"]),
    st.text(max_size=12),
)


def flow(scalar: str) -> str:
    return '"' + scalar.replace("\\", "\\\\").replace('"', '\\"') + '"' if scalar.strip() != scalar else scalar


YAML_VALUES = st.recursive(
    SCALARS.map(flow),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.sampled_from(["id", "text", "a", "applicable"]), inner, max_size=3).map(
            lambda entries: "{" + ", ".join(f"{key}: {value}" for key, value in entries.items()) + "}"
        ),
    ),
    max_leaves=12,
)


@st.composite
def broken(draw: st.DrawFn, text: str) -> str:
    """`text` with a few random edits, then perhaps a different line ending, a BOM or a cut."""
    lines = text.split("\n")
    for _ in range(draw(st.sampled_from([1, 1, 2, 3, 4]))):
        if not lines:
            lines = [""]
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "double", "swap", "indent", "insert", "splice", "value"]))
        if edit == "delete":
            del lines[at]
        elif edit == "double":
            lines.insert(at, lines[at])
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == "indent":
            lines[at] = draw(st.sampled_from(PADDING)) + lines[at]
        elif edit == "insert":
            lines.insert(at, draw(st.sampled_from(HOSTILE_LINES)))
        elif edit == "splice":
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + draw(st.text(max_size=8)) + lines[at][cut:]
        else:
            lines[at] = lines[at].split(":", 1)[0] + ": " + draw(YAML_VALUES)
    ending = draw(st.sampled_from(["\n"] * 6 + ["\r\n", "\r"]))
    result = ending.join(lines)
    if draw(st.booleans()):
        result = "\ufeff" + result
    if draw(st.integers(0, 9)) == 0:
        result = result[: draw(st.integers(0, len(result)))]
    return result


def unstructured(path: str) -> st.SearchStrategy[str]:
    """Text with no structure: random, random under a front-matter opener, or random bytes decoded."""
    prefix = "---\n" if path.endswith(".md") else ""
    return st.one_of(
        st.text(max_size=300),
        st.text(max_size=300).map(lambda text: prefix + text),
        st.binary(max_size=300).map(lambda data: data.decode("utf-8", "replace")),
    )


@st.composite
def sources(draw: st.DrawFn, pool: dict[str, str] = SOURCES) -> tuple[str, str]:
    """(path, text): a broken fixture source most of the time, otherwise anything at all."""
    path = draw(st.sampled_from(sorted(pool)))
    if draw(st.integers(0, 4)):
        return path, draw(broken(pool[path]))
    return path, draw(unstructured(path))


def kind_of(path: str) -> str:
    if path == CORPUS.settings.applicability_path:
        return "soa"
    return "record" if path.startswith("records-templates/") else "document"


def assert_well_formed(report: Report, path: str) -> None:
    """Each diagnostic is registered, located in the file read, and prints as one line (plus a hint)."""
    for diagnostic in report:
        assert diagnostic.severity is code_info(diagnostic.code).severity
        assert diagnostic.location.path == path
        assert diagnostic.location.line >= 0 and diagnostic.message
        assert len(diagnostic.format().split("\n")) == (2 if diagnostic.hint else 1)


def has_error(report: Report) -> bool:
    return any(diagnostic.severity is Severity.ERROR for diagnostic in report)


HUGE = "9" * 5000  # more digits than Python turns into an int


@settings(max_examples=1000, deadline=None)
@given(sources())
@example(("policies/POL-009.md", "---\n---\nan empty front matter\n"))
@example(("policies/POL-009.yml", "# nothing but a comment\n"))
@example(("policies/POL-009.md", f"---\ntitle: {HUGE}\nreview_cycle: {HUGE}\n---\n"))
@example(("policies/POL-009.md", '---\n"ti\\ntle": a line break in a key\n---\n'))
def test_any_source_is_read_or_reported(source: tuple[str, str]) -> None:
    path, text = source
    report = Report()
    draft = read_source(path, text, kind_of(path), report)
    assert_well_formed(report, path)
    if draft is None:
        assert has_error(report), "a source was dropped without a diagnostic"


@settings(max_examples=600, deadline=None)
@given(st.one_of(broken(SETTINGS_TEXT), unstructured("isms.yml")))
@example("")
@example(f"organization: {{name: {HUGE}}}\nlimits: {{max_file_kib: {HUGE}}}\n")
@example('catalogs: ["a\\0b"]\npaths: {documents: /, records: ../elsewhere}\n')  # outside the repository
def test_any_settings_file_is_read_or_reported(text: str) -> None:
    report = Report()
    result = read_settings(text, report)
    assert_well_formed(report, "isms.yml")
    if result is None:
        assert has_error(report), "isms.yml was refused without a diagnostic"


@settings(max_examples=500, deadline=None)
@given(sources(), st.booleans())
def test_any_old_version_is_shown_or_skipped(source: tuple[str, str], with_original: bool) -> None:
    path, text = source
    document = document_at(CORPUS.settings, path, text, ORIGINAL if with_original else None)
    if document is not None:
        assert document.path == path and document.id


STAMP_VALUES = st.dictionaries(
    st.sampled_from(CONTROL_FIELDS),
    st.one_of(st.sampled_from(["1.1", "10.0", "2026-11-21", "approved", "draft", "alice"]), st.text(max_size=12)),
    min_size=1,
    max_size=4,
)


@settings(max_examples=1000, deadline=None)
@given(sources(), STAMP_VALUES, st.sampled_from([*CONTROL_FIELDS, "id", "title", "absent"]))
@example(("d.md", "---\n{}\n---\n"), {"version": "1.1"}, "version")  # no field to insert after
@example(("d.md", "---\n{id: X,\nversion: 1.0}\n---\n"), {"version": "1.1"}, "version")  # a flow mapping
@example(("d.md", "---\nid: X\nversion: 1.0\n  continued\n---\n"), {"version": "1.1"}, "version")
@example(("d.yml", "id: X\rversion: 1.0\n"), {"version": "1.1"}, "version")  # a lone CR
@example(("d.md", "---\nid: X\napproved_by: 'a'\n---\n"), {"approved_by": "tab\tand\nbreak"}, "version")
def test_a_stamp_reads_back_or_is_refused(source: tuple[str, str], values: dict[str, str], after: str) -> None:
    path, text = source
    try:
        digest = content_key(path, text)
        stamped = apply(path, text, values, after=after)
    except FrontMatterError as error:
        assert str(error)
        return
    assert {name: fields(path, stamped).get(name) for name in values} == values

    def unstamped(text: str) -> list[tuple[str, object]]:
        return [(key.text, to_python(node)) for key, node in top_level(path, text).entries if key.text not in values]

    assert unstamped(stamped) == unstamped(text)
    assert content_key(path, stamped) == digest
    assert body(path, stamped) == body(path, text)


def body(path: str, text: str) -> str | None:
    split = split_front_matter(text.removeprefix("\ufeff")) if path.endswith(".md") else None
    return split[2] if split else None


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the base ISMS for the whole module; each example restores what it broke."""
    root = tmp_path_factory.mktemp("fuzz") / "isms"
    shutil.copytree(BASE, root)
    return root


TARGETS = {**SOURCES, "isms.yml": SETTINGS_TEXT, "policies/POL-009-new.md": SOURCES["policies/POL-001-policy.md"]}
DIAGNOSTIC_LINE = re.compile(r"(?P<path>[^:\n]+)(?::\d+:\d+)?: (?:error|warning)\[isms\.[a-z.-]+\]: \S")


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(path, content) of one file to write into the tree: broken text, CJK in a legacy encoding or any bytes."""
    path = draw(st.sampled_from(sorted(TARGETS)))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return path, draw(st.binary(max_size=400))
    if kind == 1:
        return path, TARGETS[path].replace("Access", "アクセス制御").encode("shift_jis", "replace")
    text = draw(broken(TARGETS[path])) if kind > 3 else draw(unstructured(path))
    return path, text.encode("utf-8")


@settings(max_examples=400, deadline=None)
@given(files())
@example(("policies/applicability.yml", b""))
@example(("isms.yml", (SETTINGS_TEXT + 'catalogs: ["a\\0b"]\n').encode()))
def test_check_reports_any_broken_file_without_a_traceback(tree: Path, file: tuple[str, bytes]) -> None:
    relative, content = file
    target = tree / relative
    before = target.read_bytes() if target.exists() else None
    target.write_bytes(content)
    try:
        result = run_cli("--root", str(tree), "check", "--today", TODAY)
    finally:
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    *diagnostics, summary = result.stdout.split("\n")[:-1]
    counted = re.fullmatch(r"isms check: \d+ errors?, \d+ warnings? in (\d+) documents", summary)
    assert counted, summary
    named = set()
    for line in diagnostics:
        if line.startswith("  hint: "):
            continue
        match = DIAGNOSTIC_LINE.match(line)
        assert match, f"not a diagnostic line: {line!r}"
        assert match["path"] in TARGETS or (tree / match["path"]).exists()
        named.add(match["path"])
    if relative != "isms.yml" and relative not in named:  # a source is either read or reported, never lost
        assert int(counted[1]) == BASE_DOCUMENTS + (before is None)


# Hang guards. The fixtures yaml-billion-laughs and yaml-deep-nesting already run `isms check` on a
# bomb in front matter and on a 10,000-deep sequence in a YAML source; these feed the same shapes to
# isms.yml and to the stamp (which the git hook runs on staged text before any check).
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in pairwise("abcdefghi")
)
HOSTILE_YAML = {
    "billion-laughs": (BOMB, "isms.yaml.alias"),
    "deep-sequence": ("controls: " + "[" * 10_000 + "]" * 10_000 + "\n", "isms.yaml.too-deep"),
    "deep-mapping": ("controls: " + "{a: " * 10_000 + "b" + "}" * 10_000 + "\n", "isms.yaml.too-deep"),
}


def through_settings(yaml: str) -> str:
    report = Report()
    assert read_settings(SETTINGS_TEXT + yaml, report) is None
    return " ".join(diagnostic.format() for diagnostic in report)


def through_stamp(yaml: str) -> str:
    with pytest.raises(FrontMatterError) as refused:
        apply("policies/POL-009.md", "---\nid: POL-009\nversion: '1.0'\n" + yaml + "---\nbody\n", {"version": "1.1"})
    return str(refused.value)


@pytest.mark.parametrize("shape", sorted(HOSTILE_YAML))
@pytest.mark.parametrize("reader", [through_settings, through_stamp], ids=["isms.yml", "stamp"])
def test_hostile_yaml_is_refused_without_hanging(shape: str, reader: Callable[[str], str]) -> None:
    yaml, code = HOSTILE_YAML[shape]
    started = time.monotonic()
    message = reader(yaml)
    assert time.monotonic() - started < 5, "a hang guard, not a speed target: expansion or recursion came back"
    assert f"[{code}]" in message
