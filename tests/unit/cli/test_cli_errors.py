"""How the shell reports an IsmsError: once, in main, in the words each command chose, with its hint."""

from __future__ import annotations

import argparse

import pytest

from isms.change import HookError
from isms.change.commit_message import NO_DESCRIPTION
from isms.cli import _parser, _report
from isms.cli.common import UsageError
from isms.core.errors import IsmsError
from isms.git.run import GitError
from isms.git.versions import VersionSpecError


def _commands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def test_every_command_says_how_its_failures_read() -> None:
    silent = [name for name, parser in _commands().items() if parser.get_default("failure") is None]
    assert silent == []


def _reported(capsys: pytest.CaptureFixture[str], argv: list[str], error: IsmsError) -> tuple[int, str]:
    status = _report(_parser().parse_args(argv), error)
    captured = capsys.readouterr()
    assert captured.out == ""
    return status, captured.err


def test_a_template_names_the_command_and_what_was_not_done(capsys: pytest.CaptureFixture[str]) -> None:
    assert _reported(capsys, ["approve", "POL-001"], IsmsError("you wrote part of it")) == (
        1,
        "isms approve: you wrote part of it\n",
    )
    assert _reported(capsys, ["init"], IsmsError("docs is a file")) == (
        1,
        "isms init: docs is a file; nothing was written\n",
    )


def test_the_hint_follows_on_its_own_line(capsys: pytest.CaptureFixture[str]) -> None:
    error = IsmsError("no such audience", hint="isms.yml defines public and staff")
    assert _reported(capsys, ["export", "soa"], error) == (
        1,
        "isms export: no such audience\n  hint: isms.yml defines public and staff\n",
    )


def test_a_usage_error_is_exit_status_2_whatever_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert _reported(capsys, ["hook", "commit-msg"], UsageError("needs the file")) == (2, "isms: needs the file\n")
    assert _reported(capsys, ["diff", "POL-001", "9.9"], VersionSpecError("'9.9' is not a version")) == (
        2,
        "isms: '9.9' is not a version\n",
    )
    assert _reported(capsys, ["history", "POL-001"], VersionSpecError("x"))[0] == 1  # only diff takes version specs


def test_the_hooks_words_depend_on_the_error(capsys: pytest.CaptureFixture[str]) -> None:
    hook = ["hook", "pre-commit"]
    assert _reported(capsys, hook, HookError("partly staged")) == (1, "isms: commit blocked: partly staged\n")
    assert _reported(capsys, hook, GitError("index locked")) == (
        1,
        "isms: commit blocked: git failed: index locked. Nothing was changed.\n",
    )
    assert _reported(capsys, ["hook", "commit-msg", "MSG"], HookError(NO_DESCRIPTION)) == (
        1,
        f"isms: {NO_DESCRIPTION}\n",
    )


def test_a_failed_build_gives_its_reasons_then_that_nothing_was_replaced(capsys: pytest.CaptureFixture[str]) -> None:
    assert _reported(capsys, ["build"], IsmsError("a.md:1:1: error[x]: broken\n")) == (
        1,
        "a.md:1:1: error[x]: broken\nisms build: failed; the previous output is unchanged\n",
    )
