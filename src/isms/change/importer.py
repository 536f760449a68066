"""`isms import`: existing documents brought in as valid drafts, with a report of what was inferred.

Each source is read as Markdown by `conversion.py` (Word, OpenDocument and HTML through pandoc).
Its own front matter is mapped where the meaning is clear, the rest kept as extra fields. Ids,
levels and titles are proposed from the source, the folder, the file name or flags; control and
clause references are found in the text (2013 ids through the 2013→2022 mapping, ranges
expanded). Planning reads only; `write` creates files and never overwrites one.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from isms.change.conversion import ImportRefused, foreign_front_matter, markdown_of
from isms.change.scaffold import ScaffoldError, next_id, slug, yaml_string
from isms.change.text_language import text_language
from isms.core.catalog import Catalog
from isms.core.model import ID_PREFIXES, Level
from isms.read.load import Corpus
from isms.read.sources import KNOWN_FIELDS
from isms.read.statements import expand_range

_LEVEL_WORDS = (
    (Level.POLICY, ("policy", "policies", "方針", "方针")),
    (Level.STANDARD, ("standard", "standards", "rule", "rules", "規程", "规范", "guideline", "guidelines")),
    (Level.PROCEDURE, ("procedure", "procedures", "process", "processes", "手順", "程序", "runbook", "playbook")),
)
_ID_IN_TEXT = re.compile(r"\b(?:POL-\d{3}|(?:STD|PRO)-[A-Z][A-Z0-9]{0,5}-\d{2})\b")
_CONTROL_2022 = r"A\.[5-8]\.\d{1,2}(?![.\d])"
_CONTROL_2013 = re.compile(r"\bA\.(?:[5-9]|1[0-8])\.\d{1,2}\.\d{1,2}\b")
_RANGE_2022 = re.compile(
    rf"\b({_CONTROL_2022})\s*(?:-|\u2013|\u2014|~|\u301c|\uff5e|to|\.\.)\s*((?:{_CONTROL_2022})|\d{{1,2}}(?![.\d]))"
)
_SINGLE_2022 = re.compile(rf"\b{_CONTROL_2022}")
_CLAUSE = re.compile(r"(?:\b[Cc]lause|§|\bISO/IEC 27001[,:]?)\s*(\d{1,2}(?:\.\d{1,2}){0,2})\b")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_DATE_KEYS = ("revised", "date", "updated", "last_updated", "last_modified", "modified", "lastmod")
_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?")
AREA_UNKNOWN = "the next free id, XX for the area"


@dataclass(frozen=True)
class Inferred:
    value: str
    source: str  # where it came from, for the report: "the first heading", "the folder 'standards'" …


@dataclass
class Imported:
    """One source as it will be written, and what the person importing it must confirm."""

    source: Path
    target: str  # relative to the repository
    id: Inferred
    level: Inferred
    title: Inferred
    language: Inferred
    controls: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    mapped: tuple[tuple[str, tuple[str, ...]], ...] = ()  # 2013 id → 2022 ids
    kept: tuple[str, ...] = ()  # foreign front-matter keys kept as extra fields
    media: list[tuple[str, bytes]] = field(default_factory=list)  # (relative target, content)
    text: str = ""
    confirm: list[str] = field(default_factory=list)
    imported_from: str = ""  # the source's path in this repository when git tracks it: its history goes on


@dataclass(frozen=True)
class Choices:
    level: Level | None = None
    owner: str = ""
    approver: str = ""


def plan(corpus: Corpus, paths: list[Path], choices: Choices) -> list[Imported]:
    """What each source becomes; ids are allotted in order, so two new policies get two numbers."""
    taken = {d.id for d in corpus.documents}
    converted = [(path, markdown_of(path)) for path in paths]
    tracked = _tracked(corpus.root, paths)
    result: list[Imported] = []
    for path, (markdown, media, meta_title) in converted:
        origin = tracked.get(str(path.resolve()), "")
        imported = _plan_one(corpus, path, markdown, media, meta_title, choices, taken, origin)
        taken.add(imported.id.value)
        result.append(imported)
    targets = {str(p.resolve()): i.target for p, i in zip(paths, result, strict=True)}
    for path, imported in zip(paths, result, strict=True):
        imported.text = _relink(imported.text, path, imported.target, targets)
    return result


def write(root: Path, imported: list[Imported]) -> tuple[list[str], list[str]]:
    """Create every planned document and image: (written, skipped because they exist)."""
    written: list[str] = []
    skipped: list[str] = []
    for item in imported:
        for relative, content in [(item.target, item.text.encode("utf-8")), *item.media]:
            target = root / relative
            if target.exists() or target.is_symlink():
                skipped.append(relative)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:
                handle.write(content)
            written.append(relative)
    return written, skipped


def allow_extra_fields(settings_text: str, names: Iterable[str]) -> str:
    """isms.yml with `names` added to extra_fields, every other line as it was."""
    wanted = sorted(set(names))
    if not wanted:
        return settings_text
    match = re.search(r"^extra_fields:[ \t]*\[([^\]\n]*)\][ \t]*$", settings_text, re.MULTILINE)
    if match:
        present = [part.strip() for part in match[1].split(",") if part.strip()]
        merged = present + [name for name in wanted if name not in present]
        return settings_text[: match.start()] + f"extra_fields: [{', '.join(merged)}]" + settings_text[match.end() :]
    if re.search(r"^extra_fields:", settings_text, re.MULTILINE):
        raise ImportRefused("isms.yml lists extra_fields in block style; add " + ", ".join(wanted) + " to it by hand")
    ending = "" if settings_text.endswith("\n") or not settings_text else "\n"
    return (
        settings_text
        + ending
        + "\n# Front-matter keys of imported documents, kept and shown as facts (isms import).\n"
        + f"extra_fields: [{', '.join(wanted)}]\n"
    )


def references(
    text: str, catalog: Catalog
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """(2022 controls, clauses, 2013 ids with their 2022 controls) cited anywhere in a text."""
    controls: set[str] = set()
    for match in _RANGE_2022.finditer(text):
        controls.update(expand_range(match[1], match[2]))
    controls.update(match[0] for match in _SINGLE_2022.finditer(text))
    mapped = []
    for old in sorted(set(_CONTROL_2013.findall(text)), key=_sort_key):
        new = catalog.legacy.get(old, ())
        if new:
            mapped.append((old, new))
            controls.update(new)
    clauses = {match[1] for match in _CLAUSE.finditer(text) if match[1] in catalog.clauses}
    return (
        tuple(sorted((c for c in controls if c in catalog.controls), key=_sort_key)),
        tuple(sorted(clauses, key=_sort_key)),
        tuple(mapped),
    )


def _plan_one(
    corpus: Corpus,
    path: Path,
    markdown: str,
    media: list[tuple[str, bytes]],
    meta_title: str,
    choices: Choices,
    taken: set[str],
    origin: str,
) -> Imported:
    settings = corpus.settings
    foreign, body = foreign_front_matter(markdown, path)
    title = _title(foreign, body, meta_title, path)
    body = _without_title_heading(body, title.value)
    level = _level(foreign, path, title.value, choices)
    document_id = _document_id(foreign, path, Level(level.value), title.value, taken)
    controls, clauses, mapped = references(body, corpus.catalog)
    roles = [role.id for role in settings.roles]
    confirm: list[str] = []
    if document_id.source == AREA_UNKNOWN:
        confirm.append(f"id: {document_id.value} has no area code (the title has no Latin letters); choose one")
    stated = foreign.get("language") or foreign.get("lang")
    read = text_language(stated, f"{title.value}\n{body}", settings.languages, settings.default_language)
    if read.unlisted:
        unlisted = f"the text reads as {read.unlisted}, which isms.yml does not list"
        confirm.append(f"language: {unlisted}; '{read.language}' is a guess")
    owner = choices.owner or _role(foreign.get("owner"), roles) or _first(("isms-manager", "ciso"), roles)
    approver = choices.approver or _first(
        ("top-management", "ciso") if level.value == Level.POLICY.value else ("ciso", "isms-manager"), roles
    )
    if not choices.owner and foreign.get("owner") and _role(foreign.get("owner"), roles) is None:
        confirm.append(f"owner: the source names '{foreign['owner']}', not a role of isms.yml; set the owning role")
    elif not choices.owner and not foreign.get("owner"):
        confirm.append(f"owner: '{owner}' is a guess")
    if not choices.approver:
        confirm.append(f"approver: '{approver}' is a guess")
    if level.value != Level.POLICY.value:
        confirm.append("implements: which document above it this one implements")
    if mapped:
        confirm.append("controls mapped from ISO/IEC 27001:2013 ids: keep only those the text really implements")
    classification = str(foreign.get("classification", "")).strip()
    if classification not in settings.classifications:
        classification = "internal"
        confirm.append("classification: 'internal' is a guess")
    version = _version(foreign.get("version"))
    revised = next(
        (str(foreign[key]) for key in _DATE_KEYS if re.fullmatch(r"\d{4}-\d\d-\d\d", str(foreign.get(key, "")))), ""
    )
    mapped_keys = {"id", "title", "level", "version", "owner", "classification", "status", "lang", *_DATE_KEYS}
    kept = tuple(key for key in foreign if key not in mapped_keys and key not in KNOWN_FIELDS)
    folder = f"{settings.documents_path.rstrip('/')}/{level.value}"
    name = f"{document_id.value}-{slug(title.value)}".rstrip("-")
    target = f"{folder}/{name}.md"
    renamed_media = [(f"{folder}/media/{document_id.value}/{Path(old).name}", data) for old, data in media]
    for (old, _), (new, _) in zip(media, renamed_media, strict=True):
        body = body.replace(old, posixpath.relpath(new, folder))
    front = [
        "---",
        f"id: {document_id.value}",
        f"title: {yaml_string(title.value)}",
        f"level: {level.value}",
        f'version: "{version}"',
        *([f"revised: {revised}"] if revised else []),
        "status: draft",
        f"owner: {owner}",
        f"approver: {approver}",
        f"classification: {classification}",
        f"language: {read.language}",
        "review_cycle: 12",
        "implements: []",
        f"controls: [{', '.join(controls)}]",
        f"clauses: [{', '.join(yaml_string(c) for c in clauses)}]",
        "records: []",
        *([f"imported_from: {yaml_string(origin)}"] if origin else []),
        *(f"{key}: {_flow(foreign[key])}" for key in kept),
        "---",
        "",
    ]
    return Imported(
        source=path,
        target=target,
        id=document_id,
        level=level,
        title=title,
        language=Inferred(read.language, read.source),
        controls=controls,
        clauses=clauses,
        mapped=mapped,
        kept=kept,
        media=renamed_media,
        text="\n".join(front) + body.strip("\n") + "\n",
        confirm=confirm,
        imported_from=origin,
    )


def _tracked(root: Path, paths: list[Path]) -> dict[str, str]:
    """Sources inside the repository that git tracks, by absolute path: their path from the root."""
    inside = {}
    for path in paths:
        try:
            inside[str(path.resolve())] = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    if not inside:
        return {}
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *inside.values()], cwd=root, capture_output=True, check=False
    )
    known = set(listed.stdout.decode("utf-8", "replace").split("\0")) if listed.returncode == 0 else set()
    return {absolute: relative for absolute, relative in inside.items() if relative in known}


def remove_sources(root: Path, imported: list[Imported]) -> list[str]:
    """Delete the files that were imported from inside the repository (`--move`): one copy stays."""
    removed = []
    for item in imported:
        if item.imported_from and (root / item.imported_from).is_file():
            (root / item.imported_from).unlink()
            removed.append(item.imported_from)
    return removed


def _title(foreign: dict[str, object], body: str, meta_title: str, path: Path) -> Inferred:
    if str(foreign.get("title", "")).strip():
        return Inferred(str(foreign["title"]).strip(), "the front matter")
    if meta_title:
        return Inferred(meta_title, "the file's properties")
    heading = _HEADING.search(body)
    if heading:
        return Inferred(re.sub(r"[*_`]", "", heading[1]).strip(), "the first heading")
    words = re.sub(r"^(?:POL-\d+|(?:STD|PRO)-[A-Z0-9]+-\d+)[-_ ]*", "", path.stem)
    return Inferred(re.sub(r"[-_]+", " ", words).strip().title() or path.stem, "the file name")


def _without_title_heading(body: str, title: str) -> str:
    """The body without a first `# Title` heading: the site and PDFs print the title themselves."""
    heading = _HEADING.search(body)
    if heading and not body[: heading.start()].strip() and re.sub(r"[*_`]", "", heading[1]).strip() == title:
        return body[heading.end() :].lstrip("\n")
    return body


def _level(foreign: dict[str, object], path: Path, title: str, choices: Choices) -> Inferred:
    if choices.level is not None:
        return Inferred(choices.level.value, "--level")
    stated = str(foreign.get("level", "")).strip().lower()
    for level, words in _LEVEL_WORDS:
        if stated in words:
            return Inferred(level.value, "the front matter")
    for folder in reversed(path.parent.parts):
        for level, words in _LEVEL_WORDS:
            if folder.lower() in words:
                return Inferred(level.value, f"the folder '{folder}'")
    lowered = f"{title} {path.stem}".lower()
    for level, words in _LEVEL_WORDS:
        if any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", lowered) for word in words):
            return Inferred(level.value, "the title")
    return Inferred(Level.STANDARD.value, "no clue: a guess")


def _document_id(foreign: dict[str, object], path: Path, level: Level, title: str, taken: set[str]) -> Inferred:
    prefix = ID_PREFIXES[level]
    for candidate, where in ((str(foreign.get("id", "")), "the front matter"), (path.stem, "the file name")):
        found = _ID_IN_TEXT.match(candidate.strip().upper())
        if found and found[0].startswith(prefix + "-") and found[0] not in taken:
            return Inferred(found[0], where)
    try:
        return Inferred(next_id(level, title, taken), "the next free id")
    except ScaffoldError:  # a title with no letters for an area code (e.g. all Japanese)
        return Inferred(next_id(level, title, taken, area="XX"), AREA_UNKNOWN)


def _role(value: object, roles: list[str]) -> str | None:
    text = str(value or "").strip()
    return text if text in roles else None


def _first(preferred: tuple[str, ...], roles: list[str]) -> str:
    return next((role for role in preferred if role in roles), roles[0] if roles else "")


def _version(value: object) -> str:
    match = _VERSION.match(str(value or "").strip())
    if not match:
        return "0.1"
    return f"{int(match[1])}.{int(match[2] or 0)}"


def _relink(text: str, source: Path, target: str, targets: dict[str, str]) -> str:
    """Links from one imported Markdown file to another point to the other's new place."""
    folder = target.rsplit("/", 1)[0]

    def replace(match: re.Match[str]) -> str:
        reference = match[2]
        path_part, _, anchor = reference.partition("#")
        linked = targets.get(str((source.parent / path_part).resolve())) if path_part else None
        if linked is None:
            return match[0]
        new = posixpath.relpath(linked, folder) + (f"#{anchor}" if anchor else "")
        return f"{match[1]}{new}{match[3]}"

    return re.sub(r"(\[[^\]\n]*\]\(\s*<?)([^)\s>]+\.(?:md|markdown)(?:#[^)\s>]*)?)(>?[^)]*\))", replace, text)


def _flow(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(yaml_string(str(item)) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_string(str(k))}: {yaml_string(str(v))}" for k, v in value.items()) + "}"
    return yaml_string(str(value))


def _sort_key(identifier: str) -> tuple[object, ...]:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in identifier.split("."))
