"""The history read at one commit, kept in the repository's git folder for the next read at that commit.

A commit's history never changes: what `read_history` assembles depends only on the commit, the ISMS
folder and the source paths in it, the adoption baseline (`approvals.since`), whether the clone is
shallow, and the code that reads it. A build, a rebuild in `mkdocs serve` or a command run again without
a new commit would otherwise read and assemble the same log every time; one file in `.git/isms/` keeps
the last history with a digest of all of these, and a read with another digest reads git as before.
A file that cannot be read or written costs time, nothing else.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import isms.core
import isms.git
import isms.read
from isms.core.code_digest import code_digest
from isms.core.files import replace_file
from isms.core.revisions import History

CACHE_NAME = "history.pickle"


def history_key(*parts: str) -> str:
    """A digest of what a history depends on (given as parts) and of the code that reads it."""
    digest = hashlib.sha256(code_digest(isms.core, isms.git, isms.read).encode("ascii"))
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


def kept_history(folder: Path, key: str) -> History | None:
    """The history kept under this key, or None."""
    try:
        with (folder / CACHE_NAME).open("rb") as stream:
            if pickle.load(stream) != key:
                return None
            history = pickle.load(stream)
    except Exception:  # missing, cut short, or not ours
        return None
    return history if isinstance(history, History) else None


def keep_history(folder: Path, key: str, history: History) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        protocol = pickle.HIGHEST_PROTOCOL
        replace_file(folder / CACHE_NAME, pickle.dumps(key, protocol) + pickle.dumps(history, protocol))
    except OSError:
        pass
