"""Throwaway git repositories holding a fixture ISMS, with the isms hooks installed for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from support.paths import FIXTURES, TODAY

MKDOCS = "site_name: Fixture ISMS\ntheme:\n  name: material\nplugins:\n  - search\n  - isms:\n      pdf: {pdf}\n"

PEOPLE = {
    "alice": ("Alice Example", "alice@example.com"),
    "bob": ("Bob Example", "bob@example.com"),
    "carol": ("Carol Outsider", "carol@example.com"),
}


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class GitRepo:
    """A git work tree whose commits run hooks/pre-commit and hooks/commit-msg through `isms`."""

    def __init__(self, root: Path, today: str = TODAY) -> None:
        self.root = root
        self.env = {
            **os.environ,
            "ISMS": f"{sys.executable} -m isms",
            "ISMS_TODAY": today,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "LC_ALL": "C.UTF-8",
        }
        self.env.pop("ISMS_DEBUG", None)
        self.clock = 1_780_000_000  # commit times advance one day per commit

    @classmethod
    def create(cls, where: Path, fixture: str = "base", hooks: bool = True) -> GitRepo:
        shutil.copytree(FIXTURES / fixture, where)
        repo = cls(where)
        repo.git("init", "-q", "-b", "main")
        repo.git("config", "core.autocrlf", "false")
        if hooks:
            result = repo.isms("hooks", "install")
            assert result.code == 0, result.output
        repo.commit("Initial ISMS", author="alice", add_all=True)
        return repo

    def add_site(self, pdf: bool) -> None:
        """The files a site build needs: mkdocs.yml, a hand-written page and a .gitignore for outputs."""
        self.path("mkdocs.yml").write_text(MKDOCS.format(pdf=str(pdf).lower()), encoding="utf-8")
        self.path("docs").mkdir()
        self.path("docs/reading.md").write_text("# How to read the ISMS\n\nStart with the policy.\n", encoding="utf-8")
        self.path(".gitignore").write_text("site/\nsite-as-of-*/\n.isms-cache/\n", encoding="utf-8")

    def run(self, *command: str, check: bool = True, stdin: str | None = None) -> Result:
        done = subprocess.run(
            command, cwd=self.root, env=self.env, capture_output=True, text=True, input=stdin, timeout=120
        )
        result = Result(done.returncode, done.stdout, done.stderr)
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed ({done.returncode}):\n{result.output}")
        return result

    def git(self, *args: str, check: bool = True) -> str:
        return self.run("git", *args, check=check).stdout

    def isms(self, *args: str) -> Result:
        return self.run(sys.executable, "-m", "isms", *args, check=False)

    def commit(self, message: str, author: str = "alice", add_all: bool = False, *extra: str) -> Result:
        self.act_as(author)
        if add_all:
            self.git("add", "-A")
        return self.run("git", "commit", "-q", "-m", message, *extra, check=False)

    def record_approvals_from_now(
        self, message: str = "Record approvals with isms approve from now on", **approvals: str
    ) -> None:
        """approvals.since at the current commit (earlier approvals stand as written), plus any other keys of
        `approvals:`, committed together with whatever else the work tree holds."""
        entries = {"since": self.git("rev-parse", "HEAD").strip(), **approvals}
        settings = self.path("isms.yml")
        block = "approvals:\n" + "".join(f"  {key}: {value}\n" for key, value in entries.items())
        settings.write_text(settings.read_text(encoding="utf-8") + block, encoding="utf-8")
        result = self.commit(message, add_all=True)
        assert result.code == 0, result.output

    def approve_on(self, document_id: str, day: str, approver: str = "alice") -> None:
        """`isms approve` by `approver` as if on `day` (its approval date), the clock of later commits kept."""
        self.act_as(approver)
        kept = self.env["ISMS_TODAY"]
        self.env["ISMS_TODAY"] = day
        try:
            result = self.isms("approve", document_id)
            assert result.code == 0, result.output
        finally:
            self.env["ISMS_TODAY"] = kept

    def act_as(self, author: str) -> None:
        """Make the next git commits (and `isms approve`) come from this person, one day later."""
        name, email = PEOPLE[author]
        self.clock += 86400
        self.identify(name, email, f"{self.clock} +0900")

    def identify(self, name: str, email: str, stamp: str) -> None:
        """Author and committer of the next commits, at a fixed time ("EPOCH +ZONE")."""
        self.env.update(
            GIT_AUTHOR_NAME=name,
            GIT_AUTHOR_EMAIL=email,
            GIT_COMMITTER_NAME=name,
            GIT_COMMITTER_EMAIL=email,
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_DATE=stamp,
        )

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> bytes:
        return self.path(relative).read_bytes()

    def edit(self, relative: str, old: str, new: str) -> None:
        text = self.path(relative).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        self.path(relative).write_text(text.replace(old, new, 1), encoding="utf-8")

    def show(self, spec: str) -> bytes:
        return subprocess.run(
            ["git", "show", spec], cwd=self.root, env=self.env, capture_output=True, check=True
        ).stdout

    def message(self, rev: str = "HEAD") -> str:
        return self.git("log", "-1", "--format=%B", rev)

    def state(self) -> tuple[str, str, dict[str, bytes]]:
        """The index, HEAD and every file of the work tree that git sees (not ignored caches)."""
        listed = self.git("ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
        files = {name: (self.root / name).read_bytes() for name in sorted(set(listed)) if (self.root / name).is_file()}
        return self.git("ls-files", "-s"), self.git("rev-parse", "HEAD"), files


def git_as_alice(root: Path, *arguments: str) -> None:
    """A git command in `root` as Alice Example, hooks off: for fixtures that need a commit or two."""
    identity = ["-c", "user.name=Alice Example", "-c", "user.email=alice@example.com", "-c", "core.hooksPath=/dev/null"]
    subprocess.run(["git", *identity, *arguments], cwd=root, check=True, capture_output=True)
