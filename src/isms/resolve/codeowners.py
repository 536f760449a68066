"""CODEOWNERS files that make each document's approver role review every change to it.

GitHub reads `.github/CODEOWNERS`, GitLab `.gitlab/CODEOWNERS`; the syntax of plain entries is the
same. The tool owns only a marked block inside each file: lines a user wrote above or below it are
kept as they are. The block goes last when it is first added, because the last matching entry
wins, so a catch-all such as `* @platform-team` written earlier does not override it.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.core.files import replace_file
from isms.core.settings import Settings
from isms.resolve.index import Index

BEGIN = "# BEGIN isms codeowners: generated from isms.yml by `isms codeowners`; edits inside are replaced"
END = "# END isms codeowners"
FILES = {"github": ".github/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS"}
_GITLAB_SECTION = "[ISMS documents]"


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the repository root, '/'-separated
    owners: tuple[str, ...]  # @handles
    role: str
    document_id: str


@dataclass(frozen=True)
class Outcome:
    path: str
    changed: bool


def entries(index: Index, prefix: str = "") -> list[Entry]:
    """One entry per document source: its approver role's members, by handle."""
    settings = index.settings
    result = []
    for document in sorted(index.corpus.documents, key=lambda d: d.path):
        role = document.approver or document.owner
        result.append(Entry(prefix + document.path, _handles(settings, role), role, document.id))
    return result


def _handles(settings: Settings, role_id: str) -> tuple[str, ...]:
    role = settings.role(role_id)
    people = [settings.person(member) for member in (role.members if role else ())]
    return tuple(f"@{p.handle.lstrip('@')}" for p in people if p is not None and p.handle)


def block(found: list[Entry], platform: str) -> str:
    lines = [BEGIN]
    if platform == "gitlab":
        lines.append(_GITLAB_SECTION)
    for entry in found:
        owners = " ".join(entry.owners)
        if not owners:
            lines.append(f"# {entry.document_id}: no member of role '{entry.role}' has a handle in isms.yml")
        lines.append(f"/{_escape(entry.path)} {owners}".rstrip())
    lines.append(END)
    return "\n".join(lines) + "\n"


def _escape(path: str) -> str:
    """CODEOWNERS patterns: a backslash escapes spaces and the characters that start a comment or a glob."""
    return "".join("\\" + c if c in " #*?[]!\\" else c for c in path)


def merged(existing: str | None, new_block: str) -> str:
    """The file with the generated block replaced, or appended when the file has none."""
    if not existing:
        return new_block
    lines = existing.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.rstrip("\r\n") == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.rstrip("\r\n") == END]
    if starts and ends and ends[0] > starts[0]:
        return "".join(lines[: starts[0]]) + new_block + "".join(lines[ends[0] + 1 :])
    separator = "" if existing.endswith("\n") else "\n"
    return existing + separator + "\n" + new_block


@dataclass(frozen=True)
class Target:
    relative: str  # to the repository top
    current: str | None  # the file as it is, None when there is none
    wanted: str

    @property
    def stale(self) -> bool:
        return self.current != self.wanted


def targets(index: Index, root: Path, top: Path) -> list[Target]:
    """Each CODEOWNERS file as it is and as it should be; each file is read once."""
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    found = entries(index, "" if prefix == "." else prefix + "/")
    result = []
    for platform, relative in FILES.items():
        path = top / relative
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        result.append(Target(relative, current, merged(current, block(found, platform))))
    return result


def write(index: Index, root: Path, top: Path, check_only: bool = False) -> list[Outcome]:
    outcomes = []
    for target in targets(index, root, top):
        if target.stale and not check_only:
            path = top / target.relative
            path.parent.mkdir(parents=True, exist_ok=True)
            mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
            replace_file(path, target.wanted.encode("utf-8"), mode)
        outcomes.append(Outcome(target.relative, target.stale))
    return outcomes


def unowned(index: Index) -> list[Entry]:
    return [e for e in entries(index) if not e.owners]


def check_current(index: Index, root: Path, report: Report) -> None:
    """Warn when a CODEOWNERS file exists but no longer matches isms.yml and the documents."""
    top = _repository_top(root)
    if not any((top / relative).is_file() for relative in FILES.values()):
        return  # nothing to compare: no entries are computed on every check of a repository without them
    for target in targets(index, root, top):
        if target.current is not None and target.stale:
            path = top / target.relative
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            report.add(
                codes.CODEOWNERS_STALE,
                Location(shown),
                "does not match the documents' approver roles in isms.yml",
                "run `isms codeowners` and commit the result",
            )


def _repository_top(root: Path) -> Path:
    """The folder holding .git at or above root (CODEOWNERS lives at the repository top), else root."""
    for folder in (root, *root.resolve().parents):
        if (folder / ".git").exists():
            return folder
    return root
