"""The history of every document, read from git in one pass.

Two git processes read everything, however many documents and commits there are: one
`git log --raw` lists every commit that touched a source and the blob each file had after it, and
one `git cat-file --batch` returns those blobs. A document is followed by its id, not its path, so
a file that is renamed or moved keeps its history.

A `Change` is one commit's effect on one document; consecutive changes with the same version form
a `Revision`. An approval or a review changes only control fields, so it joins the revision it
approves instead of starting a new one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from isms.core.model import Settings
from isms.git.run import GitError, cat_files, prefix_of, run, toplevel
from isms.read.frontmatter import StampError, content_key, top_level
from isms.read.settings import SETTINGS_FILE
from isms.read.yamltree import Scalar

_FIELDS = ("H", "P", "an", "ae", "aI", "cn", "ce", "cI", "B")
_FORMAT = "%x1e" + "%x1f".join(f"%{name}" for name in _FIELDS) + "%x1f"


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    author_email: str
    authored: datetime
    committer: str
    committer_email: str
    committed: datetime
    message: str

    @property
    def short(self) -> str:
        return self.sha[:8]

    @property
    def subject(self) -> str:
        return self.message.strip().split("\n", 1)[0].strip()

    @property
    def date(self) -> date:
        return self.authored.date()

    @property
    def trailers(self) -> tuple[tuple[str, str], ...]:
        """`Key: value` lines of the message's last paragraph (git's trailer block)."""
        paragraphs = self.message.strip().split("\n\n")
        if len(paragraphs) < 2:
            return ()
        found = []
        for line in paragraphs[-1].splitlines():
            key, colon, value = line.partition(":")
            if not colon or not key or " " in key.strip():
                return ()
            found.append((key.strip(), value.strip()))
        return tuple(found)

    def trailer_values(self, key: str) -> list[str]:
        return [value for name, value in self.trailers if name.lower() == key.lower()]


@dataclass(frozen=True)
class Change:
    """One commit's effect on one document."""

    document_id: str
    commit: Commit
    path: str
    blob: str
    values: tuple[tuple[str, str], ...]
    content: bool  # the text changed in more than control fields (always true for the first change)
    first: bool = False
    moved_from: str = ""

    def value(self, name: str) -> str:
        return dict(self.values).get(name, "")

    @property
    def version(self) -> str:
        return self.value("version")

    @property
    def status(self) -> str:
        return self.value("status")


@dataclass(frozen=True)
class Revision:
    """One version of a document: the changes that made it and those that approved or reviewed it."""

    document_id: str
    version: str
    changes: tuple[Change, ...]
    number: int  # 1 for the oldest revision

    @property
    def first(self) -> Change:
        return self.changes[0]

    @property
    def last(self) -> Change:
        return self.changes[-1]

    @property
    def date(self) -> date:
        return self.first.commit.date

    @property
    def status(self) -> str:
        return self.last.status

    @property
    def authored(self) -> tuple[Change, ...]:
        """The changes that wrote the content of this version (not approvals or reviews)."""
        return tuple(c for c in self.changes if c.content) or self.changes[:1]

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.commit.author for c in self.authored))

    @property
    def summary(self) -> str:
        return "; ".join(dict.fromkeys(c.commit.subject for c in self.authored))

    @property
    def approved_by(self) -> str:
        return self.last.value("approved_by") if self.status == "approved" else ""

    @property
    def approved_on(self) -> str:
        return self.last.value("approved_on") if self.status == "approved" else ""

    @property
    def was_approved(self) -> bool:
        return any(c.status == "approved" for c in self.changes)

    @property
    def approval(self) -> Change | None:
        """The change that made this version approved, if any."""
        for change in self.changes:
            if change.status == "approved":
                return change
        return None

    @property
    def reviews(self) -> tuple[Change, ...]:
        """The "reviewed, no change" commits of this version (isms review)."""
        wanted = f"{self.document_id} {self.version}"
        return tuple(c for c in self.changes if wanted in c.commit.trailer_values("Reviewed"))


@dataclass
class History:
    """Every document's revisions, oldest first, plus what could not be read."""

    revisions: dict[str, tuple[Revision, ...]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # blob id -> text, for the blobs revisions end at
    commits: dict[str, Commit] = field(default_factory=dict)
    settings_blobs: tuple[tuple[str, str], ...] = ()  # (commit, blob of isms.yml) in order
    head: str = ""
    shallow: bool = False
    available: bool = True  # False outside git or before the first commit
    warnings: tuple[str, ...] = ()
    # Commits of the file a document was imported from (`imported_from`), oldest first: its
    # history before the ISMS took it over, renames of that file followed.
    before: dict[str, tuple[Commit, ...]] = field(default_factory=dict)
    # Commits before approvals.since (the adoption baseline): approvals in them were given before
    # this repository recorded approvals with `isms approve`, and are taken as recorded.
    before_baseline: frozenset[str] = frozenset()

    def of(self, document_id: str) -> tuple[Revision, ...]:
        return self.revisions.get(document_id, ())

    def revision(self, document_id: str, version: str) -> Revision | None:
        return next((r for r in self.of(document_id) if r.version == version), None)

    def text(self, change: Change) -> str:
        return self.texts.get(change.blob, "")

    def changes(self) -> list[Change]:
        """Every change of every document, newest first."""
        every = [c for revisions in self.revisions.values() for r in revisions for c in r.changes]
        return sorted(every, key=lambda c: (c.commit.committed, c.commit.sha, c.document_id), reverse=True)

    @cached_property
    def _order(self) -> dict[str, int]:
        """Each commit's position in the log (oldest first), built once for all lookups."""
        return {commit: position for position, commit in enumerate(self.commits)}

    def settings_text_at(self, sha: str) -> str:
        """The text of isms.yml as it was at a commit (the last change to it at or before the commit)."""
        order = self._order
        here = order.get(sha, len(order))
        found = ""
        for commit, blob in self.settings_blobs:
            if order.get(commit, len(order)) <= here:
                found = self.texts.get(blob, found)
        return found

    def previous(self, revision: Revision) -> Revision | None:
        revisions = self.of(revision.document_id)
        return revisions[revision.number - 2] if revision.number > 1 else None


def read_history(root: Path, settings: Settings, rev: str = "HEAD") -> History:
    """The history of every source under root, as of `rev`. Never raises for git trouble."""
    top = toplevel(root)
    if top is None:
        return History(available=False, warnings=("not a git repository: no revision history is shown",))
    try:
        head = run(root, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        return History(available=False, warnings=(f"no commit '{rev}' yet: no revision history is shown",))
    prefix = prefix_of(root, top)
    paths = source_paths(settings)
    shallow = run(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
    log = run(
        root,
        "-c",
        "core.quotepath=false",
        "log",
        "-z",
        f"--format={_FORMAT}",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--topo-order",
        "--reverse",
        head,
        "--",
        *(f":(top,literal){prefix}{path}" for path in paths),
    ).decode("utf-8", "replace")
    commits, entries = _parse_log(log, prefix)
    blobs = cat_files(root, [blob for _, _, blob in entries if blob])
    history = _assemble(commits, entries, blobs)
    history.head = head
    history.shallow = shallow
    history.before = _before_import(root, head, history)
    history.before_baseline = _before_baseline(root, settings, history)
    if shallow:
        oldest = min((c.committed for c in commits.values()), default=None)
        since = f" before {oldest.date()}" if oldest else ""
        history.warnings += (
            f"this is a shallow clone: revisions{since} are missing and the oldest shown may be incomplete;"
            " run `git fetch --unshallow` for the full history",
        )
    return history


def _before_baseline(root: Path, settings: Settings, history: History) -> frozenset[str]:
    """Commits made before approvals were recorded with isms approve (approvals.since: a date or a commit)."""
    since = settings.approvals_since
    if not since:
        return frozenset()
    try:
        day = date.fromisoformat(since)
    except ValueError:
        try:
            return frozenset(run(root, "rev-list", since).decode().split())
        except GitError:
            return frozenset()
    return frozenset(sha for sha, commit in history.commits.items() if commit.committed.date() < day)


def _before_import(root: Path, head: str, history: History) -> dict[str, tuple[Commit, ...]]:
    """For each imported document, the commits of the file it was imported from, renames followed.

    One `git log --follow` per imported document (git follows one path at a time); documents that
    were not imported cost nothing.
    """
    found: dict[str, tuple[Commit, ...]] = {}
    for document_id, revisions in history.revisions.items():
        source = revisions[-1].last.value("imported_from")
        if not source or source.startswith(("/", "-")) or ".." in source.split("/"):
            continue
        try:
            log = run(
                root, "-c", "core.quotepath=false", "log", "-z", f"--format={_FORMAT}", "--follow", head, "--", source
            )
        except GitError:
            continue
        commits, _ = _parse_log(log.decode("utf-8", "replace"), "")
        first = revisions[0].first.commit.sha
        found[document_id] = tuple(c for sha, c in reversed(commits.items()) if sha != first)
    return found


def source_paths(settings: Settings) -> tuple[str, ...]:
    paths = (SETTINGS_FILE, settings.documents_path, settings.records_path, settings.applicability_path)
    return tuple(dict.fromkeys(paths))


def _parse_log(log: str, prefix: str) -> tuple[dict[str, Commit], list[tuple[str, str, str]]]:
    """Commits by sha, and (commit, path relative to root, new blob or '' when deleted) in order."""
    commits: dict[str, Commit] = {}
    entries: list[tuple[str, str, str]] = []
    for chunk in log.split("\x1e")[1:]:
        parts = chunk.split("\x1f", len(_FIELDS))
        sha, parents, author, email, authored, committer, committer_email, committed, message = parts[:9]
        commits[sha] = Commit(
            sha,
            tuple(parents.split()),
            author,
            email,
            datetime.fromisoformat(authored),
            committer,
            committer_email,
            datetime.fromisoformat(committed),
            message,
        )
        raw = parts[9].lstrip("\0\n").split("\0") if len(parts) > 9 else []
        for meta, path in zip(raw[0::2], raw[1::2], strict=False):
            if not meta.startswith(":") or not path.startswith(prefix):
                continue
            fields = meta[1:].split()
            new_mode, new_blob, status = fields[1], fields[3], fields[4]
            relative = path[len(prefix) :]
            if status == "D" or new_mode.startswith("12") or new_mode == "160000":
                entries.append((sha, relative, ""))
            else:
                entries.append((sha, relative, new_blob))
    return commits, entries


@dataclass(frozen=True)
class Facts:
    values: tuple[tuple[str, str], ...]
    key: str


def facts(path: str, text: str) -> Facts | None:
    """The scalar fields of a source and a digest of its content (everything but control fields)."""
    try:
        mapping = top_level(path, text)
    except StampError:
        return None
    values = tuple((k.text, v.text) for k, v in mapping.entries if isinstance(v, Scalar))
    return Facts(values, content_key(path, text, mapping))


def _assemble(
    commits: dict[str, Commit], entries: list[tuple[str, str, str]], blobs: dict[str, bytes | None]
) -> History:
    history = History(commits=commits)
    parsed: dict[str, Facts | None] = {}
    texts: dict[str, str] = {}
    at_path: dict[str, str] = {}  # path -> id of the document it holds now
    path_of: dict[str, str] = {}  # id -> the path it lives at now
    changes: dict[str, list[Change]] = {}
    last_key: dict[str, str] = {}
    settings_blobs: list[tuple[str, str]] = []
    for sha, path, blob in entries:
        if path == SETTINGS_FILE:
            if blob:
                settings_blobs.append((sha, blob))
                data = blobs.get(blob)
                if data is not None:
                    texts[blob] = data.decode("utf-8", "replace")
            continue
        if not blob:
            at_path.pop(path, None)
            continue
        if blob not in parsed:
            data = blobs.get(blob)
            text = data.decode("utf-8", "replace") if data is not None else ""
            parsed[blob] = facts(path, text) if data is not None else None
            if parsed[blob] is not None:
                texts[blob] = text
        found = parsed[blob]
        if found is None:
            continue  # unreadable at this commit; `isms check` reported it then
        document_id = dict(found.values).get("id") or at_path.get(path, "")
        if not document_id:
            continue
        previous_path = path_of.get(document_id, "")
        at_path[path] = document_id
        path_of[document_id] = path
        history_so_far = changes.setdefault(document_id, [])
        first = not history_so_far
        content = first or last_key.get(document_id) != found.key
        last_key[document_id] = found.key
        moved = previous_path if previous_path and previous_path != path else ""
        history_so_far.append(Change(document_id, commits[sha], path, blob, found.values, content, first, moved))
    history.revisions = {doc_id: _revisions(doc_id, doc_changes) for doc_id, doc_changes in changes.items()}
    needed = {r.last.blob for revisions in history.revisions.values() for r in revisions}
    needed |= {
        c.blob
        for revisions in history.revisions.values()
        for r in revisions
        for c in r.changes
        if c.status == "approved"
    }
    needed |= {blob for _, blob in settings_blobs}
    history.texts = {blob: texts[blob] for blob in needed if blob in texts}
    history.settings_blobs = tuple(settings_blobs)
    return history


def _revisions(document_id: str, changes: Iterable[Change]) -> tuple[Revision, ...]:
    groups: list[list[Change]] = []
    for change in changes:
        if groups and groups[-1][-1].version == change.version:
            groups[-1].append(change)
        else:
            groups.append([change])
    return tuple(Revision(document_id, g[0].version, tuple(g), n) for n, g in enumerate(groups, start=1))


@dataclass(frozen=True)
class Row:
    """A revision as the revision-history tables on pages and in PDFs show it."""

    version: str
    date: str
    status: str
    author: str
    approver: str
    summary: str
    commit: str
    approval_commit: str = ""  # the commit that approved this version
    approved_before_adoption: bool = False  # before approvals.since: taken as recorded, not verified

    def cells(self) -> list[str]:
        return [self.version, self.date, self.author, self.approver, self.summary, self.commit[:8]]


BEFORE_ADOPTION = "before adoption"


def before_rows(history: History, document_id: str, settings: Settings, newest_first: bool = True) -> list[Row]:
    """The commits of the file a document was imported from, as rows under its own revisions."""
    result = [
        Row(
            "—",
            commit.date.isoformat(),
            BEFORE_ADOPTION,
            settings.display_name(commit.author_email, commit.author),
            "",
            commit.subject,
            commit.sha,
        )
        for commit in history.before.get(document_id, ())
    ]
    return result[::-1] if newest_first else result


def rows(history: History, document_id: str, settings: Settings, newest_first: bool = True) -> list[Row]:
    result = []
    for revision in history.of(document_id):
        authors = [settings.display_name(c.commit.author_email, c.commit.author) for c in revision.authored]
        approver = ""
        adopted = False
        if revision.approved_by:
            person = settings.person(revision.approved_by)
            approver = f"{person.name if person else revision.approved_by}, {revision.approved_on}".strip(", ")
            adopted = revision.approval is not None and revision.approval.commit.sha in history.before_baseline
            if adopted:
                approver += f" ({BEFORE_ADOPTION})"
        result.append(
            Row(
                revision.version,
                revision.date.isoformat(),
                revision.status,
                ", ".join(dict.fromkeys(authors)),
                approver,
                revision.summary,
                revision.last.commit.sha,
                revision.approval.commit.sha if revision.approval and revision.approved_by else "",
                adopted,
            )
        )
    return result[::-1] if newest_first else result
