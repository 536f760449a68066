"""Ids written in prose become links only where they are prose and name something that exists."""

from __future__ import annotations

import pytest

from isms.resolve.crosslinks import link_ids


def _known(found: str) -> str | None:
    return f"to/{found}" if found in ("STD-AC-01", "A.5.15") else None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("See STD-AC-01 and A.5.15.", "See [STD-AC-01](to/STD-AC-01) and [A.5.15](to/A.5.15)."),
        ("*STD-AC-01*, (A.5.15)", "*[STD-AC-01](to/STD-AC-01)*, ([A.5.15](to/A.5.15))"),
        ("STD-AC-02 and A.5.99 do not exist", "STD-AC-02 and A.5.99 do not exist"),
        ("`STD-AC-01` and\n```\nA.5.15\n```", "`STD-AC-01` and\n```\nA.5.15\n```"),
        ("## About STD-AC-01", "## About STD-AC-01"),
        ("About STD-AC-01\n---------------", "About STD-AC-01\n---------------"),
        ("[STD-AC-01 rules](x.md) [a][STD-AC-01]", "[STD-AC-01 rules](x.md) [a][STD-AC-01]"),
        ("[STD-AC-01]: https://example.com", "[STD-AC-01]: https://example.com"),
        ("<https://example.com/A.5.15> https://example.com/STD-AC-01", None),
        ('<a href="x">STD-AC-01</a> <span title="A.5.15">', None),
        ("<div>STD-AC-01</div>", None),
        ("Rules. {A.5.15} {#STD-AC-01}", None),
        ("STD-AC-01-access.md, policies/STD-AC-01, A.5.15.1, #A.5.15", None),
        ("ops@STD-AC-01.example and a footnote[^A.5.15]", None),
        ("<!-- STD-AC-01 -->", None),
    ],
)
def test_ids_in_prose_become_links_only_in_prose(written: str, expected: str | None) -> None:
    assert link_ids(written, _known) == (written if expected is None else expected)
