"""The search index built ahead, at build time, so a reader's browser loads it instead of building it.

Material's search worker builds a lunr index from every word of the site on every visit; at 1,000
documents that is most of the time from opening a page to the first result. Lunr's languages are
scripts the worker loads by name (`lunr.<lang>.min.js`, beside Material's own), so the site names
one more language, `isms`, whose script (assets/search-ahead.js) hands the worker the index built
here: the worker still adds every entry, but only to remember it, and the index it returns is this
one. Where a word was found in a result is worked out in the browser, for the results only, by
Material's own tokenizer.

The index is the one the worker would build: the same fields and boosts, each entry's boost, the
same terms (text outside tags, split on the index's separator, in lower case, then lunr's English
stop words dropped and its stemmer applied where the index's pipeline names them) and lunr's
scores, with `b` at 0 as Material sets it. It is built only for the configurations this project's
index has (English rules and the separator of `search.py`, each location once); any other leaves
the worker to build its own.

Each entry's CJK fields go into this index and leave the entries themselves: the browser never
shows them. Where the worker has to build its own index after all (the entries are not the ones
this index was built from), the script adds them back as `search.cjk_terms` makes them, by the rules
written into it here. In either case a query's CJK run is marked where it occurs in a result's title
and text, not the whole run of text Material's tokenizer made one token of.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from isms.core.files import replace_file
from isms.site.lunr_stemmer import stem
from isms.site.search import CJK, END, FIELDS, MAX_TOKEN, SEPARATOR, Target, precompress, rewrite_entries

LANGUAGE = "isms"
SCRIPT = f"assets/javascripts/lunr/min/lunr.{LANGUAGE}.min.js"  # where Material's worker loads a language
_ASSET = Path(__file__).parent / "assets" / "search-ahead.js"

# lunr 2.3's English stop words (lunr.stopWordFilter), dropped from the index as the worker drops them.
_STOP_WORDS_TEXT = """
a able about across after all almost also am among an and any are as at be because been but by can
cannot could dear did do does either else ever every for from get got had has have he her hers him
his how however i if in into is it its just least let like likely may me might most must my neither
no nor not of off often on only or other our own rather said say says she should since so some than
that the their them then there these they this tis to too twas us wants was we were what when where
which while who whom why will with would yet you your
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
K1 = 1.2  # lunr's default

# JavaScript's \s, which a separator written for the browser means; Python's differs at the edges.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_TAG_MARK = re.compile("[<>]")
CJK_FIELDS = tuple(FIELDS)  # index input only: the browser shows none of them


def supported(config: dict[str, Any]) -> bool:
    """Whether an index's configuration is one built here: English rules (stop words, lunr's English
    stemmer, or neither), and the separator `search.rewrite_entries` sets."""
    return (
        config.get("lang") == ["en"]
        and set(config.get("pipeline", [])) <= {"stopWordFilter", "stemmer"}
        and config.get("separator") == SEPARATOR
    )


def build(data: dict[str, Any]) -> dict[str, Any]:
    """The lunr index of a search_index.json's entries (`data` after `search.rewrite_entries`), in a
    compact form the script expands: entries by their place in `refs`, terms by their place in
    `terms` (sorted as JavaScript sorts strings, which lunr needs), a term's postings as
    `[field, entry, …]` per field, and each field's vector as `[field, entry, term, score, …]`."""
    config = data["config"]
    fields = list(config["fields"])
    boosts = [float(config["fields"][name].get("boost") or 1) for name in fields]
    pipeline = list(config.get("pipeline", []))
    stop = STOP_WORDS if "stopWordFilter" in pipeline else frozenset()
    stemming = "stemmer" in pipeline
    separator = javascript_pattern(config["separator"])
    docs = data["docs"]
    frequencies: list[tuple[int, int, dict[str, int]]] = []  # (field, entry, term → count)
    postings: dict[str, int] = defaultdict(int)  # term → how many fields of entries hold it
    for number, entry in enumerate(docs):
        for place, name in enumerate(fields):
            counts: dict[str, int] = {}
            for token in _tokens(entry.get(name), separator):
                if token not in stop:
                    term = stem(token) if stemming else token
                    counts[term] = counts.get(term, 0) + 1
            if counts:
                frequencies.append((place, number, counts))
                for term in counts:
                    postings[term] += 1
    terms = sorted(postings, key=_js_order)
    position = {term: index for index, term in enumerate(terms)}
    idf = {term: _idf(postings[term], len(docs)) for term in terms}
    holders: list[dict[int, list[int]]] = [{} for _ in terms]  # term → field → entries
    vectors: list[list[float]] = []
    for place, number, counts in frequencies:
        entry_boost = float(docs[number].get("boost") or 1)
        vector: list[float] = [place, number]
        for term in sorted(counts, key=position.__getitem__):
            index = position[term]
            score = _score(idf[term], counts[term]) * boosts[place] * entry_boost
            vector += [index, math.floor(score * 1000 + 0.5) / 1000]
            holders[index].setdefault(place, []).append(number)
        vectors.append(vector)
    return {
        "pipeline": pipeline,
        "fields": fields,
        "refs": [entry.get("location", "") for entry in docs],
        "terms": terms,
        "postings": [[[place, *numbers] for place, numbers in sorted(held.items())] for held in holders],
        "vectors": vectors,
    }


def publish(
    index_file: Path, targets: Mapping[str, Target], unsearched: Collection[str], serving: bool = False
) -> None:
    """A built site's search index as readers get it, read and written once: its entries rewritten for
    this site (`search.rewrite_entries`), the index built ahead where it can be (`write_script`), and
    a gzip copy of each file the browser downloads. Under `mkdocs serve` (`serving`) no index is built
    ahead, so a save does not wait for it: the worker builds its own from the entries, which keep
    their CJK fields, and loads the `isms` script only for its rules, so that results mark CJK terms
    as a built site's do; the development server sends no gzip copy."""
    data = json.loads(index_file.read_text(encoding="utf-8"))
    rewrite_entries(data, targets, unsearched)
    script = index_file.parent.parent / SCRIPT
    ahead = write_script(data, script, ahead=not serving)
    replace_file(index_file, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if serving:
        return
    if ahead:
        precompress(script)
    precompress(index_file)


def write_script(data: dict[str, Any], script: Path, ahead: bool = True) -> bool:
    """Build the index of a site's search entries (`data`, after `search.rewrite_entries`) into the
    worker's `isms` language script, and make `data` name that language, its entries without their
    CJK fields; without `ahead`, the script holds no index and the entries keep their CJK fields.
    False, and nothing changed, where the index's configuration is not built here."""
    config = data.get("config", {})
    locations = [entry.get("location") for entry in data.get("docs", [])]
    twice = len(set(locations)) != len(locations)  # lunr merges the entries of one location
    if not supported(config) or (ahead and twice):
        return False
    index: dict[str, Any] = build(data) if ahead else {"pipeline": list(config.get("pipeline", []))}
    config["lang"] = [LANGUAGE]
    for entry in data["docs"] if ahead else []:
        for name in CJK_FIELDS:
            entry.pop(name, None)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    literal = json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    rules = json.dumps({"pattern": CJK.pattern, "longest": MAX_TOKEN, "end": END})
    # The rules first: the index's text may hold any word, the placeholder's too
    source = _ASSET.read_text(encoding="utf-8").replace("CJK_RULES", rules, 1)
    source = source.replace("INDEX_AHEAD", f"JSON.parse({literal})", 1)
    script.parent.mkdir(parents=True, exist_ok=True)
    # Without an index, the script is the same from one save in serve to the next
    if ahead or not (script.is_file() and script.read_text(encoding="utf-8") == source):
        replace_file(script, source.encode("utf-8"))
    return True


def javascript_pattern(pattern: str) -> re.Pattern[str]:
    """A separator written for the browser, as it matches there."""
    return re.compile(pattern.replace(r"\s", _JS_SPACE))


def _tokens(value: Any, separator: re.Pattern[str]) -> Iterator[str]:
    """The tokens of a field as Material's worker makes them: the text between tags, split."""
    for text in value if isinstance(value, list) else [value] if isinstance(value, str) else []:
        for section in _text_sections(text):
            for token in separator.split(section):
                if token:
                    yield token.lower()


def _text_sections(text: str) -> Iterable[str]:
    """The runs of text outside markup, found as Material's `extract` finds them (its quirks included:
    a `>` in text ends a run as if it closed a tag)."""
    start = 0
    for mark in _TAG_MARK.finditer(text):
        end = mark.start()
        if mark.group() == ">":
            start = end + 1
        elif end > start:
            yield text[start:end]
            start = end
    if len(text) > start:
        yield text[start:]


def _idf(holders: int, documents: int) -> float:
    ratio = (documents - holders + 0.5) / (holders + 0.5)
    return math.log(1 + abs(ratio))


def _score(idf: float, count: int) -> float:
    """Lunr's BM25 term score; with `b` at 0 the field's length drops out (lunr's factor is 1)."""
    return idf * ((K1 + 1) * count) / (K1 * 1.0 + count)


def _js_order(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; Python by code points."""
    return term.encode("utf-16-be")
