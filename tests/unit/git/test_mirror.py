"""The index mirrored into a folder: exactly the staged files, and only the changed ones written again."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from isms.git.tree import INDEX, mirror


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _files(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(folder).as_posix()] = "-> " + os.readlink(path)
        elif path.is_file():
            found[path.relative_to(folder).as_posix()] = path.read_text()
    return found


def test_the_mirror_holds_the_index_and_rewrites_only_what_changed(tmp_path: Path) -> None:
    work, target = tmp_path / "work", tmp_path / "git" / "index"
    (work / "policies" / "old").mkdir(parents=True)
    _git(work, "init", "-q")
    (work / "isms.yml").write_text("name: x\n")
    (work / "policies" / "a.md").write_text("a\n")
    (work / "policies" / "b.md").write_text("b\n")
    (work / "policies" / "old" / "c.md").write_text("c\n")
    (work / "outside.md").write_text("not mirrored\n")
    _git(work, "add", "-A")
    mirror(work, INDEX, target, ["isms.yml", "policies"])
    assert _files(target) == {
        "isms.yml": "name: x\n",
        "policies/a.md": "a\n",
        "policies/b.md": "b\n",
        "policies/old/c.md": "c\n",
    }
    untouched = (target / "policies" / "a.md").stat().st_ino

    (work / "policies" / "b.md").write_text("b, changed in the working tree only\n")  # not staged: not mirrored
    (work / "policies" / "a.md").write_text("a\n")
    _git(work, "rm", "-q", "-r", "--cached", "policies/old")
    (work / "policies" / "old").rename(work / "policies" / "gone")
    (work / "policies" / "old").write_text("a file where a folder was\n")
    os.symlink("a.md", work / "policies" / "link.md")
    _git(work, "add", "policies/old", "policies/link.md")
    mirror(work, INDEX, target, ["isms.yml", "policies"])
    assert _files(target) == {
        "isms.yml": "name: x\n",
        "policies/a.md": "a\n",
        "policies/b.md": "b\n",
        "policies/link.md": "-> a.md",
        "policies/old": "a file where a folder was\n",
    }
    assert (target / "policies" / "a.md").stat().st_ino == untouched


def test_a_mirror_without_its_note_or_changed_behind_its_back_is_written_anew(tmp_path: Path) -> None:
    work, target = tmp_path / "work", tmp_path / "git" / "index"
    (work / "policies").mkdir(parents=True)
    _git(work, "init", "-q")
    (work / "policies" / "a.md").write_text("a\n")
    _git(work, "add", "-A")
    mirror(work, INDEX, target, ["policies"])
    (target / "policies" / "a.md").unlink()
    (target / "stray.md").write_text("left by a mirror cut short\n")
    target.with_name("index.json").unlink()
    mirror(work, INDEX, target, ["policies"])
    assert _files(target) == {"policies/a.md": "a\n"}
    (target / "policies").rename(target / "elsewhere")  # the note says a file is there; it is not
    (target / "elsewhere" / "a.md").unlink()
    (work / "policies" / "b.md").write_text("b\n")
    _git(work, "add", "-A")
    mirror(work, INDEX, target, ["policies"])
    assert _files(target) == {"policies/a.md": "a\n", "policies/b.md": "b\n"}
