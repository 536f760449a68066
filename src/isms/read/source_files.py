"""Which files of a repository are sources: the documents and records folders walked, with the
tool's own files and folders, ignored names and assets left out.
"""

from __future__ import annotations

import os
from fnmatch import fnmatch
from pathlib import Path

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.core.settings import Settings
from isms.read.mkdocs_file import MKDOCS_FILE, top_level_value
from isms.read.settings import SETTINGS_FILE

SOURCE_SUFFIXES = (".md", ".yml", ".yaml")
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".csv", ".txt")

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
                relative = _child(here, name)
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


def _under(relative: str, folder: str) -> bool:
    folder = folder.strip("/")
    return folder in ("", ".") or relative.startswith(folder + "/")


def _excluded(relative: str, settings: Settings) -> bool:
    return any(fnmatch(relative, pattern) or fnmatch(relative + "/", pattern) for pattern in settings.exclude)


def _child(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"
