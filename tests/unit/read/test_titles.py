"""Localized titles in isms.yml: read per value, validated per language, shown through one accessor."""

from __future__ import annotations

from isms.core.diagnostics import Report
from isms.core.settings import Settings
from isms.read.labels import labels_in
from isms.read.settings import read_settings

TEXT = """\
organization:
  name: Example Ltd.
  names: {ja: 例株式会社, zh-CN: 例有限公司}
languages: [en, ja, zh-CN]
classifications:
  - public
  - {id: internal, titles: {ja: 社内限り}}
  - confidential
people:
  - {id: km, name: Kenji Morita, names: {ja: 森田 健二}}
roles:
  ciso:
    title: Chief Information Security Officer
    titles: {ja: 最高情報セキュリティ責任者, zh: 首席信息安全官}
    members: [km]
audiences:
  staff: {title: All staff, titles: {zh-CN: 全体员工}, clearance: internal}
"""


def read(text: str) -> tuple[Settings | None, list[str]]:
    report = Report()
    settings = read_settings(text, report)
    return settings, [diagnostic.format() for diagnostic in report]


def test_titles_are_read_and_shown_per_language_with_fallbacks() -> None:
    settings, problems = read(TEXT)
    assert problems == []
    assert settings is not None
    assert settings.classifications == ("public", "internal", "confidential")
    title = settings.title_of
    assert [title("organization", "", lang) for lang in ("en", "ja", "zh-CN", "zh")] == [
        "Example Ltd.",
        "例株式会社",
        "例有限公司",
        "例有限公司",
    ]
    assert [title("role", "ciso", lang) for lang in ("en", "ja", "zh-CN")] == [
        "Chief Information Security Officer",
        "最高情報セキュリティ責任者",
        "首席信息安全官",  # zh-CN reads the title given for zh
    ]
    assert (title("audience", "staff", "zh-CN"), title("audience", "staff", "ja")) == ("全体员工", "All staff")
    assert (title("person", "km", "ja"), title("person", "km", "zh-CN")) == ("森田 健二", "Kenji Morita")
    assert title("role", "nobody", "ja") == "nobody"


def test_classification_levels_take_isms_yml_then_the_catalog_word_and_stay_as_written_in_english() -> None:
    settings, _ = read(TEXT)
    assert settings is not None
    shown = [
        [labels_in(lang).value(settings, "classification", level) for level in settings.classifications]
        for lang in ("en", "ja", "zh-CN")
    ]
    assert shown == [["public", "internal", "confidential"], ["公開", "社内限り", "機密"], ["公开", "内部", "机密"]]


def test_a_title_in_a_language_isms_yml_does_not_have_is_reported_with_its_line() -> None:
    text = TEXT.replace("titles: {ja: 社内限り}", "titles: {jp: 社内限り}").replace(
        "names: {ja: 森田 健二}", "names: {ko: 모리타}"
    )
    settings, problems = read(text)
    assert settings is None
    assert problems == [
        "isms.yml:7:29: error[isms.field.unknown]: unknown language 'jp' in titles of classification 'internal'\n"
        "  hint: the languages of isms.yml are: en, ja, zh-CN",
        "isms.yml:10:42: error[isms.field.unknown]: unknown language 'ko' in names of person 'km'\n"
        "  hint: the languages of isms.yml are: en, ja, zh-CN",
    ]


def test_a_role_title_of_the_wrong_kind_is_reported() -> None:
    settings, problems = read(
        TEXT.replace("titles: {ja: 最高情報セキュリティ責任者, zh: 首席信息安全官}", "titles: CISO")
    )
    assert settings is None
    assert problems == [
        "isms.yml:14:13: error[isms.field.type]: 'titles' must be a mapping of keys to values, not text"
    ]
