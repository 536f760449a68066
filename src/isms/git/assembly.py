"""Documents' changes and revisions assembled from the entries of the git log, oldest first.

An `Assembly` takes the log's entries one after another and keeps what it needs to go on: which
document each path holds, each document's changes, the last text and content key of each. It is
kept with the history it assembled, so the history of a later commit that only adds commits on top
of it is assembled from the new entries alone (git/history.py): the result is the history that
assembling every entry from the start gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from isms.core.revisions import Change, Commit, History, Revision
from isms.git.field_cache import FieldCache
from isms.read.settings import SETTINGS_FILE

Entry = tuple[str, str, str]  # (commit, path relative to the ISMS, new blob or "" when deleted)
Fetch = Callable[[list[str]], dict[str, bytes | None]]  # blobs by id, from git


@dataclass
class Assembly:
    """What goes on from one entry to the next. Kept, it holds only what the history it assembled does
    not (`resume` takes the rest from that history)."""

    commits: dict[str, Commit] = field(default_factory=dict)
    changes: dict[str, list[Change]] = field(default_factory=dict)  # id -> its changes, oldest first
    at_path: dict[str, str] = field(default_factory=dict)  # path -> id of the document it holds now
    path_of: dict[str, str] = field(default_factory=dict)  # id -> the path it lives at now
    last_key: dict[str, str] = field(default_factory=dict)
    last_blob: dict[str, str] = field(default_factory=dict)
    settings_blobs: list[tuple[str, str]] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # blobs whose front matter could not be read
    revisions: dict[str, tuple[Revision, ...]] = field(default_factory=dict)

    def add(
        self, commits: dict[str, Commit], entries: Iterable[Entry], cache: FieldCache, blobs: dict[str, bytes | None]
    ) -> None:
        """Take further commits and their entries, in log order."""
        self.commits.update(commits)
        touched: set[str] = set()
        for sha, path, blob in entries:
            if path == SETTINGS_FILE:
                if blob:
                    self.settings_blobs.append((sha, blob))
                continue
            if not blob:
                self.at_path.pop(path, None)
                continue
            found = cache.fields(blob, path, blobs.get(blob))
            if found is None:
                self.unreadable.add(blob)
                continue  # unreadable at this commit; `isms check` reported it then
            document_id = dict(found.values).get("id") or self.at_path.get(path, "")
            if not document_id:
                continue
            previous_path = self.path_of.get(document_id, "")
            self.at_path[path] = document_id
            self.path_of[document_id] = path
            if self.last_blob.get(document_id) == blob and previous_path == path:
                continue  # a merge bringing in a text this history has already seen
            self.last_blob[document_id] = blob
            so_far = self.changes.setdefault(document_id, [])
            first = not so_far
            content = first or self.last_key.get(document_id) != found.key
            self.last_key[document_id] = found.key
            moved = previous_path if previous_path and previous_path != path else ""
            commit = self.commits[sha]
            so_far.append(Change(document_id, commit, path, blob, found.values, content, first, moved, found.key))
            touched.add(document_id)
        for document_id in touched:
            self.revisions[document_id] = _revisions(document_id, self.changes[document_id])

    def __getstate__(self) -> dict[str, object]:
        kept = ("at_path", "path_of", "last_key", "last_blob", "unreadable")
        return {name: getattr(self, name) for name in kept}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(vars(Assembly()), **state)

    def resume(self, history: History) -> None:
        """Take back, from the history this assembled, what was not kept with it."""
        self.commits = dict(history.commits)
        self.revisions = dict(history.revisions)
        self.changes = {i: [c for r in revisions for c in r.changes] for i, revisions in history.revisions.items()}
        self.settings_blobs = list(history.settings_blobs)

    def history(self, blobs: dict[str, bytes | None], texts: dict[str, str], fetch: Fetch) -> History:
        """The history assembled so far. The texts it keeps (of the blobs revisions end at, approvals,
        isms.yml) come from `texts` (kept from before), `blobs`, or else are fetched."""
        revisions = {document_id: self.revisions[document_id] for document_id in self.changes}
        needed = {r.last.blob for rs in revisions.values() for r in rs}
        needed |= {c.blob for rs in revisions.values() for r in rs for c in r.changes if c.status == "approved"}
        needed |= {blob for _, blob in self.settings_blobs}
        needed -= self.unreadable
        absent = sorted(blob for blob in needed if blob not in texts and blob not in blobs)
        if absent:
            blobs = {**blobs, **fetch(absent)}
        kept = {}
        for blob in needed:
            if blob in texts:
                kept[blob] = texts[blob]
            elif (data := blobs.get(blob)) is not None:
                kept[blob] = data.decode("utf-8", "replace")
        history = History(commits=dict(self.commits), revisions=revisions, texts=kept)
        history.settings_blobs = tuple(self.settings_blobs)
        return history


def _revisions(document_id: str, changes: Iterable[Change]) -> tuple[Revision, ...]:
    groups: list[list[Change]] = []
    for change in changes:
        if groups and groups[-1][-1].version == change.version:
            groups[-1].append(change)
        else:
            groups.append([change])
    return tuple(Revision(document_id, g[0].version, tuple(g), n) for n, g in enumerate(groups, start=1))
