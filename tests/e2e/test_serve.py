"""`mkdocs serve` (or `properdocs serve`) picks up edits to the ISMS sources and isms.yml, not only to docs/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from isms.host import HOST
from support.gitrepo import git_as_alice
from support.paths import REPOSITORY, TODAY
from support.static_server import fetch


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def _wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


@contextmanager
def _serving(root: Path) -> Iterator[str]:
    port = _free_port()
    environment = {**os.environ, "ISMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", HOST.value, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(url: str, text: str, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_sources_change(base_tree: Path) -> None:
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    port = _free_port()
    environment = {**os.environ, "ISMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", HOST.value, "serve", "-a", f"127.0.0.1:{port}"],  # mkdocs or properdocs serve
        cwd=base_tree,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(base + "/standards/STD-AC-01/", "Access Control Standard")
        standard = base_tree / "policies" / "STD-AC-01-access.md"
        standard.write_text(standard.read_text().replace("title: Access Control Standard", "title: Identity Standard"))
        assert _wait_for(base + "/standards/STD-AC-01/", "Identity Standard")
        record = base_tree / "records-templates" / "REC-AQ-01-access-request.yml"
        record.write_text(record.read_text().replace("title: Access Request", "title: Access Request Form"))
        assert _wait_for(base + "/records/REC-AQ-01/", "Access Request Form")
        settings = base_tree / "isms.yml"
        settings.write_text(settings.read_text().replace("name: Fixture Ltd.", "name: Renamed Fixture Ltd."))
        assert _wait_for(base + "/", "Renamed Fixture Ltd.")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_shows_each_edit_and_leaves_nothing_stale(base_tree: Path) -> None:
    """Rebuilds in serve redo only the pages that changed; the pages, the navigation on the others and
    the search index still show every edit, a renamed document's old page and a deleted one are gone."""
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    procedure = base_tree / "policies" / "PRO-UA-01-user-access.md"
    with _serving(base_tree) as base:
        page, other = base + "/procedures/PRO-UA-01/", base + "/standards/STD-AC-01/"
        policy = base + "/policies/POL-001/"
        index = base + "/search/search_index.json"
        assert _wait_for(page, "fills in an access request")
        assert "User Access Procedure" in fetch(policy)  # in the navigation of every page

        procedure.write_text(procedure.read_text() + "2. First edit of the procedure.\n")
        assert _wait_for(page, "First edit of the procedure.")
        assert _wait_for(index, "First edit of the procedure.")

        procedure.write_text(procedure.read_text().replace("First edit", "Second edit"))
        assert _wait_for(page, "Second edit of the procedure.")
        assert "First edit" not in fetch(page)
        assert _wait_until(lambda: "Second edit" in fetch(index) and "First edit" not in fetch(index))
        assert "fills in an access request" in fetch(page)

        procedure.write_text(procedure.read_text().replace("title: User Access Procedure", "title: Account Procedure"))
        assert _wait_for(policy, "Account Procedure")  # a page whose own source did not change
        for address in (page, other, policy, base + "/"):
            assert "User Access Procedure" not in fetch(address), address

        renamed = procedure.with_name("PRO-UA-02-account.md")
        renamed.write_text(procedure.read_text().replace("id: PRO-UA-01", "id: PRO-UA-02"))
        procedure.unlink()
        assert _wait_for(base + "/procedures/PRO-UA-02/", "Second edit of the procedure.")
        assert _wait_until(lambda: _status(page) == 404)
        assert "PRO-UA-01" not in fetch(other)
        assert _wait_until(lambda: "procedures/PRO-UA-01/" not in fetch(index))

        renamed.unlink()
        assert _wait_until(lambda: _status(base + "/procedures/PRO-UA-02/") == 404)
        for address in (other, policy, base + "/"):
            assert "Account Procedure" not in fetch(address), address
        assert _wait_until(lambda: "procedures/PRO-UA-02/" not in fetch(index) and "Second edit" not in fetch(index))
        assert "Access Control Standard" in fetch(other)


def test_serve_says_it_is_a_preview_before_and_after_the_first_save(base_tree: Path) -> None:
    """The banner of a preview says the same on a clean tree and a changed one, so the first save
    does not change every page."""
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    for command in (["init", "--quiet"], ["add", "-A"], ["commit", "--quiet", "-m", "The fixture ISMS"]):
        git_as_alice(base_tree, *command)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=base_tree, check=True, capture_output=True, text=True)
    preview = f"A live preview of the working tree on top of commit {commit.stdout[:8]}"
    procedure = base_tree / "policies" / "PRO-UA-01-user-access.md"
    with _serving(base_tree) as base:
        page, other = base + "/procedures/PRO-UA-01/", base + "/standards/STD-AC-01/"
        assert _wait_for(page, "fills in an access request")
        assert preview in fetch(page) and preview in fetch(other)
        procedure.write_text(procedure.read_text() + "2. First edit of the procedure.\n")
        assert _wait_for(page, "First edit of the procedure.")
        assert preview in fetch(page) and preview in fetch(other)
        assert "uncommitted changes" not in fetch(other)
