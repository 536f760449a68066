"""The words of the exports: every fixed value has a word in every language, English keeps the values."""

from __future__ import annotations

from enum import Enum

import pytest

from isms.core.model import Level, Status
from isms.core.settings import Organization, Person, Role, Settings
from isms.core.soa import Implementation, Reason
from isms.read.labels import load_label_catalog
from isms.render.exports import ExportWords

CATALOG = load_label_catalog()
GROUPS: dict[str, type[Enum]] = {
    "levels": Level,
    "statuses": Status,
    "implementation": Implementation,
    "reasons": Reason,
}
SETTINGS = Settings(
    Organization("Example Ltd.", names=(("ja", "例株式会社"),)),
    languages=("en", "ja"),
    people=(Person("amy", "Amy Adams", names=(("ja", "アダムス エイミー"),)), Person("bo", "Bo Chen")),
    roles=(Role("ciso", "CISO", ("amy", "bo", "gone"), (("ja", "最高情報セキュリティ責任者"),)),),
)


@pytest.mark.parametrize("language", sorted(CATALOG.languages))
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_value_of_the_model_has_an_export_word(language: str, group: str) -> None:
    words = CATALOG.languages[language]
    assert [v.value for v in GROUPS[group] if f"export.{group}.{v.value}" not in words] == []


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_english_exports_write_the_values_as_the_sources_do(group: str) -> None:
    words = CATALOG.languages["en"]
    assert {v.value: words[f"export.{group}.{v.value}"] for v in GROUPS[group]} == {
        v.value: v.value for v in GROUPS[group]
    }


def test_roles_people_and_the_organization_are_named_in_the_language() -> None:
    english, japanese = ExportWords(SETTINGS), ExportWords(SETTINGS, "ja")
    assert english.role_with_members("ciso") == SETTINGS.role_with_members("ciso") == "CISO (Amy Adams, Bo Chen)"
    assert japanese.role_with_members("ciso") == "最高情報セキュリティ責任者（アダムス エイミー、Bo Chen）"
    assert japanese.role_with_members("nobody") == "nobody"
    assert (english.organization(), japanese.organization()) == ("Example Ltd.", "例株式会社")
    assert japanese.classification("confidential") == "機密"  # the catalog's word when isms.yml gives none
    assert english.classification("confidential") == "confidential"
    assert japanese.value("statuses", "") == ""


def test_a_table_keeps_its_english_name_and_headers() -> None:
    table = ExportWords(SETTINGS, "ja").table("due", [], date="2026-11-21")
    assert table.name == "2026-11-21 までの見直し" and table.stable_name == "Reviews due by 2026-11-21"
    assert table.columns[0] == "文書" and table.stable_columns[0] == "Document"
