"""Catalogs of titles: the organization's own titles of controls, themes and clauses in another of its
languages, read by `isms check` with exact diagnostics and shown on that language's site and exports."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from isms.host.site_build import build_site
from support.cli import run_cli
from support.paths import REPOSITORY, TODAY
from support.trees import replace_once

TITLES_JA = """\
# The staff's Japanese wording of the titles, written by the organization
language: ja
titles:
  A.5: 組織の管理策（社内訳）
  A.5.1: 情報セキュリティの方針（社内訳）
  9.2: 内部監査（社内訳）
  CLIENT.1: 顧客データは日本国内に保管
"""
CLIENT = "id: CLIENT\ntitle: Client schedule\ncontrols:\n  - {id: CLIENT.1, title: Client data stays in Japan}\n"


def _catalogs(root: Path, files: dict[str, str]) -> None:
    (root / "catalogs").mkdir()
    for name, text in files.items():
        (root / "catalogs" / name).write_text(text, encoding="utf-8")
    listed = ", ".join(f"catalogs/{name}" for name in files)
    with open(root / "isms.yml", "a", encoding="utf-8") as settings:
        settings.write(f"catalogs: [{listed}]\n")


def test_a_catalog_of_titles_is_checked_id_by_id(base_tree: Path) -> None:
    # the titles come before the catalog whose control they name: every catalog of controls is read first
    _catalogs(
        base_tree,
        {
            "titles-ja.yml": TITLES_JA + '  A.5.99: 存在しない\n  A.5.15: ""\n  A.5.16: [a, b]\n',
            "more-ja.yml": "language: ja\ntitles:\n  A.5.1: 二つ目\n",
            "fr.yml": "language: fr\ntitles: {A.5.1: Politiques}\n",
            "no-titles.yml": "language: zh-CN\n",
            "client.yml": CLIENT,
        },
    )
    result = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert result.exit_code == 1 and "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "catalogs/fr.yml:1:11: error[isms.catalog.invalid]: 'fr' is not a language of isms.yml",
        "  hint: isms.yml lists the languages en, ja, zh-CN; add fr there, or name one of them",
        "catalogs/more-ja.yml:3:3: error[isms.catalog.duplicate]: A.5.1 has a title in ja already, in"
        " catalogs/titles-ja.yml",
        "catalogs/no-titles.yml:1:1: error[isms.catalog.invalid]: a catalog of titles needs a 'titles' mapping of ids"
        " to titles",
        "catalogs/titles-ja.yml:8:3: error[isms.catalog.invalid]: A.5.99 is no control, theme or clause of any catalog",
        "  hint: did you mean 'A.5.9'?",
        "catalogs/titles-ja.yml:9:11: error[isms.field.empty]: 'A.5.15' is empty",
        "catalogs/titles-ja.yml:10:11: error[isms.field.type]: 'A.5.16' must be a single value, not a list",
        "isms check: 6 errors, 0 warnings in 5 documents",
    ]


def test_the_japanese_site_and_exports_show_the_organizations_titles(base_tree: Path) -> None:
    _catalogs(base_tree, {"titles-ja.yml": TITLES_JA, "client.yml": CLIENT})
    replace_once(base_tree, "isms.yml", "site:\n  languages: [en]", "site:\n  languages: [en, ja]")
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    check = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert check.stdout.endswith("isms check: 0 errors, 0 warnings in 5 documents\n"), check.stdout
    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out").site_dir

    def page(path: str) -> str:
        return (site / path / "index.html").read_text(encoding="utf-8")

    assert ">A.5.1 情報セキュリティの方針（社内訳）<" in page("ja/controls/A.5.1")
    assert "A.5 組織の管理策（社内訳）" in page("ja/controls/A.5.1")  # its theme
    # the attributes' values are the label catalog's words (no catalog of titles needed)
    assert '<span class="isms-chip">preventive</span>' in page("controls/A.5.1")
    assert '<span class="isms-chip">予防</span>' in page("ja/controls/A.5.1")
    assert '<option value="asset_management">資産管理</option>' in page("ja/registers/controls")
    assert '<option value="asset_management">asset management</option>' in page("registers/controls")
    assert ">CLIENT.1 顧客データは日本国内に保管<" in page("ja/controls/CLIENT.1")
    assert ">9.2 内部監査（社内訳）<" in page("ja/clauses/9.2")
    soa = page("ja/registers/soa")
    assert "A.5 組織の管理策（社内訳）" in soa and "A.5.1 情報セキュリティの方針（社内訳）" in soa
    assert "A.5.2 Information security roles and responsibilities" in soa  # no title given: the catalog's
    # the English site is as it was
    assert ">A.5.1 Policies for information security<" in page("controls/A.5.1")
    assert "社内訳" not in page("registers/soa") + page("clauses/9.2")

    def annex_a(language: str) -> dict[str, str]:
        exported = run_cli("--root", str(base_tree), "export", "soa", "--format", "json", "--lang", language)
        tables = json.loads(exported.stdout)["tables"]
        rows = next(table["rows"] for table in tables if table["name"] == "Annex A")
        return next(row for row in rows if row["Control"] == "A.5.1")

    japanese, english = annex_a("ja"), annex_a("en")
    assert (japanese["Title"], japanese["Theme"]) == ("情報セキュリティの方針（社内訳）", "A.5 組織の管理策（社内訳）")
    assert (english["Title"], english["Theme"]) == ("Policies for information security", "A.5 Organizational controls")
