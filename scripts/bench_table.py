#!/usr/bin/env python3
"""The benchmarks in one table: each scripts/bench_*.py run with `--json FOLDER/NAME.json` writes its
numbers there, and this script reads the folder and prints every row with the bare baseline beside
ours where there is one, the target and whether it is met. A benchmark that did not run (or wrote
no numbers) is "not measured".

What each file holds (seconds as `_s`, bytes as `_bytes`):
  site.json       bench_site.py: {"sizes": {"1000": {"build_s", "bare_build_s", "languages_s",
                  "per_extra_language", ...}}}
  search.json     bench_search.py: {"isms": {"ready_s", "index_raw_bytes", "index_wire_bytes"},
                  "bare": {...}, "ratio"}
  serve.json      bench_serve.py: {"save_to_visible_s"} (the median on the 1,000-document ISMS)
  pdf.json        bench_pdf.py: {"sizes": {"1000": {"files", "full_s", "full_cpu_s", "no_change_s",
                  "one_changed_s", "one_changed_cpu_s"}}}
  history.json    bench_history.py: {"cold_s", "new_commit_s", "not_kept_s", "warm_s", "hooked_commit_s", …}
  audiences.json  bench_audiences.py: {"one_build_s", "all_audiences_s", "ratio", "audiences"}

Usage: .venv/bin/python scripts/bench_table.py FOLDER
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOT_MEASURED = "not measured"
SIZE = "1000"  # the rows are for the 1,000-document synthetic ISMS


def json_option(arguments: list[str]) -> tuple[Path | None, list[str]]:
    """`--json FILE` taken out of a benchmark's arguments: (FILE or None, the other arguments)."""
    if "--json" not in arguments:
        return None, arguments
    at = arguments.index("--json")
    if at + 1 >= len(arguments):
        raise SystemExit("--json needs a file name")
    return Path(arguments[at + 1]), arguments[:at] + arguments[at + 2 :]


def write_numbers(path: Path | None, numbers: dict[str, Any]) -> None:
    if path is not None:
        path.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Row:
    what: str
    ours: str
    baseline: str = ""
    target: str = ""
    met: bool | None = None  # None: no target, or not measured


def rows(folder: Path) -> list[Row]:
    names = ("site", "search", "serve", "pdf", "history", "audiences")
    numbers = {name: _read(folder / f"{name}.json") for name in names}
    makers: tuple[Callable[[dict[str, Any]], list[Row]], ...] = (
        _site,
        _search,
        _serve,
        _pdf,
        _history,
        _languages,
        _audiences,
    )
    return [row for make in makers for row in make(numbers)]


def main(folder: Path) -> None:
    table = rows(folder)
    headers = ("what (1,000 documents)", "ours", "bare / baseline", "target", "met")
    cells = [(r.what, r.ours, r.baseline, r.target, {True: "met", False: "NOT MET", None: ""}[r.met]) for r in table]
    widths = [max(len(line[i]) for line in [headers, *cells]) for i in range(len(headers))]
    rule = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print(rule)
    for line in cells:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())


def _read(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _megabytes(value: float) -> str:
    return f"{value / 1e6:.2f} MB"


def _scope(numbers: dict[str, Any]) -> str:
    """Said after a row's name when its benchmark ran on another size than the table's."""
    documents = numbers.get("documents")
    return f" ({documents:,} documents)" if documents is not None and str(documents) != SIZE else ""


def _within(value: float, limit: float, unit: str) -> tuple[str, bool]:
    """A row's target and whether it is met: the value at most `limit` (in `unit`)."""
    return f"<= {limit:g}{unit}", value <= limit


def _missing(*whats: str) -> list[Row]:
    return [Row(what, NOT_MEASURED) for what in whats]


def _sized(numbers: dict[str, Any] | None) -> dict[str, Any] | None:
    if numbers is None:
        return None
    sizes: dict[str, Any] = numbers.get("sizes", {})
    return sizes.get(SIZE)


def _site(numbers: dict[str, Any]) -> list[Row]:
    site = _sized(numbers["site"])
    if site is None:
        return _missing("site build, PDFs off")
    ratio = site["build_s"] / site["bare_build_s"]
    return [
        Row(
            "site build, PDFs off",
            f"{_seconds(site['build_s'])} ({ratio:.2f}x bare)",
            f"{_seconds(site['bare_build_s'])} (bare Material)",
            *_within(ratio, 1.15, "x bare"),
        )
    ]


def _search(numbers: dict[str, Any]) -> list[Row]:
    search = numbers["search"]
    if search is None:
        return _missing("search ready (first result)", "search index over the wire (raw)")
    ours, bare = search["isms"], search["bare"]
    return [
        Row(
            "search ready (first result)" + _scope(search),
            f"{_seconds(ours['ready_s'])} ({search['ratio']:.2f}x bare)",
            f"{_seconds(bare['ready_s'])} (bare Material)",
            *_within(search["ratio"], 1.2, "x bare"),
        ),
        Row(
            "search index over the wire (raw)",
            f"{_megabytes(ours['index_wire_bytes'])} ({_megabytes(ours['index_raw_bytes'])})",
            f"{_megabytes(bare['index_wire_bytes'])} ({_megabytes(bare['index_raw_bytes'])})",
            *_within(ours["index_wire_bytes"] / 1e6, 1.5, " MB"),
        ),
    ]


def _serve(numbers: dict[str, Any]) -> list[Row]:
    serve = numbers["serve"]
    if serve is None or "save_to_visible_s" not in serve:
        return _missing("serve: save to visible")
    rows = [
        Row(
            "serve: save to visible",
            _seconds(serve["save_to_visible_s"]),
            "",
            *_within(serve["save_to_visible_s"], 2, " s"),
        )
    ]
    if "example_save_to_visible_s" in serve:
        example = serve["example_save_to_visible_s"]
        rows.append(Row("serve: save to visible, the example", _seconds(example), "", *_within(example, 1, " s")))
    return rows


def _pdf(numbers: dict[str, Any]) -> list[Row]:
    pdf = _sized(numbers["pdf"])
    if pdf is None:
        return _missing("PDFs: full build, empty cache", "PDFs: no change", "PDFs: one document changed")
    full = f"{_seconds(pdf['full_s'])} ({pdf['files']} files)"
    floor = f"{_seconds(pdf['floor_s'])} (serial floor)"
    return [
        Row("PDFs: full build, empty cache", full, floor, *_within(pdf["full_s"], 20, " s")),
        Row("PDFs: no change", _seconds(pdf["no_change_s"]), "", *_within(pdf["no_change_s"], 1, " s")),
        Row("PDFs: one document changed", _seconds(pdf["one_changed_s"]), "", *_within(pdf["one_changed_s"], 2, " s")),
    ]


def _history(numbers: dict[str, Any]) -> list[Row]:
    history = numbers["history"]
    if history is None:
        return _missing(
            "a commit through both hooks",
            "history, same commit again",
            "history, after a new commit",
            "history, cold cache",
        )
    per_file = f"{_seconds(history['per_file_s'])} (per-file git)"
    hooked, warm = history["hooked_commit_s"], history["warm_s"]
    first = f"{_seconds(history['hooked_first_s'])} (first, caches empty)" if "hooked_first_s" in history else ""
    return [
        Row("a commit through both hooks" + _scope(history), _seconds(hooked), first, *_within(hooked, 0.3, " s")),
        Row("history, same commit again" + _scope(history), _seconds(warm), per_file, *_within(warm, 1, " s")),
        *(
            [Row("history, after a new commit" + _scope(history), _seconds(after), per_file, *_within(after, 1, " s"))]
            if (after := history.get("new_commit_s")) is not None
            else []
        ),
        Row("history, cold cache" + _scope(history), _seconds(history["cold_s"]), per_file),
    ]


def _languages(numbers: dict[str, Any]) -> list[Row]:
    site = _sized(numbers["site"])
    if site is None:
        return _missing("each extra site language")
    return [
        Row(
            "each extra site language",
            f"{site['per_extra_language']:.2f}x one build",
            f"{_seconds(site['languages_s'])} for en, ja, zh-CN",
            *_within(site["per_extra_language"], 0.6, "x one build"),
        )
    ]


def _audiences(numbers: dict[str, Any]) -> list[Row]:
    audiences = numbers["audiences"]
    if audiences is None:
        return _missing("audience builds, 4 against 1")
    count = len(audiences["audiences"])
    pdfs = "PDFs on" if audiences["pdf"] else "PDFs off"
    return [
        Row(
            f"audience builds, {count} against 1 ({pdfs}, cold)" + _scope(audiences),
            f"{_seconds(audiences['all_audiences_s'])} ({audiences['ratio']:.2f}x)",
            f"{_seconds(audiences['one_build_s'])} (one build)",
            *_within(audiences["ratio"], 2.5, "x one build"),
        )
    ]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
