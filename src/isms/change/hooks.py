"""The git hooks: validate what a commit stages, stamp versions, and name the documents it changes.

`pre_commit` checks the ISMS exactly as the commit will record it (the index, not the working
tree), reports the problems in the files the commit touches and in those that link to them, and
stamps the next version into each controlled document whose content changed while its version did
not. The stamp is written into the index and into the working tree, each from its own text, so
unstaged lines of a partially staged file stay unstaged. Every new text is computed before
anything is written; if a write fails, the index and the working tree are put back as they were.

It reads the staged ISMS from a mirror of the index in git's folder, rewriting only the files whose
blobs changed, and with the cache of sources read before (`SourceCache`); it runs each document's own
checks only for the documents the commit touches and those that link to them. At the end it leaves the
commit-msg hook (`commit_message.py`) the trailers and the documents that need a change summary.
"""

from __future__ import annotations

import base64
import hashlib
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from isms.change import HookError
from isms.change.commit_message import (
    GitPlace,
    MessageFacts,
    document_trailer,
    forget_prepared,
    git_place,
    index_entries,
    prepare,
    write_journal,
)
from isms.core.diagnostics import Diagnostic, Severity
from isms.core.files import replace_file
from isms.core.model import Status, Version
from isms.core.trailers import SUMMARY_FIELD
from isms.git.run import cat_files, prefix_of
from isms.git.staging import Repository, Staged, decode_utf8, id_of
from isms.git.tree import INDEX, mirror
from isms.read.frontmatter import FrontMatterError, apply, scalar_fields
from isms.read.settings import SETTINGS_FILE
from isms.read.source_cache import SourceCache
from isms.resolve.check import check
from isms.resolve.index import Index

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
    place = git_place(root)
    repo = _repository(root, place)
    place.journal.unlink(missing_ok=True)  # an earlier commit that was abandoned keeps its stamp
    forget_prepared(place)
    staged = repo.staged()
    merging = place.merging
    settings_staged = any(path == f"{repo.prefix}{SETTINGS_FILE}" for _, path in repo.staged_paths)
    if not staged and not settings_staged:
        prepare(place, MessageFacts([], [], merging))
        return PreCommit([], [])
    folder = place.prepared.parent
    _mirror_index(repo, folder / "index")
    checked = check(
        folder / "index",
        today,
        cache=SourceCache(folder),
        focus=lambda index: _relevant_paths(staged, index, settings_staged),
    )
    relevant = _relevant(checked.diagnostics, staged, checked.index, settings_staged)
    if any(d.severity is Severity.ERROR for d in relevant):
        return PreCommit(relevant, [])
    theirs = _merged_side(repo, staged) if merging else None
    stamps = _plan(repo, staged, today, theirs or {})
    if stamps:
        _write_stamps(repo, place, stamps)
    prepare(place, _message_facts(staged, stamps, theirs))
    return PreCommit(relevant, stamps)


def staged_message_facts(root: Path) -> MessageFacts:
    """What the commit-msg hook needs, read from the index (when the pre-commit hook left nothing for it)."""
    place = git_place(root)
    repo = _repository(root, place)
    staged = repo.staged()
    return _message_facts(staged, [], _merged_side(repo, staged) if place.merging else None)


def _repository(root: Path, place: GitPlace) -> Repository:
    return Repository(root.resolve(), place.top, prefix_of(root, place.top), place.head)


def _message_facts(
    staged: list[Staged], stamps: list[PlannedEdit], theirs: dict[str, str | None] | None
) -> MessageFacts:
    """The trailers of a commit of the staged documents (with their stamps) and the documents it changes
    without a change summary in their front matter.

    A merge names the documents whose merged text is neither side's: its resolutions. What a side brings
    unchanged was named by that side's own commits, and its sides said what they changed. `theirs` holds
    the merged side's texts in a merge, None otherwise.
    """
    stamped = {stamp.path: stamp.changes for stamp in stamps}
    trailers, unsummarized = [], []
    for item in staged:
        if item.new is None:
            continue
        new = scalar_fields(item.path, item.new)
        if new is None:
            continue
        values = {**dict(new.values), **stamped.get(item.path, {})}
        old = scalar_fields(item.old_path, item.old) if item.old is not None else None
        old_values = dict(old.values) if old is not None else {}
        document_id, version = values.get("id", ""), values.get("version", "")
        text_changed = old is None or old.key != new.key
        changed = text_changed or old_values.get("version") != version
        if theirs is not None and theirs.get(item.path) == item.new:
            changed = False
        if changed and document_id and version:
            trailers.append(document_trailer(document_id, version))
        stated = values.get(SUMMARY_FIELD, "")
        if document_id and text_changed and not (stated and stated != old_values.get(SUMMARY_FIELD)):
            unsummarized.append(document_id)
    return MessageFacts(trailers, unsummarized, theirs is not None)


def _mirror_index(repo: Repository, target: Path) -> None:
    """Mirror the index's ISMS files (settings, sources, catalogs) into target, symbolic links included."""
    settings = repo.index_settings
    wanted = [SETTINGS_FILE]
    if settings is not None:
        wanted += [settings.documents_path, settings.records_path, settings.applicability_path, *settings.catalogs]
    mirror(repo.root, INDEX, target, wanted)


def _relevant_paths(staged: list[Staged], index: Index | None, everything: bool) -> set[str] | None:
    """The staged files and the files that link to staged documents; None (all) when isms.yml is staged."""
    if everything:
        return None
    paths = {s.path for s in staged} | {s.old_path for s in staged if s.old_path}
    ids = {id_of(s.path, s.new) for s in staged} | {id_of(s.old_path or s.path, s.old) for s in staged}
    ids.discard("")
    if index is not None:
        for document in index.documents.values():
            linked = set(document.implements) | set(document.records) | {document.translation_of}
            if linked & ids:
                paths.add(document.path)
    return paths


def _relevant(
    diagnostics: list[Diagnostic], staged: list[Staged], index: Index | None, everything: bool
) -> list[Diagnostic]:
    """Diagnostics about staged files and about the files that link to staged documents."""
    paths = _relevant_paths(staged, index, everything)
    if paths is None:
        return diagnostics
    return [d for d in diagnostics if d.location.path in paths or d.location.path == SETTINGS_FILE]


def _plan(repo: Repository, staged: list[Staged], today: date, theirs: dict[str, str | None]) -> list[PlannedEdit]:
    """The stamps of the staged documents. In a merge, a text exactly as the merged side (`theirs`) has it
    was stamped (and maybe approved) by that side's own commits: only a resolution that is neither side's
    text is a new version."""
    planned = []
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


def _write_stamps(repo: Repository, place: GitPlace, stamps: list[PlannedEdit]) -> None:
    """Write the stamped texts into the index and the working tree, or change nothing at all."""
    old_entries = dict(index_entries(repo.top, [repo.prefix + s.path for s in stamps]))
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
        write_journal(place, journal)
    except BaseException as error:
        for path, original, mode in written:
            replace_file(path, original, mode)
        repo.git("update-index", "-z", "--index-info", data="\0".join(restore).encode() + b"\0")
        raise HookError(
            f"could not write the stamped version ({error}); the index and the working tree are as before"
        ) from None


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


def _merged_side(repo: Repository, staged: list[Staged]) -> dict[str, str | None]:
    """The text each staged source has on the side being merged in (MERGE_HEAD)."""
    specs = {item.path: f"MERGE_HEAD:{repo.prefix}{item.path}" for item in staged}
    blobs = cat_files(repo.top, list(specs.values()))
    return {path: decode_utf8(blobs.get(spec)) for path, spec in specs.items()}
