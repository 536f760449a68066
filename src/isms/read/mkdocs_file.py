"""The few top-level values of mkdocs.yml the tool needs, read as text.

mkdocs.yml may hold tags (`!!python/name:…`, `!ENV`) that a safe YAML loader refuses, and the
tool needs only plain top-level strings (`site_url`, `docs_dir`, `site_dir`), so they are read
line by line instead of loading MkDocs' configuration.
"""

from __future__ import annotations

from pathlib import Path

MKDOCS_FILE = "mkdocs.yml"


def top_level_value(root: Path, key: str) -> str:
    """The value of a top-level `key: value` line of root/mkdocs.yml, or '' when there is none
    (or when the file is a symbolic link or larger than any configuration needs)."""
    config = root / MKDOCS_FILE
    try:
        if config.is_symlink() or not config.is_file() or config.stat().st_size > 1_048_576:
            return ""
        text = config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    for line in text.splitlines():
        name, colon, value = line.partition(":")
        if colon and name == key:
            return value.split(" #", 1)[0].strip().strip("'\"")
    return ""
