"""`isms init`: a new ISMS repository in one command, and only what is missing in an existing one."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from isms.change.init import adopted_here, workflow
from isms.core.catalog import builtin_catalog
from support.cli import run_cli
from support.gitrepo import GitRepo
from support.paths import REPOSITORY, TODAY

FLAGS = ("--yes", "--name", "Zhang Min", "--email", "zhang.min@aozora-bridge.example")


def _init(folder: Path, *extra: str) -> str:
    result = run_cli("init", str(folder), *FLAGS, *extra)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def test_a_new_isms_checks_clean_with_every_control_not_assessed(tmp_path: Path) -> None:
    folder = tmp_path / "isms"
    _init(folder, "--organization", 'Kumo "Cloud": Logistics #1 K.K.', "--languages", "ja,en")
    check = run_cli("--root", str(folder), "check", "--today", TODAY)
    assert check.exit_code == 0, check.stdout
    assert [line for line in check.stdout.splitlines() if "error[" in line] == []
    assert "warning[isms.soa.not-assessed]: 93 of the 93 Annex A controls are not assessed yet" in check.stdout

    import yaml

    settings = yaml.safe_load((folder / "isms.yml").read_text(encoding="utf-8"))
    assert settings["organization"]["name"] == 'Kumo "Cloud": Logistics #1 K.K.'
    assert settings["languages"] == ["ja", "en"] and settings["default_language"] == "ja"
    assert settings["people"] == [
        {
            "id": "zhangmin",
            "name": "Zhang Min",
            "email": "zhang.min@aozora-bridge.example",
            "git": ["zhang.min@aozora-bridge.example"],
        }
    ]
    soa = yaml.safe_load((folder / "policies" / "applicability.yml").read_text(encoding="utf-8"))
    assert soa["controls"] == {control.id: "not-assessed" for control in builtin_catalog().annex_a}
    assert "language: ja" in (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert (folder / "docs" / "about.md").is_file()  # git keeps the docs folder, so a fresh clone builds
    assert "isms-docs==" in (folder / "requirements.txt").read_text(encoding="utf-8")
    for ci in (folder / ".github" / "workflows" / "isms.yml", folder / ".gitlab-ci.yml"):
        text = ci.read_text(encoding="utf-8")
        assert "pip install -r requirements.txt" in text or "pip install --quiet -r requirements.txt" in text
        assert "pip install ." not in text and "install --quiet ." not in text


def test_a_chinese_first_isms_starts_in_chinese_and_its_new_documents_too(tmp_path: Path) -> None:
    folder = tmp_path / "isms"
    _init(folder, "--organization", "华北物流有限公司", "--languages", "zh-CN,en,ja")

    import yaml

    settings = yaml.safe_load((folder / "isms.yml").read_text(encoding="utf-8"))
    assert settings["roles"]["ciso"] == {
        "title": "Chief Information Security Officer",
        "titles": {"zh-CN": "首席信息安全官（CISO）", "ja": "最高情報セキュリティ責任者（CISO）"},
        "members": ["zhangmin"],
    }
    assert settings["audiences"]["staff"]["titles"] == {"zh-CN": "全体员工（内网）", "ja": "全従業員（イントラネット）"}
    soa = yaml.safe_load((folder / "policies" / "applicability.yml").read_text(encoding="utf-8"))
    assert soa["title"] == "适用性声明"
    about = (folder / "docs" / "about.md").read_text(encoding="utf-8")
    assert about.startswith("# 关于本网站\n\n本网站发布华北物流有限公司的信息安全管理体系（ISMS）")
    site = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert site["site_description"] == "华北物流有限公司的信息安全管理体系"

    assert run_cli("--root", str(folder), "new", "policy", "信息安全方针").exit_code == 0
    assert run_cli("--root", str(folder), "new", "record", "访问申请", "--area", "AQ").exit_code == 0
    policy = (folder / "policies" / "policy" / "POL-001.md").read_text(encoding="utf-8")
    assert "language: zh-CN\n" in policy
    assert policy.split("---\n")[2] == (
        "\n## 1. 目的\n\n<!-- 本文件为何存在，保护什么。 -->\n"
        "\n## 2. 适用范围\n\n<!-- 适用于哪些人员和对象。 -->\n"
        "\n## 3. 规定\n\n<!-- 每条规定单独编号。在每条规定末尾注明其实施的控制措施，例如 {A.5.15}，"
        "并在上方的 controls: 中列出这些控制措施。 -->\n"
        "\n## 4. 相关文件\n\n<!-- 上级和下级文件的链接会自动生成。 -->\n"
    )
    record = yaml.safe_load((folder / "records-templates" / "REC-AQ-01.yml").read_text(encoding="utf-8"))
    assert record["language"] == "zh-CN" and record["description"] == "何时、由谁填写本表单，由谁审核。\n"
    assert record["retention"] == "3年"
    assert [(f["name"], f["label"]) for f in record["fields"]] == [
        ("date", "日期"),
        ("completed_by", "填写人"),
        ("details", "详情"),
    ]
    # A document written in another of the ISMS's languages
    assert run_cli("--root", str(folder), "new", "standard", "Access Control", "--language", "en").exit_code == 0
    standard = (folder / "policies" / "standard" / "STD-AC-01-access-control.md").read_text(encoding="utf-8")
    assert "language: en\n" in standard and "\n## 1. Purpose\n" in standard
    refused = run_cli("--root", str(folder), "new", "standard", "Cloud Use", "--language", "fr")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "isms new: language 'fr' is not one of isms.yml's languages (zh-CN, en, ja); add it there first\n",
    )
    check = run_cli("--root", str(folder), "check", "--today", TODAY)
    assert check.exit_code == 0 and "error[" not in check.stdout, check.stdout


def test_an_english_isms_writes_english_titles_only(tmp_path: Path) -> None:
    folder = tmp_path / "isms"
    _init(folder, "--organization", "Kumo & Co <Logistics> *K.K.*", "--languages", "en")
    text = (folder / "isms.yml").read_text(encoding="utf-8")
    assert '  ciso:\n    title: "Chief Information Security Officer"\n    members: [zhangmin]\n' in text
    assert "titles:" not in text
    about = (folder / "docs" / "about.md").read_text(encoding="utf-8")
    assert about.startswith("# About this site\n")
    # the organization's name is text in the Markdown init writes: no tag that a page would leave out
    assert "(ISMS) of Kumo & Co &lt;Logistics> \\*K.K.\\*:\n" in about
    assert (folder / "README.md").read_text(encoding="utf-8").startswith("# Kumo & Co &lt;Logistics> \\*K.K.\\*: ")
    check = run_cli("--root", str(folder), "check", "--today", TODAY)
    assert "isms.html" not in check.stdout, check.stdout
    assert run_cli("--root", str(folder), "new", "standard", "Access Control").exit_code == 0
    standard = (folder / "policies" / "standard" / "STD-AC-01-access-control.md").read_text(encoding="utf-8")
    assert "\n## 1. Purpose\n\n<!-- Why this document exists and what it protects. -->\n" in standard
    assert "e.g. {A.5.15}, and\n     list those controls under controls: above. -->\n" in standard


def test_init_never_overwrites_and_adds_only_what_is_missing(tmp_path: Path) -> None:
    folder = tmp_path / "isms"
    folder.mkdir()
    (folder / "README.md").write_text("Our own README.\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    said = _init(folder)
    assert "isms init: kept README.md (it exists; not changed)" in said
    assert "isms init: kept mkdocs.yml (it exists; not changed)" in said
    assert (folder / "README.md").read_text(encoding="utf-8") == "Our own README.\n"
    assert (folder / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Ours\n"

    (folder / "isms.yml").write_text((folder / "isms.yml").read_text(encoding="utf-8") + "# edited\n")
    (folder / "docs" / "about.md").unlink()
    again = _init(folder)
    assert [line for line in again.splitlines() if line.startswith("isms init: created")] == [
        "isms init: created docs/about.md"
    ]
    assert (folder / "isms.yml").read_text(encoding="utf-8").endswith("# edited\n")


def test_init_refuses_a_file_where_a_folder_must_be(tmp_path: Path) -> None:
    folder = tmp_path / "isms"
    folder.mkdir()
    (folder / "docs").write_text("not a folder", encoding="utf-8")
    result = run_cli("init", str(folder), *FLAGS)
    assert result.exit_code == 1
    assert result.stderr == (
        "isms init: cannot create docs/about.md: docs is a file, where a folder must be; nothing was written\n"
    )
    assert (folder / "docs").read_text(encoding="utf-8") == "not a folder"
    assert sorted(path.name for path in folder.iterdir()) == ["docs"]


def test_init_without_an_identity_says_how_to_give_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no global git identity
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    result = run_cli("init", str(tmp_path / "isms"), "--yes")
    assert result.exit_code == 1
    assert "pass --name and --email, or set git config user.name and user.email" in result.stderr
    assert not (tmp_path / "isms" / "isms.yml").exists()


def test_init_asks_on_a_terminal_with_defaults_from_git(tmp_path: Path) -> None:
    folder = tmp_path / "blue-harbor"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    for key, value in (("user.name", "Chen Hao"), ("user.email", "chen.hao@aozora-bridge.example")):
        subprocess.run(["git", "-C", str(folder), "config", key, value], check=True)
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "isms", "init"], cwd=folder, stdin=secondary, stdout=secondary, stderr=secondary
    )
    os.close(secondary)
    answers = iter(["Blue Harbor Trading Co.", "en,zh-CN", "", ""])  # Enter takes git's name and e-mail
    seen = b""
    while process.poll() is None:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        seen += chunk
        if chunk.rstrip().endswith(b":"):
            os.write(main, next(answers).encode() + b"\n")
    process.wait(timeout=60)
    os.close(main)
    transcript = seen.decode(errors="replace")
    assert process.returncode == 0, transcript
    assert "Organization (full name) [Blue Harbor]:" in transcript
    assert "Your name [Chen Hao]:" in transcript
    settings = (folder / "isms.yml").read_text(encoding="utf-8")
    assert 'name: "Blue Harbor Trading Co."' in settings
    assert "languages: [en, zh-CN]" in settings
    assert 'email: "chen.hao@aozora-bridge.example"' in settings


def test_a_copy_of_the_example_verifies_with_its_first_commit_as_the_adoption_baseline(tmp_path: Path) -> None:
    """The example's approvals.since names a commit of this repository, which a copy does not have: the copy
    takes its own first commit instead, so the approvals it brings stand as written."""
    folder = tmp_path / "aozora"
    _init(folder, "--example")
    settings = (folder / "isms.yml").read_text(encoding="utf-8")
    assert settings == adopted_here((REPOSITORY / "isms.yml").read_text(encoding="utf-8"))
    assert "\n  since: root  # this repository's first commit" in settings
    repo = GitRepo(folder)
    adoption = repo.commit("Adopt the example ISMS", add_all=True)  # through the hooks init installed
    assert adoption.code == 0, adoption.output
    assert "isms: added trailer Document: POL-001 2.2" in adoption.output  # git shows hooks' output on stderr
    assert "no change summary" not in adoption.output  # the first commit's subject says it for every document
    verify = repo.isms("verify")
    assert (verify.code, verify.stdout) == (0, "isms verify: 0 errors, 0 warnings\n"), verify.output
    history = repo.isms("history", "POL-001")
    assert "Kenji Morita, 2026-12-02 (before adoption)" in history.stdout, history.output


def test_this_repository_runs_the_same_pipeline_that_init_writes() -> None:
    """One definition of the CI: this repository installs its working tree, a user's its pinned release."""
    github = (REPOSITORY / ".github" / "workflows" / "isms.yml").read_text(encoding="utf-8")
    gitlab = (REPOSITORY / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert github == workflow("github", requirement=".", cache_key="pyproject.toml")
    assert gitlab == workflow("gitlab", requirement=".")
    template = (REPOSITORY / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert (REPOSITORY / ".gitlab" / "merge_request_templates" / "Document change.md").read_text() == template
    shipped = REPOSITORY / "src" / "isms" / "data" / "init" / "change-request-template.md"
    assert shipped.read_text(encoding="utf-8") == template
