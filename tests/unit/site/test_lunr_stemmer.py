"""lunr's English stemmer: the stems below are what lunr.js 2.3.9 (in Material's search worker) gives."""

from __future__ import annotations

import pytest

from isms.site.lunr_stemmer import stem

# (word, lunr.js's stem), taken from lunr.stemmer in Node.
LUNR_STEMS = [
    ("suppliers", "supplier"), ("supplier", "supplier"), ("controls", "control"), ("controlled", "control"),
    ("encryption", "encrypt"), ("encrypted", "encrypt"), ("relational", "relat"),
    ("generalizations", "gener"), ("agreed", "agre"), ("feed", "feed"), ("hopping", "hop"),
    ("filing", "file"), ("flies", "fli"), ("sky", "ski"), ("yelling", "yell"), ("crying", "cri"),
    ("yes", "ye"), ("backups", "backup"), ("processing", "process"), ("responsibilities", "respons"),
    ("classification", "classif"), ("authorised", "authoris"), ("authorized", "author"),
    ("policies", "polici"), ("availability", "avail"), ("incidents", "incid"), ("logging", "log"),
    ("retention", "retent"), ("ab", "ab"), ("ies", "ie"),
]  # fmt: skip


@pytest.mark.parametrize(("word", "expected"), LUNR_STEMS)
def test_stems_are_lunr_s(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_a_word_is_stemmed_as_its_utf16_code_units_as_in_the_browser() -> None:
    assert stem("a\U0001f600s") == "a\U0001f600"  # three code units: long enough to stem
    assert stem("\U0001f600\U0001f600ing") == "\U0001f600\U0001f600ing"  # two halves are no double consonant
    assert stem("個人情報") == "個人情報"
