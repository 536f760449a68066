"""`isms init`: its parser and handler in one place.

Interactive on a terminal (each question shows the default that Enter takes), fully scriptable
with flags and `--yes`. It creates files only; what exists is kept and reported.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from isms.change.init import Founder, InitError, Options, check_room, plan, with_example, write
from isms.cli.common import EXIT_OK, Commands
from isms.core.catalog import builtin_catalog

Ask = Callable[[str, str], str]


def add_parsers(commands: Commands) -> None:
    parser = commands.add_parser(
        "init",
        help="start a new ISMS repository (or add what an existing one lacks)",
        description="Write isms.yml, mkdocs.yml, an SoA with every Annex A control not assessed, a docs/ page,"
        " .gitignore, CI workflows for GitHub and GitLab, change-request templates, CODEOWNERS and a README,"
        " create the git repository if there is none, and install the hooks. Never overwrites a file.",
    )
    parser.add_argument("directory", nargs="?", type=Path, default=Path("."), help="where (default: here)")
    parser.add_argument("--organization", default="", help="the organization's full name")
    parser.add_argument("--short-name", default="", help="a short name for titles (default: the full name)")
    parser.add_argument(
        "--languages", default="", help="languages of the documents, the default first, e.g. en,ja,zh-CN (default: en)"
    )
    parser.add_argument("--name", default="", help="your name (default: git config user.name)")
    parser.add_argument("--email", default="", help="your e-mail address (default: git config user.email)")
    parser.add_argument("--no-github", action="store_true", help="no GitHub workflow and pull-request template")
    parser.add_argument("--no-gitlab", action="store_true", help="no GitLab pipeline and merge-request template")
    parser.add_argument(
        "--example",
        action="store_true",
        help="a copy of the example ISMS (Aozora Bridge Software) instead of an empty one, to explore or to start from",
    )
    parser.add_argument("--yes", "-y", action="store_true", help="ask nothing: take the flags and the defaults")
    parser.set_defaults(handler=run, failure="isms init: {error}; nothing was written")


def run(args: argparse.Namespace) -> int:
    target: Path = args.directory.resolve()
    interactive = not args.yes and sys.stdin.isatty()
    ask: Ask = _prompt if interactive else (lambda _question, default: default)
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} is a file, not a folder")
    if args.example:  # the example's own isms.yml names its organization and people
        options = Options("Aozora Bridge Software Co., Ltd.", Founder("", ""), ("en", "ja", "zh-CN"))
        planned = with_example(plan(options, builtin_catalog(), date.today()))
    else:
        planned = plan(_options(args, target, ask), builtin_catalog(), date.today())
    check_room(target, planned)
    target.mkdir(parents=True, exist_ok=True)
    said = _git_repository(target)
    created, kept = write(target, planned)
    for line in said:
        print(f"isms init: {line}")
    for path in created:
        print(f"isms init: created {path}")
    for path in kept:
        print(f"isms init: kept {path} (it exists; not changed)")
    for line in _hooks(target):
        print(f"isms init: {line}")
    for line in _codeowners(target):
        print(f"isms init: {line}")
    shown = "." if target == Path.cwd().resolve() else str(target)
    if args.example:
        print(f"isms init: next: in {shown}, `git add -A && git commit -m 'The example ISMS'`, then `isms build`")
        return EXIT_OK
    print(
        "isms init: next: decide the Statement of Applicability (policies/applicability.yml), add your colleagues"
        f" and their roles to isms.yml, then `isms check` and `isms build` in {shown};"
        ' `isms new policy "Information Security Policy"` writes a first document.'
    )
    return EXIT_OK


def _options(args: argparse.Namespace, target: Path, ask: Ask) -> Options:
    organization = args.organization or ask("Organization (full name)", _folder_title(target))
    languages_text = args.languages or ask("Languages, the default first (e.g. en,ja,zh-CN)", "en")
    languages = tuple(part.strip() for part in languages_text.split(",") if part.strip()) or ("en",)
    name = args.name or ask("Your name", _git_config(target, "user.name"))
    email = args.email or ask("Your e-mail address", _git_config(target, "user.email"))
    if not name.strip() or not email.strip():
        raise InitError(
            "who are you? pass --name and --email, or set git config user.name and user.email;"
            " you become the first member of every role"
        )
    return Options(
        organization=organization.strip() or _folder_title(target),
        founder=Founder(name.strip(), email.strip()),
        languages=languages,
        short_name=args.short_name.strip(),
        github=not args.no_github,
        gitlab=not args.no_gitlab,
    )


def _prompt(question: str, default: str) -> str:
    shown = f" [{default}]" if default else ""
    try:
        answer = input(f"{question}{shown}: ").strip()
    except EOFError:
        answer = ""
    return answer or default


def _folder_title(target: Path) -> str:
    return target.name.replace("-", " ").replace("_", " ").strip().title() or "Our Organization"


def _git_config(target: Path, key: str) -> str:
    where = target if target.is_dir() else Path.cwd()
    result = subprocess.run(["git", "config", "--get", key], cwd=where, capture_output=True, text=True, check=False)
    return result.stdout.strip()


def _git_repository(target: Path) -> list[str]:
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=target, capture_output=True, text=True, check=False
    )
    if inside.returncode == 0 and inside.stdout.strip() == "true":
        return []
    made = subprocess.run(["git", "init", "-q", "-b", "main"], cwd=target, capture_output=True, text=True, check=False)
    if made.returncode != 0:
        raise InitError(f"git init failed: {made.stderr.strip()}")
    return ["created a git repository (branch main)"]


def _hooks(target: Path) -> list[str]:
    from isms.change import HookError
    from isms.change.install import install

    # Caught here, not in main: the files are written by now, and a repository without the hooks is still
    # usable, so init says why they are missing and goes on.
    try:
        return install(target)
    except HookError as error:
        return [f"hooks not installed: {error}"]


def _codeowners(target: Path) -> list[str]:
    """CODEOWNERS from the approver roles, once isms.yml is readable; otherwise the reason it was skipped."""
    from isms.git.run import toplevel
    from isms.resolve.check import check
    from isms.resolve.codeowners import write as write_codeowners

    result = check(target, date.today())
    if result.index is None:
        return ["CODEOWNERS not written: isms.yml cannot be read yet (run isms check)"]
    outcomes = write_codeowners(result.index, target, toplevel(target) or target)
    return [f"{'wrote' if outcome.changed else 'kept'} {outcome.path}" for outcome in outcomes]
