"""The `isms` command: `main` and the parser assembled from the command modules beside it.

Each command module (check, publish, new, hooks, approvals, reviews, pull_requests, acks, history,
init, imports, export) holds the parsers and handlers of its commands and adds them with
`add_parsers(commands)`. A handler raises IsmsError for a problem the user can act on; `main` is the
one place that prints it, in the words the command chose with `set_defaults(failure=...)`.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from isms import __version__
from isms.cli.common import EXIT_ERRORS, EXIT_USAGE, Refused, UsageError
from isms.core.errors import IsmsError

COMMANDS = {
    "check": "check",
    "links": "check",
    "build": "publish",
    "pdf": "publish",
    "hooks": "hooks",
    "hook": "hooks",
    "bump": "hooks",
    "approve": "approvals",
    "review": "approvals",
    "verify": "approvals",
    "due": "reviews",
    "changes": "pull_requests",
    "codeowners": "pull_requests",
    "acks": "acks",
    "history": "history",
    "diff": "history",
    "init": "init",
    "import": "imports",
    "export": "export",
    "new": "new",
}
"""Each command and the module of `isms.cli` that holds it, in the order `isms --help` lists them. A command
imports only its own module, so a git hook does not pay for the import of every other command."""


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if argv is None and _command_in(arguments) == "hook":
        _run_as_hook(arguments)
    return _run(arguments)


def _run_as_hook(arguments: list[str]) -> NoReturn:
    """A git hook, run by git as a process of its own, which ends when the hook has answered. Every
    object it makes (the model of the ISMS, the kept sources) lives until then, so Python's cycle
    collector, which walks them again and again as they grow, is off; and the process ends without
    Python's teardown, which would free them one by one. In a 1,000-document repository that is about
    a sixth of the pre-commit hook's time (scripts/bench_history.py)."""
    gc.disable()
    code = _run(arguments)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away: there is nobody left to tell
            code = code or 141
    os._exit(code)


def _run(arguments: list[str]) -> int:
    parser = _parser(_command_in(arguments))
    args = parser.parse_args(arguments)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except IsmsError as error:
        return _report(args, error)
    except Refused:
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("isms: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (isms due | head): stop quietly, as other tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as error:  # a bug: say so plainly; ISMS_DEBUG=1 shows the traceback
        if os.environ.get("ISMS_DEBUG"):
            raise
        print(
            f"isms: internal error ({type(error).__name__}: {error}); nothing was written."
            " Please report it with the output of ISMS_DEBUG=1 isms ...",
            file=sys.stderr,
        )
        return 3


def _parser(command: str = "") -> argparse.ArgumentParser:
    """The parser of one command (with the options every command has), or of all of them."""
    parser = argparse.ArgumentParser(
        prog="isms",
        description="Validate and publish an ISO/IEC 27001 ISMS kept as Markdown and YAML in git.",
    )
    parser.add_argument("--version", action="version", version=f"isms {__version__}")
    parser.add_argument(
        "--root", type=Path, default=None, help="the ISMS repository (default: the nearest folder with isms.yml)"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    modules = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(f"isms.cli.{name}").add_parsers(commands)
    return parser


def _command_in(arguments: list[str]) -> str:
    """The command word of a command line: its first argument that is neither an option nor --root's value."""
    words = iter(arguments)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return ""


def _report(args: argparse.Namespace, error: IsmsError) -> int:
    """Print a refusal: a mistake in the command line as 'isms: …' (exit status 2), anything else in the
    words of the command's `failure` default (exit status 1); then the hint, when there is one."""
    usage_errors: tuple[type[IsmsError], ...] = getattr(args, "usage_errors", ())
    if isinstance(error, (UsageError, *usage_errors)):
        text, status = f"isms: {error}", EXIT_USAGE
    else:
        failure: str | Callable[[IsmsError], str] = getattr(args, "failure", "isms: {error}")
        text, status = failure(error) if callable(failure) else failure.format(error=error), EXIT_ERRORS
    print(text, file=sys.stderr)
    if error.hint:
        print(f"  hint: {error.hint}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
