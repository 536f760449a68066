"""The comment `isms changes` writes on a pull request, in the ISMS's default language."""

from __future__ import annotations

from pathlib import Path

from isms.change.pull_request import Changed, Comparison, markdown
from support.trees import indexed, replace_once

CHANGES = (
    Changed("POL-001", "情報セキュリティ方針", "revised", "1.0", "1.1", "approved", "top-management", "p.md"),
    Changed("REC-AR-01", "アクセスレビュー記録", "new", "", "1.0", "draft", "ciso", "r.yml"),
    Changed("STD-OLD-01", "旧規程", "removed", "2.0", "", "", "ciso", "s.md"),
)


def test_a_japanese_first_isms_comments_in_japanese(base_tree: Path) -> None:
    japanese_first = "languages: [ja, en, zh-CN]\ndefault_language: ja"
    replace_once(base_tree, "isms.yml", "languages: [en, ja, zh-CN]", japanese_first)
    replace_once(
        base_tree, "isms.yml", "ciso: {title: CISO,", "ciso: {title: CISO, titles: {ja: 情報セキュリティ責任者},"
    )
    settings = indexed(base_tree).settings
    comment = markdown(Comparison("main", "0123456789abcdef", CHANGES), settings, "https://isms.example/")
    assert comment == (
        "### `main` に対して変更された ISMS 文書\n\n"
        "| 文書 | 表題 | 版 | 状態 | 変更 | 承認者の役割 | 差分表示 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| `POL-001` | 情報セキュリティ方針 | 1.0 → 1.1 | 承認済 | 改訂 | Top management（Alice Example） |"
        " [1.0 → 1.1](https://isms.example/history/POL-001/1.1/) |\n"
        "| `REC-AR-01` | アクセスレビュー記録 | 新規 1.0 | 草案 | 新規 | 情報セキュリティ責任者（Bob Example） |"
        " [新規 1.0](https://isms.example/history/REC-AR-01/1.0/) |\n"
        "| `STD-OLD-01` | 旧規程 | 2.0 → 削除 | — | 削除 | 情報セキュリティ責任者（Bob Example） | — |\n"
        "\n"
        "マージベース `01234567` 以降に変更された文書：3 件。\n"
        "**1 件はマージ前に承認が必要：** 各承認者の役割のメンバー（変更の作成者以外）が、このブランチで"
        " `isms approve REC-AR-01` を実行する。\n"
    )
    nothing = markdown(Comparison("main", "0123456789abcdef", ()), settings)
    assert nothing == "### `main` に対して変更された ISMS 文書\n\n管理文書の変更はない。\n"
