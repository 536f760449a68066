"""A small ISMS whose free-text values are all hostile, built once and read in headless Chromium.

Every value an author or administrator writes (organization, people, roles, a classification,
titles, record field labels, retention, a record template's description, SoA justifications, a
hand-written page) carries markup,
both quotes, template syntax, bidi and control characters; one title is very long. Whatever
reaches the page must stay text: no dialog opens, the payload's global stays undefined, and the
browser asks no other host for anything.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import NoAlertPresentException

from isms.host.site_build import build_site
from support.browser import open_page, requested_urls, search
from support.paths import FIXTURES, REPOSITORY, TODAY
from support.static_server import quiet_handler

pytestmark = pytest.mark.browser

PAGES = (
    "/",
    "/policies/POL-001/",
    "/records/REC-AQ-01/",
    "/registers/documents/",
    "/registers/records/",
    "/registers/soa/",
    "/guide/",
    "/heading/",
)


def hostile(tag: str) -> str:
    """One string that tries every way out of text: HTML, attributes, templates, scripts, bidi."""
    return (
        f"{tag} \"'><script>window.__pwned='{tag}';alert(1)</script>"
        f"<img src=x onerror=\"window.__pwned='{tag}'\"><svg onload=alert(1)>"
        '<img src="https://evil.example/t.png"><a href="javascript:alert(1)">j</a>'
        "{{ 7*7 }}{% if true %}T{% endif %}${window.__pwned=1}`$(touch pwned)`"
        "\u202ebidi\u2066isolate\u2069\u200b\a end"
    )


# A list item with a link of its own around the hostile text
DESCRIPTION = "- " + hostile("description").replace('<img src="https://evil.example/t.png">', "") + " [x](javascript:1)"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\\u0007", "\\a")  # a YAML double-quoted scalar


def _write_hostile_isms(root: Path) -> None:
    shutil.copytree(FIXTURES / "base", root)
    shutil.copy(REPOSITORY / "mkdocs.yml", root / "mkdocs.yml")
    classification = hostile("classification")
    replacements = {
        "isms.yml": [
            ("name: Fixture Ltd.", f"name: {_quoted(hostile('organization'))}"),
            ("name: Alice Example", f"name: {_quoted(hostile('person'))}"),
            ("title: Top management", f"title: {_quoted(hostile('role'))}"),
            ("[public, internal,", f"[public, {_quoted(classification)},"),
        ],
        # mkdocs.yml's names of the site are text too (isms init writes the organization's name there)
        "mkdocs.yml": [
            ("site_name: Aozora Bridge ISMS", f"site_name: {_quoted(hostile('site'))}"),
            (
                "site_description: Information security management system of Aozora Bridge Software Co., Ltd.",
                f"site_description: {_quoted(hostile('description'))}",
            ),
        ],
        "policies/POL-001-policy.md": [
            ("title: Information Security Policy", f"title: {_quoted(hostile('title') + ' long' * 1000)}"),
        ],
        "policies/applicability.yml": [
            ("title: Statement of Applicability", f"title: {_quoted(hostile('soa'))}"),
            ("justification: Needed by the fixture.", f"justification: {_quoted(hostile('justification'))}"),
        ],
        "records-templates/REC-AQ-01-access-request.yml": [
            ("label: Requester", f"label: {_quoted(hostile('label'))}"),
            ("2 years after account closure", _quoted("2 years after " + hostile("retention"))),
            ("storage: IT service desk", f"storage: {_quoted(hostile('storage'))}"),
            # Markdown, as a body is: its markup sanitized (an image from another host fails the check)
            ("evidences:", f"description: {_quoted(DESCRIPTION)}\nevidences:"),
        ],
    }
    for name, pairs in replacements.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"{name} no longer has {old!r}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    for path in [*(root / "policies").glob("*.*"), *(root / "records-templates").glob("*.yml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("classification: internal", f"classification: {_quoted(classification)}"))
    # what the description's <img src=x onerror=…> loads: a file, so the check passes, that is no image, so
    # the browser would run the handler if the sanitizer left it
    (root / "records-templates" / "x").write_text("not an image", encoding="utf-8")
    docs = root / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text(f"---\ntitle: {_quoted(hostile('guide'))}\n---\n\nText.\n", encoding="utf-8")
    # A title taken from the first heading: a code span keeps the markup in it as text.
    (docs / "heading.md").write_text(f"# Heading `{hostile('heading')}`\n\nText.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "isms"
    _write_hostile_isms(root)
    return build_site(root, date.fromisoformat(TODAY), site_dir=root.parent / "site").site_dir


@pytest.fixture(scope="module")
def hostile_site(hostile_build: Path) -> Iterator[str]:
    site = hostile_build
    server = ThreadingHTTPServer(("127.0.0.1", 0), quiet_handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _no_dialog(browser: Any) -> bool:
    try:
        browser.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


def test_hostile_strings_stay_text_run_nothing_and_request_no_other_host(browser: Any, hostile_site: str) -> None:
    browser.get_log("performance")  # discard what earlier tests did
    for path in PAGES:
        open_page(browser, hostile_site + path)
        time.sleep(0.2)  # give an injected handler the time to fire
        assert _no_dialog(browser), f"{path} opened a dialog"
        assert browser.execute_script("return typeof window.__pwned") == "undefined", path
        text = browser.execute_script("return document.body.innerText")
        assert "<script>window.__pwned=" in text, f"{path} does not show the hostile text as text"
        header = browser.execute_script("return document.querySelector('.md-header__topic').innerText")
        assert header.startswith("site \"'><script>window.__pwned='site'"), f"{path}: the site's name in the header"
        assert "site \"'><script>window.__pwned='site'" in browser.title, f"{path}: the site's name in the title"
        description = browser.execute_script("return document.querySelector('meta[name=description]').content")
        assert description.startswith("description \"'><script>"), f"{path}: the site's description"
    found = search(browser, hostile_site, "pwned")
    assert found, "the search for the hostile text found nothing, so its results were not rendered"
    assert _no_dialog(browser), "the search results opened a dialog"
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    requested = requested_urls(browser)
    assert requested, "the performance log recorded no request"
    assert [u for u in requested if not u.startswith((hostile_site, "data:", "blob:"))] == []


def test_hostile_strings_are_text_in_the_pdfs(hostile_build: Path) -> None:
    expected = {
        "REC-AQ-01-v1.0.pdf": ("label", "retention", "storage"),
        "SOA-001-v1.0.pdf": ("soa",),
    }
    for name, tags in expected.items():  # forms and lists: registers interleave their columns in the text
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(hostile_build / "pdf" / name), "-"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout  # fmt: skip
        flat = "".join(text.split())
        for tag in tags:  # the quotes may come out typographic; the markup must come out whole
            assert re.search(re.escape(tag) + r"\W{1,6}<script>window\.__pwned=", flat), f"{name}: {tag}"
        assert "egarotS" not in flat and "retsigeR" not in flat, f"{name}: an override turned later text around"
        assert flat.count("{{7*7}}{%iftrue%}T{%endif%}${window.__pwned=1}") >= len(tags), name


@pytest.fixture(scope="module")
def hostile_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A history whose redline, in-force data and isms.yml change all carry hostile strings."""
    from support.gitrepo import GitRepo

    repo = GitRepo.create(tmp_path_factory.mktemp("hostile-history") / "isms")
    repo.add_site(pdf=True)
    shutil.copy(REPOSITORY / "mkdocs.yml", repo.path("mkdocs.yml"))  # no web fonts: no request to another host
    policy = "policies/POL-001-policy.md"
    repo.edit(policy, "title: Information Security Policy", f"title: {_quoted(hostile('title'))}")
    repo.edit(
        policy, "information security. {A.5.1}", f"information security. {{A.5.1}}\n\n- a `{hostile('redline')}` rule\n"
    )
    message = f"Add a rule\n\nChange-Summary: {hostile('summary').splitlines()[0]}"
    assert repo.commit(message, author="bob", add_all=True).code == 0
    repo.edit(policy, "status: draft", "status: approved")
    repo.edit(policy, "approved_on: 2026-06-01", "approved_on: 2026-07-01")
    assert repo.commit("Approve the policy", author="alice", add_all=True).code == 0
    repo.edit("isms.yml", "title: Top management", f"title: {_quoted(hostile('role'))}")
    assert repo.commit("Rename the role", author="bob", add_all=True).code == 0
    return build_site(repo.root, date.fromisoformat(TODAY), site_dir=repo.root.parent / "site").site_dir


def test_history_pages_redlines_and_in_force_keep_hostile_strings_as_text(browser: Any, hostile_history: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), quiet_handler(hostile_history))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        browser.get_log("performance")
        shown = {
            "/history/POL-001/": "title",
            "/history/POL-001/1.1/": "redline",
            "/registers/in-force/?date=2026-11-21": "title",
            "/registers/changes/": "role",
        }
        for path, tag in shown.items():
            open_page(browser, base + path)
            time.sleep(0.3)  # the in-force page fills its table from the JSON
            assert _no_dialog(browser), f"{path} opened a dialog"
            assert browser.execute_script("return typeof window.__pwned") == "undefined", path
            text = browser.execute_script("return document.body.innerText")
            assert f"{tag} \"'><script>window.__pwned=" in text, f"{path} does not show the hostile {tag} as text"
        assert [u for u in requested_urls(browser) if not u.startswith((base, "data:", "blob:"))] == []
    finally:
        server.shutdown()
    data = json.loads((hostile_history / "registers" / "in-force.json").read_text(encoding="utf-8"))
    assert data["documents"][0]["title"].startswith("title \"'><script>window.__pwned='title'")
    redline = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(hostile_history / "pdf" / "redline" / "POL-001-v1.1-redline.pdf"), "-"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    assert "<script>window.__pwned='redline'" in "".join(redline.split())
