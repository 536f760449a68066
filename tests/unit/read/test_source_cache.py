"""Sources read once: a cached read gives what reading gives, and a cache is never trusted blindly."""

from __future__ import annotations

import pickle
from pathlib import Path

from isms.core.catalog import builtin_catalog
from isms.core.diagnostics import Report
from isms.read.source_cache import CACHE_NAME, CATALOG_NAME, SourceCache
from isms.read.sources import Draft, read_source

TEXT = '---\nid: POL-001\ntitle: Policy\nlevel: policy\nversion: "1.0"\nstatus: draft\n---\n\n# Policy\n\n1. Do it.\n'
BROKEN = "---\nid: POL-002\ntitle: [unclosed\n---\n"
PATH = "policies/POL-001.md"


class Counting:
    """read_source, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: str, text: str, kind: str, report: Report, extra: tuple[str, ...]) -> Draft | None:
        self.calls += 1
        return read_source(path, text, kind, report, extra)


def _read(cache: SourceCache, reader: Counting, path: str = PATH, text: str = TEXT, kind: str = "document") -> tuple:
    report = Report()
    draft = cache.read(path, text, kind, (), report, reader)
    return draft, [d.format() for d in report]


def _direct(path: str = PATH, text: str = TEXT, kind: str = "document") -> tuple:
    report = Report()
    draft = read_source(path, text, kind, report)
    return draft, [d.format() for d in report]


def test_a_source_read_before_is_not_parsed_again_and_reads_the_same(tmp_path: Path) -> None:
    reader = Counting()
    first = SourceCache(tmp_path)
    assert _read(first, reader) == _direct()
    assert _read(first, reader, "policies/POL-002.md", BROKEN) == _direct("policies/POL-002.md", BROKEN)
    assert _direct("policies/POL-002.md", BROKEN)[1]  # the broken one has diagnostics, kept with it
    first.save()
    again = SourceCache(tmp_path)
    assert _read(again, reader) == _direct()
    assert _read(again, reader, "policies/POL-002.md", BROKEN) == _direct("policies/POL-002.md", BROKEN)
    assert reader.calls == 2


def test_path_kind_extra_fields_and_text_are_each_part_of_the_key(tmp_path: Path) -> None:
    reader = Counting()
    cache = SourceCache(tmp_path)
    _read(cache, reader)
    _read(cache, reader, path="policies/moved/POL-001.md")
    _read(cache, reader, kind="record")
    _read(cache, reader, text=TEXT.replace("Do it.", "Do it now."))
    cache.read(PATH, TEXT, "document", ("x-tracker",), Report(), reader)
    assert reader.calls == 5
    assert _read(cache, reader, path="policies/moved/POL-001.md")[0].path == "policies/moved/POL-001.md"
    assert reader.calls == 5


def test_new_reads_are_appended_and_unused_ones_dropped_when_most_are_stale(tmp_path: Path) -> None:
    texts = [TEXT.replace("Do it.", f"Do it {n}.") for n in range(6)]
    first = SourceCache(tmp_path)
    for text in texts[:3]:
        _read(first, Counting(), text=text)
    first.save()
    size = (tmp_path / CACHE_NAME).stat().st_size
    second = SourceCache(tmp_path)
    for text in texts[:4]:  # one new: appended, the file grows by one batch
        _read(second, Counting(), text=text)
    second.save()
    assert (tmp_path / CACHE_NAME).stat().st_size > size
    assert len(SourceCache(tmp_path).entries) == 4
    third = SourceCache(tmp_path)
    _read(third, Counting(), text=texts[5])  # one of five used: written anew with that one
    third.save()
    assert len(SourceCache(tmp_path).entries) == 1


def test_a_cache_of_other_code_or_a_damaged_one_is_read_afresh_and_rewritten(tmp_path: Path) -> None:
    file = tmp_path / CACHE_NAME
    file.write_bytes(pickle.dumps("other code") + pickle.dumps({}))
    reader = Counting()
    cache = SourceCache(tmp_path)
    assert _read(cache, reader) == _direct()
    cache.save()
    assert reader.calls == 1
    assert _read(SourceCache(tmp_path), reader) == _direct() and reader.calls == 1
    file.write_bytes(file.read_bytes() + b"\x80garbage")  # a batch cut short: what was before it counts
    damaged = SourceCache(tmp_path)
    assert _read(damaged, reader) == _direct() and reader.calls == 1
    damaged.save()  # and the file is written anew, without the damage
    assert not SourceCache(tmp_path).added and SourceCache(tmp_path).current
    file.write_bytes(b"not a pickle at all")
    assert _read(SourceCache(tmp_path), reader) == _direct() and reader.calls == 2


def test_an_unwritable_cache_costs_time_and_nothing_else(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    cache = SourceCache(blocker / "isms")
    assert _read(cache, Counting()) == _direct()
    cache.save()  # no exception


def test_the_built_in_catalog_is_kept_parsed_and_each_caller_gets_its_own(tmp_path: Path) -> None:
    parsed = builtin_catalog()
    first = SourceCache(tmp_path).catalog()
    assert (tmp_path / CATALOG_NAME).is_file()
    kept = SourceCache(tmp_path).catalog()
    for catalog in (first, kept):
        assert (catalog.controls, catalog.clauses, catalog.themes, catalog.legacy) == (
            parsed.controls,
            parsed.clauses,
            parsed.themes,
            parsed.legacy,
        )
    kept.controls.clear()  # an organization's catalog extends its copy, never the kept one
    assert SourceCache(tmp_path).catalog().controls == parsed.controls
    (tmp_path / CATALOG_NAME).write_bytes(b"damaged")
    assert SourceCache(tmp_path).catalog().controls == parsed.controls
    assert pickle.loads((tmp_path / CATALOG_NAME).read_bytes())[1].controls == parsed.controls
