"""The ISMS manual's converted parts (isms.render.parts): kept under the digest of exactly their
inputs, used again while intact, converted again when any input changes or a kept file is damaged."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from isms.core.cache_use import DAY
from isms.core.settings import RenderLimits
from isms.read.labels import labels_in
from isms.read.statements import prose_lines
from isms.render import parts
from isms.render.engine import PdfJob, assembled, pandoc
from isms.render.labels import labels_for
from isms.render.markdown import manual_parts
from isms.render.pandoc_run import TYPST_OPTIONS, RenderError
from isms.render.parts import convert_each, converted_parts, deeper_headings, part_key
from isms.resolve.index import Index
from support.paths import FIXTURES
from support.trees import indexed, replace_once

NO_PANDOC = RenderLimits(seconds=0.001)  # no pandoc starts and converts within a millisecond
CHAPTERS = ["# POL-001 Policy\n\n*Version 1.0*\n\nFirst text.\n", "# STD-AC-01 Standard\n\nSecond *text*.\n"]


def _kept_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_part_is_converted_once_and_then_read_from_where_it_is_kept(tmp_path: Path) -> None:
    first = converted_parts(CHAPTERS, tmp_path)
    assert first == [
        "= POL-001 Policy\n#emph[Version 1.0]\n\nFirst text.\n",
        "= STD-AC-01 Standard\nSecond #emph[text].\n",
    ]
    kept = _kept_files(tmp_path)
    assert sorted(kept) == sorted(f"{part_key(chapter)}.typ" for chapter in CHAPTERS)
    month_ago = time.time() - 31 * DAY
    for path in tmp_path.iterdir():
        os.utime(path, (month_ago, month_ago))
    assert converted_parts(CHAPTERS, tmp_path, NO_PANDOC) == first  # no pandoc ran
    assert _kept_files(tmp_path) == kept
    assert all(path.stat().st_mtime > month_ago + DAY for path in tmp_path.iterdir())  # used: kept from pruning


def test_only_the_changed_part_is_converted_again(tmp_path: Path) -> None:
    converted_parts(CHAPTERS, tmp_path)
    changed = [CHAPTERS[0], CHAPTERS[1].replace("Second", "Changed")]
    with pytest.raises(RenderError, match="pandoc: stopped after"):
        converted_parts(changed, tmp_path, NO_PANDOC)  # the changed part needs pandoc
    assert converted_parts(changed, tmp_path)[1] == "= STD-AC-01 Standard\nChanged #emph[text].\n"
    assert len(list(tmp_path.iterdir())) == 3  # the unchanged part kept once, both versions of the other


def test_a_part_converted_among_others_is_the_part_converted_alone(tmp_path: Path) -> None:
    footnote = "Text with a note.[^1]\n\n[^1]: The note of the first document.\n"
    other = "Another note.[^1] And [a link][x].\n\n[^1]: The second document's note.\n"
    linked = "See [a link][x].\n\n[x]: https://example.org/\n"
    together = convert_each([footnote, other, linked])
    assert together == [convert_each([footnote])[0], convert_each([other])[0], convert_each([linked])[0]]
    assert "The note of the first document" in together[0] and "first document" not in together[1]
    assert "example.org" not in together[1]  # a link definition in one document does not reach another


def test_a_damaged_kept_part_is_converted_again_not_used(tmp_path: Path) -> None:
    first = converted_parts(CHAPTERS, tmp_path)
    damaged = tmp_path / f"{part_key(CHAPTERS[0])}.typ"
    good = damaged.read_bytes()
    for broken in (good.replace(b"First", b"Forged"), good[:20], b"", b"\xff\xfe not text"):
        damaged.write_bytes(broken)
        with pytest.raises(RenderError):
            converted_parts(CHAPTERS, tmp_path, NO_PANDOC)  # not taken from the damaged file
        assert converted_parts(CHAPTERS, tmp_path) == first
        assert damaged.read_bytes() == good
    damaged.unlink()
    assert converted_parts(CHAPTERS, tmp_path) == first


def test_the_key_covers_the_markdown_the_conversion_and_the_tool_versions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = part_key(CHAPTERS[0])
    assert part_key(CHAPTERS[0]) == key
    assert part_key(CHAPTERS[0] + " ") != key
    monkeypatch.setitem(parts.REQUEST, "from", parts.PANDOC_FORMAT + "-pipe_tables")
    assert part_key(CHAPTERS[0]) != key
    monkeypatch.undo()
    monkeypatch.setitem(parts.REQUEST, "wrap", "auto")
    assert part_key(CHAPTERS[0]) != key
    monkeypatch.undo()
    monkeypatch.setattr(parts, "tool_versions", lambda: "pandoc 9.9; typst-py 9.9")
    assert part_key(CHAPTERS[0]) != key


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "isms"
    shutil.copytree(FIXTURES / "base", root)
    return root


def _manual_keys(root: Path, groups: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Per document, its head in the manual and the key of its body."""
    index = indexed(root)
    documents = [d for d in index.originals if d.status.value == "approved"]
    parts = manual_parts(index, documents, groups or labels_for("en")["groups"], labels_in("en"))
    return [(part.head, part_key(part.body)) for part in parts]


def _changed(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> list[int]:
    assert len(before) == len(after)
    return [number for number, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]


def test_each_kind_of_change_to_a_document_changes_its_part_only(tree: Path) -> None:
    index: Index = indexed(tree)
    order = [d.id for d in index.originals if d.status.value == "approved"]
    procedure = order.index("PRO-UA-01")
    before = _manual_keys(tree)
    replace_once(tree, "policies/PRO-UA-01-user-access.md", 'version: "1.0"', 'version: "1.1"')  # metadata
    versioned = _manual_keys(tree)
    assert _changed(before, versioned) == [procedure]
    replace_once(tree, "policies/PRO-UA-01-user-access.md", "owner: top-management", "owner: ciso")  # a role
    owned = _manual_keys(tree)
    assert _changed(versioned, owned) == [procedure]
    body = tree / "policies" / "PRO-UA-01-user-access.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert _changed(owned, _manual_keys(tree)) == [procedure]


def test_a_level_heading_changes_the_part_that_opens_the_level_only(tree: Path) -> None:
    groups = labels_for("en")["groups"]
    before = _manual_keys(tree, groups)
    after = _manual_keys(tree, {**groups, "procedure": "Working procedures"})
    index = indexed(tree)
    order = [d.id for d in index.originals if d.status.value == "approved"]
    assert _changed(before, after) == [order.index("PRO-UA-01")]


def test_a_part_reads_as_the_pdf_of_its_document_reads() -> None:
    """The same dialect as `pandoc -f … -t typst` with TYPST_OPTIONS: abbreviations keep their space,
    a line break between two East Asian wide characters adds none."""
    text = "Aozora Bridge Software Co., Ltd. builds software.\n\n青空ブリッジ\nソフトウェア株式会社\n"
    job = PdfJob(
        document_id="POL-001", source_path="policies/POL-001.md", filename="POL-001.pdf", markdown=text,
        meta="{}", timestamp=0, pdfa=False, key="", title="", version="1.0", status="approved", commit="",
    )  # fmt: skip
    alone = pandoc(job, "typst", list(TYPST_OPTIONS)).decode("utf-8")
    assert convert_each([text]) == [alone]
    assert "Ltd.~builds" in alone and "青空ブリッジソフトウェア株式会社" in alone


SHIFTED = [
    "# A\n\ntext\n\n## B\n\n##### E\n\n###### F\n\n```\n# not a heading\n= nor this\n```\n\n"
    "````\n```\n# inside\n```\n````\n\n## After {#after}\n",
    "Para = x\n= y\n\n> quoted\n\n- item\n\n  ## in a list\n\n<!--\n# hidden\n-->\n\n### C `code` x\n",
    "## 日本語の見出し\n\n本文。\n\n#### 四\n",
]


@pytest.mark.parametrize("levels", [1, 2])
def test_a_bodys_headings_set_deeper_in_typst_are_its_markdowns_headings_set_deeper(levels: int) -> None:
    """The manual takes a document's body from the Typst of its own PDF: deepening the headings there
    gives what converting the Markdown with its headings deepened gives (raw blocks left alone)."""
    assert [deeper_headings(typst, levels) for typst in convert_each(SHIFTED)] == convert_each(
        [shift_headings(text, levels) for text in SHIFTED]
    )


def test_the_manual_puts_a_blank_line_between_a_head_and_its_part_and_deepens_the_part_s_headings() -> None:
    """A chapter's facts line and the first paragraph of its body stay two paragraphs."""
    head = '= #"Records"\n== #"REC-AQ-01 Access Request"\n<part-REC-AQ-01>\n#emph("Version 1.2 · INTERNAL")\n'
    body = "An access request is raised for every access right.\n\n= Steps\nFill it in.\n"
    second = '== #"REC-AR-01 Access Review"\n#emph("Version 1.0 · INTERNAL")\n'
    assert assembled((head, second), [body, "Text.\n"], (2, 2)) == (
        head + "\n" + body.replace("= Steps", "=== Steps") + "\n" + second + "\n" + "Text.\n"
    )


def shift_headings(markdown: str, levels: int) -> str:
    """Every ATX heading of Markdown `levels` levels deeper, down to the sixth, code blocks left alone:
    what the manual's bodies would be converted from, were their headings deepened in the Markdown."""
    lines = markdown.split("\n")
    for index, line in prose_lines(markdown):
        found = re.match(r"(#{1,5}) ", line)
        if found:
            lines[index] = "#" * min(levels, 6 - len(found[1])) + lines[index]
    return "\n".join(lines)
