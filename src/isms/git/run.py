"""The one adapter to git used for build stamps: which commit last changed each source.

History is read in one pass (`git log --name-only` over HEAD) plus one `git status`, never one git
process per file. Outside a git repository everything is reported as uncommitted.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from isms.core.errors import IsmsError
from isms.read.mkdocs_file import top_level_value

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


class GitError(IsmsError):
    pass


def _git(root: Path, *args: str) -> str:
    return run(root, *args).decode("utf-8", "replace")


def run(root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    """Run git in root and return its output; GitError with git's own message when it fails."""
    executable = shutil.which("git")
    if executable is None:
        raise GitError("git is not installed")
    try:
        result = subprocess.run(
            [executable, *args],
            cwd=root,
            input=data,
            capture_output=True,
            timeout=_TIMEOUT,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", **(env or {})},
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {_TIMEOUT} s") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or f"git {args[0]} failed")
    return result.stdout


def cat_files(root: Path, specs: list[str]) -> dict[str, bytes | None]:
    """The contents of many objects (blob ids or REV:PATH) with one `git cat-file --batch`.

    Missing objects map to None.
    """
    unique = list(dict.fromkeys(specs))
    if not unique:
        return {}
    if any("\n" in spec for spec in unique):
        raise GitError("an object name contains a line break")
    output = run(root, "cat-file", "--batch", data="".join(s + "\n" for s in unique).encode())
    result: dict[str, bytes | None] = {}
    position = 0
    for spec in unique:
        end = output.index(b"\n", position)
        header = output[position:end].split(b" ")
        position = end + 1
        if header[-1] == b"missing" or len(header) != 3:
            result[spec] = None
            continue
        size = int(header[2])
        result[spec] = output[position : position + size]
        position += size + 1
    return result


def toplevel(root: Path) -> Path | None:
    """The top folder of the git work tree holding root, or None outside git."""
    try:
        return Path(_git(root, "rev-parse", "--show-toplevel").strip()).resolve()
    except GitError:
        return None


def prefix_of(root: Path, top: Path) -> str:
    """root relative to the work tree's top, as a path prefix ('' or 'sub/dir/')."""
    relative = root.resolve().relative_to(top).as_posix()
    return "" if relative == "." else relative + "/"


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


@dataclass(frozen=True)
class BuildStamp:
    """The commit a build comes from, and whether the tree had uncommitted changes."""

    commit: str
    committed: str = ""  # ISO date of that commit
    dirty: bool = False
    as_of: str = ""  # the date or revision asked for with --as-of, when the build is of the past

    @property
    def label(self) -> str:
        if not self.commit:
            return "uncommitted sources (not in git)"
        return f"{self.commit[:8]}{' + uncommitted changes' if self.dirty else ''}"


def build_stamp(root: Path, rev: str = "HEAD", as_of: str = "") -> BuildStamp:
    """Where the sources of a build stand in git. Outside git: no commit, and dirty."""
    try:
        commit, committed = _git(root, "log", "-1", "--format=%H %cI", rev, "--").split()
    except (GitError, ValueError):
        return BuildStamp("", dirty=True, as_of=as_of)
    if as_of:
        return BuildStamp(commit, committed[:10], False, as_of)
    status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=normal", "--", ".")
    top = toplevel(root) or root
    site = prefix_of(root, top) + (top_level_value(root, "site_dir").strip("/") or "site")
    return BuildStamp(commit, committed[:10], any(not _is_output(path, site) for path in _status_paths(status)))


def _status_paths(status: str) -> list[str]:
    """The paths of `git status --porcelain=v1 -z` (from the repository top), a rename's source left out."""
    paths = []
    fields = iter(status.split("\0"))
    for entry in fields:
        if len(entry) < 4:
            continue
        if entry[0] in "RC":
            next(fields, None)  # the path it was renamed or copied from
        paths.append(entry[3:])
    return paths


# The tool's own outputs, caches and the staging folders of builds in progress (.site.building-PID-…):
# a build beside them, or another build running at the same time, is still a build of committed sources.
_OUTPUT = re.compile(r"(?:^|/)(?:\.isms-cache|site-audiences|site-as-of-[^/]*|\.[^/]*\.building-\d+-[^/]*)(?:/|$)")


def _is_output(path: str, site: str) -> bool:
    return bool(_OUTPUT.search(path)) or path.rstrip("/") == site or path.startswith(site + "/")
