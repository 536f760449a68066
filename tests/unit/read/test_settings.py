"""The `pdf:` and `site:` sections of isms.yml are read into typed settings, and every problem in them
is reported with its line: a typo there would otherwise change nothing and go unnoticed."""

from __future__ import annotations

from pathlib import Path

import pytest

from isms.core.diagnostics import Report
from isms.core.revisions import SourceCommit
from isms.core.settings import PdfSettings, Settings, SiteSettings
from isms.read.load import load
from isms.read.settings import read_settings
from isms.render.labels import labels_for
from isms.render.meta import document_meta, register_meta
from isms.resolve.index import Index

HEAD = "organization: {name: Example Ltd.}\nlanguages: [en, ja, zh-CN]\n"  # lines 1 and 2


def read(text: str) -> tuple[Settings | None, list[str]]:
    report = Report()
    settings = read_settings(HEAD + text, report)
    return settings, [diagnostic.format() for diagnostic in report]


def test_without_the_sections_the_defaults_apply() -> None:
    settings, problems = read("")
    assert problems == []
    assert settings is not None
    assert settings.pdf == PdfSettings()
    assert settings.site == SiteSettings()
    assert labels_for("ja", settings.pdf)["uncontrolled"] == "印刷物は管理対象外"


def test_uncontrolled_notice_per_language_falls_back_to_the_base_language_then_english() -> None:
    settings, problems = read(
        "pdf:\n  uncontrolled:\n    en: Not controlled on paper\n    zh: 打印件不受控\n    ja: '  紙は管理外  '\n"
    )
    assert problems == []
    assert settings is not None
    notices = (("en", "Not controlled on paper"), ("zh", "打印件不受控"), ("ja", "紙は管理外"))
    assert settings.pdf.uncontrolled == notices
    assert labels_for("zh-CN", settings.pdf)["uncontrolled"] == "打印件不受控"
    assert labels_for("ja", settings.pdf)["uncontrolled"] == "紙は管理外"
    assert labels_for("de", settings.pdf)["uncontrolled"] == "Not controlled on paper"


def test_uncontrolled_notice_as_text_is_every_language_s() -> None:
    settings, problems = read("pdf:\n  uncontrolled: Copy for information only\n")
    assert problems == []
    assert settings is not None
    assert labels_for("ja", settings.pdf)["uncontrolled"] == "Copy for information only"
    assert labels_for("en", settings.pdf)["uncontrolled"] == "Copy for information only"


def test_an_empty_notice_keeps_the_built_in_wording() -> None:
    settings, problems = read("pdf:\n  uncontrolled:\n    ja: ''\n")
    assert problems == []
    assert settings is not None
    assert labels_for("ja", settings.pdf)["uncontrolled"] == "印刷物は管理対象外"


def test_the_site_is_named_by_language_and_only_in_languages_of_isms_yml() -> None:
    settings, problems = read("site:\n  names: {ja: 青空ブリッジ ISMS, zh-CN: 青空桥 ISMS}\n")
    assert problems == [] and settings is not None
    assert settings.site.names == (("ja", "青空ブリッジ ISMS"), ("zh-CN", "青空桥 ISMS"))
    _, problems = read("site:\n  names: {fr: ISMS d'Aozora}\n")
    assert [line.split("  hint: ")[0] for line in problems] == [
        "isms.yml:4:11: error[isms.field.unknown]: unknown language 'fr' in names of the site\n"
    ]


def test_site_url_ends_in_a_slash() -> None:
    settings, problems = read("site:\n  url: https://isms.example.com/handbook\n")
    assert problems == []
    assert settings is not None
    assert settings.site.url == "https://isms.example.com/handbook/"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "pdf:\n  uncontroled: Copy\n",
            "isms.yml:4:3: error[isms.field.unknown]: unknown field 'uncontroled' in pdf\n"
            "  hint: did you mean 'uncontrolled'?",
        ),
        (
            "pdf:\n  watermark: false\n",
            "isms.yml:4:3: error[isms.field.unknown]: unknown field 'watermark' in pdf\n"
            "  hint: allowed in pdf: uncontrolled",
        ),
        (
            "site:\n  ulr: https://isms.example.com/\n",
            "isms.yml:4:3: error[isms.field.unknown]: unknown field 'ulr' in site\n  hint: did you mean 'url'?",
        ),
        (
            "pdf:\n  uncontrolled:\n    zh-cn: 打印件为非受控文件\n",
            "isms.yml:5:5: error[isms.field.unknown]: unknown language 'zh-cn' in pdf.uncontrolled\n"
            "  hint: did you mean 'zh-CN'?",
        ),
        (
            "pdf:\n  uncontrolled:\n    ja-JP: 印刷物は管理対象外\n",
            "isms.yml:5:5: error[isms.field.unknown]: unknown language 'ja-JP' in pdf.uncontrolled\n"
            "  hint: the languages of isms.yml are: en, ja, zh-CN",
        ),
        (
            "pdf: [uncontrolled]\n",
            "isms.yml:3:6: error[isms.field.type]: 'pdf' must be a mapping of keys to values, not a list",
        ),
        (
            "pdf:\n  uncontrolled: [Uncontrolled when printed]\n",
            "isms.yml:4:17: error[isms.field.type]: 'uncontrolled' must be text or a mapping of languages to text,"
            " not a list\n  hint: write uncontrolled: {en: Uncontrolled when printed, ja: 印刷物は管理対象外}",
        ),
        (
            "pdf:\n  uncontrolled:\n    en: {text: Uncontrolled}\n",
            "isms.yml:5:9: error[isms.field.type]: 'uncontrolled.en' must be a single value, not a mapping",
        ),
        (
            "site: https://isms.example.com/\n",
            "isms.yml:3:7: error[isms.field.type]: 'site' must be a mapping of keys to values, not text",
        ),
        (
            "site:\n  url: {href: https://isms.example.com/}\n",
            "isms.yml:4:8: error[isms.field.type]: 'url' must be a single value, not a mapping",
        ),
    ],
)
def test_every_problem_is_reported_with_its_line(text: str, expected: str) -> None:
    settings, problems = read(text)
    assert settings is None
    assert problems == [expected]


def test_the_keys_allowed_are_the_fields_of_the_typed_settings() -> None:
    """One place holds each option and its default; the reader takes the keys from it."""
    _, problems = read("pdf:\n  typo: 1\nsite:\n  typo: 1\n")
    assert [line.split("  hint: ")[-1] for line in problems] == [
        "allowed in pdf: uncontrolled",
        "allowed in site: languages, names, url",
    ]


def test_the_notice_of_isms_yml_is_printed_on_the_document_pdfs_and_the_registers(base_tree: Path) -> None:
    settings_file = base_tree / "isms.yml"
    settings_file.write_text(settings_file.read_text() + "pdf:\n  uncontrolled: {en: Copy for information only}\n")
    corpus = load(base_tree, Report())
    assert corpus is not None
    index = Index(corpus)
    source = SourceCommit("abc", 0)
    assert document_meta(index, index.documents["POL-001"], source)["uncontrolled"] == "Copy for information only"
    assert register_meta(index, "REG", "Register", source)["uncontrolled"] == "Copy for information only"
