"""Cache folders that do not grow without end (isms.core.cache_use): the files no build used for 30 days
are removed, at most once a day, never while another build holds the folder; a file a build uses stays."""

from __future__ import annotations

import os
import time
from pathlib import Path

from isms.core.cache_use import DAY, LOCK, PRUNED, Pruned, mark_used, prune, shared

NOW = time.time()


def _file(path: Path, size: int, days_ago: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    when = NOW - days_ago * DAY
    os.utime(path, (when, when))
    return path


def _names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_files_unused_for_30_days_are_removed_in_subfolders_too(tmp_path: Path) -> None:
    _file(tmp_path / "old.pdf", 1000, 31)
    _file(tmp_path / "old.pdf.sha256", 64, 31)
    _file(tmp_path / "parts" / "old.typ", 300, 45)
    _file(tmp_path / "recent.pdf", 2000, 29)
    _file(tmp_path / "parts" / "recent.typ", 10, 0)
    _file(tmp_path / ".manual.pdf.x8a2", 5, 40)  # a temporary file left by a build that was stopped
    assert prune(tmp_path, NOW) == Pruned(files=4, size=1369)
    assert _names(tmp_path) == [LOCK, PRUNED, "parts/recent.typ", "recent.pdf"]
    assert str(Pruned(4, 3 * 1_048_576)) == "removed 4 cached files (3.0 MB) that no build used for 30 days"


def test_a_file_a_build_uses_is_marked_and_stays(tmp_path: Path) -> None:
    used = _file(tmp_path / "used.pdf", 10, 90)
    _file(tmp_path / "unused.pdf", 10, 90)
    before = time.time()
    mark_used(used, tmp_path / "missing.pdf")  # a file gone meanwhile is no error
    assert used.stat().st_mtime >= before - 1
    assert prune(tmp_path) == Pruned(1, 10)
    assert _names(tmp_path) == [LOCK, PRUNED, "used.pdf"]


def test_pruned_at_most_once_a_day(tmp_path: Path) -> None:
    assert prune(tmp_path, NOW) == Pruned()
    _file(tmp_path / "old.pdf", 7, 60)
    assert prune(tmp_path, NOW + DAY - 60) == Pruned()  # pruned less than a day ago: left
    assert (tmp_path / "old.pdf").exists()
    assert prune(tmp_path, NOW + DAY) == Pruned(1, 7)


def test_never_while_another_build_holds_the_folder(tmp_path: Path) -> None:
    _file(tmp_path / "old.pdf", 7, 60)
    with shared(tmp_path):  # another build reading and writing the cache (a lock of its own, as another process)
        assert prune(tmp_path, NOW) == Pruned()
        assert (tmp_path / "old.pdf").exists()
    assert prune(tmp_path, NOW) == Pruned(1, 7)  # the next build prunes it: the day was not counted


def test_links_are_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    precious = _file(outside / "precious.pdf", 3, 400)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "folder").symlink_to(outside, target_is_directory=True)
    (cache / "file.pdf").symlink_to(precious)
    for link in (cache / "folder", cache / "file.pdf"):
        os.utime(link, (NOW - 60 * DAY, NOW - 60 * DAY), follow_symlinks=False)
    assert prune(cache, NOW) == Pruned(1, len(str(precious)))  # the link to a file, as a link
    assert precious.exists() and (cache / "folder").is_symlink() and not (cache / "file.pdf").is_symlink()


def test_no_cache_folder_no_error(tmp_path: Path) -> None:
    assert prune(tmp_path / "never-built", NOW) == Pruned()
