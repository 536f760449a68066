"""The isms command run in-process, as a user would call it, with both streams captured."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from isms.cli import main


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
