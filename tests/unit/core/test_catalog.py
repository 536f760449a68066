"""The built-in catalogs: ISO/IEC 27001:2022 Annex A, clauses 4-10 and the 2013 mapping."""

from __future__ import annotations

from isms.core.catalog import builtin_catalog, id_sort_key


def test_catalog_matches_the_reference_facts() -> None:
    catalog = builtin_catalog()
    annex = catalog.annex_a
    assert len(annex) == 93
    assert [len(catalog.theme_controls(t)) for t in ("A.5", "A.6", "A.7", "A.8")] == [37, 8, 14, 34]
    assert sum(c.new_in_2022 for c in annex) == 11
    assert len(catalog.legacy) == 114
    assert catalog.legacy["A.18.2.3"] == ("A.5.36", "A.8.8")
    assert catalog.controls["A.5.7"].attribute("cybersecurity_concepts") == ("identify", "detect", "respond")
    mandatory = [c.id for c in catalog.clauses.values() if c.mandatory]
    assert mandatory == [
        "4.3",
        "5.2",
        "6.1.2",
        "6.1.3",
        "6.2",
        "7.2",
        "8.1",
        "8.2",
        "8.3",
        "9.1",
        "9.2.2",
        "9.3.3",
        "10.2",
    ]


def test_ids_sort_numerically() -> None:
    ids = ["A.5.10", "A.5.2", "A.8.1", "A.5.1"]
    assert sorted(ids, key=id_sort_key) == ["A.5.1", "A.5.2", "A.5.10", "A.8.1"]
    assert sorted(["10.2", "6.1.2", "9.1"], key=id_sort_key) == ["6.1.2", "9.1", "10.2"]
