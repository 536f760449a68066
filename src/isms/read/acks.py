"""Read acknowledgements: staff confirming that they read a document version.

They are records kept in the repository, one CSV file per document
(`policies/acknowledgements/POL-001.csv`, columns `person,version,date`), so they are reviewed and
versioned like everything else and need no database. An acknowledgement counts for every minor
version of the same major version; a new major version has to be acknowledged again.

`import_export` merges an export from an HR system or a form tool into those files: it only ever
appends rows, so nothing already recorded is rewritten.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.core.files import replace_file
from isms.core.model import Document
from isms.core.settings import Person, Settings

HEADER = ("person", "version", "date")
_VERSION = re.compile(r"^\d+\.\d+$")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})")


@dataclass(frozen=True)
class Ack:
    document_id: str
    person: str  # person id
    version: str
    on: date
    line: int

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])


@dataclass(frozen=True)
class RoleCoverage:
    role: str
    members: tuple[str, ...]  # person ids
    acknowledged: tuple[str, ...]  # acknowledged this major version
    earlier: tuple[str, ...]  # acknowledged only an earlier major version: must acknowledge again

    @property
    def missing(self) -> tuple[str, ...]:
        done = set(self.acknowledged)
        return tuple(m for m in self.members if m not in done)

    @property
    def percent(self) -> int:
        return round(100 * len(self.acknowledged) / len(self.members)) if self.members else 100


@dataclass(frozen=True)
class Coverage:
    document: Document
    major: int
    roles: tuple[RoleCoverage, ...]


def file_for(settings: Settings, document_id: str) -> str:
    return f"{settings.acknowledgements_path}/{document_id}.csv"


def read_all(root: Path, settings: Settings, known: set[str], report: Report) -> dict[str, tuple[Ack, ...]]:
    """Every acknowledgement file, checked; problems become diagnostics naming the file and line."""
    folder = root / settings.acknowledgements_path
    if not folder.is_dir() or folder.is_symlink():
        return {}
    result = {}
    for path in sorted(folder.iterdir()):
        relative = path.relative_to(root).as_posix()
        if path.name.startswith((".", "_")) or path.name == "README.md":
            continue
        if path.suffix.lower() != ".csv" or path.is_symlink() or not path.is_file():
            report.add(
                codes.ACK_INVALID, Location(relative), "not an acknowledgement file (DOCUMENT-ID.csv)", "move it out"
            )
            continue
        document_id = path.stem
        if document_id not in known:
            report.add(
                codes.ACK_UNKNOWN,
                Location(relative),
                f"acknowledgements for {document_id}, which is not a document",
                "name the file after the document's id, e.g. POL-001.csv",
            )
            continue
        if path.stat().st_size > settings.max_file_bytes:
            report.add(codes.FILE_TOO_LARGE, Location(relative), f"the file is larger than {settings.max_file_bytes}")
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            report.add(codes.ACK_INVALID, Location(relative), f"cannot be read as UTF-8 text ({error})")
            continue
        result[document_id] = tuple(_parse(relative, document_id, text, settings, report))
    return result


def _parse(relative: str, document_id: str, text: str, settings: Settings, report: Report) -> list[Ack]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(cell.strip().lower() for cell in rows[0]) != HEADER:
        report.add(codes.ACK_INVALID, Location(relative, 1, 1), "the first line must be: person,version,date", "add it")
        return []
    acks = []
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            report.add(
                codes.ACK_INVALID, Location(relative, line, 1), f"{len(row)} columns; expected person,version,date"
            )
            continue
        who, version, when = (cell.strip() for cell in row)
        day = _day(when)
        if not _VERSION.match(version) or day is None:
            what = (
                f"version '{version}' is not major.minor" if not _VERSION.match(version) else f"'{when}' is not a date"
            )
            report.add(codes.ACK_INVALID, Location(relative, line, 1), what, "write e.g. kmorita,2.0,2026-04-10")
            continue
        person = find_person(settings, who)
        if person is None:
            report.add(
                codes.ACK_UNKNOWN,
                Location(relative, line, 1),
                f"'{who}' is not a person in isms.yml",
                "use a person id or e-mail from isms.yml; add the person there first",
            )
            continue
        if (person.id, version) in seen:
            continue
        seen.add((person.id, version))
        acks.append(Ack(document_id, person.id, version, day, line))
    return acks


def _day(text: str) -> date | None:
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def find_person(settings: Settings, who: str) -> Person | None:
    """A person by id, by any of their e-mail addresses, or by their exact name."""
    key = who.strip()
    return (
        settings.person(key)
        or settings.person_by_email(key)
        or next((p for p in settings.people if p.name.casefold() == key.casefold()), None)
    )


def coverage(settings: Settings, document: Document, acks: tuple[Ack, ...]) -> Coverage | None:
    """Who in each acknowledging role has read the document's current major version."""
    if not document.acknowledge:
        return None
    major = int(str(document.version).split(".")[0])
    current = {a.person for a in acks if a.major == major}
    earlier = {a.person for a in acks if a.major < major}
    roles = []
    for role_id in document.acknowledge:
        role = settings.role(role_id)
        members = role.members if role else ()
        roles.append(
            RoleCoverage(
                role_id,
                members,
                tuple(m for m in members if m in current),
                tuple(m for m in members if m in earlier and m not in current),
            )
        )
    return Coverage(document, major, tuple(roles))


@dataclass(frozen=True)
class Imported:
    added: dict[str, int]  # per document file
    already: int
    rejected: list[str]  # "line N: why"


_COLUMNS = {
    "person": ("person", "email", "e-mail", "mail", "user", "username", "employee", "name"),
    "document": ("document", "document id", "policy", "id"),
    "version": ("version", "document version", "policy version"),
    "date": ("date", "acknowledged", "acknowledged at", "acknowledged on", "timestamp", "completed", "completion time"),
}


def import_export(
    root: Path,
    settings: Settings,
    documents: dict[str, Document],
    existing: dict[str, tuple[Ack, ...]],
    text: str,
    document_id: str = "",
    version: str = "",
) -> Imported:
    """Append the rows of an export that are not recorded yet; nothing is written if a row is unreadable."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        return Imported({}, 0, ["the file is empty"])
    header = [cell.strip().lower() for cell in rows[0]]
    columns = {name: next((header.index(a) for a in aliases if a in header), -1) for name, aliases in _COLUMNS.items()}
    problems = [
        f"line 1: no {name} column (one of: {', '.join(_COLUMNS[name])})"
        for name in ("person", "date")
        if columns[name] < 0
    ]
    if columns["document"] < 0 and not document_id:
        problems.append("line 1: no document column; give --document ID")
    if columns["version"] < 0 and not version:
        problems.append("line 1: no version column; give --version X.Y")
    if problems:
        return Imported({}, 0, problems)
    recorded = {(a.document_id, a.person, a.version) for acks in existing.values() for a in acks}
    additions: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    rejected, already = [], 0
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            position = columns[name]
            return row[position].strip() if 0 <= position < len(row) else ""

        target = cell("document") or document_id
        target = documents[target].translation_of or target if target in documents else target
        wanted = cell("version") or version
        person = find_person(settings, cell("person"))
        day = _day(cell("date"))
        if target not in documents:
            rejected.append(f"line {line}: '{target}' is not a document")
        elif person is None:
            rejected.append(f"line {line}: '{cell('person')}' is not a person in isms.yml")
        elif not _VERSION.match(wanted):
            rejected.append(f"line {line}: version '{wanted}' is not major.minor")
        elif day is None:
            rejected.append(f"line {line}: '{cell('date')}' is not a date")
        elif (target, person.id, wanted) in recorded:
            already += 1
        else:
            recorded.add((target, person.id, wanted))
            additions[target].append((person.id, wanted, day.isoformat()))
    if rejected:
        return Imported({}, already, rejected)
    for target, new_rows in additions.items():
        _append(root / file_for(settings, target), new_rows)
    return Imported({k: len(v) for k, v in additions.items()}, already, [])


def _append(path: Path, rows: list[tuple[str, str, str]]) -> None:
    """The file's bytes as they were, then the new rows; written to a temporary file and renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_bytes() if path.exists() else b""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not old.strip():
        writer.writerow(HEADER)
    writer.writerows(rows)
    joint = b"" if not old or old.endswith(b"\n") else b"\n"
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    replace_file(path, old + joint + buffer.getvalue().encode("utf-8"), mode)
