"""Pages kept between the builds of mkdocs serve (isms.site.kept_pages): after every kind of save,
the pages built from the kept ones are the pages a build from nothing makes, and a save that changes
only a document's text generates that document's page alone."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from isms.core.revisions import History
from isms.resolve.view import open_view
from isms.site.kept_pages import KeptPages
from isms.site.pages import build_pages
from isms.site.templating import Page
from support.gitrepo import git_as_alice
from support.images import png
from support.paths import FIXTURES

TODAY = date(2026, 11, 21)
POLICY = "policies/POL-001-policy.md"
STANDARD = "policies/STD-AC-01-access.md"
TRANSLATION = "policies/POL-001-ja.md"
IMAGE = "policies/scope.png"
PNG = png()
JAPANESE = """---
id: POL-001-JA
translation_of: POL-001
language: ja
title: 情報セキュリティ方針
translates: "1.0"
version: "1.0"
status: approved
approved_by: alice
approved_on: 2026-06-01
effective: 2026-06-15
---

## 1. 目的

経営者が情報セキュリティの方向を定める。 {A.5.1}
"""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "isms"
    shutil.copytree(FIXTURES / "base", root)
    (root / TRANSLATION).write_text(JAPANESE, encoding="utf-8")
    git_as_alice(root, "init", "--quiet")
    git_as_alice(root, "add", "-A")
    git_as_alice(root, "commit", "--quiet", "-m", "The fixture ISMS")
    _edit(root, STANDARD, "named person.", "named person, who is accountable for it.")
    (root / IMAGE).write_bytes(PNG)
    _append(POLICY, "\n![Scope](scope.png)\n")(root)
    git_as_alice(root, "add", "-A")
    git_as_alice(root, "commit", "--quiet", "-m", "Make the account owner accountable; show the scope")
    return root


def _edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


class Server:
    """Builds the pages as mkdocs serve does, keeping the history and the pages of the build before."""

    def __init__(self, root: Path, language: str) -> None:
        self.root, self.language = root, language
        self.histories: dict[str, History] = {}
        self.kept = KeptPages()

    def build(self) -> list[Page]:
        opened = open_view(self.root, TODAY, sources=False, histories=self.histories)
        assert opened.view is not None, [d.format() for d in opened.diagnostics]
        return build_pages(opened.view, language=self.language, kept=self.kept)


def _fresh(root: Path, language: str) -> list[Page]:
    opened = open_view(root, TODAY, sources=False)
    assert opened.view is not None
    return build_pages(opened.view, language=language)


def _append(path: str, text: str) -> Callable[[Path], None]:
    def save(root: Path) -> None:
        with (root / path).open("a", encoding="utf-8") as file:
            file.write(text)

    return save


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: _edit(root, path, old, new)


def _unlinked(root: Path) -> None:
    _edit(root, POLICY, "\n![Scope](scope.png)\n", "")
    (root / IMAGE).unlink()


ONE = {"en": 1, "ja": 1}
# The Japanese site shows the translation on its own page and on its original's.
BOTH = {"en": 1, "ja": 2}
# … and the translation in place of its original's text, which no page of it shows then.
ORIGINAL = {"en": 1, "ja": 0}
# (what the save does, how many pages it generates in each language, None for every page)
SAVES: list[tuple[str, Callable[[Path], None], dict[str, int] | None]] = [
    ("a sentence appended", _append(STANDARD, "\nAccounts are reviewed every quarter.\n"), ONE),
    ("a line added above a statement", _replace(STANDARD, "1. Every", "Scope: all systems.\n\n1. Every"), ONE),
    ("a statement's words, which control pages show", _replace(STANDARD, "one named", "one identified"), None),
    ("a title", _replace(STANDARD, "title: Access Control Standard", "title: Access Standard"), None),
    ("the translation's text", _append(TRANSLATION, "\n方針は毎年見直す。\n"), BOTH),
    # The version page of the policy's last commit shows the image while it is there, its text when not.
    ("an image and the link to it removed", _unlinked, None),
    ("the image back", lambda root: (root / IMAGE).write_bytes(PNG), None),
    ("a link to another document", _append(POLICY, "\nSee [](STD-AC-01).\n"), ORIGINAL),
    ("a document deleted", lambda root: (root / TRANSLATION).unlink(), None),
    ("a field of isms.yml", _replace("isms.yml", "languages: [en]", "languages: [en, ja]"), None),
]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_pages_built_from_kept_pages_are_the_pages_of_a_build_from_nothing(repository: Path, language: str) -> None:
    server = Server(repository, language)
    first = server.build()
    assert server.kept.generated == len(first) and first == _fresh(repository, language)
    for what, save, generated in SAVES:
        save(repository)
        pages = server.build()
        assert pages == _fresh(repository, language), what
        assert server.kept.generated == (len(pages) if generated is None else generated[language]), what


def test_after_a_commit_every_page_is_generated_again(repository: Path) -> None:
    server = Server(repository, "en")
    server.build()
    _append(STANDARD, "\nAccounts are reviewed every quarter.\n")(repository)
    git_as_alice(repository, "commit", "--quiet", "-am", "Review accounts every quarter")
    pages = server.build()
    assert server.kept.generated == len(pages) and pages == _fresh(repository, "en")
