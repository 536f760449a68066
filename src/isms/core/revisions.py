"""What git says about the ISMS, as plain values: commits, each document's changes and revisions, where a
source file and a whole build come from. Read by git/ (which fills them) and by every renderer (which only
reads them); nothing here runs git.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from isms.core.trailers import SUMMARY_FIELD, SUMMARY_TRAILER, summary_target


@dataclass(frozen=True)
class SourceCommit:
    """Where a source file stands in git: the last commit that changed it, that commit's time, and whether
    the working tree differs from it."""

    commit: str
    timestamp: int
    dirty: bool = False

    @property
    def label(self) -> str:
        short = self.commit[:8] if self.commit else "uncommitted"
        return f"{short}+dirty" if self.dirty and self.commit else short


@dataclass(frozen=True)
class BuildOrigin:
    """The commit a build comes from, and whether the tree had uncommitted changes."""

    commit: str
    committed: str = ""  # ISO date of that commit
    dirty: bool = False
    as_of: str = ""  # the date or revision asked for with --as-of, when the build is of the past

    @property
    def label(self) -> str:
        if not self.commit:
            return "uncommitted sources (not in git)"
        return f"{self.commit[:8]}{' + uncommitted changes' if self.dirty else ''}"


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


Day = date  # the type, under a name a property called `date` does not shadow


def trailer_summary(commit: Commit, document_id: str) -> str:
    """What the author says a commit changed in one document: its `Change-Summary:` trailers that name
    this document, else those that name none (they speak for every document the commit changes)."""
    own: list[str] = []
    general: list[str] = []
    for value in commit.trailer_values(SUMMARY_TRAILER):
        target, text = summary_target(value)
        if target == document_id:
            own.append(text)
        elif not target and text:
            general.append(text)
    return "; ".join(dict.fromkeys(own or general))


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


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
    key: str = ""  # the digest of the text without its control fields: what an approval approves

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
    def revised(self) -> Day:
        """The version's own date: the `revised` stamp of its last authored change (else the commit's
        date), never later than the approval of the version: a version approved before it was
        committed here (adopted from an earlier system) existed by its approval."""
        last = self.authored[-1]
        day = parse_day(last.value("revised")) or last.commit.date
        approval = self.approval
        approved = parse_day(approval.value("approved_on")) if approval else None
        return approved if approved is not None and approved < day else day

    @property
    def effective_from(self) -> Day | None:
        """When this version came into force: its approval's effective date, never before the
        approval itself; None when it was never approved."""
        approval = self.approval
        if approval is None:
            return None
        approved = parse_day(approval.value("approved_on")) or approval.commit.date
        effective = parse_day(approval.value("effective"))
        return effective if effective is not None and effective >= approved else approved

    @property
    def author_summary(self) -> str:
        """The change summary its authors gave in `Change-Summary:` trailers; "" when they gave none."""
        found = (trailer_summary(c.commit, self.document_id) for c in self.authored)
        return "; ".join(dict.fromkeys(s for s in found if s))

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
    def changed_after_approval(self) -> tuple[Change, ...]:
        """Changes that left this version's text other than the text that was approved, in the same
        version (a commit past the hooks, or a merge resolution); () when it was never approved."""
        approval = self.approval
        if approval is None:
            return ()
        later = self.changes[self.changes.index(approval) + 1 :]
        return tuple(c for c in later if c.key != approval.key and c.content)

    @property
    def reviews(self) -> tuple[Change, ...]:
        """The "reviewed, no change" commits of this version (isms review)."""
        wanted = f"{self.document_id} {self.version}"
        return tuple(c for c in self.changes if wanted in c.commit.trailer_values("Reviewed"))


@dataclass(frozen=True)
class SettingsChange:
    """A change to isms.yml as "What changed" lists it: who made it, what it changed field by field
    ("roles.ciso.members: + liwei"), and who approved it, when its controlled sections need approval."""

    commit: Commit
    lines: tuple[str, ...]
    state: str  # approved, not approved, recorded (before isms.yml was controlled), uncontrolled
    approval: Commit | None = None


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
    settings_changes: tuple[SettingsChange, ...] = ()  # newest last; filled where isms.yml's control is read
    # (approval, change) commits where the change of that version's text came from a branch that did not
    # have the approval: two branches each stamped the same next version (git/history.py)
    parallel: frozenset[tuple[str, str]] = frozenset()

    def of(self, document_id: str) -> tuple[Revision, ...]:
        return self.revisions.get(document_id, ())

    def changed_after_approval(self, revision: Revision) -> tuple[Change, ...]:
        """The changes of a revision's approved text made without a new version, but for those from before
        approvals were recorded with isms approve (approvals.since), which are taken as recorded, and those
        that do not descend from the approval (`parallel`)."""
        approval = revision.approval
        return tuple(
            c
            for c in revision.changed_after_approval
            if c.commit.sha not in self.before_baseline
            and (approval is None or (approval.commit.sha, c.commit.sha) not in self.parallel)
        )

    def adopted(self, revision: Revision) -> bool:
        """Whether a version was written before approvals.since (the adoption baseline): its commits are
        how the ISMS was brought into the repository, not changes its people made and described."""
        return bool(self.before_baseline) and all(c.commit.sha in self.before_baseline for c in revision.authored)

    def change_summary(self, revision: Revision) -> tuple[str, str]:
        """A version's change summary and where it comes from: "author" (a `Change-Summary:` trailer),
        "field" (a change_summary front-matter field set in this version), "adopted" (written before the
        baseline: no summary) or "commit" (the subjects of its commits, for histories without either)."""
        if revision.author_summary:
            return revision.author_summary, "author"
        stated = revision.authored[-1].value(SUMMARY_FIELD)
        previous = self.previous(revision)
        if stated and (previous is None or previous.authored[-1].value(SUMMARY_FIELD) != stated):
            return stated, "field"
        if self.adopted(revision):
            return "", "adopted"
        return revision.summary, "commit"

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
