"""The Markdown handed to pandoc for a controlled PDF (isms.render.markdown), per kind of document."""

from __future__ import annotations

from pathlib import Path

import pytest

from isms.render.markdown import (
    document_markdown,
    escape,
    manual_markdown,
    register_markdown,
    typst_free,
    typst_tags,
)
from isms.resolve.index import Index
from support.paths import FIXTURES
from support.trees import indexed, replace_once


@pytest.fixture(scope="module")
def index() -> Index:
    return indexed(FIXTURES / "base")


def test_statement_references_become_placeholders_that_pandoc_keeps_as_text(index: Index) -> None:
    markdown = document_markdown(index, index.documents["STD-AC-01"])
    assert markdown == "1. Every account belongs to one named person. \u27e6A.5.15\u27e7\n"
    assert typst_tags("named person. \u27e6A.5.15, 5.2\u27e7") == 'named person. #isms-ref("A.5.15, 5.2")'
    assert typst_free(markdown) == "1. Every account belongs to one named person. [A.5.15]\n"


def test_a_record_template_prints_as_an_empty_form_with_its_retention(index: Index) -> None:
    assert document_markdown(index, index.documents["REC-AQ-01"]) == (
        "## Form\n"
        "\n"
        "| Field | Entry |\n"
        "|:------------------------------|:------------------------------------------------------------|\n"
        "| Requester \\* |   |\n"
        "| System \\* |   |\n"
        "\n"
        "\\* required\n"
        "\n"
        "Retention: 2 years after account closure. Storage: IT service desk.\n"
    )


def test_the_registers_list_every_original_with_role_titles(index: Index) -> None:
    assert register_markdown(index) == [
        (
            "document-register",
            "Document register",
            "| ID | Title | Level | Version | Status | Owner | Effective | Next review |\n"
            "|:--------------|:------------------------------|:---------|:--------|:----------|:------------------"
            "|:-----------|:-----------|\n"
            "| POL-001 | Information Security Policy | policy | 1.0 | approved | CISO | 2026-06-15 | 2027-06-15 |\n"
            "| STD-AC-01 | Access Control Standard | standard | 1.0 | approved | Top management | 2026-06-15 |"
            " 2027-06-15 |\n"
            "| PRO-UA-01 | User Access Procedure | procedure | 1.0 | approved | Top management | 2026-06-15 |"
            " 2027-06-15 |\n"
            "| SOA-001 | Statement of Applicability | soa | 1.0 | approved | CISO | 2026-06-15 | 2027-06-15 |\n",
        ),
        (
            "records-register",
            "Records register",
            "| ID | Record | Owner | Retention | Storage | Produced by |\n"
            "|:--------------|:----------------------|:----------------|:--------------|:--------------------------"
            "|:------------|\n"
            "| REC-AQ-01 | Access Request | Top management | 2 years after account closure | IT service desk |"
            " STD-AC-01, PRO-UA-01 |\n",
        ),
    ]


def test_the_soa_is_a_table_per_theme_with_each_decision(index: Index) -> None:
    assert index.soa is not None
    markdown = document_markdown(index, index.soa)
    lines = markdown.split("\n")
    assert lines[:4] == [
        "## A.5 Organizational controls",
        "",
        "| Control | Applies | Justification | Status | Implemented by |",
        "|:----------------|:--------|:----------------------------------------|:--------------|:--------------|",
    ]
    assert "| A.5.1 Policies for information security | yes | Needed by the fixture. | implemented | POL-001 |" in lines
    assert (
        "| A.5.2 Information security roles and responsibilities | no | Outside the fixture's scope. |  |  |" in lines
    )
    assert "| A.5.15 Access control | yes | Needed by the fixture. | implemented | STD-AC-01, PRO-UA-01 |" in lines
    assert [line for line in lines if line.startswith("## ")] == [
        "## A.5 Organizational controls",
        "## A.6 People controls",
        "## A.7 Physical controls",
        "## A.8 Technological controls",
    ]


def test_the_manual_is_one_chapter_per_document_with_headings_one_level_down(index: Index) -> None:
    manual = manual_markdown(index, [index.documents["POL-001"], index.documents["STD-AC-01"]])
    assert manual.startswith(
        "# POL-001 Information Security Policy\n"
        "\n"
        "*Version 1.0 · effective 2026-06-15 · owner CISO · INTERNAL*\n"
        "\n"
        "### 1. Purpose\n"
        "\n"
        "Management sets the direction for information security. \u27e6A.5.1\u27e7\n"
    )
    assert "\n\n# STD-AC-01 Access Control Standard\n\n*Version 1.0 · effective 2026-06-15 · owner Top management" in (
        manual
    )


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


def test_a_hostile_title_in_a_register_stays_in_its_cell(base_tree: Path) -> None:
    hostile = "title: 'A | B <script>x</script> #isms-ref(\"y\")'"
    replace_once(base_tree, "policies/STD-AC-01-access.md", "title: Access Control Standard", hostile)
    documents = register_markdown(indexed(base_tree))[0][2].split("\n")
    assert documents[3] == (
        '| STD-AC-01 | A \\| B \\<script\\>x\\</script\\> \\#isms-ref\\("y"\\) | standard | 1.0 | approved |'
        " Top management | 2026-06-15 | 2027-06-15 |"
    )
