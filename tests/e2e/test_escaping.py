"""Titles from documents, translations and hand-written pages are text in every output of the site:
the HTML `<title>`, the navigation and the search index."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from isms.core import bidi
from isms.host.site_build import build_site
from support.paths import REPOSITORY, TODAY

SITE_NAME = "Aozora Bridge ISMS"  # from the repository's mkdocs.yml
LEGITIMATE = "& \"double\" 'single' a < b > c 情報セキュリティ"


def _payload(number: int) -> str:
    return f'</title><script>window.__pwned={number}</script><img src=x onerror="window.__pwned={number}">'


class _Page(HTMLParser):
    """What a browser would see of a page: its title, its text, and anything that could run."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.text: list[str] = []
        self.runnable: list[str] = []
        self._in_title = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = tag == "title"
        self._in_script = tag == "script"
        if tag == "img" and dict(attrs).get("src") == "x":
            self.runnable.append(f"<img src=x> {attrs}")
        self.runnable += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._in_script and "__pwned" in data:
            self.runnable.append(f"<script>{data}")
        else:
            self.text.append(data)


def _read(page: Path) -> _Page:
    parser = _Page()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _front_matter_title(path: Path, title: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[index] = f"title: {json.dumps(title, ensure_ascii=False)}\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_hostile_titles_are_text_in_title_navigation_and_search_index(base_tree: Path) -> None:
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    docs = base_tree / "docs"
    docs.mkdir()
    policy_title = f"Policy {_payload(1)} {LEGITIMATE}"
    translation_title = f"方針 {_payload(2)}"
    guide_title = f"Guide {_payload(3)} {{{{ config }}}}"
    _front_matter_title(base_tree / "policies" / "POL-001-policy.md", policy_title)
    original = (base_tree / "policies" / "POL-001-policy.md").read_text(encoding="utf-8")
    translation = original.replace("id: POL-001\n", "id: POL-001-JA\ntranslation_of: POL-001\nlanguage: ja\n")
    (base_tree / "policies" / "POL-001-policy.ja.md").write_text(translation, encoding="utf-8")
    _front_matter_title(base_tree / "policies" / "POL-001-policy.ja.md", translation_title)
    (docs / "guide.md").write_text(f"---\ntitle: {json.dumps(guide_title)}\n---\n\nText.\n", encoding="utf-8")
    # A heading's code span keeps the markup as entities, which the theme's striptags used to decode.
    (docs / "heading.md").write_text(f"# Heading `{_payload(4)}`\n\nText.\n", encoding="utf-8")

    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out").site_dir

    pages = {page.relative_to(site).as_posix(): _read(page) for page in sorted(site.rglob("*.html"))}
    assert {path: page.runnable for path, page in pages.items() if page.runnable} == {}
    expected_titles = {
        "policies/POL-001/index.html": f"POL-001 {policy_title}",
        "policies/POL-001-JA/index.html": f"POL-001-JA {translation_title}",
        "guide/index.html": guide_title,
        "heading/index.html": f"Heading {_payload(4)}",
    }
    for path, title in expected_titles.items():
        assert pages[path].title == f"{title} - {SITE_NAME}"
    home_text = " ".join(" ".join(pages["index.html"].text).split())
    for navigation_title in (f"POL-001 {policy_title}", guide_title, f"Heading {_payload(4)}"):
        assert navigation_title in home_text

    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    search_titles = {entry["location"]: entry["title"] for entry in search["docs"]}
    assert html.unescape(search_titles["policies/POL-001/"]) == f"POL-001 {policy_title}"  # results carry the id
    assert html.unescape(search_titles["guide/"]) == guide_title
    for title in search_titles.values():
        assert "<script" not in title and "<img" not in title


def test_bidi_scopes_end_with_the_value_and_balanced_ones_are_kept() -> None:
    override, pop, isolate, pop_isolate = "\u202e", "\u202c", "\u2067", "\u2069"
    assert bidi.closed(f"a{override}b") == f"a{override}b{pop}"
    assert bidi.closed(f"a{isolate}b{override}c") == f"a{isolate}b{override}c{pop}{pop_isolate}"
    assert bidi.closed(f"{pop}{pop_isolate}a") == "a"  # stray terminators would close the page's own
    assert bidi.closed(f"{isolate}{override}x{pop_isolate}y") == f"{isolate}{override}x{pop_isolate}y"
    assert bidi.closed(f"{isolate}x{pop}y") == f"{isolate}xy{pop_isolate}"  # a PDF cannot end an isolate
    balanced = f"שלום {isolate}abc{pop_isolate} \u200f."
    assert bidi.closed(balanced) == balanced


def test_a_version_from_an_old_commit_cannot_place_a_page_outside_the_site(base_tree: Path) -> None:
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    policy = base_tree / "policies" / "POL-001-policy.md"
    current = policy.read_text(encoding="utf-8")

    def git(*args: str) -> None:
        identity = ["-c", "user.name=Alice Example", "-c", "user.email=alice@example.com"]
        subprocess.run(["git", *identity, *args], cwd=base_tree, check=True, capture_output=True, timeout=60)

    git("init", "-q")
    policy.write_text(current.replace('version: "1.0"', 'version: "../../../../escaped"'), encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "--no-verify", "-m", "A version that is a path")
    policy.write_text(current, encoding="utf-8")
    git("commit", "-q", "--no-verify", "-am", "Version 1.0")
    before = sorted(p.relative_to(base_tree.parent).as_posix() for p in base_tree.parent.rglob("*"))

    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out" / "site").site_dir

    after = sorted(p.relative_to(base_tree.parent).as_posix() for p in base_tree.parent.rglob("*"))
    kept = ("isms/out/", "isms/.isms-cache", "isms/.git/")  # the output, the PDF cache, git's own folder
    outside = [path for path in after if path not in before and not path.startswith(kept)]
    assert outside == ["isms/out"]
    versions = sorted(p.name for p in (site / "history" / "POL-001").iterdir())
    assert versions[:2] == ["1.0", "index.html"] and len(versions) == 3
    assert re.fullmatch(r"version-[0-9a-f]{16}", versions[2])
    history = _read(site / "history" / "POL-001" / "index.html")
    assert "../../../../escaped" in " ".join(history.text)
    # The in-force data names the version as data and links to the page it was given, inside the site.
    data = json.loads((site / "registers" / "in-force.json").read_text(encoding="utf-8"))
    policy = next(d for d in data["documents"] if d["id"] == "POL-001")
    assert [v["version"] for v in policy["versions"]] == ["../../../../escaped", "1.0"]
    assert [v["page"] for v in policy["versions"]] == [
        f"../../history/POL-001/{versions[2]}/",
        "../../history/POL-001/1.0/",
    ]
    assert not (site / "pdf" / "redline").exists()  # a version that cannot be read is no side of a redline
