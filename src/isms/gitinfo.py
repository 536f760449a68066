"""The one adapter to git used for build stamps: which commit last changed each source.

History is read in one pass (`git log --name-only` over HEAD) plus one `git status`, never one git
process per file. Outside a git repository everything is reported as uncommitted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_TIMEOUT = 60


@dataclass(frozen=True)
class Stamp:
    """Where a source stands in git: its last commit, that commit's time, and whether it is dirty."""

    commit: str
    timestamp: int
    dirty: bool = False

    @property
    def label(self) -> str:
        short = self.commit[:8] if self.commit else "uncommitted"
        return f"{short}+dirty" if self.dirty and self.commit else short


class GitError(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    executable = shutil.which("git")
    if executable is None:
        raise GitError("git is not installed")
    try:
        result = subprocess.run(
            [executable, *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {_TIMEOUT} s") from None
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or f"git {args[0]} failed")
    return result.stdout


def stamps(root: Path, paths: list[str], fallback_time: int) -> dict[str, Stamp]:
    """The stamp of each path (relative to root). Uncommitted or untracked paths are dirty."""
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
        log = _git(root, "log", "--format=\x1e%H %ct", "--name-only", "--no-renames", "HEAD", "--", ".")
        status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
    except GitError:
        return {path: Stamp("", fallback_time, dirty=True) for path in paths}
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    wanted = {prefix + path: path for path in paths}
    found: dict[str, Stamp] = {}
    for block in log.split("\x1e")[1:]:
        lines = block.strip().split("\n")
        commit, timestamp = lines[0].split(" ")
        for name in lines[1:]:
            path = wanted.get(name.strip())
            if path and path not in found:
                found[path] = Stamp(commit, int(timestamp))
        if len(found) == len(wanted):
            break
    dirty = set()
    for entry in status.split("\0"):
        if len(entry) > 3:
            dirty.add(entry[3:])
    result = {}
    for full, path in wanted.items():
        stamp = found.get(path, Stamp("", fallback_time))
        result[path] = Stamp(stamp.commit, stamp.timestamp, dirty=full in dirty or not stamp.commit)
    return result
