"""isms.yml as a controlled document: who the people are, who holds which role, what each audience may see
and how approvals work change only with an approval by the role `approvals: settings:` names.

Control starts at the first commit whose isms.yml names that role (like approvals.since, what came before is
taken as recorded). From then on every change to the controlled sections (people, roles, audiences,
classifications, approvals) is pending until a member of the role, as the last approved isms.yml has it,
makes an approval commit (`isms approve isms.yml`: an empty commit with the trailer
`Approved: isms.yml DIGEST`, DIGEST naming exactly the sections approved) without having written any of the
pending changes. Document approvals are checked against the last approved isms.yml at their commit, so a
role grant made or used before its own approval grants nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from isms.core.diagnostics import Report
from isms.core.revisions import Commit, History
from isms.core.settings import Settings
from isms.git.history import SETTINGS_APPROVAL, settings_approvals
from isms.read.settings import read_settings
from isms.read.yamltree import Mapping, parse, to_python

CONTROLLED = ("people", "roles", "audiences", "classifications", "approvals")


def controlled_sections(text: str) -> dict[str, object]:
    """The controlled sections of an isms.yml text as plain values ({} when it cannot be read)."""
    root, _ = parse(text.removeprefix("\ufeff"), "isms.yml")
    if not isinstance(root, Mapping):
        return {}
    return {name: to_python(node) for name in CONTROLLED if (node := root.get(name)) is not None}


def digest(text: str) -> str:
    """What an approval of isms.yml approves: the controlled sections, whatever else the file says."""
    canonical = json.dumps(controlled_sections(text), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=64)
def settings_of(text: str) -> Settings | None:
    return read_settings(text, Report())


@dataclass(frozen=True)
class Pending:
    """A commit that changed the controlled sections of isms.yml, not approved (yet)."""

    commit: Commit
    text: str
    sections: tuple[str, ...]


@dataclass(frozen=True)
class Refusal:
    """An approval commit of isms.yml that does not count, and why."""

    commit: Commit
    reason: str


@dataclass
class Control:
    """The settings in force along the history, and what was changed or approved outside the rules."""

    role: str  # the approving role, from the last approved isms.yml ("" while not controlled)
    order: dict[str, int] = field(default_factory=dict)  # each commit's position, oldest first
    approved: list[tuple[int, str]] = field(default_factory=list)  # (position, text) in force from there on
    pending: list[Pending] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    # Each change commit of isms.yml: how it stands ("approved", "recorded" before control, "uncontrolled"
    # when no controlled section changed; absent while pending) and the approval commit that approved it.
    decided: dict[str, tuple[str, Commit | None]] = field(default_factory=dict)

    def settings_at(self, sha: str, fallback: Settings) -> Settings:
        """The last approved isms.yml at a commit ("" for now); `fallback` when none could be read."""
        position = self.order.get(sha, len(self.order))
        text = ""
        for start, approved in self.approved:
            if start > position:
                break
            text = approved
        return (settings_of(text) if text else None) or fallback

    @property
    def approved_text(self) -> str:
        return self.approved[-1][1] if self.approved else ""

    def pending_authors(self, settings: Settings) -> set[str]:
        return {_person(settings, p.commit) for p in self.pending}


def read_control(root: Path, history: History) -> Control:
    """isms.yml's control along the history: its approval commits read from git up to the history's head."""
    approvals, order = settings_approvals(root, history.head) if history.head else ([], {})
    return follow(history, approvals, order)


def follow(history: History, approvals: list[Commit], order: dict[str, int]) -> Control:
    """Walk the changes of isms.yml and its approval commits in commit order."""
    events: list[tuple[int, str, Commit, str]] = []
    for sha, blob in history.settings_blobs:
        events.append((order.get(sha, -1), "change", history.commits[sha], history.texts.get(blob, "")))
    for commit in approvals:
        events.append((order.get(commit.sha, -1), "approval", commit, ""))
    events.sort(key=lambda event: (event[0], event[1] == "approval"))
    control = Control("", order)
    latest = ""
    for position, kind, commit, text in events:
        if kind == "change":
            latest = text
            approved_settings = settings_of(control.approved_text) if control.approved_text else None
            role = approved_settings.approvals_settings if approved_settings else ""
            if not role or commit.sha in history.before_baseline:  # not controlled yet: taken as recorded
                control.approved.append((position, text))
                control.pending.clear()
                control.decided[commit.sha] = ("recorded", None)
            elif digest(text) == digest(control.approved_text):
                control.approved.append((position, text))  # only uncontrolled sections changed
                control.pending.clear()
                control.decided[commit.sha] = ("uncontrolled", None)
            else:
                control.pending.append(Pending(commit, text, _changed_sections(control.approved_text, text)))
            continue
        _approve(control, commit, position, latest)
    approved_settings = settings_of(control.approved_text) if control.approved_text else None
    control.role = approved_settings.approvals_settings if approved_settings else ""
    return control


def _approve(control: Control, commit: Commit, position: int, latest: str) -> None:
    approved_settings = settings_of(control.approved_text) if control.approved_text else None
    role = approved_settings.approvals_settings if approved_settings else ""
    named = [v.split()[-1] for v in commit.trailer_values("Approved") if v.split()[0] == SETTINGS_APPROVAL]
    if approved_settings is None or not role:
        control.refused.append(Refusal(commit, "isms.yml named no approving role (approvals: settings:) then"))
        return
    if not control.pending:
        control.refused.append(Refusal(commit, "there was no unapproved change of isms.yml to approve"))
        return
    if digest(latest) not in named:
        control.refused.append(Refusal(commit, "it approves another text of isms.yml than the one committed"))
        return
    person = _person(approved_settings, commit)
    if not approved_settings.is_member(person, role):
        control.refused.append(Refusal(commit, f"{person} was not a member of the role '{role}'"))
        return
    if person in control.pending_authors(approved_settings):
        control.refused.append(Refusal(commit, f"{person} wrote a change they approved (separation of duties)"))
        return
    control.approved.append((position, latest))
    for pending in control.pending:
        control.decided[pending.commit.sha] = ("approved", commit)
    control.pending.clear()


def _person(settings: Settings, commit: Commit) -> str:
    person = settings.person_by_email(commit.author_email)
    return person.id if person else f"<{commit.author_email.lower()}>"


def _changed_sections(before: str, after: str) -> tuple[str, ...]:
    old, new = controlled_sections(before), controlled_sections(after)
    return tuple(name for name in CONTROLLED if old.get(name) != new.get(name))
