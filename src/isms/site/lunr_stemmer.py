"""The English stemmer of lunr 2.3 (Martin Porter's algorithm, as lunr.js writes it), for an index
built ahead of the browser: a term must come out exactly as the browser's lunr makes it.

JavaScript's regular expressions see a string as UTF-16 code units, so a word with a character
outside the Basic Multilingual Plane is stemmed as its code units, as the browser stems it.
"""

from __future__ import annotations

import re
from functools import lru_cache

_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # [C]VC... is m>0
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # [C]VC[V] is m=1
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # [C]VCVC... is m>1
_S_V = re.compile(f"^({_C})?{_v}")  # vowel in stem

_1A = re.compile(r"^(.+?)(ss|i)es$")
_1A2 = re.compile(r"^(.+?)([^s])s$")
_1B = re.compile(r"^(.+?)eed$")
_1B2 = re.compile(r"^(.+?)(ed|ing)$")
_LAST = re.compile(r".$")
_1B_AT = re.compile(r"(at|bl|iz)$")
_1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")
_1C = re.compile(r"^(.+?[^aeiou])y$")
_2 = re.compile(f"^(.+?)({'|'.join(_STEP2)})$")
_3 = re.compile(f"^(.+?)({'|'.join(_STEP3)})$")
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_4B = re.compile(r"^(.+?)(s|t)(ion)$")
_5 = re.compile(r"^(.+?)e$")
_5LL = re.compile(r"ll$")


@lru_cache(maxsize=65536)  # a site has far fewer words than tokens
def stem(word: str) -> str:
    """The stem lunr gives a (lower-case) token."""
    if word.isascii():
        return _stem(word)
    units = word.encode("utf-16-le", "surrogatepass")
    as_units = "".join(chr(int.from_bytes(units[i : i + 2], "little")) for i in range(0, len(units), 2))
    return _stem(as_units).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _stem(w: str) -> str:
    if len(w) < 3:
        return w
    first = w[0]
    if first == "y":
        w = "Y" + w[1:]
    if _1A.search(w):
        w = _1A.sub(r"\1\2", w, count=1)
    elif _1A2.search(w):
        w = _1A2.sub(r"\1\2", w, count=1)
    if match := _1B.search(w):
        if _MGR0.search(match[1]):
            w = _LAST.sub("", w, count=1)
    elif (match := _1B2.search(w)) and _S_V.search(match[1]):
        w = match[1]
        if _1B_AT.search(w):
            w += "e"
        elif _1B_DOUBLE.search(w):
            w = _LAST.sub("", w, count=1)
        elif _CVC.search(w):
            w += "e"
    if match := _1C.search(w):
        w = match[1] + "i"
    if (match := _2.search(w)) and _MGR0.search(match[1]):
        w = match[1] + _STEP2[match[2]]
    if (match := _3.search(w)) and _MGR0.search(match[1]):
        w = match[1] + _STEP3[match[2]]
    if match := _4.search(w):
        if _MGR1.search(match[1]):
            w = match[1]
    elif (match := _4B.search(w)) and _MGR1.search(match[1] + match[2]):
        w = match[1] + match[2]
    if match := _5.search(w):
        base = match[1]
        if _MGR1.search(base) or (_MEQ1.search(base) and not _CVC.search(base)):
            w = base
    if _5LL.search(w) and _MGR1.search(w):
        w = _LAST.sub("", w, count=1)
    if first == "y":
        w = "y" + w[1:]
    return w
