"""What mkdocs serve keeps between rebuilds: sources whose time says when they changed, the search
index of a dirty build made whole, and the choice between a full and a dirty rebuild."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from isms.host import previews


def test_a_source_is_written_once_and_kept_while_its_content_is_the_same(tmp_path: Path) -> None:
    path = previews.stable_source(tmp_path / "sources", "standards/STD-AC-01.md", "# Access\n")
    assert path == tmp_path / "sources" / "standards" / "STD-AC-01.md"
    assert path.read_text(encoding="utf-8") == "# Access\n"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))

    assert previews.stable_source(tmp_path / "sources", "standards/STD-AC-01.md", "# Access\n") == path
    assert path.stat().st_mtime_ns == 1_000_000_000

    previews.stable_source(tmp_path / "sources", "standards/STD-AC-01.md", "# Access control\n")
    assert path.read_text(encoding="utf-8") == "# Access control\n"
    assert path.stat().st_mtime_ns > 1_000_000_000


def test_a_server_reads_a_source_it_wrote_no_more(tmp_path: Path) -> None:
    sources = previews.StableSources()
    path = sources(tmp_path / "sources", "standards/STD-AC-01.md", "# Access\n")
    path.write_text("# Changed behind its back\n", encoding="utf-8")  # so a read would rewrite it
    assert sources(tmp_path / "sources", "standards/STD-AC-01.md", "# Access\n") == path
    assert path.read_text(encoding="utf-8") == "# Changed behind its back\n"
    sources(tmp_path / "sources", "standards/STD-AC-01.md", "# Access control\n")
    assert path.read_text(encoding="utf-8") == "# Access control\n"


def test_the_signature_changes_with_any_part_and_their_boundaries() -> None:
    assert previews.signature(["a", "b"]) == previews.signature(["a", "b"])
    assert previews.signature(["a", "b"]) != previews.signature(["a", "c"])
    assert previews.signature(["ab", ""]) != previews.signature(["a", "b"])


def test_the_inputs_digest_follows_file_contents_and_folder_listings(tmp_path: Path) -> None:
    settings, docs = tmp_path / "isms.yml", tmp_path / "docs"
    settings.write_text("name: A\n", encoding="utf-8")
    docs.mkdir()
    first = previews.inputs_digest([settings], [docs])
    assert previews.inputs_digest([settings], [docs]) == first

    settings.write_text("name: B\n", encoding="utf-8")
    second = previews.inputs_digest([settings], [docs])
    assert second != first

    (docs / "about.md").write_text("# About\n", encoding="utf-8")
    assert previews.inputs_digest([settings], [docs]) != second
    assert previews.inputs_digest([tmp_path / "missing.yml"], [tmp_path / "none"]) != second


def _entry(location: str, text: str) -> dict[str, str]:
    return {"location": location, "title": location, "text": text}


def test_a_dirty_build_keeps_the_entries_of_the_pages_it_did_not_build() -> None:
    previous = {
        "": [_entry("", "home")],
        "standards/STD-AC-01/": [_entry("standards/STD-AC-01/", "old"), _entry("standards/STD-AC-01/#scope", "s")],
        "standards/STD-OLD/": [_entry("standards/STD-OLD/", "gone")],
        "policies/POL-001/": [_entry("policies/POL-001/", "policy")],
    }
    built = [_entry("standards/STD-AC-01/", "new"), _entry("records/REC-01/", "added")]
    locations = ["", "policies/POL-001/", "standards/STD-AC-01/", "records/REC-01/"]

    entries, by_page = previews.merge_search(built, {"standards/STD-AC-01/", "records/REC-01/"}, locations, previous)

    assert entries == [
        _entry("", "home"),
        _entry("policies/POL-001/", "policy"),
        _entry("standards/STD-AC-01/", "new"),
        _entry("records/REC-01/", "added"),
    ]
    assert list(by_page) == locations
    assert by_page["standards/STD-AC-01/"] == [_entry("standards/STD-AC-01/", "new")]


def test_a_full_build_takes_every_entry_as_built() -> None:
    built = [_entry("", "home"), _entry("a/", "a"), _entry("a/#part", "part")]
    entries, by_page = previews.merge_search(built, {"", "a/"}, ["", "a/"], {"a/": [_entry("a/", "old")]})
    assert entries == built
    assert by_page == {"": [_entry("", "home")], "a/": [_entry("a/", "a"), _entry("a/#part", "part")]}


def test_the_index_file_is_rewritten_whole_with_only_the_new_entries_post_processed(tmp_path: Path) -> None:
    index = tmp_path / "search_index.json"
    built = [_entry("b/", "new b"), _entry("a/", "a as the plugin wrote it again")]
    index.write_text(json.dumps({"config": {"lang": ["en"]}, "docs": built}), encoding="utf-8")
    previous = previews.Previous(search={"a/": [_entry("a/", "A")], "b/": [_entry("b/", "OLD B")]})
    seen: list[list[dict[str, str]]] = []

    def upper(path: Path) -> None:  # stands for the site's post-processing of the index
        data = json.loads(path.read_text(encoding="utf-8"))
        seen.append(data["docs"])
        data["docs"] = [{**entry, "text": entry["text"].upper()} for entry in data["docs"]]
        data["config"]["fields"] = {"text": 1}
        path.write_text(json.dumps(data), encoding="utf-8")

    previews.merge_search_file(index, {"b/"}, ["a/", "b/"], previous, upper)

    assert seen == [[_entry("b/", "new b")]]
    data = json.loads(index.read_text(encoding="utf-8"))
    assert data["config"] == {"lang": ["en"], "fields": {"text": 1}}
    assert data["docs"] == [_entry("a/", "A"), _entry("b/", "NEW B")]
    assert previous.search == {"a/": [_entry("a/", "A")], "b/": [_entry("b/", "NEW B")]}


def test_a_rebuild_is_dirty_while_the_inputs_stay_and_full_when_they_change() -> None:
    calls: list[str] = []
    state = {"inputs": "one"}
    rebuilds = previews.Rebuilds(
        full=lambda: calls.append("full"), dirty=lambda: calls.append("dirty"), inputs=lambda: state["inputs"]
    )
    rebuilds.last = "one"
    rebuilds()
    state["inputs"] = "two"
    rebuilds()
    rebuilds()
    assert calls == ["dirty", "full", "dirty"]


def test_after_a_failed_full_build_the_next_one_is_full_again() -> None:
    calls: list[str] = []

    def fail() -> None:
        calls.append("full")
        raise RuntimeError("mkdocs.yml is broken")

    rebuilds = previews.Rebuilds(full=fail, dirty=lambda: calls.append("dirty"), inputs=lambda: "two", last="one")
    for _ in range(2):
        with pytest.raises(RuntimeError):
            rebuilds()
    assert calls == ["full", "full"]


def test_only_the_dirty_build_warning_is_silenced() -> None:
    quiet = previews.QuietDirtyBuild()

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("mkdocs.commands.build", logging.WARNING, __file__, 1, message, None, None)

    assert not quiet.filter(record("A 'dirty' build is being performed, this will likely lead to …"))
    assert quiet.filter(record("Doc file 'a.md' contains a link 'b.md', but the target is not found"))
