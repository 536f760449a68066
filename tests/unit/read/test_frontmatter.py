"""The front-matter stamp: for any front matter and body, only the stamped fields change."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isms.read.frontmatter import FrontMatterError, apply, content_key, fields, top_level
from isms.read.yamltree import to_python

KEYS = st.sampled_from(["id", "title", "owner", "summary", "classification", "language", "review_cycle", "x-note"])
WORDS = st.text(alphabet=string.ascii_letters + string.digits + " 情報安全-_.,:#'\"", min_size=0, max_size=20)


def scalar(value: str, style: str) -> str:
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return "'" + value.replace("'", "''") + "'" if not value.isalnum() else value


@st.composite
def sources(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    style = st.sampled_from(["plain", "double", "single"])
    lines = [f"version: {scalar(draw(st.sampled_from(['1.0', '2.3', '0.1'])), draw(style))}"]
    used = {"version"}
    for _ in range(draw(st.integers(0, 6))):
        key = draw(KEYS)
        if key in used:
            continue
        used.add(key)
        kind = draw(st.sampled_from(["scalar", "list", "comment"]))
        if kind == "list":
            items = draw(st.lists(st.sampled_from(["A.5.1", "6.1.2", "POL-001"]), max_size=3))
            lines.append(f"{key}: [{', '.join(items)}]")
        elif kind == "comment":
            lines.append(f"{key}: {scalar(draw(WORDS), draw(style))}  # note {draw(WORDS).replace(chr(10), '')}")
        else:
            lines.append(f"{key}: {scalar(draw(WORDS), draw(style))}")
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "# a comment line")
    for name in ("status", "revised"):
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), f"{name}: {scalar('draft', draw(style))}")
    lines = draw(st.permutations(lines))
    body = draw(st.text(alphabet=string.printable.replace("\r", "") + "情報安全方针。", max_size=200))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(["---", *lines, "---", *body.split("\n")])
    if draw(st.booleans()):
        text = "\ufeff" + text
    stamp = {"version": draw(st.sampled_from(["1.1", "2.0", "10.4"])), "revised": "2026-11-21"}
    if draw(st.booleans()):
        stamp["status"] = "draft"
    return text, stamp


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources())
def test_only_the_stamped_fields_change(source: tuple[str, dict[str, str]]) -> None:
    text, stamp = source
    try:
        top_level("doc.md", text)
    except FrontMatterError:
        return  # hypothesis drew front matter YAML itself rejects; nothing to stamp
    stamped = apply("doc.md", text, stamp)
    before = {k.text: to_python(v) for k, v in top_level("doc.md", text).entries}
    after = {k.text: to_python(v) for k, v in top_level("doc.md", stamped).entries}
    for name, value in stamp.items():
        assert fields("doc.md", stamped)[name] == value
    assert {k: v for k, v in after.items() if k not in stamp} == {k: v for k, v in before.items() if k not in stamp}
    assert content_key("doc.md", text) == content_key("doc.md", stamped)
    assert stamped.startswith("\ufeff") == text.startswith("\ufeff")
    body_before = text.split("---", 2)[2]
    body_after = stamped.split("---", 2)[2]
    assert body_after == body_before  # the body, byte for byte
    old_lines, new_lines = text.split("\n"), stamped.split("\n")
    kept = [line for line in new_lines if not line.lstrip("\ufeff").startswith(tuple(f"{n}:" for n in stamp))]
    assert kept == [line for line in old_lines if not line.lstrip("\ufeff").startswith(tuple(f"{n}:" for n in stamp))]
    if "\r\n" in text:
        assert "\n" not in stamped.replace("\r\n", "")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["doc.md", "doc.yml"]))
def test_arbitrary_text_is_stamped_or_refused_with_a_message(text: str, path: str) -> None:
    try:
        stamped = apply(path, text, {"version": "1.1", "revised": "2026-11-21"})
    except FrontMatterError as error:
        assert str(error)
        return
    assert fields(path, stamped)["version"] == "1.1"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('version: "1.0"', 'version: "1.1"'),
        ("version: '1.0'", "version: '1.1'"),
        ("version: 1.0", "version: 1.1"),
        ("version:   1.0   # keep", "version:   1.1   # keep"),
        ("version: 1.0\t# keep", "version: 1.1\t# keep"),
        ('version: "1.0" # "quoted" comment', 'version: "1.1" # "quoted" comment'),
    ],
)
def test_quoting_and_comments_are_kept(line: str, expected: str) -> None:
    text = f"---\nid: X\n{line}\n---\nbody\n"
    assert apply("a.md", text, {"version": "1.1"}) == f"---\nid: X\n{expected}\n---\nbody\n"


def test_a_multi_line_version_is_refused_with_the_line() -> None:
    with pytest.raises(FrontMatterError, match=r"a.md:3: 'version' must be a one-line value"):
        apply("a.md", "---\nid: X\nversion:\n  '1.0'\n---\n", {"version": "1.1"})


def test_yaml_sources_are_stamped_too() -> None:
    text = "# Cryptography standard\nid: STD-CR-01\nversion: '2.0'  # stamped by the hook\ntitle: x\n"
    assert apply("s.yml", text, {"version": "2.1", "revised": "2026-11-21"}) == (
        "# Cryptography standard\nid: STD-CR-01\nversion: '2.1'  # stamped by the hook\nrevised: 2026-11-21\ntitle: x\n"
    )
