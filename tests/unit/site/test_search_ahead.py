"""The search index built ahead: Material's worker's tokens, lunr's scores and order, and the files
the browser gets. That the browser answers alike with it is tested in Chromium (e2e/test_search_ahead.py)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from isms.site import search_ahead
from isms.site.search import CJK, END, MAX_TOKEN, SEPARATOR
from support.search_ahead import ahead

CONFIG = {
    "lang": ["en"],
    "separator": SEPARATOR,
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
}


def _tokens(value: Any) -> list[str]:
    return list(search_ahead._tokens(value, search_ahead.javascript_pattern(SEPARATOR)))


def test_tokens_are_the_text_outside_tags_split_and_in_lower_case() -> None:
    assert _tokens("Keep <code>BACKUP-Logs</code> for 90 days.") == ["keep", "backup", "logs", "for", "90", "days"]
    assert _tokens("個人情報を、守る。Ver 1.2") == ["個人情報を", "守る", "ver", "1.2"]
    assert _tokens(["STD-AC-01", "A.5.15"]) == ["std", "ac", "01", "a.5.15"]
    assert _tokens(None) == []


def test_a_greater_than_sign_in_text_ends_the_run_as_in_material_s_worker() -> None:
    assert list(search_ahead._text_sections("a > b <em>c</em> d")) == [" b ", "c", " d"]
    assert list(search_ahead._text_sections("<br/>x")) == ["x"]


def test_the_separator_s_spaces_are_javascript_s() -> None:
    assert _tokens("a\x1cb c\ufeffd") == ["a\x1cb", "c", "d"]  # \x1c is a space to Python's \s only


def test_terms_are_sorted_as_javascript_sorts_strings() -> None:
    data = {"config": CONFIG, "docs": [{"location": "a/", "title": "\uff21 \U0001f600 z", "text": ""}]}
    assert search_ahead.build(data)["terms"] == ["z", "\U0001f600", "\uff41"]


def test_the_index_holds_lunr_s_scores_per_field_and_entry() -> None:
    docs = [
        {"location": "a/", "title": "Backup policy", "text": "Backup the backup of the logs.", "boost": 2},
        {"location": "a/#1", "title": "Logs", "text": "Logs are kept."},
        {"location": "b/", "title": "Guide", "text": "", "tags": ["STD-AC-01"]},
    ]
    index = search_ahead.build({"config": CONFIG, "docs": docs})
    assert index["fields"] == ["title", "text", "tags"]
    assert index["refs"] == ["a/", "a/#1", "b/"]
    assert index["terms"] == ["01", "ac", "backup", "guide", "kept", "logs", "policy", "std"]
    postings = dict(zip(index["terms"], index["postings"], strict=True))
    assert postings["backup"] == [[0, 0], [1, 0]]  # title of a/, text of a/
    assert postings["logs"] == [[0, 1], [1, 0, 1]]  # title of a/#1; text of a/ and a/#1
    assert "the" not in postings and "of" not in postings  # stop words

    def score(holders: int, count: int, boost: float) -> float:
        idf = math.log(1 + abs((3 - holders + 0.5) / (holders + 0.5)))
        return math.floor(idf * 2.2 * count / (1.2 + count) * boost * 1000 + 0.5) / 1000

    vectors = {(row[0], row[1]): row[2:] for row in index["vectors"]}
    backup, logs, policy = (index["terms"].index(term) for term in ("backup", "logs", "policy"))
    assert vectors[(0, 0)] == [backup, score(2, 1, 1000 * 2), policy, score(1, 1, 1000 * 2)]
    assert vectors[(1, 0)] == [backup, score(2, 2, 2), logs, score(3, 1, 2)]
    assert (2, 0) not in vectors  # no tags


def test_only_english_rules_with_this_site_s_separator_are_built_ahead() -> None:
    assert search_ahead.supported(CONFIG)
    assert search_ahead.supported({**CONFIG, "pipeline": []})
    assert search_ahead.supported({**CONFIG, "pipeline": ["stemmer"]})
    assert not search_ahead.supported({**CONFIG, "pipeline": ["trimmer", "stopWordFilter"]})
    assert not search_ahead.supported({**CONFIG, "lang": ["de"]})
    assert not search_ahead.supported({**CONFIG, "lang": ["en", "de"]})
    assert not search_ahead.supported({**CONFIG, "separator": r"[\s\-]+"})


def test_the_site_gets_the_script_and_entries_without_their_cjk_fields(tmp_path: Path) -> None:
    site = tmp_path / "site"
    index_file = site / "search" / "search_index.json"
    index_file.parent.mkdir(parents=True)
    hostile = 'End "quote" \\ back\u2028line </script><script>alert(1)</script> CJK_RULES INDEX_AHEAD'
    docs = [{"location": "a/", "title": "個人情報", "text": hostile}]
    config = {"lang": ["ja"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}}
    index_file.write_text(json.dumps({"config": config, "docs": docs}), encoding="utf-8")
    search_ahead.publish(index_file, {}, ())
    served = json.loads(index_file.read_text(encoding="utf-8"))
    assert served["config"]["lang"] == ["isms"]
    assert served["docs"] == [{"location": "a/", "title": "個人情報", "text": hostile}]
    script = (site / search_ahead.SCRIPT).read_text(encoding="utf-8")
    assert "\u2028" not in script
    index = ahead(site)
    assert index["fields"] == ["title", "text", "cjk_title", "cjk"]
    assert {f"個人情報{END}", "個人情報", "quote", "\\", "back", "line", "alert"} <= set(index["terms"])
    assert {"cjk_rules", "index_ahead"} <= set(index["terms"])  # a placeholder's name in the text stays text
    (rules,) = re.findall(r"^  var cjk = (.*);  //", script, re.M)
    assert json.loads(rules) == {"pattern": CJK.pattern, "longest": MAX_TOKEN, "end": END}
    assert (site / f"{search_ahead.SCRIPT}.gz").is_file() and index_file.with_name("search_index.json.gz").is_file()


def test_other_configurations_are_left_to_the_browser(tmp_path: Path) -> None:
    script = tmp_path / search_ahead.SCRIPT
    assert not search_ahead.write_script({"config": {"lang": ["de"]}, "docs": []}, script)
    twice = [{"location": "a/", "title": "A", "text": ""}, {"location": "a/", "title": "B", "text": ""}]
    data = {"config": dict(CONFIG), "docs": twice}
    assert not search_ahead.write_script(data, script)
    assert data["config"]["lang"] == ["en"]
    assert not script.exists()


def test_under_serve_the_script_holds_no_index_and_the_entries_keep_their_cjk_terms(tmp_path: Path) -> None:
    site = tmp_path / "site"
    index_file = site / "search" / "search_index.json"
    index_file.parent.mkdir(parents=True)
    docs = [{"location": "a/", "title": "個人情報", "text": "委託先 text"}]
    config = {"lang": ["ja"], "pipeline": ["trimmer", "stemmer"], "fields": {"title": {"boost": 1000.0}, "text": {}}}
    index_file.write_text(json.dumps({"config": config, "docs": docs}), encoding="utf-8")
    search_ahead.publish(index_file, {}, (), serving=True)
    served = json.loads(index_file.read_text(encoding="utf-8"))
    assert served["config"]["lang"] == ["isms"]
    assert served["docs"][0]["cjk_title"] == f"個人情報{END} 人情報{END} 情報{END} 報{END}"
    assert served["docs"][0]["cjk"] == f"委託先{END} 託先{END} 先{END}"
    assert ahead(site) == {"pipeline": ["stemmer"]}
    script = site / search_ahead.SCRIPT
    written = script.stat().st_mtime_ns
    search_ahead.publish(index_file, {}, (), serving=True)  # a save: the same script, not written again
    assert script.stat().st_mtime_ns == written
    assert not (site / f"{search_ahead.SCRIPT}.gz").exists()
