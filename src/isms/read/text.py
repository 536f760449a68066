"""Reading a source file safely: no symbolic links, bounded size, no binary data, valid UTF-8.

Every file is checked before it is parsed, so hostile input ends as a diagnostic, never as a
traceback or a hang.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.read.settings import MAX_FILE_KIB


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
