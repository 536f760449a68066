"""`mkdocs serve`: rebuild only what an edit changed, so a saved document shows within a second.

A full MkDocs build converts and themes every page, and the site has one per document, control,
clause and past version. In serve, the plugin instance outlives each rebuild (it has `on_startup`),
so it keeps what the last build made and asks MkDocs for a dirty build: MkDocs then converts and
writes only the pages whose source is newer than their output. For that, each generated page gets
a source file in the cache folder that is rewritten only when its Markdown changed, so its time
says when it last changed.

Everything a page's output depends on beyond its own Markdown (the navigation and the titles in
it, the origin banner, which pages are wide) is one `signature`; when it changes, every page is
rebuilt. A change to mkdocs.yml, isms.yml or the hand-written pages makes a full build, as MkDocs
itself would. What a dirty build leaves out is put back here: the titles of the pages it did not
read (the navigation shows them), their entries in the search index, and the removal of pages that
no longer exist.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCES = "serve"  # under .isms-cache: the generated pages' sources, one folder per language

_DIRTY_WARNING = "A 'dirty' build is being performed"


def stable_source(folder: Path, uri: str, content: str) -> Path:
    """The page's source in `folder`, written only when its content differs from what is there,
    so the file's modification time is when the page last changed."""
    path = folder / uri
    data = content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


class StableSources:
    """stable_source for one server, which remembers what it wrote: a page kept from the build before
    is not read from disk again to tell that it did not change."""

    def __init__(self) -> None:
        self.written: dict[Path, str] = {}

    def __call__(self, folder: Path, uri: str, content: str) -> Path:
        path = folder / uri
        if self.written.get(path) != content:
            stable_source(folder, uri, content)
            self.written[path] = content
        return path


def signature(parts: Iterable[str]) -> str:
    """A digest of what every page's output depends on beside its own Markdown."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def inputs_digest(files: Iterable[Path], folders: Iterable[Path]) -> str:
    """The state of what makes a full rebuild: the files' contents and the folders' file listings
    (paths, sizes and modification times)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"\0missing")
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                status = path.stat()
                digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    return digest.hexdigest()


@dataclass
class Previous:
    """What the last build in this server made, for the next one to keep."""

    signature: str = ""
    titles: dict[str, str] = field(default_factory=dict)  # page source → the title the navigation shows
    outputs: set[str] = field(default_factory=set)  # every file written into the site folder
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # page location → its index entries


def merge_search(
    built: list[dict[str, Any]], rebuilt: set[str], locations: list[str], previous: dict[str, list[dict[str, Any]]]
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The search entries of a whole site from a dirty build's: pages built now (`rebuilt`, by
    location) take their new entries, the others keep their last ones; pages no longer in the site
    (`locations`, in site order) are dropped. Returns the entries and them by page, for the next build."""
    fresh: dict[str, list[dict[str, Any]]] = {}
    for entry in built:
        fresh.setdefault(_page_of(entry), []).append(entry)
    by_page = {}
    for location in locations:
        entries = fresh.get(location, []) if location in rebuilt else previous.get(location, [])
        by_page[location] = entries
    return [entry for location in locations for entry in by_page[location]], by_page


def merge_search_file(
    path: Path, rebuilt: set[str], locations: list[str], previous: Previous, rewrite: Callable[[Path], object]
) -> None:
    """Make the search plugin's index of a dirty build the whole site's (see merge_search). The
    site's post-processing of the index (`rewrite`, which edits the file) is run on the new entries
    only; the entries kept from the last build were post-processed then."""
    data = json.loads(path.read_text(encoding="utf-8"))
    fresh = [entry for entry in data.get("docs", []) if _page_of(entry) in rebuilt]
    path.write_text(json.dumps({**data, "docs": fresh}, ensure_ascii=False), encoding="utf-8")
    rewrite(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["docs"], previous.search = merge_search(data.get("docs", []), rebuilt, locations, previous.search)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _page_of(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).split("#")[0]


class QuietDirtyBuild(logging.Filter):
    """MkDocs warns on every dirty build that its navigation may be stale; here it is not (the
    signature rebuilds every page when it changes), and in strict mode the warning would abort."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


@dataclass
class Rebuilds:
    """Chooses, for each rebuild of the server, a full build or a dirty one."""

    full: Callable[[], None]  # MkDocs' own rebuild: reads mkdocs.yml again and builds everything
    dirty: Callable[[], None]
    inputs: Callable[[], str]  # the digest of what makes a full rebuild
    last: str = ""

    def __call__(self) -> None:
        current = self.inputs()
        (self.dirty if current == self.last else self.full)()
        self.last = current  # after a failed build, the next one is full again
