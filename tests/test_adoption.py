"""Bringing an existing ISMS in: front matter of another tool, kept where isms.yml allows it."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from conftest import REPOSITORY, TODAY, run_cli
from isms.build import build_site


def _with_foreign_front_matter(root: Path) -> Path:
    policy = root / "policies" / "POL-001-policy.md"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(
        text.replace(
            "---\nid: POL-001", '---\nslug: infosec-policy\nweight: 10\ntags: [policy, "<b>core</b>"]\nid: POL-001'
        ),
        encoding="utf-8",
    )
    return policy


def test_foreign_front_matter_is_an_error_until_isms_yml_allows_it(base_tree: Path) -> None:
    _with_foreign_front_matter(base_tree)
    refused = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert [line.split(": error")[1] for line in refused.stdout.splitlines() if ": error" in line] == [
        "[isms.field.unknown]: unknown field 'slug' in a controlled document",
        "[isms.field.unknown]: unknown field 'weight' in a controlled document",
        "[isms.field.unknown]: unknown field 'tags' in a controlled document",
    ]

    settings = base_tree / "isms.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "extra_fields: [slug, weight, tags]\n")
    allowed = run_cli("--root", str(base_tree), "check", "--today", TODAY, "--strict")
    assert allowed.exit_code == 0, allowed.stdout

    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out").site_dir
    html = (site / "policies" / "POL-001" / "index.html").read_text(encoding="utf-8")
    facts = " ".join(re.sub(r"<[^>]+>", " ", html.split('class="isms-meta"')[1].split("</div>")[0]).split())
    assert "slug infosec-policy" in facts and "weight 10" in facts
    assert "tags policy, &lt;b&gt;core&lt;/b&gt;" in facts  # a value is data, never markup


def test_an_extra_field_may_not_shadow_a_field_of_the_format(base_tree: Path) -> None:
    settings = base_tree / "isms.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "extra_fields: [slug, owner]\n")
    result = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "error[" in line] == [
        "isms.yml:11:22: error[isms.field.value]: 'owner' is a field of the ISMS format itself, not an extra field"
    ]
