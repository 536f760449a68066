"""`isms hooks install`, `isms hook` (what the git hook scripts run) and `isms bump` (a major or minor version)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from isms.change import HookError
from isms.change.commit_message import HOW, NO_DESCRIPTION, MessageFacts, commit_msg
from isms.cli.common import EXIT_ERRORS, EXIT_OK, Commands, UsageError, add_today, root_from, today_from
from isms.core.errors import IsmsError
from isms.core.files import find_root
from isms.git.run import GitError, NotARepository, git_text, run


def add_parsers(commands: Commands) -> None:
    hooks_parser = commands.add_parser(
        "hooks",
        help="install the git hooks that check and stamp documents on commit",
        description="`isms hooks install` sets git's core.hooksPath to hooks/ (writing the hook scripts there"
        " when they are missing). Safe to run again.",
    )
    hooks_parser.add_argument("action", choices=("install",))
    hooks_parser.add_argument("--force", action="store_true", help="replace a core.hooksPath set by another tool")
    hooks_parser.set_defaults(handler=run_install, failure="isms hooks: {error}")

    hook_parser = commands.add_parser("hook", help="run one git hook (called by the scripts in hooks/)")
    hook_parser.add_argument("name", choices=("pre-commit", "commit-msg"))
    hook_parser.add_argument("message_file", nargs="?", type=Path, help="the commit message file (commit-msg)")
    add_today(hook_parser)
    hook_parser.set_defaults(handler=run_hook, failure=_commit_blocked)

    bump_parser = commands.add_parser(
        "bump",
        help="set the next major (or minor) version of documents before committing",
        description="Write the next version after the committed one into each document's front matter. The"
        " pre-commit hook bumps the minor version on its own; a major revision is the author's explicit choice.",
    )
    bump_parser.add_argument("ids", nargs="+", metavar="ID")
    which = bump_parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--major", action="store_true", help="e.g. 1.4 -> 2.0")
    which.add_argument("--minor", action="store_true", help="e.g. 1.4 -> 1.5")
    bump_parser.set_defaults(handler=run_bump, failure="isms bump: {error}")


# The commit-msg hook runs on every commit: this module imports only what it needs, and each other
# command imports the modules that read the ISMS when it runs.


def run_install(args: argparse.Namespace) -> int:
    from isms.change.install import install

    for line in install(root_from(args), force=args.force):
        print(f"isms hooks: {line}")
    return EXIT_OK


def run_hook(args: argparse.Namespace) -> int:
    root = _hook_root(args)
    if args.name == "commit-msg":
        if args.message_file is None:
            raise UsageError("isms hook commit-msg needs the commit message file")
        written = commit_msg(root, args.message_file, _staged_facts)
        for trailer in written.trailers:
            print(f"isms: added trailer {trailer}")
        if written.missing_summaries:
            print(f"isms: no change summary for {', '.join(written.missing_summaries)}: {HOW}", file=sys.stderr)
        return EXIT_OK
    from isms.change.hooks import pre_commit

    result = pre_commit(root, today_from(args))
    for diagnostic in result.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if result.blocked:
        print(
            "isms: commit blocked by the errors above. Fix them, git add the files and commit again;"
            " nothing was changed.",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    for line in result.messages():
        print(line)
    if result.edits:
        print("isms: for a major revision instead, run: isms bump --major ID (before committing)")
    return EXIT_OK


def _hook_root(args: argparse.Namespace) -> Path:
    """The ISMS a hook checks. git runs hooks at the top of the work tree; an ISMS in a folder of the
    repository (`isms init isms` in a larger repository) is the one folder there whose isms.yml git
    knows (committed or staged, outside hidden folders), or, with several, the one `git config
    isms.root` names."""
    if args.root is not None:
        return root_from(args)
    top = Path.cwd().resolve()
    here = find_root(top)  # at or above the folder the hook runs in, as every command finds it
    if here is not None:
        return here
    try:
        listed = run(top, "ls-files", "-z", "--cached", "--", ":(glob)**/isms.yml").decode("utf-8", "replace")
    except GitError:
        return root_from(args)  # not in a repository: says there is no ISMS here
    # not a file in a hidden folder: .github/workflows/isms.yml is the CI's
    paths = [path for path in listed.split("\0") if path and not any(p.startswith(".") for p in path.split("/"))]
    found = sorted({str(Path(path).parent) for path in paths})
    if len(found) > 1:
        chosen = _configured_root(top)
        if chosen is None:
            raise UsageError(
                f"this repository holds {len(found)} ISMS folders ({', '.join(found)}); name the one the"
                " hooks check with: git config isms.root FOLDER"
            )
        return chosen
    return (top / found[0]).resolve() if found else root_from(args)


def _configured_root(top: Path) -> Path | None:
    """The ISMS folder `git config isms.root` names, when it holds an isms.yml."""
    try:
        chosen = git_text(top, "config", "--get", "isms.root").strip()
    except GitError:  # not set
        return None
    return (top / chosen).resolve() if chosen and (top / chosen / "isms.yml").is_file() else None


def _staged_facts(root: Path) -> MessageFacts:
    from isms.change.hooks import staged_message_facts

    return staged_message_facts(root)


def run_bump(args: argparse.Namespace) -> int:
    from isms.change.bump import bump_version
    from isms.cli.corpus import document_named, readable_corpus

    root = root_from(args)
    corpus = readable_corpus(root)
    failed = False
    for document_id in args.ids:
        document = document_named(corpus, document_id)
        # Caught here, not in main: one document that cannot be bumped must not stop the others.
        try:
            old, new = bump_version(root, document, major=args.major)
        except (HookError, GitError) as error:
            print(f"isms bump: {error}", file=sys.stderr)
            failed = True
            continue
        print(f"isms bump: {document.id} {old} → {new} in {document.path}; the hook keeps it when you commit")
    return EXIT_ERRORS if failed else EXIT_OK


def _commit_blocked(error: IsmsError) -> str:
    """What git shows when a hook refuses: the commit was not made, and why."""
    if isinstance(error, GitError) and not isinstance(error, NotARepository):
        return f"isms: commit blocked: git failed: {error}. Nothing was changed."
    if error.message == NO_DESCRIPTION:  # not blocked by a problem in the documents: the message lacks a summary
        return f"isms: {error}"
    return f"isms: commit blocked: {error}"
