"""The site's Markdown extensions on their own: list re-indentation."""

from __future__ import annotations

import markdown

from isms.site.lists import reindent
from isms.statements import find_statements


def test_two_space_nesting_becomes_four_spaces_per_level() -> None:
    lines = ["- a", "  - b", "    - c", "  lazy", "- d"]
    # "lazy" continues the paragraph of the deepest item, as in CommonMark and pandoc
    assert reindent(lines) == ["- a", "    - b", "        - c", "            lazy", "- d"]


def test_nesting_is_measured_from_where_the_item_text_starts() -> None:
    lines = ["1. Step", "   - sub", "", "   More about the step.", "10. Tenth", "    - sub of ten"]
    assert reindent(lines) == ["1. Step", "    - sub", "", "    More about the step.", "10. Tenth", "    - sub of ten"]


def test_only_leading_spaces_change_and_every_line_stays() -> None:
    body = "Lead-in:\n- item {A.5.16}\n  - child, `code {x}` {A.5.15, A.8.2}\n\nText.\n"
    lines = body.split("\n")
    result = reindent(lines)
    assert len(result) == len(lines)
    assert [line.strip() for line in result] == [line.strip() for line in lines]
    assert [s.line for s in find_statements(body, 1)] == [2, 3]


def test_fenced_code_inside_an_item_moves_with_it_and_is_not_read() -> None:
    lines = ["- item", "  ```", "  - not an item", "    - nor this", "  ```", "- next"]
    assert reindent(lines) == ["- item", "    ```", "    - not an item", "      - nor this", "    ```", "- next"]


def test_outside_lists_nothing_changes() -> None:
    lines = [
        "# Title",
        "",
        "    indented code",
        "    - in code",
        "",
        "| a | b |",
        "|---|---|",
        "* * *",
        "Term",
        ":   definition",
    ]
    assert reindent(lines) == lines


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=["isms.site.lists"])


def test_a_list_interrupts_a_paragraph() -> None:
    assert _html("Lead-in:\n- a\n- b") == "<p>Lead-in:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_a_rule_does_not_start_a_list() -> None:
    assert _html("Text\n\n- - -\n\nMore") == "<p>Text</p>\n<hr />\n<p>More</p>"
