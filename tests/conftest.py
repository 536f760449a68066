from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from isms.cli import main

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
REPOSITORY = TESTS.parent
TODAY = "2026-11-21"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None) -> Run:
    """Run the CLI in-process, as a user would call it, capturing both streams."""
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.environ["ISMS_DEBUG"] = "1"
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(previous)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> Callable[..., Run]:
    return run_cli


@pytest.fixture
def base_tree(tmp_path: Path) -> Iterator[Path]:
    """A copy of the small valid fixture ISMS, to break in one place per test."""
    root = tmp_path / "isms"
    shutil.copytree(FIXTURES / "base", root)
    yield root
