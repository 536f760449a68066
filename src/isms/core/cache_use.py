"""Cache folders that do not grow without end: each cached file a build uses is marked as used (its time
set to now), and the files no build has used for KEEP_DAYS days are removed, at most once a day.

Every commit gives the manual, the registers and the changed documents new PDFs; the old ones stay in the
cache for the builds that may still ask for them (another audience, a language, `--as-of`), until none has
for KEEP_DAYS. A build holds the folder shared while it reads and writes it (`shared`); pruning takes it
exclusively without waiting (`prune`), so it never removes a file another build is about to publish: with
another build running, it is left for the next build.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

KEEP_DAYS = 30
DAY = 24 * 3600
LOCK = ".in-use"  # held shared by the builds using the folder, exclusively while it is pruned
PRUNED = ".pruned"  # its time: when the folder was last pruned


@dataclass(frozen=True)
class Pruned:
    """What pruning removed: files and their bytes."""

    files: int = 0
    size: int = 0

    def __str__(self) -> str:
        files = f"{self.files} cached file{'s' * (self.files != 1)}"
        return f"removed {files} ({self.size / 1_048_576:.1f} MB) that no build used for {KEEP_DAYS} days"


@contextmanager
def shared(folder: Path) -> Iterator[None]:
    """The block reads and writes the cache folder alongside other builds, never while it is pruned."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH)
        except OSError:  # a file system without locks: the build goes on, and pruning never gets its lock
            yield
            return
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def mark_used(*paths: Path) -> None:
    """A cached file found and used: it stays while builds use it. A file that cannot be marked costs a
    rendering once it is pruned, nothing else."""
    for path in paths:
        with suppress(OSError):
            os.utime(path)


def prune(folder: Path, now: float | None = None, keep_days: int = KEEP_DAYS) -> Pruned:
    """Remove the files under folder (its subfolders too) last used more than keep_days ago; done at
    most once a day, and only when no other build holds the folder."""
    now = time.time() if now is None else now
    marker = folder / PRUNED
    try:
        if now - marker.stat().st_mtime < DAY:
            return Pruned()
    except OSError:  # never pruned
        pass
    try:
        with open(folder / LOCK, "a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            removed = _remove_unused(folder, now - keep_days * DAY)
            marker.touch()
            os.utime(marker, (now, now))
    except OSError:  # another build is using the folder (or it cannot be written): the next build prunes it
        return Pruned()
    return removed


def _remove_unused(folder: Path, before: float) -> Pruned:
    files = size = 0
    for parent, _, names in os.walk(folder):  # links to folders are not followed
        for name in names:
            if parent == str(folder) and name in (LOCK, PRUNED):
                continue
            path = os.path.join(parent, name)
            try:
                found = os.lstat(path)
                if found.st_mtime < before:
                    os.unlink(path)
                    files, size = files + 1, size + found.st_size
            except OSError:  # removed meanwhile, or not ours to remove: left
                continue
    return Pruned(files, size)
