"""Where sources come from in git: the last commit of each source file, and the commit a build is made from.

History is read in one pass (`git log --name-only` over HEAD) plus one `git status`, never one git
process per file. Outside a git repository everything is reported as uncommitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from isms.core.revisions import BuildOrigin, SourceCommit
from isms.git.run import GitError, git_text, prefix_of, toplevel
from isms.read.mkdocs_file import top_level_value


def source_commits(root: Path, paths: list[str], fallback_time: int) -> dict[str, SourceCommit]:
    """The last commit of each path (relative to root). Uncommitted or untracked paths are dirty."""
    try:
        top = Path(git_text(root, "rev-parse", "--show-toplevel").strip())
        log = git_text(root, "log", "--format=\x1e%H %ct", "--name-only", "--no-renames", "HEAD", "--", ".")
        status = git_text(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
    except GitError:
        return {path: SourceCommit("", fallback_time, dirty=True) for path in paths}
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    wanted = {prefix + path: path for path in paths}
    found: dict[str, SourceCommit] = {}
    for block in log.split("\x1e")[1:]:
        lines = block.strip().split("\n")
        commit, timestamp = lines[0].split(" ")
        for name in lines[1:]:
            path = wanted.get(name.strip())
            if path and path not in found:
                found[path] = SourceCommit(commit, int(timestamp))
        if len(found) == len(wanted):
            break
    dirty = set()
    for entry in status.split("\0"):
        if len(entry) > 3:
            dirty.add(entry[3:])
    result = {}
    for full, path in wanted.items():
        stamp = found.get(path, SourceCommit("", fallback_time))
        result[path] = SourceCommit(stamp.commit, stamp.timestamp, dirty=full in dirty or not stamp.commit)
    return result


def build_origin(root: Path, rev: str = "HEAD", as_of: str = "") -> BuildOrigin:
    """Where the sources of a build stand in git. Outside git: no commit, and dirty."""
    try:
        commit, committed = git_text(root, "log", "-1", "--format=%H %cI", rev, "--").split()
    except (GitError, ValueError):
        return BuildOrigin("", dirty=True, as_of=as_of)
    if as_of:
        return BuildOrigin(commit, committed[:10], False, as_of)
    status = git_text(root, "status", "--porcelain=v1", "-z", "--untracked-files=normal", "--", ".")
    top = toplevel(root) or root
    site = prefix_of(root, top) + (top_level_value(root, "site_dir").strip("/") or "site")
    return BuildOrigin(commit, committed[:10], any(not _is_output(path, site) for path in _status_paths(status)))


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


@dataclass(frozen=True)
class PointInTime:
    """The commit a build of the past comes from, and how the user named it."""

    commit: str
    label: str
    day: date | None  # the date asked for; review states are measured against it


def resolve_as_of(root: Path, as_of: str) -> PointInTime:
    """The commit in force at a date (the last one on the main line up to that day) or a revision."""
    try:
        day: date | None = date.fromisoformat(as_of)
    except ValueError:
        day = None
    try:
        if day is not None:
            # The calendar date of each commit where it was made: "in force on 1 April" means the
            # last commit dated 1 April or earlier on the main line, whatever this machine's zone.
            log = git_text(root, "log", "--first-parent", "--format=%H %cs", "HEAD")
        else:
            commit = git_text(root, "rev-parse", "--verify", "-q", f"{as_of}^{{commit}}").strip()
    except GitError as error:
        raise GitError(f"--as-of {as_of}: not a date (YYYY-MM-DD) or a revision git knows ({error})") from None
    if day is not None:
        for line in log.splitlines():
            commit, committed = line.split()
            if date.fromisoformat(committed) <= day:
                return PointInTime(commit, day.isoformat(), day)
        raise GitError(f"there is no commit on or before {day}; the history starts later")
    return PointInTime(commit, as_of, None)
