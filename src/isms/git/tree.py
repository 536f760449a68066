"""Files of the ISMS folder as git holds them, at a commit or in the index: listed, read, or written out.

The one way the tool materializes a git tree, for the pre-commit hook (checking what a commit will
record), for builds of the past (`isms build --as-of`) and for pull requests (comparing with the target
branch). Paths are relative to the ISMS folder (`prefix` inside the work tree). Submodules are left out;
symbolic links are written as links, so the loader reports them as it does in a working tree.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from isms.git.run import cat_files, prefix_of, run, toplevel

INDEX = None  # as `tree`: the staged files, what the next commit will record
_SUBMODULE = "160000"
_SYMLINK = "120000"


@dataclass(frozen=True)
class Entry:
    mode: str
    blob: str
    path: str  # relative to the ISMS folder

    @property
    def is_link(self) -> bool:
        return self.mode == _SYMLINK


def entries(root: Path, tree: str | None, paths: Sequence[str] = ()) -> list[Entry]:
    """The files under `paths` (relative to root; all of root when empty) at a commit, or in the index."""
    top = toplevel(root) or root
    prefix = prefix_of(root, top)
    wanted = [prefix + path.rstrip("/") for path in dict.fromkeys(paths)] or ([prefix.rstrip("/")] if prefix else [])
    if tree is INDEX:
        listing = run(top, "ls-files", "-s", "-z", "--", *(f":(top,literal){p}" for p in wanted))
    else:
        listing = run(top, "-c", "core.quotepath=false", "ls-tree", "-r", "-z", "--full-tree", tree, "--", *wanted)
    found = []
    for line in listing.decode("utf-8", "replace").split("\0"):
        if not line:
            continue
        meta, path = line.split("\t", 1)
        fields = meta.split()
        mode, blob = (fields[0], fields[1]) if tree is INDEX else (fields[0], fields[2])
        if path.startswith(prefix) and mode != _SUBMODULE:
            found.append(Entry(mode, blob, path[len(prefix) :]))
    return found


def contents(root: Path, listed: Sequence[Entry]) -> dict[str, bytes]:
    """The bytes of each listed file (a link's bytes are its target), read with one git process."""
    blobs = cat_files(root, [entry.blob for entry in listed])
    return {entry.path: blobs.get(entry.blob) or b"" for entry in listed}


def write_tree(root: Path, tree: str | None, target: Path, paths: Sequence[str] = ()) -> None:
    """Write the files under `paths` at a commit (or in the index) into target, which must be empty."""
    _write(root, target, entries(root, tree, paths))


def mirror(root: Path, tree: str | None, target: Path, paths: Sequence[str] = ()) -> None:
    """Make target hold exactly the files under `paths` at a commit (or in the index), writing only those
    whose mode or blob differ from the last mirror into target.

    What target holds is noted beside it (`target.json`); the note is removed before target changes and
    written after, so a mirror cut short starts over the next time, as does one missing a noted file.
    """
    listed = entries(root, tree, paths)
    wanted = {entry.path: [entry.mode, entry.blob] for entry in listed}
    note = target.with_name(f"{target.name}.json")
    try:
        held = json.loads(note.read_bytes()) if target.is_dir() and not target.is_symlink() else None
    except (OSError, ValueError):
        held = None
    note.unlink(missing_ok=True)
    try:
        if not isinstance(held, dict) or not all(os.path.lexists(target / path) for path in held):
            raise FileNotFoundError(target)
        for path in held.keys() - wanted.keys():
            _remove(target / path)
        _write(root, target, [entry for entry in listed if held.get(entry.path) != wanted[entry.path]])
    except OSError:  # no note, or target is not as noted: write it all
        _remove(target)
        target.mkdir(parents=True)
        _write(root, target, listed)
    note.write_text(json.dumps(wanted), encoding="utf-8")


def _write(root: Path, target: Path, listed: Sequence[Entry]) -> None:
    data = contents(root, listed)
    for entry in listed:
        destination = target / entry.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        _remove(destination)
        if entry.is_link:
            os.symlink(data[entry.path].decode("utf-8", "replace"), destination)
        else:
            destination.write_bytes(data[entry.path])


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
