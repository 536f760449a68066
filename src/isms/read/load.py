"""Loading a whole ISMS repository: settings, catalogs, documents, record templates and the SoA.

Every file is checked before it is parsed (no symbolic links, bounded size, no binary data,
valid UTF-8), so hostile input ends as a diagnostic, never as a traceback or a hang.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from isms.core import diagnostics as codes
from isms.core.catalog import CONTROL_ID, Catalog, Control, Theme, builtin_catalog
from isms.core.diagnostics import Location, Report
from isms.core.model import Document, Level, Settings, Status, Version
from isms.read.acks import Ack
from isms.read.acks import read_all as read_acknowledgements
from isms.read.fields import Reader, did_you_mean
from isms.read.mkdocs_file import MKDOCS_FILE, top_level_value
from isms.read.settings import MAX_FILE_KIB, SETTINGS_FILE, read_settings
from isms.read.sources import INHERITED_FIELDS, Draft, read_source
from isms.read.statements import find_statements
from isms.read.yamltree import Mapping, Sequence, parse

SOURCE_SUFFIXES = (".md", ".yml", ".yaml")
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".csv", ".txt")


@dataclass(frozen=True)
class Corpus:
    """Everything read from one repository, before cross-checks."""

    root: Path
    settings: Settings
    catalog: Catalog
    documents: tuple[Document, ...]
    unbuilt: frozenset[str] = frozenset()
    acknowledgements: dict[str, tuple[Ack, ...]] = field(default_factory=dict)

    @property
    def soa(self) -> Document | None:
        return next((d for d in self.documents if d.level is Level.SOA), None)


def load(root: Path, report: Report) -> Corpus | None:
    """Read the repository at root. None when isms.yml itself cannot be used."""
    settings_text = read_text(root, SETTINGS_FILE, report, max_bytes=1_048_576)
    if settings_text is None:
        if not (root / SETTINGS_FILE).exists():
            report.add(
                codes.SETTINGS_MISSING,
                Location(SETTINGS_FILE),
                f"no {SETTINGS_FILE} in {root}",
                "run isms inside an ISMS repository, or pass --root PATH",
            )
        return None
    settings = read_settings(settings_text, report)
    if settings is None:
        return None
    catalog = builtin_catalog()
    for catalog_path in settings.catalogs:
        _load_catalog(root, catalog_path, catalog, report, settings.max_file_bytes)
    drafts, unreadable = _read_drafts(root, settings, report)
    documents = _build_documents(drafts, settings, report, unreadable)
    unbuilt = unreadable | {str(d.values["id"]) for d in drafts if d.values.get("id")} - {d.id for d in documents}
    known = {d.id for d in documents if not d.is_translation}
    acknowledgements = read_acknowledgements(root, settings, known, report)
    return Corpus(root, settings, catalog, tuple(documents), frozenset(unbuilt), acknowledgements)


def read_text(root: Path, relative: str, report: Report, max_bytes: int) -> str | None:
    """A source file's text, or None with a diagnostic when it is unsafe or unreadable."""
    path = root / relative
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        report.add(codes.FILE_UNREADABLE, Location(relative), f"cannot read the file: {error.strerror}")
        return None
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path)
        inside = _inside(root, path)
        where = "inside" if inside else "outside"
        report.add(
            codes.FILE_SYMLINK,
            Location(relative),
            f"'{relative}' is a symbolic link to '{target}' ({where} the repository); links are not followed",
            "replace the link with the file itself",
        )
        return None
    if not stat.S_ISREG(info.st_mode):
        report.add(codes.FILE_UNREADABLE, Location(relative), "not a regular file")
        return None
    if info.st_size > max_bytes:
        report.add(
            codes.FILE_TOO_LARGE,
            Location(relative),
            f"the file is {info.st_size:,} bytes; the limit is {max_bytes:,}",
            _size_hint(info.st_size),
        )
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        report.add(codes.FILE_UNREADABLE, Location(relative), f"cannot read the file: {error.strerror}")
        return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        report.add(
            codes.FILE_BINARY,
            Location(relative, line, 1),
            "the file contains binary data (a NUL byte)",
            "sources are UTF-8 text; move binary files out of the source folders",
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        report.add(
            codes.FILE_ENCODING,
            Location(relative, line, column),
            f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
            "save the file as UTF-8 (it may be Shift_JIS, GBK or Latin-1)",
        )
        return None


def _size_hint(size: int) -> str:
    """The smallest limit that admits the file, when the setting accepts one that large."""
    needed = -(-size // 1024)
    if needed > MAX_FILE_KIB:
        return f"split the document: no limit admits it (limits.max_file_kib is at most {MAX_FILE_KIB})"
    return f"split the document, or raise limits.max_file_kib in isms.yml to {needed} or more"


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


# Files and folders of the tool itself, never read as documents even where the documents folder
# is the repository root: settings, site configuration, hand-written pages, hooks and outputs.
AUDIENCES_FOLDER = "site-audiences"  # isms build --all-audiences
AS_OF_PREFIX = "site-as-of-"  # isms build --as-of
TOOL_FILES = (SETTINGS_FILE, MKDOCS_FILE, "requirements.txt")
TOOL_FOLDERS = ("hooks", AUDIENCES_FOLDER)


def tool_folders(root: Path, settings: Settings) -> set[str]:
    """The folders (relative to root) that hold the tool's files and outputs, not documents."""
    folders = {*TOOL_FOLDERS, top_level_value(root, "docs_dir") or "docs", top_level_value(root, "site_dir") or "site"}
    folders.add(settings.acknowledgements_path)
    return {folder.strip("/") for folder in folders if folder.strip("/")}


def is_source_path(relative: str, settings: Settings, folders: set[str]) -> bool:
    """Whether a file (relative to root) is read as a source: a Markdown or YAML file in the
    documents or records folder, the SoA, and none of the tool's own files, folders or ignores."""
    if relative == settings.applicability_path:
        return True
    if not relative.lower().endswith(SOURCE_SUFFIXES) or relative in TOOL_FILES or _excluded(relative, settings):
        return False
    parts = relative.split("/")
    if (
        any(part.startswith(("_", ".")) for part in parts)
        or parts[-1] == "README.md"
        or parts[0].startswith(AS_OF_PREFIX)
    ):
        return False
    if any("/".join(parts[:depth]) in folders for depth in range(1, len(parts))):
        return False
    return any(_under(relative, folder) for folder in (settings.documents_path, settings.records_path))


def _under(relative: str, folder: str) -> bool:
    folder = folder.strip("/")
    return folder in ("", ".") or relative.startswith(folder + "/")


def _excluded(relative: str, settings: Settings) -> bool:
    return any(fnmatch(relative, pattern) or fnmatch(relative + "/", pattern) for pattern in settings.exclude)


def source_files(root: Path, settings: Settings, report: Report) -> list[tuple[str, str]]:
    """(relative path, kind) of every source, sorted, with ignored and asset files left out."""
    found: dict[str, str] = {}
    soa_path = settings.applicability_path
    skipped_folders = tool_folders(root, settings)
    for folder, kind in ((settings.documents_path, "document"), (settings.records_path, "record")):
        base = root / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for directory, subdirectories, files in os.walk(base, followlinks=False):
            here = Path(directory).relative_to(root).as_posix()
            subdirectories[:] = sorted(
                d
                for d in subdirectories
                if not d.startswith(("_", "."))
                and not (here == "." and d.startswith(AS_OF_PREFIX))
                and _child(here, d) not in skipped_folders
                and not _excluded(_child(here, d), settings)
            )
            for name in [*subdirectories]:
                if (Path(directory) / name).is_symlink():
                    relative = (Path(directory) / name).relative_to(root).as_posix()
                    subdirectories.remove(name)
                    found[relative] = "link"
            for name in sorted(files):
                if name.startswith(("_", ".")) or name == "README.md":
                    continue
                relative = (Path(directory) / name).relative_to(root).as_posix()
                if relative == soa_path or relative in TOOL_FILES or _excluded(relative, settings):
                    continue
                lower = name.lower()
                if lower.endswith(SOURCE_SUFFIXES):
                    found[relative] = kind
                elif (Path(directory) / name).is_symlink():
                    found[relative] = "link"
                elif not lower.endswith(ASSET_SUFFIXES) and here != ".":  # LICENSE, Makefile … at the root
                    report.add(
                        codes.FILE_UNKNOWN_TYPE,
                        Location(relative),
                        "not a source (.md, .yml) or a known asset; it is not published",
                        "move it out of the source folders, or prefix its name with '_' to ignore it",
                    )
    if (root / soa_path).exists() or (root / soa_path).is_symlink():
        found[soa_path] = "soa"
    else:
        report.add(
            codes.SOA_MISSING,
            Location(soa_path),
            "the Statement of Applicability is missing",
            f"create {soa_path} with a decision for each Annex A control",
        )
    return sorted(found.items())


def _child(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"


_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)", re.MULTILINE)


def _read_drafts(root: Path, settings: Settings, report: Report) -> tuple[list[Draft], set[str]]:
    """Drafts of every readable source, and the ids of sources too broken to read.

    Links to a broken source are not reported as links to a missing document: the broken
    source has its own diagnostic, and one mistake should give one message.
    """
    drafts: list[Draft] = []
    unreadable: set[str] = set()
    for relative, kind in source_files(root, settings, report):
        text = read_text(root, relative, report, settings.max_file_bytes)
        if text is None or kind == "link":
            continue
        draft = read_source(relative, text, kind, report, settings.extra_fields)
        if draft is not None:
            drafts.append(draft)
        else:
            unreadable.update(m[1] for m in _ID_LINE.finditer(text))
    return drafts, unreadable


_REQUIRED = ("id", "title", "version", "status")
_REQUIRED_ORIGINAL = ("level", "owner", "classification")


def _build_documents(drafts: list[Draft], settings: Settings, report: Report, unreadable: set[str]) -> list[Document]:
    first_by_id: dict[str, Draft] = {}
    duplicates: set[int] = set()
    for draft in drafts:
        doc_id = draft.values.get("id")
        if not doc_id:
            continue
        if doc_id in first_by_id:
            duplicates.add(id(draft))
            report.add(
                codes.ID_DUPLICATE,
                Location(draft.path, draft.lines.get("id", 1), 1),
                f"id {doc_id} is already used by {first_by_id[doc_id].path}",
                "every document needs its own id; give this one the next free id (isms new shows it)",
            )
        else:
            first_by_id[doc_id] = draft
    documents: list[Document] = []
    for draft in drafts:
        if id(draft) in duplicates:
            continue
        if "id" not in draft.values:
            if "id" not in draft.lines:
                _missing(draft, ("id",), report)
            continue
        values = dict(draft.values)
        original = first_by_id.get(values.get("translation_of", ""))
        if "translation_of" in values and original is None and values["translation_of"] not in unreadable:
            report.add(
                codes.TRANSLATION_NO_ORIGINAL,
                Location(draft.path, draft.lines.get("translation_of", 1), 1),
                f"{values['id']} is a translation of {values['translation_of']}, which does not exist",
                did_you_mean(values["translation_of"], list(first_by_id), "correct translation_of"),
            )
            continue
        if original is None and "translation_of" in values:
            continue
        if original is not None and original is not draft:
            for name in INHERITED_FIELDS:
                if name not in values and name in original.values:
                    values[name] = original.values[name]
        if draft.kind == "record":
            values.setdefault("level", Level.RECORD.value)
        elif draft.kind == "soa":
            values.setdefault("level", Level.SOA.value)
        required = _REQUIRED if "translation_of" in values else _REQUIRED + _REQUIRED_ORIGINAL
        missing = [name for name in required if name not in values and name not in draft.lines]
        if missing:
            _missing(draft, tuple(missing), report)
            continue
        if any(name not in values for name in required):
            continue  # present but invalid: already reported
        documents.append(_document(draft, values, settings))
    return documents


def _missing(draft: Draft, names: tuple[str, ...], report: Report) -> None:
    line = min(draft.lines.values(), default=1)
    listed = ", ".join(names)
    report.add(
        codes.FIELD_MISSING,
        Location(draft.path, line, 1),
        f"required field{'s' * (len(names) > 1)} missing: {listed}",
        "see the source format in the README; `isms new` writes a complete skeleton",
    )


def _document(draft: Draft, values: dict[str, Any], settings: Settings) -> Document:
    statements = find_statements(draft.body, draft.body_line)
    return Document(
        id=values["id"],
        title=values["title"],
        level=Level(values["level"]),
        version=values["version"] if isinstance(values["version"], Version) else Version(0, 0),
        status=Status(values["status"]),
        path=draft.path,
        revised=values.get("revised"),
        owner=values.get("owner", ""),
        approver=values.get("approver", ""),
        approved_by=values.get("approved_by", ""),
        approved_on=values.get("approved_on"),
        classification=values.get("classification", ""),
        language=values.get("language") or settings.default_language,
        effective=values.get("effective"),
        review_cycle=values.get("review_cycle"),
        next_review=values.get("next_review"),
        implements=values.get("implements", ()),
        controls=values.get("controls", ()),
        clauses=values.get("clauses", ()),
        records=values.get("records", ()),
        translation_of=values.get("translation_of", ""),
        audiences=values.get("audiences", ()),
        exclude_audiences=values.get("exclude_audiences", ()),
        acknowledge=values.get("acknowledge", ()),
        summary=values.get("summary", ""),
        body=draft.body,
        body_line=draft.body_line,
        source_format=draft.source_format,
        requirements=draft.requirements,
        statements=statements,
        record=draft.record,
        applicability=draft.applicability,
        lines=tuple(sorted(draft.lines.items())),
        invalid=frozenset(draft.invalid),
        spots=tuple(draft.spots),
        extras=tuple(draft.extras),
        imported_from=values.get("imported_from", ""),
    )


def _load_catalog(root: Path, relative: str, catalog: Catalog, report: Report, max_bytes: int) -> None:
    """Add an organization catalog: {id, title, controls: [{id, title, group}]}."""
    text = read_text(root, relative, report, max_bytes)
    if text is None:
        if not (root / relative).exists():
            report.add(codes.CATALOG_INVALID, Location(SETTINGS_FILE), f"catalog file '{relative}' does not exist")
        return
    node, problems = parse(text, relative)
    report.extend(problems)
    if node is None and not problems:  # an empty catalog is reported as one without controls
        node = Mapping((), 1, 1)
    reader = Reader(relative, report)
    top = reader.mapping(node, "catalog") if node is not None else None
    if top is None:
        return
    reader.check_keys(top, ("id", "title", "controls"), "a catalog")
    catalog_id = reader.text(top.get("id"), "id", required=True) or relative
    title = reader.text(top.get("title"), "title") or catalog_id
    controls = top.get("controls")
    if not isinstance(controls, Sequence):
        report.add(codes.CATALOG_INVALID, Location(relative, top.line, 1), "a catalog needs a 'controls' list")
        return
    catalog.themes.setdefault(catalog_id, Theme(catalog_id, catalog_id.lower(), title, catalog=title))
    for item in controls.items:
        entry = reader.mapping(item, "control")
        if not isinstance(entry, Mapping):
            continue
        reader.check_keys(entry, ("id", "title"), "a catalog control")
        control_id = reader.text(entry.get("id"), "id", required=True)
        control_title = reader.text(entry.get("title"), "title", required=True)
        if not control_id or not control_title:
            continue
        where = Location(relative, entry.line, entry.column)
        if not CONTROL_ID.match(control_id):
            report.add(
                codes.CATALOG_INVALID,
                where,
                f"control id '{control_id}' does not have the form PREFIX.NUMBER",
                "organization control ids look like APPI.23 or CLIENT.4.2",
            )
            continue
        if control_id in catalog.controls:
            existing = catalog.controls[control_id].catalog
            report.add(codes.CATALOG_DUPLICATE, where, f"control {control_id} is already defined by {existing}")
            continue
        catalog.controls[control_id] = Control(control_id, control_title, theme=catalog_id, catalog=title)


def document_at(settings: Settings, path: str, text: str, original: Document | None = None) -> Document | None:
    """One source as it was at some commit, for showing an old version; None when it cannot be read.

    A translation takes the fields it does not state from `original` (the current original), as it
    does when the whole repository is loaded.
    """
    kind = "soa" if path == settings.applicability_path else "document"
    if path.startswith(settings.records_path.rstrip("/") + "/"):
        kind = "record"
    draft = read_source(path, text, kind, Report(), settings.extra_fields)
    if draft is None or "id" not in draft.values:
        return None
    values = dict(draft.values)
    if original is not None and values.get("translation_of"):
        for name in INHERITED_FIELDS:
            inherited = getattr(original, name)
            if name not in values and inherited:
                values[name] = inherited.value if name == "level" else inherited
    values.setdefault("level", {"record": Level.RECORD.value, "soa": Level.SOA.value}.get(kind, ""))
    required = _REQUIRED + (() if values.get("translation_of") else ("level",))
    if any(not values.get(name) for name in required) or values["level"] not in {level.value for level in Level}:
        return None
    values.setdefault("status", Status.DRAFT.value)
    return _document(draft, values, settings)
