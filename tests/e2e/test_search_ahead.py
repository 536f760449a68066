"""The search index built ahead, in headless Chromium: Material's own search worker, given the
example site's entries, answers every query exactly as when it builds the index itself (the same
results, order, scores, highlighted titles and texts, and suggestions), in English, Japanese and
Chinese, and falls back to building its own when the index ahead is not the entries'."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from support.browser import open_page
from support.search_ahead import ahead, built_in_browser, entries, terms_of

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
    for query, a, b in zip(QUERIES, ours, theirs, strict=True):
        _same(a["items"], _without_cjk(b["items"]), query)
        assert a.get("suggest") == b.get("suggest"), query
    found = {query: len(answer["items"]) for query, answer in zip(QUERIES, ours, strict=True)}
    assert found["backup"] and found["zzzqxw"] == 0
    assert found["個人情報" if folder != "zh/" else "信息安全"], found


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
    theirs = _answers(browser, served_site, example_site, "", {**fewer, "config": {**fewer["config"], "lang": ["en"]}})
    for query, a, b in zip(QUERIES, ours, theirs, strict=True):
        _same(a, b, query)
    assert ours[QUERIES.index("backup")]["items"]
