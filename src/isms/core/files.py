"""Writing a file so that readers see the old bytes or the new ones, never a half-written file."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """The block runs while this process alone holds the lock; another waits until it is released.

    Two builds of one repository at once would share the PDF cache and the staging folders; taken
    in turn, each finishes as if it had been alone. The lock ends with the process, however it ends.
    """
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
