"""The one way the tool runs git: `run` with a timeout and git's own error message, many objects read in one
`git cat-file --batch`, and where a folder sits in its work tree. Every other module of git/ goes through it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from isms.core.errors import IsmsError

_TIMEOUT = 60


class GitError(IsmsError):
    pass


class NotARepository(GitError):
    """The folder is not in a git work tree: nothing of git failed, there is just no repository."""


def git_text(root: Path, *args: str) -> str:
    return run(root, *args).decode("utf-8", "replace")


def run(root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    """Run git in root and return its output; GitError with git's own message when it fails."""
    executable = shutil.which("git")
    if executable is None:
        raise GitError("git is not installed")
    try:
        result = subprocess.run(
            [executable, *args],
            cwd=root,
            input=data,
            capture_output=True,
            timeout=_TIMEOUT,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", **(env or {})},
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {_TIMEOUT} s") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or f"git {args[0]} failed")
    return result.stdout


def cat_files(root: Path, specs: list[str]) -> dict[str, bytes | None]:
    """The contents of many objects (blob ids or REV:PATH) with one `git cat-file --batch`.

    Missing objects map to None.
    """
    unique = list(dict.fromkeys(specs))
    if not unique:
        return {}
    if any("\n" in spec for spec in unique):
        raise GitError("an object name contains a line break")
    output = run(root, "cat-file", "--batch", data="".join(s + "\n" for s in unique).encode())
    result: dict[str, bytes | None] = {}
    position = 0
    for spec in unique:
        end = output.index(b"\n", position)
        header = output[position:end].split(b" ")
        position = end + 1
        if header[-1] == b"missing" or len(header) != 3:
            result[spec] = None
            continue
        size = int(header[2])
        result[spec] = output[position : position + size]
        position += size + 1
    return result


def toplevel(root: Path) -> Path | None:
    """The top folder of the git work tree holding root, or None outside git."""
    try:
        return Path(git_text(root, "rev-parse", "--show-toplevel").strip()).resolve()
    except GitError:
        return None


def prefix_of(root: Path, top: Path) -> str:
    """root relative to the work tree's top, as a path prefix ('' or 'sub/dir/')."""
    relative = root.resolve().relative_to(top).as_posix()
    return "" if relative == "." else relative + "/"


def tool_folder(root: Path) -> Path | None:
    """Where the tool keeps what it may compute again (`isms/` in this work tree's git folder), or None
    outside git."""
    try:
        folder = Path(git_text(root, "rev-parse", "--git-path", "isms").strip())
    except GitError:
        return None
    return (root / folder).resolve()
