"""The search index built ahead, in headless Chromium: Material's own search worker, given the
example site's entries, answers every query exactly as when it builds the index itself (the same
results, order, scores, highlighted titles and texts, and suggestions), in English, Japanese and
Chinese, and falls back to building its own when the index ahead is not the entries'. One difference
is made on purpose: a query's run of Japanese or Chinese characters is marked where it occurs, and
only there, where the worker's own index marks the whole run of text it starts, or nothing."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from isms.site.search import CJK
from isms.site.search_ahead import SCRIPT, write_script
from support.browser import open_page
from support.search_ahead import ahead, built_in_browser, entries, terms_of
from support.static_server import serving

pytestmark = pytest.mark.browser

QUERIES = [
    "backup",
    "suppliers",
    "access control",
    "supplier*",
    "+access -remote",
    "incident response",
    "STD-AC-01",
    "a.5.15",
    "POL-001",
    "個人情報",
    "委託先",
    "情報資産",
    "信息安全",
    "密钥",
    "供应商",
    "GlobalProtect",
    "s",
    "zzzqxw",
]

# Runs Material's search worker from the site on the given entries and answers each query as the
# worker does (SETUP 0, READY 1, QUERY 2, RESULT 3), with the console's warnings.
RUN_WORKER = """
const [url, text, queries, done] = arguments;
const data = JSON.parse(text);  // as the page gets it, its keys in their order
const warnings = [];
const worker = new Worker(url);
const answers = [];
const started = performance.now();
let setup = 0;
worker.onerror = e => done({error: String(e.message)});
worker.onmessage = ev => {
  const message = ev.data;
  if (message.type === 1) setup = performance.now() - started;
  else answers.push(message.data);
  if (answers.length < queries.length) worker.postMessage({type: 2, data: queries[answers.length]});
  else { worker.terminate(); done({setup, answers}); }
};
worker.postMessage({type: 0, data: {...data, options: {suggest: true}}});
"""


def _worker_url(site: Path, base: str, folder: str) -> str:
    (worker,) = (site / folder / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    return f"{base}/{folder}assets/javascripts/workers/{worker.name}"


def _answers(browser: Any, base: str, site: Path, folder: str, data: dict[str, Any]) -> list[Any]:
    open_page(browser, f"{base}/{folder}")
    browser.set_script_timeout(60)
    text = json.dumps(data, ensure_ascii=False)
    outcome = browser.execute_async_script(RUN_WORKER, _worker_url(site, base, folder), text, QUERIES)
    assert "error" not in outcome, outcome
    return list(outcome["answers"])


def _warnings(browser: Any) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if "isms-docs" in entry["message"]]


def _same(ours: Any, theirs: Any, where: str) -> None:
    """Equal, with scores equal to a billionth (the two indexes add a document's term scores in
    different orders)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        assert ours.keys() == theirs.keys(), where
        for key in ours:
            _same(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(ours, list) and isinstance(theirs, list):
        assert len(ours) == len(theirs), where
        for number, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            _same(a, b, f"{where}[{number}]")
    elif isinstance(ours, float) or isinstance(theirs, float):
        assert math.isclose(ours, theirs, rel_tol=1e-9), where
    else:
        assert ours == theirs, where


_MARK = re.compile("<mark>(.*?)</mark>", re.S)
_TAG = re.compile("<[^>]*>")


def _same_answer(query: str, ours: Any, theirs: Any, entries: dict[str, Any]) -> None:
    """Our answer is the worker's own, the marks of the query's CJK runs in titles and texts apart:
    those are checked against the entry each result shows (`_marked_where_found`)."""
    runs = CJK.findall(query)
    if not runs:
        _same(ours["items"], _without_cjk(theirs["items"]), query)
        return
    assert len(ours["items"]) == len(theirs["items"]), query
    for group, (mine, own) in enumerate(zip(ours["items"], _without_cjk(theirs["items"]), strict=True)):
        assert len(mine) == len(own), f"{query}[{group}]"
        for number, (a, b) in enumerate(zip(mine, own, strict=True)):
            where = f"{query}[{group}][{number}]"
            _same(
                {k: v for k, v in a.items() if k not in ("title", "text")},
                {k: v for k, v in b.items() if k not in ("title", "text")},
                where,
            )
            entry = entries[a["location"]]
            for field in ("title", "text"):
                assert (field in a) == (field in b), where
                if field in a:
                    _marked_where_found(a[field], entry[field], runs, whole=field == "title", where=f"{where}.{field}")


def _marked_where_found(shown: str, source: str, runs: list[str], whole: bool, where: str) -> None:
    """A title shown whole, a text as one or two of its blocks (Material shows those with a mark), each
    run marked wherever it occurs in what is shown, and nothing else marked."""
    plain = shown.replace("<mark>", "").replace("</mark>", "")
    if whole:
        assert plain == source, where
    else:
        assert _one_or_two_pieces_of(plain, source), where
    assert all(marked in runs for marked in _MARK.findall(shown)), (where, _MARK.findall(shown))
    words = _TAG.sub(" ", plain)
    assert len(_MARK.findall(shown)) == sum(words.count(run) for run in runs), where
    if any(run in _TAG.sub(" ", source) for run in runs):
        assert _MARK.search(shown), where


def _one_or_two_pieces_of(text: str, source: str) -> bool:
    """Whether `text` is a piece of `source`, or two pieces of it one after the other."""
    low, high = 0, len(text)  # the longest start of `text` found in `source`
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if text[:middle] in source else (low, middle - 1)
    return text[low:] in source


def _without_cjk(value: Any) -> Any:
    """Results of the worker's own index without the entries' CJK fields, which only it is given."""
    if isinstance(value, dict):
        return {key: _without_cjk(v) for key, v in value.items() if key not in ("cjk", "cjk_title")}
    if isinstance(value, list):
        return [_without_cjk(v) for v in value]
    return value


@pytest.mark.parametrize("folder", ["", "ja/", "zh/"])
def test_the_index_built_ahead_answers_as_material_s_own(
    browser: Any, served_site: str, example_site: Path, folder: str
) -> None:
    served = entries(example_site / folder)
    assert served["config"]["lang"] == ["isms"]
    _warnings(browser)  # the log so far
    assert not any("cjk" in entry or "cjk_title" in entry for entry in served["docs"])
    ours = _answers(browser, served_site, example_site, folder, served)
    assert _warnings(browser) == []  # the index ahead was used
    theirs = _answers(browser, served_site, example_site, folder, built_in_browser(served))
    by_location = {entry["location"]: entry for entry in served["docs"]}
    for query, a, b in zip(QUERIES, ours, theirs, strict=True):
        _same_answer(query, a, b, by_location)
        assert a.get("suggest") == b.get("suggest"), query
    found = {query: len(answer["items"]) for query, answer in zip(QUERIES, ours, strict=True)}
    assert found["backup"] and found["zzzqxw"] == 0
    assert found["個人情報" if folder != "zh/" else "信息安全"], found
    if folder == "ja/":  # inside a run and at its start, never the whole run
        text = ours[QUERIES.index("個人情報")]["items"][0][0]["text"]
        assert "従業員の<mark>個人情報</mark>を" in text and "<mark>個人情報</mark>保護法上" in text, text
    if folder == "zh/":
        title = ours[QUERIES.index("供应商")]["items"][0][0]["title"]
        assert title == "STD-SU-01 <mark>供应商</mark>与外包安全规范", title


def test_the_index_ahead_holds_each_entry_s_cjk_terms(example_site: Path) -> None:
    index = ahead(example_site)
    assert {"cjk", "cjk_title"} <= set(index["fields"])
    assert "個人情報" in {term[:4] for term in terms_of(index, "policies/POL-001-JA/", "cjk")}


def test_entries_other_than_the_index_s_are_indexed_by_the_worker(
    browser: Any, served_site: str, example_site: Path
) -> None:
    """A cached copy of one file and not the other: the worker builds from the entries it has."""
    served = entries(example_site)
    fewer = {**served, "docs": served["docs"][1:]}
    _warnings(browser)
    ours = _answers(browser, served_site, example_site, "", fewer)
    (warning,) = _warnings(browser)
    assert f"({len(fewer['docs'])} entries, not {len(served['docs'])}); building it here" in warning
    # as the worker built its own before the index was built ahead: each entry with its CJK terms
    theirs = _answers(browser, served_site, example_site, "", built_in_browser(fewer))
    by_location = {entry["location"]: entry for entry in served["docs"]}
    for query, a, b in zip(QUERIES, ours, theirs, strict=True):
        _same_answer(query, a, b, by_location)
        assert a.get("suggest") == b.get("suggest"), query
    assert ours[QUERIES.index("backup")]["items"]
    assert ours[QUERIES.index("個人情報")]["items"]  # found inside a run: the entries' CJK terms are back


def test_under_mkdocs_serve_the_worker_builds_its_own_index_and_marks_cjk_terms(
    browser: Any, example_site: Path, tmp_path: Path
) -> None:
    """`mkdocs serve` builds no index ahead: the entries keep their CJK terms and the `isms` script,
    holding no index, only sets the rules and marks CJK terms; the answers are the worker's own."""
    served = entries(example_site / "ja")
    as_in_serve = built_in_browser(served)
    shutil.copytree(example_site / "ja" / "assets" / "javascripts", tmp_path / "assets" / "javascripts")
    (tmp_path / "index.html").write_text("<!doctype html><title>serve</title>", encoding="utf-8")
    assert write_script(as_in_serve, tmp_path / SCRIPT, ahead=False)
    assert as_in_serve["config"]["lang"] == ["isms"] and all(
        "cjk" in e for e in as_in_serve["docs"] if "個人" in e["text"]
    )
    by_location = {entry["location"]: entry for entry in served["docs"]}
    with serving(tmp_path) as base:
        _warnings(browser)
        ours = _answers(browser, base, tmp_path, "", as_in_serve)
        assert _warnings(browser) == []
        theirs = _answers(browser, base, tmp_path, "", built_in_browser(served))
    for query, a, b in zip(QUERIES, ours, theirs, strict=True):
        _same_answer(query, _without_cjk(a), b, by_location)  # both hold the entries' CJK fields
        assert a.get("suggest") == b.get("suggest"), query
    text = ours[QUERIES.index("個人情報")]["items"][0][0]["text"]
    assert "従業員の<mark>個人情報</mark>を" in text, text
