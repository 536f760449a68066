"""Differences between two versions of a text, by word and by character, for the terminal and the site."""

from __future__ import annotations

from isms.render.diff import compare, to_html, to_text


def test_word_and_character_level_differences() -> None:
    hunks = compare(
        "The quick brown fox.\n信息安全方针适用于全体员工。\n", "The quick red fox.\n信息安全方针适用于全体正式员工。\n"
    )
    text = to_text(hunks)
    assert "The quick [-brown-]{+red+} fox." in text
    assert "适用于全体{+正式+}员工。" in text
    assert "<del>brown</del><ins>red</ins>" in to_html(hunks)
    assert "<script>" not in to_html(compare("a", "<script>alert(1)</script>"))


def test_terminal_controls_in_document_text_are_shown_escaped_in_a_text_diff() -> None:
    hunks = compare("Line one.\nStays.\n", "Line \x1b[2Jone.\nStays.\nAdded \x1b]8;;https://evil.example\x07.\n")
    for color in (False, True):
        text = to_text(hunks, color=color)
        assert "\x1b[2J" not in text and "\x07" not in text
        assert "\\x1b[2J" in text and "Added \\x1b]8;;https://evil.example\\x07." in text


def test_html_differences_take_the_words_of_the_page() -> None:
    assert to_html([], no_difference="本文に差分はない。") == '<p class="isms-muted">本文に差分はない。</p>'
    assert '<div class="isms-diff-head">行 1–1 → 1–1</div>' in to_html(compare("a", "b"), lines="行")
