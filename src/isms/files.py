"""Writing a file so that readers see the old bytes or the new ones, never a half-written file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes, mode: int) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def copy_file(source: Path, path: Path, mode: int) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def user_mode() -> int:
    """The permissions of a new file as the user's umask makes them (0644 under umask 022).

    Temporary files are private (0600); a published file renamed from one would stay unreadable
    for a web server running as another user. os.umask can only be read by setting it.
    """
    umask = os.umask(0o077)
    os.umask(umask)
    return 0o666 & ~umask
