"""A git hook run as a process of its own ends as soon as it has answered: its exit status and every
line it printed reach git, without Python's collector or teardown (isms.cli._run_as_hook)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

import isms.cli


class Ended(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@pytest.fixture
def ended(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """os._exit raises instead of ending the test run; records whether the collector was on when it was called."""
    collecting: list[bool] = []

    def end(code: int) -> None:
        collecting.append(gc.isenabled())
        raise Ended(code)

    monkeypatch.setattr(isms.cli.os, "_exit", end)
    try:
        yield collecting
    finally:
        gc.enable()


def _answer(code: int, out: str, err: str) -> object:
    def run(arguments: list[str]) -> int:
        assert arguments == ["--root", "here", "hook", "pre-commit"]
        print(out)
        print(err, file=sys.stderr)
        return code

    return run


@pytest.mark.parametrize("code", [0, 1])
def test_a_hook_process_ends_with_its_status_and_its_output_written(
    code: int, ended: list[bool], monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["isms", "--root", "here", "hook", "pre-commit"])
    monkeypatch.setattr(isms.cli, "_run", _answer(code, "isms: stamped POL-001", "isms: commit blocked"))
    with pytest.raises(Ended) as end:
        isms.cli.main()
    assert end.value.code == code
    assert ended == [False]
    assert capfd.readouterr() == ("isms: stamped POL-001\n", "isms: commit blocked\n")


def test_a_hook_called_in_process_returns_like_any_command(ended: list[bool], monkeypatch: pytest.MonkeyPatch) -> None:
    """main(argv) is the command inside a process that goes on (a test, another tool): it returns."""
    monkeypatch.setattr(isms.cli, "_run", _answer(1, "", ""))
    assert isms.cli.main(["--root", "here", "hook", "pre-commit"]) == 1
    assert ended == []
    assert gc.isenabled()


def test_other_commands_end_as_python_ends(ended: list[bool], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["isms", "hooks", "install"])
    monkeypatch.setattr(isms.cli, "_run", lambda arguments: 0)
    assert isms.cli.main() == 0
    assert ended == []
    assert gc.isenabled()
