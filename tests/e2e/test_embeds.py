"""Embeds from outside the repository, in any spelling, and markup that would pose as the theme's
own elements: named by `isms check` in documents and in the site's hand-written pages, and removed
from the built site."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from isms.host.site_build import BuildFailed, build_site
from isms.site.sanitize import clean
from support.cli import run_cli
from support.paths import REPOSITORY, TODAY

OUTSIDE_FORMS = """
<img src=https://evil.example/unquoted.png>
<img alt="two lines"
  src='https://evil.example/single-quoted.png'>
<img src="&#104;ttps://evil.example/entity.png">
<img src="ht	tps://evil.example/tab.png">
<img src=//evil.example/scheme-relative.png> <img src=\\\\evil.example/backslashes.png>
<img src="pic.png" srcset="pic.png 1x, https://evil.example/srcset.png 2x">
<p style="background: url('https://evil.example/style.png')">styled</p>
![by reference][logo] and ![logo]
<video poster=https://evil.example/poster.png></video>
[a link is fine](https://ok.example/) and <a href=https://ok.example/>so is this</a> `<img src=https://code.example/>`

[logo]: https://evil.example/reference.png "Logo"
"""


def _append(path: Path, text: str) -> int:
    """Append text to a document; return the line number of its first line."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def _lines(output: str, code: str) -> list[str]:
    return [line.split(f": {code.split('[')[0]}")[0] for line in output.splitlines() if code in line]


def test_every_spelling_of_an_outside_embed_is_an_error(base_tree: Path) -> None:
    (base_tree / "policies" / "pic.png").write_bytes(b"\x89PNG\r\n")
    first = _append(base_tree / "policies" / "POL-001-policy.md", OUTSIDE_FORMS)
    result = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    found = [
        re.sub(
            r"^policies/POL-001-policy\.md:(\d+):(\d+): error\[isms\.embed\.outside\]: '([^']*)'.*", r"\1:\2 \3", line
        )
        for line in result.stdout.splitlines()
        if "isms.embed.outside" in line
    ]
    expected = [
        (1, 10, "https://evil.example/unquoted.png"),
        (3, 8, "https://evil.example/single-quoted.png"),
        (4, 11, "https://evil.example/entity.png"),
        (5, 11, "https://evil.example/tab.png"),
        (6, 10, "//evil.example/scheme-relative.png"),
        (6, 55, "\\\\evil.example/backslashes.png"),
        (7, 28, "https://evil.example/srcset.png"),
        (8, 11, "https://evil.example/style.png"),
        (9, 1, "https://evil.example/reference.png"),
        (9, 27, "https://evil.example/reference.png"),
        (10, 15, "https://evil.example/poster.png"),
    ]
    assert found == [f"{first + line}:{column} {target}" for line, column, target in expected]
    assert result.exit_code == 1
    assert "ok.example" not in result.stdout and "code.example" not in result.stdout


def test_a_bracket_or_a_stray_quote_inside_a_tag_does_not_hide_its_source(base_tree: Path) -> None:
    first = _append(
        base_tree / "policies" / "POL-001-policy.md",
        '\n<img alt="a>b" src=https://evil.example/bracket.png>\n\n<img title=it\'s src=https://evil.example/quote.png>\n',
    )
    result = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert [line.split(" is not inside")[0] for line in result.stdout.splitlines() if "embed.outside" in line] == [
        f"policies/POL-001-policy.md:{first + 1}:20: error[isms.embed.outside]: 'https://evil.example/bracket.png'",
        f"policies/POL-001-policy.md:{first + 3}:21: error[isms.embed.outside]: 'https://evil.example/quote.png'",
    ]


def test_handwritten_pages_are_checked_like_documents(base_tree: Path) -> None:
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    (base_tree / "docs" / "guide.md").write_text(
        "---\ntitle: Guide\n---\n\n# Guide\n\n<img src=https://evil.example/x.png>\n\n<script>alert(1)</script>\n",
        encoding="utf-8",
    )
    result = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert [line for line in result.stdout.splitlines() if line.startswith("docs/")] == [
        "docs/guide.md:7:10: error[isms.embed.outside]: 'https://evil.example/x.png' is not inside the repository;"
        " it would not be published",
        "docs/guide.md:9:1: warning[isms.html.removed]: '<script' is removed when the document is published",
    ]
    with pytest.raises(BuildFailed) as failure:
        build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out")
    assert str(failure.value).splitlines()[0].startswith("docs/guide.md:7:10: error[isms.embed.outside]")


def test_attributes_that_pose_as_the_themes_elements_are_removed_and_named(base_tree: Path) -> None:
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    first = _append(
        base_tree / "policies" / "POL-001-policy.md",
        '\n<div id="__config">{"base": "https://evil.example"}</div>\n\n'
        '<span data-md-component="search-query" data-isms-kept="1">kept text</span>\n\n'
        "## Section {: #__search }\n\n"
        '<select name="__drawer"><option>a</option></select> <p id=" __toc">paragraph</p>\n',
    )
    result = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert [line for line in result.stdout.splitlines() if "isms.html.removed" in line] == [
        f"policies/POL-001-policy.md:{first + 1}:6: warning[isms.html.removed]: 'id=\"__config' is removed"
        " when the document is published",
        f"policies/POL-001-policy.md:{first + 3}:7: warning[isms.html.removed]: 'data-md-component' is removed"
        " when the document is published",
        f"policies/POL-001-policy.md:{first + 5}:15: warning[isms.html.removed]: '#__search' is removed"
        " when the document is published",
        f"policies/POL-001-policy.md:{first + 7}:9: warning[isms.html.removed]: 'name=\"__drawer' is removed"
        " when the document is published",
        f"policies/POL-001-policy.md:{first + 7}:56: warning[isms.html.removed]: 'id=\" __toc' is removed"
        " when the document is published",
    ]
    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out").site_dir
    page = (site / "policies" / "POL-001" / "index.html").read_text(encoding="utf-8")
    content = page.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]
    assert re.findall(r"""\b(?:id|name)=["']?\s*__|data-md-""", content) == []
    assert "kept text" in content and 'data-isms-kept="1"' in content and "paragraph" in content
    assert page.count('id="__config"') == 1  # the theme's own, and no other


def test_a_placeholder_read_as_a_tag_is_named_and_its_escaped_form_is_shown(base_tree: Path) -> None:
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    first = _append(
        base_tree / "policies" / "POL-001-policy.md",
        "\nSend the form to <security team> and to \\<the owner>, on H<sub>2</sub>O paper.\n",
    )
    result = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert [line for line in result.stdout.splitlines() if "unknown-tag" in line or "<security" in line] == [
        f"policies/POL-001-policy.md:{first + 1}:18: warning[isms.html.unknown-tag]: '<security team>' is read as an"
        " HTML tag, and no page or PDF shows it",
        "  hint: to show it as text, write \\<security team> (or put it in `code`)",
    ]
    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out").site_dir
    page = (site / "policies" / "POL-001" / "index.html").read_text(encoding="utf-8")
    assert "<p>Send the form to  and to &lt;the owner&gt;, on H<sub>2</sub>O paper.</p>" in page


def test_sanitizer_keeps_ordinary_ids_and_data_attributes() -> None:
    assert clean('<h2 id="scope">S</h2><div data-isms-filter="x" id="a__b">t</div>') == (
        '<h2 id="scope">S</h2><div data-isms-filter="x" id="a__b">t</div>'
    )
