"""Opening the ISMS for publishing: one pipeline for the site, `isms pdf` and builds of the past.

check → where the build comes from → history → audience → archive, in that order, every time. The
renderers (render/, site/) are functions of the View this returns: they never run git or the loader,
and a past version is parsed once, in the Archive, whoever shows it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

from isms.core.diagnostics import Diagnostic, has_errors
from isms.core.model import Status
from isms.core.revisions import BuildOrigin, Change, History, SettingsChange, SourceCommit
from isms.git.commits import build_origin, source_commits
from isms.git.history import read_history
from isms.git.run import tool_folder
from isms.read.source_cache import SourceCache
from isms.resolve.archive import Archive
from isms.resolve.audience import find, restrict
from isms.resolve.check import check
from isms.resolve.index import Index


@dataclass(frozen=True)
class View:
    """What a build publishes from: the checked (and, for an audience, restricted) ISMS and its history."""

    index: Index
    today: date
    origin: BuildOrigin = field(default_factory=lambda: BuildOrigin(""))
    history: History | None = None  # None: history was not asked for (no revision tables, no archive)
    sources: Mapping[str, SourceCommit] = field(default_factory=dict)  # the last commit of each source path
    redact: Callable[[str], str] = str  # applied to hand-written pages, for an audience
    audience: str = ""
    archive: Archive | None = None
    # Approved documents whose text changed after the approval without a new version: the last such change.
    unapproved: Mapping[str, Change] = field(default_factory=dict)

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.history.warnings if self.history is not None else ()

    def source(self, path: str) -> SourceCommit:
        return self.sources.get(path) or SourceCommit("", fallback_time(self.index), dirty=True)


@dataclass(frozen=True)
class Opened:
    diagnostics: list[Diagnostic]
    view: View | None

    @property
    def ok(self) -> bool:
        return self.view is not None and not has_errors(self.diagnostics)


def open_view(
    root: Path,
    today: date,
    *,
    rev: str = "HEAD",
    git_root: Path | None = None,
    as_of: str = "",
    audience: str = "",
    history: bool = True,
    sources: bool = True,
    docs: Path | None = None,
    settings_changes: Callable[[Path, History], tuple[SettingsChange, ...]] | None = None,
    histories: MutableMapping[str, History] | None = None,
) -> Opened:
    """Check the ISMS at root and, when it has no errors, open it for publishing.

    `git_root` is where history is read (a build of the past reads its sources from a copy of the
    tree at `rev`, and its history from the repository); `sources` reads the last commit of every
    source file, which PDFs and exports print; `settings_changes` reads how isms.yml's controlled sections
    changed and were approved (a layer above this one knows how). `histories` keeps the history read
    for a commit and the settings that say where the sources are, for the next opening of the same
    ISMS (mkdocs serve opens it on every save; the history changes only with a commit). Raises
    UnknownAudience for an audience isms.yml lacks.
    """
    folder = tool_folder(root) if git_root is None else None  # a copy of the past is read once
    checked = check(root, today, docs=docs, cache=SourceCache(folder) if folder is not None else None)
    if not checked.ok or checked.index is None:
        return Opened(checked.diagnostics, None)
    index = checked.index
    repository = git_root or root
    origin = build_origin(repository, rev, as_of)
    past = _history(repository, index, rev, origin, settings_changes, histories) if history else None
    redact: Callable[[str], str] = str
    if audience:
        restricted = restrict(index, past or History(available=False), find(index.settings, audience))
        index, redact = restricted.index, restricted.redact
        if past is not None:  # isms.yml may name what this audience may not see: its changes are redacted too
            changes = tuple(_redacted_change(c, restricted.redact) for c in past.settings_changes)
            past = replace(restricted.history, settings_changes=changes)
    commits: dict[str, SourceCommit] = {}
    if sources:
        commits = source_commits(root, [d.path for d in index.corpus.documents], fallback_time(index))
        if as_of:  # a copy of the past: its files are as committed, whatever the copy says
            commits = {path: SourceCommit(s.commit, s.timestamp) for path, s in commits.items()}
    unapproved = changed_after_approval(index, past) if past is not None else {}
    if unapproved:  # not approved as it stands: every renderer shows it as awaiting approval
        index = _awaiting_approval(index, unapproved)
    archive = Archive(index, past) if past is not None else None
    view = View(index, today, origin, past, commits, redact, audience, archive, unapproved)
    return Opened(checked.diagnostics, view)


def _history(
    repository: Path,
    index: Index,
    rev: str,
    origin: BuildOrigin,
    settings_changes: Callable[[Path, History], tuple[SettingsChange, ...]] | None,
    histories: MutableMapping[str, History] | None,
) -> History:
    key = f"{origin.commit}\0{settings_changes is not None}\0{index.settings!r}"
    if origin.commit and histories is not None and key in histories:
        return histories[key]
    past = read_history(repository, index.settings, rev)
    if settings_changes is not None:
        past.settings_changes = settings_changes(repository, past)
    if origin.commit and histories is not None:
        histories.clear()  # only the latest is asked for again
        histories[key] = past
    return past


def _redacted_change(change: SettingsChange, redact: Callable[[str], str]) -> SettingsChange:
    commit = replace(change.commit, message=redact(change.commit.message))
    return replace(change, commit=commit, lines=tuple(redact(line) for line in change.lines))


def changed_after_approval(index: Index, history: History) -> dict[str, Change]:
    """Each document shown as approved whose current version's text changed after it was approved."""
    found = {}
    for document in index.corpus.documents:
        revision = history.revision(document.id, str(document.version))
        changed = history.changed_after_approval(revision) if revision is not None else ()
        if document.status is Status.APPROVED and changed:
            found[document.id] = changed[-1]
    return found


def _awaiting_approval(index: Index, changed: Mapping[str, Change]) -> Index:
    """The index with each document whose approved text changed shown as in review, not approved."""
    documents = tuple(replace(d, status=Status.IN_REVIEW) if d.id in changed else d for d in index.corpus.documents)
    return Index(replace(index.corpus, documents=documents), complete=index.complete)


def fallback_time(index: Index) -> int:
    """For sources outside git: the latest effective or approval date, so output stays reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return int(epoch)
    dates = [d for doc in index.corpus.documents for d in (doc.effective, doc.approved_on) if d]
    latest = max(dates, default=date(2000, 1, 1))
    return int(datetime(latest.year, latest.month, latest.day, tzinfo=timezone.utc).timestamp())
