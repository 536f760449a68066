"""Which of an ISMS's languages an imported text is written in, from what it says or from its script.

A document written elsewhere may name its language in its front matter (`language: en`, `lang: ja`);
otherwise its letters tell the script: kana only Japanese writes, Han characters without kana are
Chinese, Latin letters English. Only the three languages this tool has words for are told apart, and
only a language the ISMS lists is taken; anything else leaves the ISMS's default language, for a
person to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.MULTILINE | re.DOTALL)  # fenced code says nothing of the language
_INLINE = re.compile(r"`[^`\n]*`|\]\([^)\n]*\)|<[^>\n]*>")  # inline code, link targets, tags


@dataclass(frozen=True)
class TextLanguage:
    language: str  # one of the ISMS's languages
    source: str  # for the report: "the front matter", "the text", "the ISMS's default language"
    unlisted: str = ""  # the language the text reads as, when the ISMS does not list it


def text_language(stated: object, text: str, languages: Sequence[str], default: str) -> TextLanguage:
    """The language of a text among the ISMS's `languages`: as its front matter states it, when that is
    one of them; else as its script reads; else the ISMS's `default`."""
    named = _listed(str(stated or "").strip(), languages)
    if named:
        return TextLanguage(named, "the front matter")
    read = script_language(text)
    if not read:
        return TextLanguage(default, "the ISMS's default language")
    listed = _listed(read, languages)
    if listed:
        return TextLanguage(listed, "the text")
    return TextLanguage(default, "the ISMS's default language", unlisted=read)


def script_language(text: str) -> str:
    """`ja`, `zh` or `en` by the letters of a text outside code and link targets; "" when it has none."""
    prose = _INLINE.sub(" ", _CODE.sub(" ", text))
    kana, han, latin = (len(pattern.findall(prose)) for pattern in (_KANA, _HAN, _LATIN))
    if kana and kana * 20 >= kana + han:  # a Japanese text: at least one letter in twenty of its own script is kana
        return "ja"
    if han and han * 4 >= han + latin / 3:  # a Latin word is several letters, a Han character is one word
        return "zh"
    return "en" if latin else ""


def _listed(language: str, languages: Sequence[str]) -> str:
    """The ISMS's language that `language` names (`en-US` names `en`, `zh` names `zh-CN` in an ISMS
    that lists it, `zh-TW` does not), or ""."""
    if not language:
        return ""
    lowered = language.lower().replace("_", "-")
    base = lowered.split("-")[0]
    for candidate in languages:  # the language itself, or the ISMS's without a region (en for en-US)
        if candidate.lower() in (lowered, base):
            return candidate
    if "-" in lowered:  # a region of its own (zh-TW) is not another region's language (zh-CN)
        return ""
    return next((candidate for candidate in languages if candidate.lower().split("-")[0] == lowered), "")
