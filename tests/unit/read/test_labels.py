"""The label catalog: every language complete, placeholders kept, a new language by a file alone."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from isms.core.catalog import builtin_catalog
from isms.core.labels import LabelCatalog, MissingLabel
from isms.core.records import FORM_FIELD_TYPES
from isms.read.labels import labels_in, load_label_catalog
from isms.render.labels import labels_for

PACKAGED = Path(str(resources.files("isms") / "data" / "labels"))
CATALOG = load_label_catalog()
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def test_the_package_has_english_japanese_and_chinese() -> None:
    assert sorted(CATALOG.languages) == ["en", "ja", "zh-CN"]


@pytest.mark.parametrize("language", sorted(CATALOG.languages))
def test_every_catalog_has_every_key_of_english_and_no_other(language: str) -> None:
    own = set(CATALOG.languages[language])
    english = set(CATALOG.languages["en"])
    assert sorted(english - own) == []
    assert sorted(own - english) == []


def test_every_form_field_type_has_a_word_for_the_record_page() -> None:
    types = {key.rsplit(".", 1)[1] for key in CATALOG.languages["en"] if key.startswith("site.document.field_types.")}
    assert types == set(FORM_FIELD_TYPES)


def test_every_attribute_value_of_the_controls_has_a_word_for_their_pages() -> None:
    vocabulary = {value for values in builtin_catalog().attribute_vocabulary.values() for value in values}
    keys = {key.rsplit(".", 1)[1] for key in CATALOG.languages["en"] if key.startswith("attribute_values.")}
    assert keys == vocabulary
    japanese = labels_in("ja")
    assert [japanese(f"attribute_values.{v}") for v in ("preventive", "asset_management")] == ["予防", "資産管理"]


@pytest.mark.parametrize("language", sorted(CATALOG.languages))
def test_every_word_keeps_the_placeholders_of_english(language: str) -> None:
    different = [
        key
        for key, word in CATALOG.languages["en"].items()
        if isinstance(word, str)
        and set(_PLACEHOLDER.findall(word)) != set(_PLACEHOLDER.findall(str(CATALOG.languages[language][key])))
    ]
    assert different == []


@pytest.mark.parametrize("language", sorted(CATALOG.languages))
def test_table_headers_have_as_many_columns_as_in_english(language: str) -> None:
    english = {k: v for k, v in CATALOG.languages["en"].items() if isinstance(v, tuple)}
    assert {k: len(CATALOG.languages[language][k]) for k in english} == {k: len(v) for k, v in english.items()}


def test_chinese_falls_back_from_region_to_language_to_english() -> None:
    catalog = LabelCatalog({"en": {"a": "A", "b": "B", "c": "C"}, "zh": {"a": "甲", "b": "乙"}, "zh-CN": {"a": "一"}})
    labels = catalog.labels("zh-CN")
    assert labels.chain == ("zh-CN", "zh", "en")
    assert (labels("a"), labels("b"), labels("c")) == ("一", "乙", "C")
    assert catalog.chain("zh-TW") == ("zh", "zh-CN", "en")
    assert catalog.chain("ko") == ("en",)
    with pytest.raises(MissingLabel, match="no label 'd' in zh-CN or zh or en"):
        labels("d")


def test_a_new_language_is_a_file_and_nothing_else(tmp_path: Path) -> None:
    for name in ("en.yaml", "ja.yaml"):
        shutil.copy(PACKAGED / name, tmp_path / name)
    (tmp_path / "ko.yaml").write_text(
        "language:\n  name: 한국어\nstatuses:\n  approved: 승인됨\nsite:\n  titles:\n    soa: 적용성 보고서\n",
        encoding="utf-8",
    )
    catalog = load_label_catalog(tmp_path)
    korean = catalog.labels("ko")
    assert sorted(catalog.languages) == ["en", "ja", "ko"]
    assert (korean("statuses.approved"), korean("site.titles.soa"), korean("statuses.draft")) == (
        "승인됨",
        "적용성 보고서",
        "Draft",
    )
    assert catalog.language_name("ko") == "한국어"
    assert "statuses.draft" in catalog.missing("ko")


def test_words_take_their_placeholders() -> None:
    japanese = CATALOG.labels("ja")
    assert japanese("site.banners.overdue_text", date="2026-01-31") == "この文書の見直し期限は 2026-01-31 であった。"


def test_the_pdf_labels_keep_their_shape_and_come_from_the_catalog() -> None:
    chinese = labels_for("zh-CN")
    assert (chinese["id"], chinese["page"], chinese["of"], chinese["page_end"]) == ("文件编号", "第", "页 / 共", "页")
    assert chinese["levels"]["soa"] == "适用性声明"
    assert chinese["statuses"]["superseded"] == "已替代"
    assert chinese["history_columns"] == ["版本", "日期", "作者", "批准人", "变更说明", "提交"]
    assert labels_for("zh")["id"] == "文件编号"  # a document in plain `zh` reads the zh-CN words
    assert labels_for("ja")["controls"] == "附属書A 管理策"
    assert labels_for("fr")["uncontrolled"] == "Uncontrolled when printed"
