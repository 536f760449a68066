"""Each folder under fixtures/broken overlays the valid base ISMS with one kind of bad input.

The exact output of `isms check` and its exit status are asserted; no input may cause a
traceback. To accept new output after an intended change, run with ISMS_UPDATE_GOLDEN=1 and
read the diff of expected.txt before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support.cli import run_cli
from support.paths import FIXTURES, TODAY

BROKEN = FIXTURES / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def build_tree(case: Path, destination: Path) -> Path:
    root = destination / "isms"
    shutil.copytree(FIXTURES / "base", root)
    delete = case / "delete"
    if delete.exists():
        for line in delete.read_text().split():
            (root / line).unlink()
    if (case / "tree").is_dir():  # git keeps no empty folders: a case may only delete
        shutil.copytree(case / "tree", root, dirs_exist_ok=True)
    return root


def render(exit_code: int, stdout: str, stderr: str) -> str:
    text = f"exit: {exit_code}\n{stdout}"
    if stderr:
        text += f"stderr:\n{stderr}"
    return text


@pytest.mark.parametrize("name", CASES)
def test_broken_tree(name: str, tmp_path: Path) -> None:
    case = BROKEN / name
    root = build_tree(case, tmp_path)
    args_file = case / "args"
    extra = args_file.read_text().split() if args_file.exists() else []
    result = run_cli("--root", str(root), "check", "--today", TODAY, *extra)
    actual = render(result.exit_code, result.stdout, result.stderr.replace(str(root), "<root>"))
    expected_file = case / "expected.txt"
    if os.environ.get("ISMS_UPDATE_GOLDEN"):
        expected_file.write_text(actual, encoding="utf-8")
    assert "Traceback" not in actual
    assert actual == expected_file.read_text(encoding="utf-8")


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40
