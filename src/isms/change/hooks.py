"""The git hooks: validate what a commit stages, stamp versions, and name the documents it changes.

`pre_commit` checks the ISMS exactly as the commit will record it (the index, not the working
tree), reports the problems in the files the commit touches and in those that link to them, and
stamps the next version into each controlled document whose content changed while its version did
not. The stamp is written into the index and into the working tree, each from its own text, so
unstaged lines of a partially staged file stay unstaged. Every new text is computed before
anything is written; if a write fails, the index and the working tree are put back as they were.

`commit_msg` refuses a message without a description and adds a `Document: ID VERSION` trailer
for every document whose content or version the commit changes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from isms.core.diagnostics import Diagnostic, Severity
from isms.core.errors import IsmsError
from isms.core.files import replace_file
from isms.core.model import Status, Version
from isms.git.run import GitError, cat_files, run
from isms.git.staging import Repository, Staged, decode_utf8, id_of
from isms.git.tree import INDEX, write_tree
from isms.read.frontmatter import FrontMatterError, apply, scalar_fields
from isms.read.settings import SETTINGS_FILE
from isms.resolve.check import check
from isms.resolve.index import Index


class HookError(IsmsError):
    """A hook cannot go on; the message says what to do. Nothing was changed."""


# pre-commit


@dataclass
class PlannedEdit:
    path: str
    document_id: str
    changes: dict[str, str]
    old_version: str
    index_text: str
    work_text: str | None = None  # None: the file is not in the working tree
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PreCommit:
    """What the pre-commit hook found (diagnostics) and did (stamps)."""

    diagnostics: list[Diagnostic]
    edits: list[PlannedEdit]

    @property
    def blocked(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def messages(self) -> list[str]:
        return [describe(stamp) for stamp in self.edits]


def pre_commit(root: Path, today: date) -> PreCommit:
    """Check the staged ISMS and stamp changed documents; nothing is stamped when it is blocked."""
    repo = Repository.open(root)
    _journal_path(repo).unlink(missing_ok=True)  # an earlier commit that was abandoned keeps its stamp
    staged = repo.staged()
    settings_staged = any(path == f"{repo.prefix}{SETTINGS_FILE}" for _, path in repo.staged_paths)
    if not staged and not settings_staged:
        return PreCommit([], [])
    with tempfile.TemporaryDirectory(prefix="isms-index-") as scratch:
        snapshot = Path(scratch)
        _write_index(repo, snapshot)
        checked = check(snapshot, today)
    relevant = _relevant(checked.diagnostics, staged, checked.index, settings_staged)
    if any(d.severity is Severity.ERROR for d in relevant):
        return PreCommit(relevant, [])
    stamps = _plan(repo, staged, today)
    if stamps:
        _write_stamps(repo, stamps)
    return PreCommit(relevant, stamps)


def _write_index(repo: Repository, target: Path) -> None:
    """Write the index's ISMS files (settings, sources, catalogs) into target, symbolic links included."""
    settings = repo.index_settings
    wanted = [SETTINGS_FILE]
    if settings is not None:
        wanted += [settings.documents_path, settings.records_path, settings.applicability_path, *settings.catalogs]
    write_tree(repo.root, INDEX, target, wanted)


def _relevant(
    diagnostics: list[Diagnostic], staged: list[Staged], index: Index | None, everything: bool
) -> list[Diagnostic]:
    """Diagnostics about staged files and about the files that link to staged documents."""
    if everything:
        return diagnostics
    paths = {s.path for s in staged} | {s.old_path for s in staged if s.old_path}
    ids = {id_of(s.path, s.new) for s in staged} | {id_of(s.old_path or s.path, s.old) for s in staged}
    ids.discard("")
    if index is not None:
        for document in index.documents.values():
            linked = set(document.implements) | set(document.records) | {document.translation_of}
            if linked & ids:
                paths.add(document.path)
    return [d for d in diagnostics if d.location.path in paths or d.location.path == SETTINGS_FILE]


def _plan(repo: Repository, staged: list[Staged], today: date) -> list[PlannedEdit]:
    planned = []
    # In a merge, a text exactly as the merged side has it was stamped (and maybe approved) by that
    # side's own commits: only a resolution that is neither side's text is a new version.
    theirs = _merged_side(repo, staged) if _merging(repo) else {}
    unstaged = set(
        p[len(repo.prefix) :]
        for p in repo.git("diff", "--name-only", "-z", "--", repo.prefix or ".").decode().split("\0")
        if p
    )
    for item in staged:
        if item.new is None or item.old is None or theirs.get(item.path) == item.new:
            continue
        new, old = scalar_fields(item.path, item.new), scalar_fields(item.old_path, item.old)
        if new is None or old is None or new.key == old.key:
            continue
        new_values, old_values = dict(new.values), dict(old.values)
        changes: dict[str, str] = {}
        old_version, new_version = (
            Version.parse(old_values.get("version", "")),
            Version.parse(new_values.get("version", "")),
        )
        if old_version is None or new_version is None:
            continue  # an invalid version was reported by the check
        if new_version == old_version:
            changes["version"] = str(old_version.next_minor())
        elif new_version < old_version:
            raise HookError(
                f"{item.path}: the version goes back from {old_version} to {new_version}; a new version must be"
                f" higher (leave it at {old_version} and the hook stamps {old_version.next_minor()})"
            )
        if new_values.get("revised") != today.isoformat():
            changes["revised"] = today.isoformat()
        if old_values.get("status") == Status.APPROVED.value and new_values.get("status") == Status.APPROVED.value:
            changes["status"] = Status.DRAFT.value
        if not changes:
            continue
        try:
            index_text = apply(item.path, item.new, changes)
        except FrontMatterError as error:
            raise HookError(f"{error}") from None
        stamp = PlannedEdit(item.path, new_values.get("id", ""), changes, str(old_version), index_text)
        stamp.work_text = _work_text(repo, item, changes, stamp, new_values if item.path in unstaged else None)
        planned.append(stamp)
    return planned


def _work_text(
    repo: Repository, item: Staged, changes: dict[str, str], stamp: PlannedEdit, staged_values: dict[str, str] | None
) -> str | None:
    """The working-tree file with the same stamp, or None when the file is not there.

    `staged_values` (the staged text's fields) is given when the file is partly staged.
    """
    path = repo.root / item.path
    if path.is_symlink() or not path.is_file():
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise HookError(f"{item.path}: cannot read the working copy ({error}); the commit was not made") from None
    if staged_values is not None:
        working = scalar_fields(item.path, text)
        if working is None:
            raise HookError(
                f"{item.path} is partly staged and its working copy has unreadable front matter;"
                " fix or stash the unstaged lines (git stash --keep-index), then commit again"
            )
        working_values = dict(working.values)
        clashing = [n for n in changes if working_values.get(n) != staged_values.get(n)]
        if clashing:
            raise HookError(
                f"{item.path} is partly staged and the unstaged lines change {', '.join(clashing)};"
                " stage those lines too (git add -p) or stash them (git stash --keep-index), then commit again."
                " Nothing was changed."
            )
        stamp.notes.append("partly staged: the unstaged lines stay unstaged")
    try:
        return apply(item.path, text, changes)
    except FrontMatterError as error:
        raise HookError(f"{error} (in the working copy); nothing was changed") from None


def _write_stamps(repo: Repository, stamps: list[PlannedEdit]) -> None:
    """Write the stamped texts into the index and the working tree, or change nothing at all."""
    old_entries = dict(_index_entries(repo, [repo.prefix + s.path for s in stamps]))
    with tempfile.TemporaryDirectory(prefix="isms-stamp-") as scratch:
        files = []
        for number, planned in enumerate(stamps):
            file = Path(scratch) / str(number)
            file.write_bytes(planned.index_text.encode("utf-8"))
            files.append(str(file))
        shas = repo.git("hash-object", "-w", "--no-filters", "--stdin-paths", data="\n".join(files).encode()).split()
    new_info = []
    for planned, new_sha in zip(stamps, shas, strict=True):
        full = repo.prefix + planned.path
        new_info.append(f"{old_entries.get(full, ('100644', ''))[0]} {new_sha.decode()}\t{full}")
    restore = [f"{m} {b}\t{p}" for p, (m, b) in old_entries.items()]
    repo.git("update-index", "-z", "--index-info", data="\0".join(new_info).encode() + b"\0")
    written: list[tuple[Path, bytes, int]] = []
    journal: list[dict[str, str]] = []
    try:
        for planned, new_sha in zip(stamps, shas, strict=True):
            full = repo.prefix + planned.path
            mode_and_sha = old_entries.get(full, ("", ""))
            entry = {"path": full, "mode": mode_and_sha[0], "old": mode_and_sha[1], "new": new_sha.decode()}
            if planned.work_text is not None:
                path = repo.root / planned.path
                original = path.read_bytes()
                mode = stat.S_IMODE(path.stat().st_mode)
                stamped = planned.work_text.encode("utf-8")
                replace_file(path, stamped, mode)
                written.append((path, original, mode))
                entry["original"] = base64.b64encode(original).decode()
                entry["stamped"] = hashlib.sha256(stamped).hexdigest()
            journal.append(entry)
        _journal_path(repo).write_text(json.dumps(journal), encoding="utf-8")
    except BaseException as error:
        for path, original, mode in written:
            replace_file(path, original, mode)
        repo.git("update-index", "-z", "--index-info", data="\0".join(restore).encode() + b"\0")
        raise HookError(
            f"could not write the stamped version ({error}); the index and the working tree are as before"
        ) from None


def _journal_path(repo: Repository) -> Path:
    """Where pre-commit notes its stamps, so commit-msg can take them back if it refuses the commit."""
    path = Path(repo.git("rev-parse", "--git-path", "isms-stamps.json").decode().strip())
    return path if path.is_absolute() else repo.top / path


def undo_stamps(repo: Repository) -> None:
    """Take back the stamps of the pre-commit hook of this commit, where nobody changed them since."""
    journal = _journal_path(repo)
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    restore = []
    current = dict(_index_entries(repo, [e["path"] for e in entries]))
    for entry in entries:
        if current.get(entry["path"], ("", ""))[1] == entry["new"] and entry["old"]:
            restore.append(f"{entry['mode']} {entry['old']}\t{entry['path']}")
        if "original" in entry:
            path = repo.top / entry["path"]
            try:
                if hashlib.sha256(path.read_bytes()).hexdigest() == entry["stamped"]:
                    replace_file(path, base64.b64decode(entry["original"]), stat.S_IMODE(path.stat().st_mode))
            except OSError:
                continue
    if restore:
        repo.git("update-index", "-z", "--index-info", data="\0".join(restore).encode() + b"\0")
    journal.unlink(missing_ok=True)


def _index_entries(repo: Repository, paths: list[str]) -> list[tuple[str, tuple[str, str]]]:
    if not paths:
        return []
    listing = repo.git("ls-files", "-s", "-z", "--", *paths).decode("utf-8", "replace")
    entries = []
    for line in listing.split("\0"):
        if line:
            meta, entry_path = line.split("\t", 1)
            entry_mode, entry_sha, _ = meta.split()
            entries.append((entry_path, (entry_mode, entry_sha)))
    return entries


def describe(planned: PlannedEdit) -> str:
    parts = []
    if "version" in planned.changes:
        parts.append(f"{planned.old_version} → {planned.changes['version']}")
    if "status" in planned.changes:
        parts.append("status approved → draft (the new version needs approval)")
    if "revised" in planned.changes:
        parts.append(f"revised {planned.changes['revised']}")
    notes = "".join(f"; {note}" for note in planned.notes)
    return f"isms: stamped {planned.document_id} ({planned.path}): {', '.join(parts)}{notes}"


# commit-msg


NO_DESCRIPTION = (
    "the commit message has no description of the change. Say what changed and why:"
    " its first line becomes the change summary in each document's revision history."
)


def commit_msg(root: Path, message_file: Path) -> list[str]:
    """Add a Document trailer per changed document; the trailers added. HookError when empty."""
    repo = Repository.open(root)
    try:
        message = message_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise HookError(f"cannot read the commit message {message_file}: {error}") from None
    if not _description(message, _comment_char(repo)):
        undo_stamps(repo)
        raise HookError(NO_DESCRIPTION)
    _journal_path(repo).unlink(missing_ok=True)
    staged = repo.staged()
    # A merge names the documents whose merged text is neither side's: its resolutions. What a side
    # brings unchanged was named by that side's own commits.
    theirs = _merged_side(repo, staged) if _merging(repo) else None
    trailers = []
    for item in staged:
        if item.new is None:
            continue
        new = scalar_fields(item.path, item.new)
        if new is None:
            continue
        values = dict(new.values)
        old = scalar_fields(item.old_path, item.old) if item.old is not None else None
        changed = old is None or old.key != new.key or dict(old.values).get("version") != values.get("version")
        if theirs is not None and theirs.get(item.path) == item.new:
            changed = False
        if changed and values.get("id") and values.get("version"):
            trailers.append(f"Document: {values['id']} {values['version']}")
    if trailers:
        arguments = ["interpret-trailers", "--in-place", "--if-exists", "addIfDifferent"]
        for trailer in trailers:
            arguments += ["--trailer", trailer]
        run(repo.root, *arguments, str(message_file.resolve()))
    return trailers


def _comment_char(repo: Repository) -> str:
    try:
        value = repo.git("config", "--get", "core.commentChar").decode().strip()
    except GitError:
        return "#"
    return value if len(value) == 1 else "#"


def _description(message: str, comment: str) -> str:
    """The message as git will store it, without comments, the verbose diff and trailers."""
    kept = []
    for line in message.splitlines():
        if line.startswith(f"{comment} ------------------------ >8"):
            break
        if not line.startswith(comment):
            kept.append(line)
    paragraphs = "\n".join(kept).strip().split("\n\n")
    last = paragraphs[-1].splitlines()
    keys = [line.split(":", 1)[0].strip() for line in last if ":" in line]
    trailers = len(keys) == len(last) and all(key and " " not in key for key in keys)
    if trailers and (len(paragraphs) > 1 or all(key.lower() in _KNOWN_TRAILERS for key in keys)):
        paragraphs = paragraphs[:-1]
    text = "\n\n".join(paragraphs).strip()
    return text if any(ch.isalnum() for ch in text) else ""


_KNOWN_TRAILERS = {"document", "approved", "reviewed", "signed-off-by", "co-authored-by", "change-id"}


def _merged_side(repo: Repository, staged: list[Staged]) -> dict[str, str | None]:
    """The text each staged source has on the side being merged in (MERGE_HEAD)."""
    specs = {item.path: f"MERGE_HEAD:{repo.prefix}{item.path}" for item in staged}
    blobs = cat_files(repo.top, list(specs.values()))
    return {path: decode_utf8(blobs.get(spec)) for path, spec in specs.items()}


def _merging(repo: Repository) -> bool:
    try:
        repo.git("rev-parse", "-q", "--verify", "MERGE_HEAD")
    except GitError:
        return False
    return True
