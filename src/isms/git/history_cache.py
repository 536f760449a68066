"""The history read at one commit, kept in the repository's git folder for the next read.

A commit's history never changes: what `read_history` assembles depends only on the commit, the ISMS
folder and the source paths in it, the adoption baseline (`approvals.since`), whether the clone is
shallow, and the code that reads it. A build, a rebuild in `mkdocs serve` or a command run again without
a new commit would otherwise read and assemble the same log every time; one file in `.git/isms/` keeps
the last history with its commit and a digest of the rest (the `base`). A read at the same commit
takes it as it is; a read at a commit on top of it goes on from the Assembly kept with it; a read with
another base reads git as before. A file that cannot be read or written costs time, nothing else.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

import isms.core
import isms.git
import isms.read
from isms.core.code_digest import code_digest
from isms.core.files import replace_file
from isms.core.revisions import History
from isms.git.assembly import Assembly

CACHE_NAME = "history.pickle"


def history_key(*parts: str) -> str:
    """A digest of what a history depends on (given as parts) and of the code that reads it."""
    digest = hashlib.sha256(code_digest(isms.core, isms.git, isms.read).encode("ascii"))
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Kept:
    head: str  # the commit the history was read at
    history: History
    assembly: Assembly | None  # what assembled it, to go on from (not read for a read at the same commit)


def kept_history(folder: Path, base: str, head: str) -> Kept | None:
    """The history kept with this base, or None; its assembly too when it was read at another commit."""
    try:
        with (folder / CACHE_NAME).open("rb") as stream:
            if pickle.load(stream) != base:
                return None
            at, history = pickle.load(stream)
            assembly = pickle.load(stream) if at != head else None
    except Exception:  # missing, cut short, or not ours
        return None
    if not isinstance(history, History) or not isinstance(assembly, Assembly | None):
        return None
    if assembly is not None:
        assembly.resume(history)
    return Kept(at, history, assembly)


def keep_history(folder: Path, base: str, kept: Kept) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        protocol = pickle.HIGHEST_PROTOCOL
        parts = (base, (kept.head, kept.history), kept.assembly)
        replace_file(folder / CACHE_NAME, b"".join(pickle.dumps(part, protocol) for part in parts))
    except OSError:
        pass
