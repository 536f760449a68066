"""What a commit is about to record: the repository a hook runs in, and the ISMS sources that differ between
HEAD and the index, each with its staged text and its text at HEAD (renames found by document id)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from isms.core.diagnostics import Report
from isms.core.settings import Settings
from isms.git.run import GitError, NotARepository, cat_files, prefix_of, run, toplevel
from isms.read.frontmatter import scalar_fields
from isms.read.settings import SETTINGS_FILE, read_settings
from isms.read.source_files import is_source_path, tool_folders

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@dataclass(frozen=True)
class Staged:
    """One staged source: its text in the index and at HEAD (under this path or a former one)."""

    path: str  # relative to the ISMS root
    new: str | None  # None when the commit deletes it
    old: str | None  # None when the document is new
    old_path: str = ""


@dataclass
class Repository:
    root: Path
    top: Path
    prefix: str
    head: str | None

    @classmethod
    def open(cls, root: Path) -> Repository:
        top = toplevel(root)
        if top is None:
            raise NotARepository(f"{root} is not inside a git repository; run git init first")
        try:
            head: str | None = run(root, "rev-parse", "--verify", "-q", "HEAD^{commit}").decode().strip()
        except GitError:
            head = None
        return cls(root.resolve(), top, prefix_of(root, top), head)

    def git(self, *args: str, data: bytes | None = None) -> bytes:
        return run(self.top, *args, data=data)

    @cached_property
    def index_settings(self) -> Settings | None:
        """isms.yml as it stands in the index (what the commit will record)."""
        data = cat_files(self.top, [f":{self.prefix}{SETTINGS_FILE}"]).get(f":{self.prefix}{SETTINGS_FILE}")
        text = decode_utf8(data)
        return read_settings(text, Report()) if text is not None else None

    @cached_property
    def staged_paths(self) -> tuple[tuple[str, str], ...]:
        """(status letter, path from the top) of every file that differs between HEAD and the index."""
        output = self.git(
            "diff", "--cached", "--name-status", "-z", "--no-renames", self.head or EMPTY_TREE, "--"
        ).decode("utf-8", "replace")
        parts = output.split("\0")
        return tuple((status[:1], path) for status, path in zip(parts[0::2], parts[1::2], strict=False))

    def staged(self) -> list[Staged]:
        """The ISMS sources that differ between HEAD and the index."""
        settings = self.index_settings
        if settings is None:
            return []
        skipped = tool_folders(self.top / self.prefix, settings)
        changes = [
            (status, path)
            for status, path in self.staged_paths
            if path.startswith(self.prefix) and is_source_path(path[len(self.prefix) :], settings, skipped)
        ]
        specs = [f":{p}" for s, p in changes if s != "D"]
        specs += [f"HEAD:{p}" for s, p in changes if s != "A" and self.head]
        blobs = cat_files(self.top, specs)
        text = {spec: decode_utf8(data) for spec, data in blobs.items()}
        gone = {p: text.get(f"HEAD:{p}") for s, p in changes if s == "D"}
        gone_ids = {id_of(p, t): p for p, t in gone.items() if t is not None}
        result = []
        for status, path in changes:
            relative = path[len(self.prefix) :]
            new = text.get(f":{path}") if status != "D" else None
            old = text.get(f"HEAD:{path}") if status != "A" else None
            old_path = path if old is not None else ""
            if old is None and new is not None:
                former = gone_ids.get(id_of(path, new))
                if former:
                    old, old_path = gone[former], former
            result.append(Staged(relative, new, old, old_path[len(self.prefix) :]))
        return result


def decode_utf8(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def id_of(path: str, text: str | None) -> str:
    found = scalar_fields(path, text) if text is not None else None
    return dict(found.values).get("id", "") if found else ""
