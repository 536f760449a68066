"""Which of an ISMS's languages an imported text is in: as its front matter says, else by its script."""

from __future__ import annotations

import pytest

from isms.change.text_language import TextLanguage, script_language, text_language

JAPANESE = "本規程は、情報システムへのアクセスを管理するための規則を定める。利用者IDは個人ごとに発行する。"
CHINESE = "本规范规定信息系统访问管理的要求。用户ID按人发放，离职人员的ID在离职当日停用。"
ENGLISH = "Access to information systems is granted per person and removed on the day they leave."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (JAPANESE, "ja"),
        (CHINESE, "zh"),
        (ENGLISH, "en"),
        ("情報セキュリティ方針", "ja"),  # a title alone: one kana is enough
        ("信息安全方针", "zh"),
        (ENGLISH + " Our Dalian office (大连) follows it too.", "en"),  # a few Han characters in English
        (CHINESE + " See ISO/IEC 27001 and the Access Control Standard.", "zh"),  # English terms in Chinese
        (ENGLISH + "\n\n```\n日本語のコード\n```\n", "en"),  # code says nothing of the language
        (CHINESE + " [链接](https://example.com/policies/access-control-standard)", "zh"),  # nor a link target
        ("12345 — 2026-12-07", ""),
    ],
)
def test_the_script_tells_the_language(text: str, expected: str) -> None:
    assert script_language(text) == expected


def test_the_front_matter_wins_when_the_isms_lists_its_language() -> None:
    assert text_language("en", JAPANESE, ["ja", "en"], "ja") == TextLanguage("en", "the front matter")
    assert text_language("EN_us", JAPANESE, ["ja", "en"], "ja") == TextLanguage("en", "the front matter")
    assert text_language("zh", ENGLISH, ["en", "zh-CN"], "en") == TextLanguage("zh-CN", "the front matter")


def test_a_stated_language_the_isms_does_not_list_leaves_the_script_to_tell() -> None:
    assert text_language("zh-TW", CHINESE, ["en", "zh-CN"], "en") == TextLanguage("zh-CN", "the text")
    assert text_language("fr", ENGLISH, ["ja", "en"], "ja") == TextLanguage("en", "the text")


def test_a_text_in_a_language_the_isms_does_not_list_is_the_default_to_confirm() -> None:
    assert text_language(None, CHINESE, ["ja", "en"], "ja") == TextLanguage("ja", "the ISMS's default language", "zh")
    assert text_language("", "2026-12-07", ["en"], "en") == TextLanguage("en", "the ISMS's default language")


def test_the_default_need_not_be_listed_first() -> None:
    assert text_language(None, "", ["en", "ja"], "ja").language == "ja"
