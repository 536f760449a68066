"""The digest of the code a cache's entries were made by. Every cache kept between runs (parsed sources,
history, blob fields, workbooks) is keyed by it, so a new version of the tool starts from empty
instead of trusting what older code made."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from types import ModuleType


@cache
def code_digest(*sources: ModuleType | Path) -> str:
    """A digest of the sources' files, each by name and bytes: a package's own modules (the *.py files
    beside its __init__), a module's file, or the files of a data folder. Made once per process."""
    digest = hashlib.sha256()
    for source in sources:
        for file in _files(source):
            digest.update(file.name.encode("utf-8") + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def _files(source: ModuleType | Path) -> list[Path]:
    if isinstance(source, Path):
        return sorted(path for path in source.iterdir() if path.is_file())
    if hasattr(source, "__path__"):
        return sorted(Path(next(iter(source.__path__))).glob("*.py"))
    return [Path(source.__file__ or "")]
