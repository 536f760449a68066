"""The auditor's pages in the site's language: the history of a document, a version and the in-force page
of a Japanese site carry the words of the Japanese label catalog, people by their Japanese names, and no
English word of the catalog's history section as visible text."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from isms.host.site_build import build_site
from isms.read.labels import labels_in, load_label_catalog
from support.browser import open_page, screenshot, wait_for
from support.gitrepo import GitRepo
from support.html_structure import without_unbreakable_spans
from support.static_server import serving

POLICY = "policies/POL-001-policy.md"
RULES = "\n\n## 2. Review\n\n- The owner reviews the policy yearly.\n- Top management approves each new version.\n"
JA = labels_in("ja")
ALICE, BOB = "有栖 花子", "母部 太郎"


def commit_as_bob(repo: GitRepo, message: str) -> None:
    result = repo.commit(message, author="bob", add_all=True)
    assert result.code == 0, result.output


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """POL-001 revised and approved twice (1.1 on 2026-07-01, 1.2 on 2026-09-01), a draft 1.3 without a
    summary and a change to isms.yml nobody approved; its people named in Japanese; a site in English and
    Japanese, built without PDFs."""
    repo = GitRepo.create(tmp_path_factory.mktemp("japanese") / "isms")
    repo.add_site(pdf=False)
    repo.edit("isms.yml", "name: Alice Example,", f"name: Alice Example, names: {{ja: {ALICE}}},")
    repo.edit("isms.yml", "name: Bob Example,", f"name: Bob Example, names: {{ja: {BOB}}},")
    repo.edit("isms.yml", "languages: [en]", "languages: [en, ja]")  # site: languages
    repo.record_approvals_from_now(settings="top-management")
    text = repo.path(POLICY).read_text(encoding="utf-8")
    repo.path(POLICY).write_text(text.rstrip("\n") + RULES, encoding="utf-8")
    commit_as_bob(repo, "Add the review rules\n\nChange-Summary: Review rules listed")
    repo.approve_on("POL-001", "2026-07-01")
    repo.edit(POLICY, "reviews the policy yearly.", "reviews the policy every six months.")
    commit_as_bob(repo, "Review more often\n\nChange-Summary: Review every six months")
    repo.approve_on("POL-001", "2026-09-01")
    repo.edit(POLICY, "Top management approves", "Top management signs and approves")
    commit_as_bob(repo, "Wording")
    repo.edit("isms.yml", "top-management: {title: Top management, members: [alice]}",
              "top-management: {title: Top management, members: [alice, bob]}")  # fmt: skip
    commit_as_bob(repo, "Bob joins top management")
    site = tmp_path_factory.mktemp("japanese-site") / "site"
    result = build_site(repo.root, date(2026, 11, 21), site_dir=site)
    assert result.warnings == []
    return site


def article(site: Path, uri: str) -> str:
    """The page's own content, without the theme around it."""
    page = without_unbreakable_spans((site / uri / "index.html").read_text(encoding="utf-8"))
    return page[page.index('<article class="md-content__inner') : page.index("</article>")]


def visible_chrome(content: str) -> str:
    """The words a reader sees that the site wrote, not the document: without the redline, the source
    differences, the table of changed front-matter fields, the text of the version, commit ids and paths."""
    text_of = re.escape(str(JA.word("history.version.text_of"))).replace(re.escape("{version}"), "[^<]*")
    content = re.split(rf"<h2[^>]*>{text_of}<", content)[0]
    content = re.sub(r'<div class="isms-redline".*?</div>\s*<details.*?</details>', " ", content, flags=re.S)
    field = JA("history.version.field")
    content = re.sub(rf"<table>(?:(?!</table>).)*>{field}</th>.*?</table>", " ", content, flags=re.S)
    content = re.sub(r"<code.*?</code>", " ", content, flags=re.S)
    content = re.sub(r"<[^>]*>", " ", content)
    return " ".join(html.unescape(content).split())


def english_chrome() -> list[str]:
    """Every English phrase of the catalog's history section that Japanese says otherwise, without its
    placeholders and Markdown marks: none of them may be left on a Japanese page."""
    catalog = load_label_catalog()
    english, japanese = catalog.languages["en"], catalog.languages["ja"]
    phrases: set[str] = set()
    for key, word in english.items():
        if not key.startswith("history."):
            continue
        pairs = zip(word, japanese[key], strict=True) if isinstance(word, tuple) else [(word, japanese[key])]
        for ours, theirs in pairs:
            if ours == theirs:
                continue
            for piece in re.split(r"\{[a-z_]+\}", ours.replace("*", "").replace("`", "")):
                piece = piece.strip(" ,.;:()")
                if len(re.findall("[A-Za-z]", piece)) >= 3:
                    phrases.add(piece)
    return sorted(phrases)


def left_in_english(text: str) -> list[str]:
    return [p for p in english_chrome() if re.search(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])", text)]


def test_the_history_page_is_in_japanese(japanese: Path) -> None:
    content = article(japanese, "ja/history/POL-001")
    assert f'>{JA("history.heading", id="POL-001")}<a class="headerlink"' in content
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", content)
    assert headers[:8] == list(JA.word("history.columns"))
    rows = content[content.index("<tbody>") : content.index("</tbody>")].split("<tr>")[1:]
    assert JA("history.period.never") in rows[0] and JA("history.states.draft") in rows[0]
    assert JA("history.period.since", date="2026-09-01") in rows[1] and JA("history.states.in_force") in rows[1]
    assert (
        JA("history.states.superseded") in rows[2]
        and JA("history.approval", person=ALICE, date="2026-07-01") in rows[2]
    )
    assert f">{BOB}</td>" in rows[2]  # the author by the name isms.yml gives in Japanese
    assert f"† {JA('history.no_summary_note')}".split("`")[0] in visible_chrome(content)
    assert left_in_english(visible_chrome(content)) == []


def test_a_version_page_is_in_japanese(japanese: Path) -> None:
    content = article(japanese, "ja/history/POL-001/1.2")
    chrome = visible_chrome(content)
    assert JA("history.version.title", id="POL-001", version="1.2") in chrome
    for key in ("document", "version", "date", "in_force", "author", "approved_by", "change", "commit"):
        assert f"<dt>{JA(f'history.version.{key}')}</dt>" in content, key
    assert JA("history.version.changes_from", version="1.1") in chrome
    assert JA("history.version.source_differences") in content
    assert f'<del class="isms-del" title="{JA("history.version.deleted")}">yearly</del>' in content
    assert f'<ins class="isms-ins" title="{JA("history.version.inserted")}">every six months</ins>' in content
    superseded = visible_chrome(article(japanese, "ja/history/POL-001/1.1"))
    assert JA("history.version.superseded_on", date="2026-09-01") in superseded
    assert left_in_english(chrome) == [] and left_in_english(superseded) == []


def test_the_changed_fields_of_a_version_are_named_in_japanese(japanese: Path) -> None:
    content = article(japanese, "ja/history/POL-001/1.2")
    field = JA("history.version.field")
    table = re.search(rf"<table>(?:(?!</table>).)*>{field}</th>.*?</table>", content, flags=re.S)
    assert table is not None
    names = re.findall(r"<tr>\s*<td[^>]*>([^<]*)</td>", table[0])
    assert names == [JA("fields.version"), JA("fields.approved_on"), JA("fields.effective")]


def test_what_changed_is_in_japanese(japanese: Path) -> None:
    content = article(japanese, "ja/registers/changes")
    chrome = visible_chrome(content)
    assert JA("history.changes.settings_title") in chrome and JA("history.changes.kinds.settings") in chrome
    row = content[content.index("roles.top-management.members: + bob") :].split("</tr>")[0]
    assert f">{BOB}</td>" in row and f">{JA('history.not_approved')}</td>" in row
    assert left_in_english(chrome) == []


def test_the_english_site_keeps_its_words(japanese: Path) -> None:
    content = article(japanese, "history/POL-001/1.1")
    assert "Superseded on 2026-09-01" in content and "Alice Example, 2026-07-01" in content


@pytest.fixture(scope="module")
def served(japanese: Path) -> Iterator[str]:
    with serving(japanese) as url:
        yield url


def test_the_in_force_page_answers_in_japanese(browser: Any, served: str, japanese: Path) -> None:
    content = article(japanese, "ja/registers/in-force")
    words = json.loads(html.unescape(re.findall(r'data-words="([^"]*)"', content)[0]))
    assert words["columns"] == list(JA.word("history.in_force.columns"))
    open_page(browser, f"{served}/ja/registers/in-force/?date=2026-08-15")
    wait_for(browser, lambda: browser.execute_script("return !!document.querySelector('[data-isms-summary]')"))
    found = browser.execute_script(
        "var row = document.querySelector('tr[data-document=\"POL-001\"]');"
        "return {summary: document.querySelector('[data-isms-summary]').textContent,"
        " headers: [...document.querySelectorAll('[data-isms-answer] th')].map(th => th.textContent),"
        " cells: [...row.cells].map(c => c.textContent),"
        " text: document.querySelector('article').innerText};"
    )
    screenshot(browser, "history-ja-in-force")
    assert found["headers"] == list(JA.word("history.in_force.columns"))
    assert found["cells"][1:4] == [
        "1.1",
        JA("history.in_force.period", start="2026-07-01", end="2026-09-01", version="1.2"),
        JA("history.in_force.approval", person=ALICE, date="2026-07-01"),
    ]
    summary = re.escape(JA("history.in_force.found", date="2026-08-15", found="N", total="N")).replace("N", r"\d+")
    assert re.fullmatch(summary, found["summary"])
    assert left_in_english(" ".join(found["text"].split())) == []


def test_the_history_pages_look_right_in_a_browser(browser: Any, served: str) -> None:
    """Screenshots for review (test-artifacts/); the page must lay its table out without overflowing."""
    for uri, name in (
        ("ja/history/POL-001/", "history-ja"),
        ("ja/history/POL-001/1.2/", "history-ja-version"),
        ("ja/registers/changes/", "history-ja-changes"),
    ):
        open_page(browser, f"{served}/{uri}")
        screenshot(browser, name)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
        assert overflow <= 0, uri
