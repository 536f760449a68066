"""The Markdown handed to pandoc for a controlled PDF (isms.render.markdown), per kind of document."""

from __future__ import annotations

from pathlib import Path

import pytest

from isms.read.labels import labels_in
from isms.render.labels import labels_for
from isms.render.markdown import (
    document_markdown,
    escape,
    manual_parts,
    typst_free,
    typst_string,
    typst_tags,
)
from isms.resolve.index import Index
from support.paths import FIXTURES
from support.trees import indexed, replace_once

GROUPS = labels_for("en")["groups"]
ENGLISH = labels_in("en")


@pytest.fixture(scope="module")
def index() -> Index:
    return indexed(FIXTURES / "base")


def test_statement_references_become_placeholders_that_pandoc_keeps_as_text(index: Index) -> None:
    markdown = document_markdown(index, index.documents["STD-AC-01"])
    assert markdown == "1. Every account belongs to one named person. \u27e6A.5.15\u27e7\n"
    assert typst_tags("named person. \u27e6A.5.15, 5.2\u27e7") == 'named person. #isms-ref("A.5.15, 5.2")'
    assert typst_free(markdown) == "1. Every account belongs to one named person. [A.5.15]\n"


def test_a_record_template_leaves_a_marker_where_its_form_goes_and_prints_its_retention(index: Index) -> None:
    markdown = document_markdown(index, index.documents["REC-AQ-01"])
    assert markdown == (
        "## Form\n\n\u27e6form REC-AQ-01\u27e7\n\nRetention: 2 years after account closure. Storage: IT service desk.\n"
    )
    assert typst_tags("\u27e6form REC-AQ-01\u27e7\nsee \u27e6A.5.15\u27e7") == (
        '#isms-form("REC-AQ-01")\nsee #isms-ref("A.5.15")'
    )
    assert typst_free(markdown).split("\n")[2] == "\u27e6form REC-AQ-01\u27e7"  # kept for the DOCX writer


def test_the_soa_opens_with_summary_counts_then_a_table_per_theme_with_reasons(index: Index) -> None:
    assert index.soa is not None
    markdown = document_markdown(index, index.soa)
    lines = markdown.split("\n")
    assert lines[:16] == [
        "## Summary",
        "",
        "| Controls | Applicable | Excluded | Not assessed | Implemented | Partial | Planned | Not implemented |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        "| 93 | 2 | 91 | 0 | 2 | 0 | 0 | 0 |",
        "",
        "| Theme | Controls | Applicable | Excluded | Implemented |",
        "|:---|---:|---:|---:|---:|",
        "| A.5 Organizational controls | 37 | 2 | 35 | 2 |",
        "| A.6 People controls | 8 | 0 | 8 | 0 |",
        "| A.7 Physical controls | 14 | 0 | 14 | 0 |",
        "| A.8 Technological controls | 34 | 0 | 34 | 0 |",
        "",
        "## A.5 Organizational controls",
        "",
        "| Control | Applicable | Reasons | Justification | Status | Implemented by |",
    ]
    assert (
        "| A.5.1 Policies for information security | yes | risk treatment | Needed by the fixture. | Implemented |"
        " POL-001 |" in lines
    )
    assert (
        "| A.5.2 Information security roles and responsibilities | no |  | Outside the fixture's scope. |  |  |"
        in lines
    )
    assert (
        "| A.5.15 Access control | yes | risk treatment | Needed by the fixture. | Implemented | STD-AC-01, PRO-UA-01 |"
        in lines
    )
    assert [line for line in lines if line.startswith("## ")] == [
        "## Summary",
        "## A.5 Organizational controls",
        "## A.6 People controls",
        "## A.7 Physical controls",
        "## A.8 Technological controls",
    ]


def test_the_manual_is_one_chapter_per_document_each_with_a_head_in_typst(index: Index) -> None:
    parts = manual_parts(index, [index.documents["POL-001"], index.documents["STD-AC-01"]], GROUPS, ENGLISH)
    assert [part.head for part in parts] == [
        '= #"Policies"\n'
        '== #"POL-001 Information Security Policy"\n'
        "<part-POL-001>\n"
        '#emph("Version 1.0 · effective 2026-06-15 · owner CISO · INTERNAL")\n',
        '= #"Standards"\n'
        '== #"STD-AC-01 Access Control Standard"\n'
        "<part-STD-AC-01>\n"
        '#emph("Version 1.0 · effective 2026-06-15 · owner Top management · INTERNAL")\n',
    ]
    assert parts[0].body == document_markdown(index, index.documents["POL-001"])
    assert parts[0].body.startswith("## 1. Purpose\n\nManagement sets the direction for information security.")
    assert [part.offset for part in parts] == [2, 2]  # a body's headings go below the part and chapter headings


def test_the_manual_groups_its_chapters_under_a_part_heading_per_level(index: Index) -> None:
    documents = [index.documents[i] for i in ("POL-001", "STD-AC-01", "PRO-UA-01", "PRO-UA-01")]
    parts = manual_parts(
        index, documents, {"policy": "Policies", "standard": "Standards", "procedure": "Steps"}, ENGLISH
    )
    assert [line for part in parts for line in part.head.split("\n") if line.startswith("=")] == [
        '= #"Policies"',
        '== #"POL-001 Information Security Policy"',
        '= #"Standards"',
        '== #"STD-AC-01 Access Control Standard"',
        '= #"Steps"',
        '== #"PRO-UA-01 User Access Procedure"',
        '== #"PRO-UA-01 User Access Procedure"',  # the second of a level opens no part and a page of its own
    ]
    assert [part.head.count("<part-") for part in parts] == [1, 1, 1, 0]


def test_a_hostile_title_in_a_chapter_head_is_a_typst_string(base_tree: Path) -> None:
    hostile = "title: 'A \\\" *b* #set page(width: 1pt) <x> $y$ ]) @chen'"
    replace_once(base_tree, "policies/STD-AC-01-access.md", "title: Access Control Standard", hostile)
    index = indexed(base_tree)
    head = manual_parts(index, [index.documents["STD-AC-01"]], GROUPS, ENGLISH)[0].head
    assert head.split("\n")[1] == '== #"STD-AC-01 A \\\\\\" *b* #set page(width: 1pt) <x> $y$ ]) @chen"'


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain words", '"plain words"'),
        ('a "quoted" \\ back', '"a \\"quoted\\" \\\\ back"'),
        ("#set text(red) $x$ <l> @r *b*", '"#set text(red) $x$ <l> @r *b*"'),  # markup means nothing in a string
        ("one\nline\t only", '"one line only"'),
        ("bell \x07 and \x7f", '"bell \\u{7} and \\u{7f}"'),
        ("right-to-left \u202eend", '"right-to-left \u202eend\u202c"'),  # an open bidi override is closed
    ],
)
def test_values_from_the_sources_are_typst_strings(text: str, literal: str) -> None:
    assert typst_string(text) == literal


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("<b>x</b> | [a](b) {c}", "\\<b\\>x\\</b\\> \\| \\[a\\]\\(b\\) \\{c\\}"),
        ("#1 +2 !3 $4 @5 ~6 \\7", "\\#1 \\+2 \\!3 \\$4 \\@5 \\~6 \\\\7"),
        ("one\nline\t only", "one line only"),
        ("right-to-left \u202eend", "right-to-left \u202eend\u202c"),  # an open bidi override is closed
    ],
)
def test_values_from_the_sources_are_escaped_to_text(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_a_japanese_soa_is_summarised_and_headed_in_japanese(base_tree: Path) -> None:
    japanese_first = "languages: [ja, en, zh-CN]\ndefault_language: ja"
    replace_once(base_tree, "isms.yml", "languages: [en, ja, zh-CN]", japanese_first)
    index = indexed(base_tree)
    assert index.soa is not None and index.soa.language == "ja"
    lines = document_markdown(index, index.soa).split("\n")
    assert lines[:3] == ["## 概要", "", "| 管理策 | 適用 | 除外 | 未評価 | 実施済 | 一部実施 | 計画中 | 未実施 |"]
    assert "| テーマ | 管理策 | 適用 | 除外 | 実施済 |" in lines
    assert "| 管理策 | 適用 | 理由 | 根拠 | 実施状況 | 実施文書 |" in lines
    a_5_1 = "| A.5.1 Policies for information security | 適用 | リスク対応 | Needed by the fixture. | 実施済 |"
    a_5_1 += " POL-001 |"
    assert a_5_1 in lines


def test_a_japanese_soa_shows_the_organizations_titles_where_it_gives_them(base_tree: Path) -> None:
    japanese_first = "languages: [ja, en, zh-CN]\ndefault_language: ja"
    replace_once(base_tree, "isms.yml", "languages: [en, ja, zh-CN]", japanese_first)
    one_reason = "A.5.1: {applicable: true, reasons: [risk-treatment],"
    two_reasons = "A.5.1: {applicable: true, reasons: [risk-treatment, contractual],"
    replace_once(base_tree, "policies/applicability.yml", one_reason, two_reasons)
    titles = "language: ja\ntitles:\n  A.5: 組織の管理策（社内訳）\n  A.5.1: 情報セキュリティの方針（社内訳）\n"
    (base_tree / "titles-ja.yml").write_text(titles, encoding="utf-8")
    with open(base_tree / "isms.yml", "a", encoding="utf-8") as settings:
        settings.write("catalogs: [titles-ja.yml]\n")
    index = indexed(base_tree)
    assert index.soa is not None
    lines = document_markdown(index, index.soa).split("\n")
    assert "## A.5 組織の管理策（社内訳）" in lines
    assert "| A.5 組織の管理策（社内訳） | 37 | 2 | 35 | 2 |" in lines  # the summary by theme
    a_5_1 = "| A.5.1 情報セキュリティの方針（社内訳） | 適用 | リスク対応、契約 |"  # joined as Japanese joins them
    assert any(line.startswith(a_5_1) for line in lines)
    assert any(line.startswith("| A.5.2 Information security roles and responsibilities |") for line in lines)
    assert "## A.6 People controls" in lines
