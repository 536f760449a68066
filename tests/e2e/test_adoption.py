"""Bringing an existing ISMS in: front matter of another tool, kept where isms.yml allows it."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from isms.host.site_build import build_site
from support.cli import run_cli
from support.paths import REPOSITORY, TODAY


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
        "isms.yml:14:22: error[isms.field.value]: 'owner' is a field of the ISMS format itself, not an extra field"
    ]


def test_documents_at_the_repository_root_beside_the_tool_s_own_files(tmp_path: Path) -> None:
    """paths.documents: '.': isms.yml, mkdocs.yml, docs/, hooks/, outputs and excluded files are never documents."""
    from support.gitrepo import GitRepo

    root = tmp_path / "isms"
    shutil.copytree(REPOSITORY / "tests" / "fixtures" / "base", root)
    for source in sorted((root / "policies").iterdir()):
        source.rename(root / source.name)
    (root / "policies").rmdir()
    settings = root / "isms.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "paths:\n  documents: .\n  records: records-templates\n  applicability: applicability.yml\n"
        "  exclude: [docker-compose.yml, 'ops/*']\n",
        encoding="utf-8",
    )
    shutil.copy(REPOSITORY / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("---\ntitle: A guide\n---\n\n# A guide\n", encoding="utf-8")
    (root / "LICENSE").write_text("All rights reserved.\n", encoding="utf-8")
    (root / "docker-compose.yml").write_text("services: {web: {image: nginx}}\n", encoding="utf-8")
    (root / "ops").mkdir()
    (root / "ops" / "runbook.md").write_text("# Not a controlled document\n", encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / "old.md").write_text("# output of an earlier build\n", encoding="utf-8")

    check = run_cli("--root", str(root), "check", "--today", TODAY, "--strict")
    assert check.exit_code == 0, check.stdout
    assert check.stdout.splitlines()[-1] == "isms check: 0 errors, 0 warnings in 5 documents"

    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    assert repo.isms("hooks", "install").code == 0
    committed = repo.commit("Keep the ISMS at the repository root", author="alice", add_all=True)
    assert committed.code == 0, committed.output
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")
    site = build_site(root, date.fromisoformat(TODAY), site_dir=tmp_path / "out").site_dir
    assert (site / "policies" / "POL-001" / "index.html").is_file() and (site / "guide" / "index.html").is_file()


def test_approvals_given_before_adoption_are_declared_once_and_later_ones_still_checked(tmp_path: Path) -> None:
    from support.gitrepo import GitRepo

    repo = GitRepo.create(tmp_path / "isms")  # its documents arrive already approved, as in an adoption
    adoption = repo.git("rev-parse", "--short=8", "HEAD").strip()
    before = repo.isms("verify")
    assert before.code == 1
    assert f"isms.yml: approvals: {{since: {adoption}}}" in before.stdout  # the hint names the adoption commit

    refused = repo.isms("approve", "POL-001")
    assert refused.code != 0
    assert "POL-001 1.0 is already approved; a change to it makes a new version to approve" in refused.output

    settings = repo.path("isms.yml")
    settings.write_text(settings.read_text(encoding="utf-8") + f"approvals:\n  since: {adoption}\n", encoding="utf-8")
    assert repo.commit("Declare the adoption baseline", author="alice", add_all=True).code == 0
    assert repo.isms("verify").code == 0

    policy = repo.path("policies/POL-001-policy.md")
    policy.write_text(policy.read_text(encoding="utf-8") + "\nA new rule.\n", encoding="utf-8")
    assert repo.commit("Add a rule", author="alice", add_all=True).code == 0
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("status: draft", "status: approved"), encoding="utf-8")
    repo.act_as("alice")
    repo.git("add", "-A")
    repo.git("commit", "-q", "--no-verify", "-m", "Approve it by hand")
    after = repo.isms("verify")
    assert after.code == 1 and "was set to approved by hand, not by an approval commit" in after.stdout
