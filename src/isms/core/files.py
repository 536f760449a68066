"""The one home of file safety: a file or a folder is replaced whole, so readers see the old bytes or the new
ones, never half of either; published files get the permissions the user's umask gives, not the private
ones of temporary files; one build of a repository runs at a time."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def replace_file(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write data to path through a temporary file in the same folder, renamed over path at the end.

    `mode` defaults to that of a new file of the user (see user_mode); give the old file's mode to keep it.
    """
    mode = user_mode() if mode is None else mode
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def copy_file(source: Path, path: Path, mode: int | None = None) -> None:
    """Copy source to path as replace_file writes: whole or not at all."""
    mode = user_mode() if mode is None else mode
    path.parent.mkdir(parents=True, exist_ok=True)
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


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """A staging folder that replaces target only if the block finishes without an exception.

    A build killed outright (SIGKILL, power loss) cannot clean up after itself; the next build
    removes the staging folders of processes that no longer run, and puts back the previous
    output if the kill fell between the two renames.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _publishable(staging)
    previous = target.parent / f".{target.name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def _publishable(folder: Path) -> None:
    """Permissions as for any file the user creates (umask), not the private ones of temporary files.

    The staging folder and the PDFs start as temporary files (0700, 0600); a web server running as
    another user could not read them.
    """
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    for directory, subdirectories, files in os.walk(folder):
        for name in subdirectories:
            os.chmod(os.path.join(directory, name), 0o777 & ~umask)
        for name in files:
            os.chmod(os.path.join(directory, name), 0o666 & ~umask)


def _recover(target: Path) -> None:
    previous = target.parent / f".{target.name}.previous"
    if previous.is_dir() and not target.exists():
        previous.rename(target)
    for leftover in target.parent.glob(f".{target.name}.building-*"):
        pid = leftover.name.removeprefix(f".{target.name}.building-").split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above start that holds isms.yml."""
    for folder in (start, *start.parents):
        if (folder / "isms.yml").is_file():
            return folder
    return None
