"""Search for English, Japanese and Chinese text on one site.

Material's client-side search splits text on a separator, which CJK text does not have, and
Material's optional build-time segmentation (jieba) splits Japanese kanji compounds wrongly. So the
index gets two extra fields holding, for every run of CJK characters, the suffixes of the run (up
to MAX_TOKEN characters each). Material adds a trailing wildcard to every query term, so a query
for any substring of a run (個人情報, 委託先, 密钥) is a prefix of one of those suffixes: every page
that contains the term is found, and no page that does not. A suffix that reaches the end of its
run ends with END, a character no query contains; this keeps pure-CJK fragments out of the index
vocabulary, so Material's query-side segmentation leaves the query whole. The displayed text is
not changed.

What a reader never searches for is left out: on the page of a document, its revision history
(versions, dates, authors and commit ids; the history pages are not searched either) and its
controlled copy (file names and SHA-256 digests). Every reader's browser builds the index from all
it holds on every visit, in time that grows with the number of words, so words nobody looks for
make every search wait.

Ids come first: the page of each document, control and clause is given its id as a tag (Material weighs
tags a thousand times above titles), its result title starts with the id, and a document's entries
weigh more than a generated control or clause page's, so `STD-AC-01` or `a.5.15` finds that page
first and the standards that hold the rules come before the pages generated about them.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isms.core.labels import Labels

CJK = re.compile(
    "[\u3005\u3006\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
)
MAX_TOKEN = 8
END = "\ue000"
SEPARATOR = r"[\s\u200b\u3000\-,:;!?=\[\]()\"'/<>|、。，．・？！；：「」『』（）【】]+|\.(?!\d)"
_SEGMENTING_LANGUAGES = {"ja", "zh", "th"}
FIELDS = {"cjk_title": {"boost": 1000.0}, "cjk": {"boost": 1.0}}


def cjk_terms(text: str) -> str:
    terms: dict[str, None] = {}
    for run in CJK.findall(text.replace("\u200b", "")):
        for start in range(len(run)):
            piece = run[start : start + MAX_TOKEN]
            terms[piece + (END if start + MAX_TOKEN >= len(run) else "")] = None
    return " ".join(terms)


UNSEARCHED_SECTIONS = ("site.document.history", "site.document.controlled_copy")


def unsearched_titles(words: Labels) -> frozenset[str]:
    """The headings, in the site's language, of the sections of a document's page left out of the index."""
    return frozenset(words(key) for key in UNSEARCHED_SECTIONS)


DOCUMENT_BOOST = 2.0  # a document's text outranks the same words on a generated page
GENERATED_BOOST = 0.5  # the pages of controls and clauses, generated from the catalog and the documents


@dataclass(frozen=True)
class Target:
    """A page a reader may look for by its id: a document, a control or a clause."""

    id: str
    boost: float


def rewrite_entries(
    data: dict[str, Any], targets: Mapping[str, Target] | None = None, unsearched: Collection[str] = ()
) -> None:
    """Add the CJK fields, and the ids and weights of `targets` (keyed by page location, e.g.
    `standards/STD-AC-01/`), to the search plugin's index (`data`, as read from search_index.json),
    leaving out the sections of the targets' pages headed by one of `unsearched`."""
    config = data.setdefault("config", {})
    languages = [lang for lang in config.get("lang", ["en"]) if lang not in _SEGMENTING_LANGUAGES]
    config["lang"] = languages or ["en"]
    config["separator"] = SEPARATOR
    config["pipeline"] = [p for p in config.get("pipeline", []) if p != "trimmer"]
    config.setdefault("fields", {}).update(FIELDS)
    data["docs"] = [entry for entry in data.get("docs", []) if not _unsearched(entry, targets or {}, unsearched)]
    for entry in data["docs"]:
        _weigh(entry, targets or {})
        for field in ("title", "text"):
            if isinstance(entry.get(field), str):
                entry[field] = entry[field].replace("\u200b", "")
        title_terms = cjk_terms(entry.get("title", ""))
        text_terms = cjk_terms(entry.get("text", ""))
        if title_terms:
            entry["cjk_title"] = title_terms
        if text_terms:
            entry["cjk"] = text_terms


def _weigh(entry: dict[str, Any], targets: Mapping[str, Target]) -> None:
    """Tag a page's own entry with its id and title it by it; weigh every entry of the page."""
    location = entry.get("location")
    if not isinstance(location, str):
        return
    page, _, section = location.partition("#")
    target = targets.get(page)
    if target is None:
        return
    entry["boost"] = target.boost
    if section:
        return
    entry["tags"] = [target.id]
    title = entry.get("title")
    if isinstance(title, str) and not title.startswith(target.id):
        entry["title"] = f"{target.id} {title}"


def _unsearched(entry: dict[str, Any], targets: Mapping[str, Target], unsearched: Collection[str]) -> bool:
    location = entry.get("location")
    if not isinstance(location, str):
        return False
    page, _, section = location.partition("#")
    return bool(section) and page in targets and entry.get("title") in unsearched


def precompress(path: Path) -> None:
    """A gzip copy beside a large file, for web servers that send it as it is (nginx `gzip_static`):
    the search index, which every reader's browser downloads, shrinks to about a quarter. No name
    and no time in the gzip header, so the same index gives the same bytes."""
    data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
    (path.parent / f"{path.name}.gz").write_bytes(data)
