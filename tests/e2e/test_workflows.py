"""The CI files a user copies: their structure, every `isms` command in them parsed and run in a pull request.

The commands are read out of the workflow files themselves, so a renamed option or a command that does not
exist fails here, not in a user's first pipeline.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from isms.cli import _parser
from support.gitrepo import GitRepo
from support.paths import REPOSITORY

GITHUB = REPOSITORY / ".github" / "workflows" / "isms.yml"
GITLAB = REPOSITORY / ".gitlab-ci.yml"
TEMPLATES = (
    REPOSITORY / ".github" / "pull_request_template.md",
    REPOSITORY / ".gitlab" / "merge_request_templates" / "Document change.md",
)
EXPECTED = {"check", "verify", "codeowners", "build", "changes"}  # the isms commands each CI file runs

# What the CI systems set these variables to in a pull request against main.
CI_VALUES = {
    "BASE_REF": "main",  # github.base_ref, passed to the step through env
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
    "CI_DEFAULT_BRANCH": "main",
    "CI_API_V4_URL": "https://gitlab.example.com/api/v4",
    "CI_PROJECT_ID": "42",
    "CI_MERGE_REQUEST_IID": "7",
}
GITLAB_KEYWORDS = {"default", "include", "stages", "variables", "workflow", "image", "services", "cache"}
GITLAB_KEYWORDS |= {"before_script", "after_script"}

EDITED = "policies/standard/STD-AC-01-access-control.md"
SECTION = "## 8. Access reviews\n"  # the branch adds a sentence under this heading
AUTHOR = ("Chen Hao", "chen.hao@aozora-bridge.example")  # it-manager in the example isms.yml
NOTE_MARKER = "<!-- isms changes -->"


@dataclass(frozen=True)
class Command:
    """One `isms` command line of a CI script, with the CI variables replaced by their values."""

    where: str
    argv: tuple[str, ...]
    stdout_to: str | None = None

    def __str__(self) -> str:
        return shlex.join(self.argv) + (f" > {self.stdout_to}" if self.stdout_to else "")

    @property
    def name(self) -> str:
        return self.argv[1] if len(self.argv) > 1 else ""


# --- reading commands out of shell scripts -------------------------------------------------------------------

_SEPARATORS = {";", "&&", "||", "|", "|&", "&", ";;", "(", ")"}
_REDIRECTIONS = {">", ">>", ">|", "&>", "<"}
_PREFIXES = {"if", "then", "elif", "else", "do", "while", "until", "!", "time", "exec", "command", "{"}
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def isms_commands(script: str, where: str = "") -> list[Command]:
    """Every simple command that starts with `isms`, one shell line at a time.

    Lines continued with a backslash are joined; `;`, `&&`, `||`, pipes and parentheses separate commands;
    leading keywords (`if`, `then`, `!`) and variable assignments are skipped; `> file` is kept apart from
    the arguments. Variables named in CI_VALUES are replaced; others stay, for the parse test to report.
    """
    found = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        try:
            words = list(lexer)
        except ValueError as error:
            raise AssertionError(f"{where}: cannot read the shell line {line!r}: {error}") from None
        for simple in _split(words):
            found.extend(_as_isms(simple, where))
    return found


def parse_error(argv: tuple[str, ...]) -> str | None:
    """What the real argument parser says about a command line, or None when it accepts it."""
    messages = io.StringIO()
    try:
        with redirect_stderr(messages), redirect_stdout(messages):
            args = _parser().parse_args(list(argv[1:]))
    except SystemExit:
        return messages.getvalue().strip() or "exited while parsing"
    if getattr(args, "handler", None) is None:
        return "no command"
    return None


def _split(words: list[str]) -> Iterator[list[str]]:
    command: list[str] = []
    for word in [*words, ";"]:
        if word in _SEPARATORS:
            if command:
                yield command
            command = []
        else:
            command.append(word)


def _as_isms(words: list[str], where: str) -> list[Command]:
    while words and (words[0] in _PREFIXES or _ASSIGNMENT.match(words[0])):
        words = words[1:]
    if not words or words[0] != "isms":
        return []
    argv: list[str] = []
    stdout_to = None
    rest = iter(words)
    for word in rest:
        if word in _REDIRECTIONS:
            target = next(rest, "")
            if word != "<":
                stdout_to = _substitute(target)
        else:
            argv.append(_substitute(word))
    return [Command(where, tuple(argv), stdout_to)]


def _substitute(word: str) -> str:
    def value(match: re.Match[str]) -> str:
        return CI_VALUES.get(match.group(1) or match.group(2), match.group(0))

    return _VARIABLE.sub(value, word)


# --- the CI files ----------------------------------------------------------------------------------------------


def _load(path: Path) -> dict[Any, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{path} is not a YAML mapping"
    return loaded


def _flatten(entries: object) -> list[str]:
    if isinstance(entries, str):
        return [entries]
    if isinstance(entries, list):
        return [text for entry in entries for text in _flatten(entry)]
    return []


def github_scripts() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where, script, step) for every `run:` step of the GitHub workflow."""
    for job_name, job in _load(GITHUB)["jobs"].items():
        for number, step in enumerate(job["steps"], 1):
            if "run" in step:
                yield f"{GITHUB.name} {job_name} step {number}", step["run"], step


def gitlab_jobs() -> dict[str, dict[str, Any]]:
    pipeline = _load(GITLAB)
    return {name: job for name, job in pipeline.items() if name not in GITLAB_KEYWORDS and not name.startswith(".")}


def gitlab_scripts() -> Iterator[tuple[str, str]]:
    """(where, script) for every script entry of the GitLab pipeline, the default before_script included."""
    pipeline = _load(GITLAB)
    default = pipeline.get("default", {})
    for entry in _flatten(default.get("before_script")):
        yield f"{GITLAB.name} default", entry
    for name, job in gitlab_jobs().items():
        for key in ("before_script", "script", "after_script"):
            for entry in _flatten(job.get(key)):
                yield f"{GITLAB.name} {name}", entry


def all_commands() -> list[Command]:
    scripts = [(where, script) for where, script, _ in github_scripts()] + list(gitlab_scripts())
    return [command for where, script in scripts for command in isms_commands(script, where)]


COMMANDS = all_commands()
UNIQUE = list(dict.fromkeys(Command("", command.argv, command.stdout_to) for command in COMMANDS))


# --- structure -------------------------------------------------------------------------------------------------


def test_github_workflow_runs_on_pull_requests_with_least_privilege() -> None:
    workflow = _load(GITHUB)
    triggers = workflow[True]  # PyYAML reads the key `on` as the boolean true (YAML 1.1)
    assert "pull_request" in triggers
    assert triggers["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs
    for name, job in jobs.items():
        assert job["runs-on"], name
        permissions = job.get("permissions", workflow["permissions"])
        assert permissions.get("contents") == "read", name
        writes = {scope for scope, level in permissions.items() if level == "write"}
        assert writes <= {"pull-requests"}, f"{name} may write {writes}"
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), f"{name}: a step needs exactly one of run and uses: {step}"
        checkouts = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
        assert len(checkouts) == 1, name
        assert checkouts[0]["with"]["fetch-depth"] == 0, f"{name}: isms verify needs the whole history"
        assert checkouts[0]["with"]["persist-credentials"] is False, name
        pythons = [step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@")]
        assert [str(step["with"]["python-version"]) for step in pythons] == ["3.11"], name
    uploads = [step for job in jobs.values() for step in job["steps"] if "upload-artifact" in step.get("uses", "")]
    assert [(step["uses"], step["with"]["path"]) for step in uploads] == [("actions/upload-artifact@v4", "site/")]
    apt = "\n".join(script for _, script, _ in github_scripts() if "apt-get install" in script)
    assert "poppler-utils" in apt and "fonts-noto-cjk" in apt


def test_github_only_the_comment_step_holds_the_token_and_only_on_pull_requests() -> None:
    jobs = _load(GITHUB)["jobs"]
    writers = {name for name, job in jobs.items() if job.get("permissions", {}).get("pull-requests") == "write"}
    assert len(writers) == 1
    (writer,) = writers
    assert "pull_request" in jobs[writer]["if"]
    holders = []
    for where, script, step in github_scripts():
        assert "${{" not in script, f"{where}: pass values through env, never into the script text"
        if "secrets." in json.dumps(step.get("env", {})):
            holders.append((where, step))
    assert len(holders) == 1
    where, step = holders[0]
    assert writer in where
    assert step["env"]["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert step["run"].startswith("gh pr comment")
    changes = [step for _, script, step in github_scripts() if "isms changes" in script]
    assert [step["env"] for step in changes] == [{"BASE_REF": "${{ github.base_ref }}"}]


def test_gitlab_pipeline_runs_on_merge_requests_and_the_default_branch() -> None:
    pipeline = _load(GITLAB)
    assert pipeline["default"]["image"] == "python:3.11-bookworm"
    assert str(pipeline["variables"]["GIT_DEPTH"]) == "0"
    rules = [rule["if"] for rule in pipeline["workflow"]["rules"]]
    assert rules == ['$CI_PIPELINE_SOURCE == "merge_request_event"', "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    jobs = gitlab_jobs()
    assert jobs
    for name, job in jobs.items():
        assert job["stage"] in pipeline["stages"], name
        assert _flatten(job["script"]), name
    site = [name for name, job in jobs.items() if "site/" in job.get("artifacts", {}).get("paths", [])]
    assert len(site) == 1
    assert any("isms build" in script for script in _flatten(jobs[site[0]]["script"]))
    (changes,) = (name for name, job in jobs.items() if any("isms changes" in s for s in _flatten(job["script"])))
    assert [rule["if"] for rule in jobs[changes]["rules"]] == ['$CI_PIPELINE_SOURCE == "merge_request_event"']
    script = _flatten(jobs[changes]["script"])
    fetch = next(i for i, line in enumerate(script) if line.startswith("git fetch"))
    assert "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" in script[fetch]
    assert fetch < next(i for i, line in enumerate(script) if "isms changes" in line)


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=lambda path: path.name)
def test_each_ci_file_runs_every_isms_command(path: Path) -> None:
    names = {command.name for command in COMMANDS if command.where.startswith(path.name)}
    assert names == EXPECTED


# --- the commands parse ----------------------------------------------------------------------------------------


def test_reading_commands_out_of_shell_scripts() -> None:
    script = (
        "set -eu\nif ! isms check --strict; then exit 1; fi\n"
        'ISMS_TODAY=2026-01-01 isms changes \\\n  --base "origin/$BASE_REF" --format markdown > changes.md\n'
        "isms verify && isms build || echo isms failed  # isms due\n"
        "echo isms check; python -m isms check\n"
    )
    assert [str(command) for command in isms_commands(script)] == [
        "isms check --strict",
        "isms changes --base origin/main --format markdown > changes.md",
        "isms verify",
        "isms build",
    ]
    assert parse_error(("isms", "chnages", "--base", "origin/main")) is not None
    assert parse_error(("isms", "check", "--no-such-option")) is not None
    assert parse_error(("isms",)) == "no command"
    assert parse_error(("isms", "check", "--strict")) is None


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: f"{command.where}: {command}")
def test_every_isms_command_parses(command: Command) -> None:
    unknown = [word for word in command.argv if "$" in word]
    assert not unknown, f"{command.where}: give {unknown} a value in CI_VALUES"
    error = parse_error(command.argv)
    assert error is None, f"{command.where}: `{command}` is refused by the isms argument parser:\n{error}"


# --- the commands run in a pull request ------------------------------------------------------------------------


def _git(where: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """A clone of this repository's HEAD as origin/main, on a branch `change` that edits one document.

    The commit goes through the repository's own hooks, so the document gets its new version and the
    commit its trailer, as on a real branch. It is made an hour after HEAD, and that day is "today".
    """
    head, epoch = _git(REPOSITORY, "log", "-1", "--format=%H %ct").split()
    when = int(epoch) + 3600
    today = datetime.fromtimestamp(when, timezone.utc).date().isoformat()
    root = tmp_path_factory.mktemp("ci") / "isms"
    repo = GitRepo(root, today=today)
    subprocess.run(
        ["git", "clone", "--quiet", "--no-checkout", str(REPOSITORY), str(root)], env=repo.env, check=True, timeout=60
    )
    repo.git("update-ref", "refs/remotes/origin/main", head)
    repo.git("checkout", "--quiet", "-b", "change", head)
    installed = repo.isms("hooks", "install")
    assert installed.code == 0, installed.output
    repo.edit(EDITED, SECTION, f"{SECTION}\nAccess is also reviewed on a change of role.\n")
    repo.identify(*AUTHOR, f"{when} +0000")
    committed = repo.run("git", "commit", "--quiet", "-am", "Review access on a change of role", check=False)
    assert committed.code == 0, committed.output
    assert "Document: STD-AC-01 " in repo.message(), "the commit-msg hook did not run"
    return repo


@pytest.mark.parametrize("command", UNIQUE, ids=str)
def test_every_isms_command_succeeds_in_a_pull_request(command: Command, pull_request: GitRepo) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "isms", *command.argv[1:]],
        cwd=pull_request.root,
        env={**pull_request.env, **CI_VALUES},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"`{command}` exited {done.returncode}:\n{done.stdout}{done.stderr}"
    if command.stdout_to:
        assert done.stdout.strip(), f"`{command}` wrote nothing for {command.stdout_to}"
    if command.name == "build":
        assert (pull_request.root / "site" / "index.html").is_file()
        assert (pull_request.root / "site" / "pdf" / "SHA256SUMS").is_file()
    if command.name == "changes":
        assert "STD-AC-01" in done.stdout


# --- the comment steps, with gh and curl replaced by recorders -------------------------------------------------


@pytest.fixture
def fake_tools(tmp_path: Path) -> dict[str, str]:
    """An environment whose gh and curl record their arguments (one call a line) in $CALLS."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(
        '#!/bin/sh\necho "gh $*" >> "$CALLS"\n'
        'case "$*" in *--edit-last*) [ -z "$NO_PREVIOUS_COMMENT" ] || exit 1;; esac\n'
    )
    (bin_dir / "curl").write_text(
        '#!/bin/sh\necho "curl $*" >> "$CALLS"\ncase "$*" in *"--request "*) exit 0;; esac\ncat "$NOTES"\n'
    )
    (bin_dir / "python3").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    (tmp_path / "changes.md").write_text("| STD-AC-01 | 1.4 → 1.5 |\n", encoding="utf-8")
    return {
        **os.environ,
        **CI_VALUES,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "CALLS": str(tmp_path / "calls"),
        "NOTES": str(tmp_path / "notes.json"),
        "PR": "12",
    }


def _run_step(script: str, env: dict[str, str], cwd: Path, *options: str) -> tuple[str, list[str]]:
    done = subprocess.run(
        ["bash", *options, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stdout + done.stderr
    calls = Path(env["CALLS"])
    return done.stdout, calls.read_text().splitlines() if calls.exists() else []


def test_github_comment_is_edited_or_else_created(fake_tools: dict[str, str], tmp_path: Path) -> None:
    (script,) = (script for _, script, _ in github_scripts() if "gh pr comment" in script)
    _, calls = _run_step(script, fake_tools, tmp_path, "-e")
    assert calls == ["gh pr comment 12 --body-file changes.md --edit-last"]
    Path(fake_tools["CALLS"]).unlink()
    _, calls = _run_step(script, {**fake_tools, "NO_PREVIOUS_COMMENT": "1"}, tmp_path, "-e")
    assert calls == ["gh pr comment 12 --body-file changes.md --edit-last", "gh pr comment 12 --body-file changes.md"]


def _gitlab_note_script() -> str:
    (script,) = (script for _, script in gitlab_scripts() if "ISMS_BOT_TOKEN" in script)
    return script


def test_gitlab_note_is_skipped_with_a_message_without_a_token(fake_tools: dict[str, str], tmp_path: Path) -> None:
    environment = {name: value for name, value in fake_tools.items() if name != "ISMS_BOT_TOKEN"}
    output, calls = _run_step(_gitlab_note_script(), environment, tmp_path, "-eo", "pipefail")
    assert "ISMS_BOT_TOKEN is not set" in output
    assert calls == []


def test_gitlab_note_is_created_then_updated(fake_tools: dict[str, str], tmp_path: Path) -> None:
    notes_url = "https://gitlab.example.com/api/v4/projects/42/merge_requests/7/notes"
    environment = {**fake_tools, "ISMS_BOT_TOKEN": "glpat-example"}
    notes = Path(fake_tools["NOTES"])
    notes.write_text(json.dumps([{"id": 3, "body": "Looks right to me"}]))
    _, calls = _run_step(_gitlab_note_script(), environment, tmp_path, "-eo", "pipefail")
    assert len(calls) == 2 and calls[0].endswith(f"{notes_url}?sort=desc&order_by=created_at&per_page=100")
    assert "--request POST" in calls[1] and calls[1].endswith(notes_url)
    assert "PRIVATE-TOKEN: glpat-example" in calls[1] and "body@note.md" in calls[1]
    assert (tmp_path / "note.md").read_text() == f"{NOTE_MARKER}\n| STD-AC-01 | 1.4 → 1.5 |\n"
    Path(fake_tools["CALLS"]).unlink()
    notes.write_text(json.dumps([{"id": 3, "body": "Looks right"}, {"id": 9, "body": f"{NOTE_MARKER}\nold"}]))
    _, calls = _run_step(_gitlab_note_script(), environment, tmp_path, "-eo", "pipefail")
    assert len(calls) == 2 and "--request PUT" in calls[1] and calls[1].endswith(f"{notes_url}/9")


# --- the change request templates ------------------------------------------------------------------------------


def test_the_change_request_templates_are_identical_and_complete() -> None:
    github, gitlab = (path.read_text(encoding="utf-8") for path in TEMPLATES)
    assert github == gitlab, "the GitHub and GitLab templates differ: copy one over the other"
    headings = re.findall(r"^## (.+)$", github, re.MULTILINE)
    assert headings == ["What changes", "Why", "Documents affected", "Training and communication", "Approver checklist"]
    sections = dict(zip(headings, re.split(r"^## .+$", github, flags=re.MULTILINE)[1:], strict=True))
    for reason in ("Audit finding", "Incident", "Legal", "review"):
        assert reason in sections["Why"]
    assert "| Id | Version" in sections["Documents affected"]
    assert "acknowledge" in sections["Training and communication"]
    checklist = sections["Approver checklist"]
    assert all(line.startswith("- [ ] ") for line in checklist.strip().splitlines())
    assert "separation of duties" in checklist and "not an author" in checklist
    commands = re.findall(r"`(isms [^`]+)`", checklist)
    assert {"isms approve ID", "isms verify"} <= set(commands)
    for command in commands:
        argv = tuple(shlex.split(command.replace("ID", "STD-AC-01")))
        assert parse_error(argv) is None, command
