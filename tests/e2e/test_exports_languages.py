"""The exports in the other languages of the ISMS: `isms export --lang` and the published workbooks."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import time
from pathlib import Path

from support.cli import run_cli
from support.paths import REPOSITORY, TODAY

ANNEX_A_JA = [
    "管理策",
    "表題",
    "テーマ",
    "管理策タイプ",
    "情報セキュリティ特性",
    "サイバーセキュリティ概念",
    "運用能力",
    "セキュリティドメイン",
    "適用",
    "理由",
    "根拠",
    "実施状況",
    "実施文書",
    "証拠となる記録",
    "所管",
]


def _export(*args: str) -> str:
    result = run_cli("--root", str(REPOSITORY), "export", *args, "--today", TODAY)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


def test_the_japanese_soa_workbook_has_japanese_sheets_headers_and_values(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "soa-ja.xlsx"
    _export("soa", "--lang", "ja", "--out", str(out))
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["文書管理情報", "附属書A", "箇条4～10"]
    assert workbook.properties.title == "青空ブリッジソフトウェア株式会社：適用宣言書"

    control = [[cell for cell in row] for row in workbook["文書管理情報"].iter_rows(values_only=True)]
    assert [row[0] for row in control] == [
        "項目",
        "文書番号",
        "表題",
        "版",
        "状態",
        "所管",
        "承認者",
        "承認",
        "承認日",
        "施行日",
        "機密区分",
        "組織",
        "原本",
        "コミット",
        "原本の SHA-256",
    ]
    fields = {row[0]: row[1] for row in control[1:]}
    assert fields["状態"] == "承認済"
    assert fields["機密区分"] == "社内限り"  # isms.yml's title of `internal` in Japanese
    assert fields["承認者"] == "経営層（森田 健二、李 偉）"
    assert fields["組織"] == "青空ブリッジソフトウェア株式会社"

    header, *rows = [list(row) for row in workbook["附属書A"].iter_rows(values_only=True)]
    assert header == ANNEX_A_JA
    assert len(rows) == 93
    column = {name: position for position, name in enumerate(header)}
    assert {row[column["適用"]] for row in rows} <= {"適用", "除外", "未評価", "未記載"}
    assert {row[column["実施状況"]] for row in rows} <= {"実施済", "一部実施", "計画中", "未実施", None}
    first = rows[0]
    assert first[0] == "A.5.1" and first[1] == "Policies for information security"  # the catalog's own title
    assert "リスク対応" in first[column["理由"]]
    assert "（第 2.2 版、承認済、施行日 " in first[column["実施文書"]]
    assert [cell.value for cell in workbook["箇条4～10"][1]] == ["箇条", "表題", "要求される文書化した情報", "対応文書"]


def test_the_chinese_csv_has_chinese_headers_and_values() -> None:
    registers = list(csv.reader(io.StringIO(_export("registers", "--lang", "zh-CN", "--format", "csv"))))
    assert registers[0] == [
        "\ufeff编号",
        "标题",
        "层级",
        "版本",
        "状态",
        "归口负责",
        "审批人",
        "批准人",
        "批准日期",
        "生效日期",
        "下次评审",
        "密级",
        "语言",
    ]
    policy = next(row for row in registers if row[0] == "POL-001")
    assert policy[2:5] == ["方针", "2.2", "已批准"] and policy[7] == "森田健二" and policy[11] == "公开"
    assert policy[1] == "信息安全方针"  # the title of its Chinese translation, as the Chinese site shows it
    untranslated = next(row for row in registers if row[0] == "PRO-IR-01")
    assert untranslated[1] == "Incident Response Procedure"  # no Chinese translation: the original's

    annex = _export("soa", "--lang", "zh-CN", "--format", "csv")
    assert annex.startswith("\ufeff控制措施,标题,主题,控制类型,")
    due = _export("due", "--lang", "zh-CN", "--format", "csv", "--within", "400d")
    assert due.startswith("\ufeff文件,标题,下次评审,状态,天数,归口负责,审批人\r\n")
    assert "即将到期" in due


def test_json_keeps_its_english_keys_in_every_language() -> None:
    data = json.loads(_export("due", "--lang", "ja", "--format", "json", "--within", "400d"))
    assert data["title"] == "Reviews due" and data["tables"][0]["name"] == f"Reviews due by {TODAY}"
    rows = data["tables"][0]["rows"]
    assert rows and list(rows[0]) == ["Document", "Title", "Next review", "State", "Days", "Owner", "Approver"]
    assert {row["State"] for row in rows} <= {"期限超過", "期限間近"}
    registers = json.loads(_export("registers", "--lang", "ja", "--format", "json"))["tables"][0]["rows"]
    titles = {row["ID"]: row["Title"] for row in registers}
    assert titles["POL-001"] == "情報セキュリティ基本方針" and titles["STD-SU-01"] == "供給者及び委託先セキュリティ規程"


def test_an_unknown_language_is_refused_naming_the_languages_of_isms_yml(tmp_path: Path) -> None:
    out = tmp_path / "soa.xlsx"
    result = run_cli("--root", str(REPOSITORY), "export", "soa", "--lang", "fr", "--out", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "isms: --lang fr: not a language of isms.yml (en, ja, zh-CN)\n"
    assert not out.exists()


def test_a_localized_workbook_is_byte_reproducible_and_english_is_the_default(tmp_path: Path) -> None:
    first, second = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    for target in (first, second):
        _export("registers", "--lang", "ja", "--out", str(target))
        time.sleep(1.1)  # a workbook that carried the time of writing would differ now
    assert first.read_bytes() == second.read_bytes()

    default, english = tmp_path / "default.xlsx", tmp_path / "en.xlsx"
    _export("soa", "--out", str(default))
    _export("soa", "--lang", "en", "--out", str(english))
    assert default.read_bytes() == english.read_bytes()
    for kind in ("acks", "due"):
        assert _export(kind, "--format", "csv") == _export(kind, "--format", "csv", "--lang", "en")


def test_the_site_publishes_a_workbook_per_language_and_each_language_links_its_own(example_site: Path) -> None:
    folder = example_site / "pdf"
    entries = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"]
    manifest = {entry["file"]: entry for entry in entries}
    sums = dict(line.split("  ")[::-1] for line in (folder / "SHA256SUMS").read_text().splitlines())
    soa = next(name for name in manifest if re.fullmatch(r"SOA-001-v[\d.]+\.xlsx", name))
    for language in ("ja", "zh-CN"):
        for name in (soa.replace(".xlsx", f"-{language}.xlsx"), f"document-register-{language}.xlsx"):
            digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
            assert manifest[name]["sha256"] == digest == sums[name]
            assert manifest[name]["language"] == language
    assert "language" not in manifest[soa]  # the default language's entries are as they were
    assert manifest["records-register-ja.xlsx"]["title"] == "記録管理台帳"

    english = (example_site / "registers" / "soa" / "index.html").read_text(encoding="utf-8")
    japanese = (example_site / "ja" / "registers" / "soa" / "index.html").read_text(encoding="utf-8")
    assert f"pdf/{soa}" in english and "-ja.xlsx" not in english
    assert f"pdf/{soa.replace('.xlsx', '-ja.xlsx')}" in japanese and f'pdf/{soa}"' not in japanese
    register = (example_site / "zh" / "registers" / "documents" / "index.html").read_text(encoding="utf-8")
    assert "document-register-zh-CN.xlsx" in register
